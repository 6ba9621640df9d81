package report

import (
	"bytes"
	"encoding/json"

	"github.com/rolelint/rolelint/lint"
)

// JSONSchemaVersion is the version of the JSON output (docs/json-schema.md).
// It changes only when a field is removed or changes meaning; new fields may
// be added within a version.
const JSONSchemaVersion = 1

type jsonReport struct {
	SchemaVersion int                `json:"schemaVersion"`
	Tool          jsonTool           `json:"tool"`
	Findings      []jsonFinding      `json:"findings"`
	Notifications []jsonNotification `json:"notifications"`
	Summary       jsonSummary        `json:"summary"`
}

type jsonTool struct {
	Name           string `json:"name"`
	Version        string `json:"version"`
	InformationURI string `json:"informationUri,omitempty"`
}

type jsonFinding struct {
	Rule          string `json:"rule"`
	RuleName      string `json:"ruleName"`
	Severity      string `json:"severity"`
	Path          string `json:"path"`
	Line          int    `json:"line"`
	Column        int    `json:"column"`
	EndLine       int    `json:"endLine"`
	EndColumn     int    `json:"endColumn"`
	Message       string `json:"message"`
	Fingerprint   string `json:"fingerprint"`
	DocLevel      bool   `json:"docLevel"`
	Suppressed    bool   `json:"suppressed"`
	Justification string `json:"justification"`
	Snippet       string `json:"snippet"`
	HelpURI       string `json:"helpUri,omitempty"`
}

type jsonNotification struct {
	Path    string `json:"path"`
	Line    int    `json:"line"`
	Level   string `json:"level"`
	Message string `json:"message"`
}

type jsonSummary struct {
	Documents      int            `json:"documents"`
	Scanned        int            `json:"scanned"`
	BySeverity     map[string]int `json:"bySeverity"`
	ByRule         map[string]int `json:"byRule"`
	Suppressed     int            `json:"suppressed"`
	BaselineHidden int            `json:"baselineHidden"`
	BaselineStale  int            `json:"baselineStale"`
}

// writeJSON renders the versioned JSON document described in
// docs/json-schema.md. Suppressed findings are included with
// "suppressed": true; counts in "summary" leave them out.
func writeJSON(b *bytes.Buffer, res *lint.Result, m Meta) error {
	rules := ruleIndex(res)
	out := jsonReport{
		SchemaVersion: JSONSchemaVersion,
		Tool:          jsonTool{Name: m.toolName(), Version: m.version(), InformationURI: m.InformationURI},
		Findings:      []jsonFinding{},
		Notifications: []jsonNotification{},
		Summary: jsonSummary{
			Documents:      res.DocsInScope,
			Scanned:        res.DocsScanned,
			BySeverity:     map[string]int{"error": 0, "warning": 0, "note": 0},
			ByRule:         map[string]int{},
			Suppressed:     suppressedCount(res),
			BaselineHidden: m.Summary.BaselineHidden,
			BaselineStale:  m.Summary.BaselineStale,
		},
	}
	for _, f := range res.Findings {
		snippet := snippetOf(res, f)
		r := regionOf(f, snippet)
		jf := jsonFinding{
			Rule: f.RuleID, RuleName: ruleNameOf(f, rules), Severity: f.Severity.String(), Path: f.Path,
			Line: r.startLine, Column: r.startColumn, EndLine: r.endLine, EndColumn: r.endColumn,
			Message: f.Message, Fingerprint: Fingerprint(f), DocLevel: f.DocLevel, Snippet: snippet,
			HelpURI: m.helpURI(f.RuleID),
		}
		if f.Suppressed != nil {
			jf.Suppressed = true
			jf.Justification = f.Suppressed.Justification
		} else {
			out.Summary.BySeverity[f.Severity.String()]++
			out.Summary.ByRule[f.RuleID]++
		}
		out.Findings = append(out.Findings, jf)
	}
	for _, n := range res.Notifications {
		level := notificationLevel(n)
		out.Notifications = append(out.Notifications, jsonNotification{Path: n.Path, Line: n.Line, Level: level.String(), Message: n.Message})
	}
	return encodeJSON(b, out)
}

// encodeJSON writes v indented, with '<', '>' and '&' left readable. The
// output is what json.Encoder with SetIndent("", "  ") writes; v is encoded
// compactly first and then indented by indentJSON, because encoding/json's
// own indent pass runs its full validating scanner over every byte and took
// two thirds of the time of a large report.
func encodeJSON(b *bytes.Buffer, v any) error {
	var compact bytes.Buffer
	enc := json.NewEncoder(&compact)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	out := compact.Bytes()
	b.Grow(len(out) + len(out)/2)
	b.Write(indentJSON(b.AvailableBuffer(), bytes.TrimSuffix(out, []byte("\n"))))
	b.WriteByte('\n')
	return nil
}

// indentJSON appends src, compact JSON as encoding/json writes it (no
// whitespace outside strings), to dst indented by two spaces per level, as
// json.Indent does: empty objects and arrays stay "{}" and "[]", a colon is
// followed by one space.
func indentJSON(dst, src []byte) []byte {
	depth := 0
	inString, escaped, open := false, false, false
	newline := func() {
		dst = append(dst, '\n')
		for i := 0; i < depth; i++ {
			dst = append(dst, ' ', ' ')
		}
	}
	for _, c := range src {
		if inString {
			dst = append(dst, c)
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		if open && c != '}' && c != ']' {
			open = false // the first element of a non-empty object or array
			depth++
			newline()
		}
		switch c {
		case '"':
			inString = true
			dst = append(dst, c)
		case '{', '[':
			open = true
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			newline()
		case ':':
			dst = append(dst, c, ' ')
		case '}', ']':
			if open {
				open = false // empty: "{}" or "[]"
			} else {
				depth--
				newline()
			}
			dst = append(dst, c)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// ruleNameOf returns the kebab-case name of a finding's rule.
func ruleNameOf(f lint.Finding, rules map[string]*lint.Rule) string {
	if f.RuleName != "" {
		return f.RuleName
	}
	if r := rules[f.RuleID]; r != nil {
		return r.Name
	}
	return ""
}

// region is a finding's span, 1-based, end column exclusive.
type region struct {
	startLine, startColumn, endLine, endColumn int
}

// regionOf returns where f is, with the end filled in when the engine left
// it open: a finding with no end column on one line spans to the end of its
// source line.
func regionOf(f lint.Finding, snippet string) region {
	r := region{startLine: startLine(f), startColumn: f.Col}
	if r.startColumn < 1 {
		r.startColumn = 1
	}
	r.endLine = f.EndLine
	if r.endLine < r.startLine {
		r.endLine = r.startLine
	}
	switch {
	case f.EndCol > 0 && (r.endLine > r.startLine || f.EndCol > r.startColumn):
		r.endColumn = f.EndCol
	case r.endLine == r.startLine && runeLen(snippet)+1 > r.startColumn:
		r.endColumn = runeLen(snippet) + 1
	}
	return r
}
