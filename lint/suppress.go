package lint

import (
	"fmt"
	"strings"
)

// Directive is one inline suppression.
type Directive struct {
	Form     string   // "next-line", "range", "file", "front-matter"
	Rules    []string // rule IDs (upper case); empty = every rule
	Reason   string   // text after "--"
	Line     int      // line of the comment (or front matter field)
	Col      int
	FromLine int // first suppressed line
	ToLine   int // last suppressed line (inclusive); 0 = end of file
	used     map[string]bool
	usedAny  bool
}

// SuppressionProblem is a directive naming an unknown rule or malformed.
type SuppressionProblem struct {
	Line, Col int
	Message   string
}

// ParseSuppressions reads the directives of one file from its HTML comments
// and front matter. ruleKnown maps a rule ID or name to its ID ("" when
// unknown). Problems are unknown rule IDs and enable comments without a
// matching disable.
func ParseSuppressions(d *Doc, ruleKnown func(string) string) ([]*Directive, []SuppressionProblem) {
	var dirs []*Directive
	var probs []SuppressionProblem
	open := map[string]*Directive{} // rule ("" = all) -> open range
	lastLine := 0
	if d.Lines != nil {
		lastLine = d.Lines.Count()
	}
	resolve := func(ids []string, line, col int) []string {
		var out []string
		for _, id := range ids {
			known := ruleKnown(id)
			if known == "" {
				probs = append(probs, SuppressionProblem{Line: line, Col: col,
					Message: fmt.Sprintf("suppression names unknown rule %q: use an ID from `rolelint rules`", id)})
				continue
			}
			out = append(out, known)
		}
		return out
	}
	for _, c := range d.Comments {
		verb, ids, reason, ok := parseDirective(c.Text)
		if !ok {
			continue
		}
		rules := resolve(ids, c.Line, c.Col)
		if len(ids) > 0 && len(rules) == 0 {
			continue // every ID unknown: already reported
		}
		switch verb {
		case "rolelint-disable-next-line":
			dirs = append(dirs, &Directive{Form: "next-line", Rules: rules, Reason: reason, Line: c.Line, Col: c.Col,
				FromLine: c.EndLine + 1, ToLine: c.EndLine + 1})
		case "rolelint-disable-line":
			dirs = append(dirs, &Directive{Form: "line", Rules: rules, Reason: reason, Line: c.Line, Col: c.Col,
				FromLine: c.Line, ToLine: c.EndLine})
		case "rolelint-disable-file":
			dirs = append(dirs, &Directive{Form: "file", Rules: rules, Reason: reason, Line: c.Line, Col: c.Col,
				FromLine: 1, ToLine: 0})
		case "rolelint-disable":
			keys := rules
			if len(keys) == 0 {
				keys = []string{""}
			}
			for _, k := range keys {
				if open[k] != nil {
					continue // already disabled: the earlier comment rules
				}
				dr := &Directive{Form: "range", Reason: reason, Line: c.Line, Col: c.Col, FromLine: c.Line, ToLine: 0}
				if k != "" {
					dr.Rules = []string{k}
				}
				open[k] = dr
				dirs = append(dirs, dr)
			}
		case "rolelint-enable":
			keys := rules
			if len(keys) == 0 {
				keys = []string{""}
				for k := range open {
					keys = append(keys, k)
				}
			}
			for _, k := range keys {
				if dr := open[k]; dr != nil {
					dr.ToLine = c.Line
					delete(open, k)
				}
			}
		}
	}
	for _, dr := range dirs {
		if dr.ToLine == 0 {
			dr.ToLine = lastLine
			if dr.ToLine == 0 {
				dr.ToLine = 1
			}
		}
	}
	if f, ok := d.Header.Get("rolelint.disable"); ok && f.From == "front-matter" {
		vals := f.Values
		if !f.IsList {
			vals = splitList(f.Value)
		}
		rules := resolve(vals, f.Line, f.Col)
		if len(rules) > 0 {
			dirs = append(dirs, &Directive{Form: "front-matter", Rules: rules, Line: f.Line, Col: f.Col, FromLine: 1, ToLine: lastLine})
		}
	}
	return dirs, probs
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '[' || r == ']' }) {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parseDirective parses "rolelint-disable-next-line PO003, PM005 -- reason".
func parseDirective(text string) (verb string, ids []string, reason string, ok bool) {
	text = strings.TrimSpace(text)
	if !strings.HasPrefix(text, "rolelint-") {
		return "", nil, "", false
	}
	if i := strings.Index(text, "--"); i >= 0 {
		reason = strings.TrimSpace(text[i+2:])
		text = text[:i]
	}
	fields := strings.FieldsFunc(text, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == '\n' || r == '\r' })
	if len(fields) == 0 {
		return "", nil, "", false
	}
	verb = strings.ToLower(fields[0])
	switch verb {
	case "rolelint-disable-next-line", "rolelint-disable-line", "rolelint-disable-file", "rolelint-disable", "rolelint-enable":
	default:
		return "", nil, "", false
	}
	return verb, fields[1:], reason, true
}

// covers reports whether the directive hides finding f.
func (dr *Directive) covers(f *Finding) bool {
	line := f.Line
	if line == 0 {
		line = 1
	}
	if line < dr.FromLine || line > dr.ToLine {
		return false
	}
	if len(dr.Rules) == 0 {
		return true
	}
	for _, r := range dr.Rules {
		if r == f.RuleID {
			return true
		}
	}
	return false
}

// ApplySuppressions marks the findings of one file that directives hide
// (setting Suppressed) and returns a finding for every directive, or rule of
// a directive, that hid nothing. Findings of engine rules are never hidden
// by range or line directives that name no rule.
func ApplySuppressions(d *Doc, findings []Finding, dirs []*Directive) []Finding {
	for i := range findings {
		f := &findings[i]
		if f.Suppressed != nil || f.Path != d.Path {
			continue
		}
		for _, dr := range dirs {
			if len(dr.Rules) == 0 && strings.HasPrefix(f.RuleID, "RL") {
				continue
			}
			if dr.covers(f) {
				f.Suppressed = &Suppression{Kind: "inSource", Justification: dr.Reason, Line: dr.Line}
				dr.usedAny = true
				if dr.used == nil {
					dr.used = map[string]bool{}
				}
				dr.used[f.RuleID] = true
				break
			}
		}
	}
	var unused []Finding
	for _, dr := range dirs {
		var idle []string
		if len(dr.Rules) == 0 {
			if !dr.usedAny {
				idle = append(idle, "any rule")
			}
		} else {
			for _, r := range dr.Rules {
				if !dr.used[r] {
					idle = append(idle, r)
				}
			}
		}
		if len(idle) == 0 {
			continue
		}
		what := "comment"
		if dr.Form == "front-matter" {
			what = "front-matter entry"
		}
		msg := fmt.Sprintf("suppression of %s suppresses nothing: remove this %s", strings.Join(idle, ", "), what)
		unused = append(unused, Finding{
			RuleID: UnusedSuppressionRule.ID, RuleName: UnusedSuppressionRule.Name,
			Path: d.Path, Line: dr.Line, Col: dr.Col, Message: msg,
			Context: "suppression|" + dr.Form + "|" + strings.Join(idle, ","),
		})
	}
	return unused
}
