package lint

import (
	"regexp"
	"strings"
)

// Status vocabularies (RULES.md §6.0 configuration sketch, Appendix D.6).
// Config statuses extend these lists; they never replace them.
var (
	// builtinSpecActive are lifecycle states of a spec still being written or decided.
	builtinSpecActive = []string{"draft", "provisional", "proposed", "in review", "review",
		"under review", "problem review", "solution review", "launch review", "in progress",
		"work in progress", "wip"}
	// builtinSpecApproved are states of a spec whose content was agreed.
	builtinSpecApproved = []string{"approved", "accepted", "implementable", "implemented",
		"partially implemented", "final", "launched", "shipped", "active"}
	// builtinSpecClosed are recognised end states that are neither active nor approved.
	builtinSpecClosed = []string{"rejected", "withdrawn", "deferred", "deprecated", "superseded",
		"replaced", "obsolete", "abandoned", "declined", "not implemented", "n/a"}
	builtinReady = []string{"ready", "selected", "sprint ready", "ready for development",
		"ready for dev", "ready for sprint"}
	builtinDone = []string{"done", "accepted", "closed", "completed", "complete", "resolved",
		"fixed", "shipped", "released", "delivered"}
)

// specStatusKeys are the header keys of a spec's lifecycle status (Appendix B).
// `stage` is maturity (alpha/beta/stable), not status, and is not read.
var specStatusKeys = []string{"status", "document status", "state", "lifecycle status"}

// implementationStatusKey is Prometheus' `* **Implementation Status:**` bullet.
// A merged Prometheus proposal is accepted by definition, and this field
// tracks its implementation; it stands in for the status when no lifecycle
// key exists.
const implementationStatusKey = "implementation status"

// SpecStatus returns a spec's status as written, the field it came from, and
// whether one was found. It reads the lifecycle keys status, document status,
// state and lifecycle status (any header encoding, including MADR front matter
// `status: superseded by [ADR-0005](…)` and Flux's bold `**Status:**` line),
// then falls back to `implementation status`. An empty value still counts as
// found (ok is true); callers decide whether empty is a problem.
func SpecStatus(d *Doc) (value string, f Field, ok bool) {
	if d == nil {
		return "", Field{}, false
	}
	if f, ok := d.Header.Get(specStatusKeys...); ok {
		return FieldText(d, f), f, true
	}
	if f, ok := d.Header.Get(implementationStatusKey); ok {
		return FieldText(d, f), f, true
	}
	// Older Prometheus proposals write `* **Implementation**: Accepted`;
	// the key is too common to trust unless its value is a known status.
	if f, ok := d.Header.Get("implementation"); ok && IsKnownSpecStatus(nil, FieldText(d, f)) {
		return FieldText(d, f), f, true
	}
	if f, ok := statusSection(d); ok {
		return f.Value, f, true
	}
	return "", Field{}, false
}

// FieldText returns a field's value; when the parsed value is empty but the
// field's line holds text after the key (`status: { accepted }`, which YAML
// reads as a mapping), that raw text.
func FieldText(d *Doc, f Field) string {
	v := strings.TrimSpace(f.Value)
	if v != "" || f.File != "" || f.Line < 1 {
		return v
	}
	line := d.Line(f.Line)
	i := strings.Index(strings.ToLower(line), strings.ToLower(f.Key))
	if i < 0 {
		return v
	}
	rest := strings.TrimSpace(line[i+len(f.Key):])
	rest = strings.TrimSpace(strings.TrimLeft(rest, "*_:"))
	rest = strings.TrimSpace(strings.TrimLeft(rest, "*_"))
	if j := strings.Index(rest, " #"); j >= 0 {
		rest = strings.TrimSpace(rest[:j]) // a YAML comment
	}
	return rest
}

// statusSection reads a Nygard-style `## Status` section: its first line of
// text (outside HTML comments) is the status. The field is synthesised with
// From "section" and the line of that text (the heading's line when the
// section is empty, with an empty value).
func statusSection(d *Doc) (Field, bool) {
	for _, h := range d.Headings {
		if h.Norm != "status" || h.Level > 3 {
			continue
		}
		f := Field{Key: h.Text, Norm: "status", Line: h.Line, Col: 1, From: "section"}
		body := htmlComment.ReplaceAllStringFunc(d.SectionBody(h), func(c string) string {
			return strings.Repeat("\n", strings.Count(c, "\n"))
		})
		for i, line := range strings.Split(body, "\n") {
			t := strings.TrimSpace(line)
			if t == "" {
				continue
			}
			if strings.HasPrefix(t, "#") {
				break
			}
			t = strings.TrimSpace(strings.TrimLeft(t, "-*+>"))
			f.Value, f.Values, f.Line = t, []string{t}, h.BodyLine+i
			f.Col = strings.Index(d.Line(f.Line), t) + 1
			if f.Col < 1 {
				f.Col = 1
			}
			break
		}
		return f, true
	}
	return Field{}, false
}

var (
	statusParenthesis = regexp.MustCompile(`\([^)]*\)`)
	statusSupersede   = regexp.MustCompile(`^(superseded|replaced|obsoleted|deprecated)\b.*$`)
)

// NormStatus normalises a status value for comparison: lower case; Markdown
// links reduced to their text; backticks, emphasis and a single pair of
// template braces (`{ accepted }`) removed; parenthesised remarks dropped
// (`implemented (partially)` -> `implemented`); `-`/`_` as spaces;
// `superseded by …` / `replaced by …` reduced to the verb.
func NormStatus(s string) string {
	s = htmlComment.ReplaceAllString(s, " ")
	s = strings.ToLower(strings.TrimSpace(s))
	s = mdInlineLink.ReplaceAllString(s, "$1")
	s = statusMarkup.Replace(s)
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	s = statusParenthesis.ReplaceAllString(s, " ")
	s = keySeparators.Replace(s)
	s = strings.Join(strings.Fields(s), " ")
	s = strings.TrimRight(s, ".;: ")
	if m := statusSupersede.FindStringSubmatch(s); m != nil {
		s = m[1]
		if s == "obsoleted" {
			s = "obsolete"
		}
	}
	return s
}

// StatusMenu reports the choices of a status value that still holds the
// template's menu (`provisional|implementable|implemented`,
// `Draft / Review / Approved`, `{proposed | rejected | accepted}`), or nil
// when the value is a single status. Markdown links are removed first so
// that `superseded by [ADR-1](../adr/1.md)` is not split on its slashes.
func StatusMenu(s string) []string {
	if NormStatus(s) == "n/a" {
		return nil
	}
	s = htmlComment.ReplaceAllString(s, " ")
	s = mdInlineLink.ReplaceAllString(s, "$1")
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(strings.TrimPrefix(s, "{"), "}")
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '|' || r == '/' || r == ',' })
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// statusIn reports whether n, a status normalised with NormStatus, is one
// of builtin or configured.
func statusIn(n string, builtin, configured []string) bool {
	if n == "" {
		return false
	}
	for _, b := range builtin {
		if n == b {
			return true
		}
	}
	for _, c := range configured {
		if n == NormStatus(c) {
			return true
		}
	}
	return false
}

func configStatuses(c *Config) StatusConfig {
	if c == nil {
		return StatusConfig{}
	}
	return c.Statuses
}

// IsApproved reports whether a spec status is an approved one
// (statuses.spec_approved plus the built-ins).
func IsApproved(c *Config, status string) bool {
	return statusIn(NormStatus(status), builtinSpecApproved, configStatuses(c).SpecApproved)
}

// IsActive reports whether a spec status is an active (not yet approved) one
// (statuses.spec_active plus the built-ins).
func IsActive(c *Config, status string) bool {
	n, sc := NormStatus(status), configStatuses(c)
	return !statusIn(n, builtinSpecApproved, sc.SpecApproved) && statusIn(n, builtinSpecActive, sc.SpecActive)
}

// IsKnownSpecStatus reports whether a spec status is recognised at all:
// active, approved, or one of the end states (rejected, withdrawn, deferred,
// deprecated, superseded, replaced, …).
func IsKnownSpecStatus(c *Config, status string) bool {
	// IsApproved || IsActive, without normalising the status once per list
	n, sc := NormStatus(status), configStatuses(c)
	return statusIn(n, builtinSpecApproved, sc.SpecApproved) || statusIn(n, builtinSpecActive, sc.SpecActive) ||
		statusIn(n, builtinSpecClosed, nil)
}

// itemStatusKeys are the header keys of a backlog item's workflow state.
var itemStatusKeys = []string{"status", "state"}

// ItemStatus returns a backlog item's status as written ("" when it has none).
func ItemStatus(d *Doc) string {
	if d == nil {
		return ""
	}
	if f, ok := d.Header.Get(itemStatusKeys...); ok {
		return strings.TrimSpace(f.Value)
	}
	return ""
}

// IsReady reports whether an item status means "ready for selection"
// (statuses.ready plus the built-ins).
func IsReady(c *Config, s string) bool {
	return statusIn(NormStatus(s), builtinReady, configStatuses(c).Ready)
}

// IsDone reports whether an item status means done (statuses.done plus the built-ins).
func IsDone(c *Config, s string) bool {
	return statusIn(NormStatus(s), builtinDone, configStatuses(c).Done)
}

// statusMarkup is built once: a Replacer is costly to make and safe to share.
var statusMarkup = strings.NewReplacer("`", "", "**", "", "*", "", "\"", "", "'", "")
