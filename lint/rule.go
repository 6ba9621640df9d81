package lint

import (
	"fmt"
	"strings"
	"time"
)

// Severity of a finding. The zero value is SeverityOff.
type Severity int

// Severities, ordered so that a larger value is more severe.
const (
	SeverityOff Severity = iota
	SeverityNote
	SeverityWarning
	SeverityError
)

func (s Severity) String() string {
	switch s {
	case SeverityNote:
		return "note"
	case SeverityWarning:
		return "warning"
	case SeverityError:
		return "error"
	}
	return "off"
}

// ParseSeverity accepts error, warning, note (and info as an alias of note), off.
func ParseSeverity(s string) (Severity, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "error":
		return SeverityError, true
	case "warning", "warn":
		return SeverityWarning, true
	case "note", "info":
		return SeverityNote, true
	case "off", "none", "disable", "disabled":
		return SeverityOff, true
	}
	return SeverityOff, false
}

// Set is a rule set.
type Set string

// The rule sets.
const (
	SetPO Set = "po" // Product Owner: backlog items
	SetPM Set = "pm" // Product Manager: specs and vision
	SetRC Set = "rc" // role clarity, across documents
	// SetEngine holds rolelint's own diagnostics (RL001…); --sets never drops them.
	SetEngine Set = "engine"
)

// Precision classes decide a rule's severity in the recommended preset.
const (
	PrecisionHigh      = "high"      // structure and presence checks
	PrecisionHeuristic = "heuristic" // heuristics: at most warning in recommended
	PrecisionLexical   = "lexical"   // word lists: note in recommended
)

// Option documents one configurable option of a rule.
type Option struct {
	Name    string // kebab-case, as written in config: max-age-days
	Type    string // int, string, bool, []string
	Default any
	Doc     string
}

// Rule is a check plus its documentation. Rules are plain values; the engine
// never imports the rules package.
type Rule struct {
	ID        string   // PO003
	Name      string   // acceptance-criteria-present
	Set       Set      // po, pm, rc
	Kinds     []Kind   // the kinds of document the rule runs on; empty = all
	Severity  Severity // default severity
	Precision string   // PrecisionHigh, PrecisionHeuristic or PrecisionLexical
	Title     string   // one line
	Doc       string   // why and how to fix (Markdown, paragraphs separated by blank lines)
	Bad       string   // Markdown example that fails
	Good      string   // Markdown example that passes
	Options   []Option
	NeedsGit  bool // reads commit history

	// Check runs once per document (or backlog item) of a matching kind.
	Check func(*Pass)
	// CheckAll runs once per run over the whole universe (set-level rules);
	// Pass.Doc is nil. A rule may have Check, CheckAll or both.
	CheckAll func(*Pass)
}

// AppliesTo reports whether the rule runs on documents of kind k.
func (r *Rule) AppliesTo(k Kind) bool {
	if len(r.Kinds) == 0 {
		return k != KindUnknown
	}
	for _, x := range r.Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Suppression records why a finding is hidden by an inline comment.
type Suppression struct {
	Kind          string // "inSource"
	Justification string // the reason after `--`, if any
	Line          int    // line of the suppressing comment
}

// Finding is one reported problem.
type Finding struct {
	RuleID   string
	RuleName string
	Severity Severity
	Path     string
	Line     int // 1-based; 0 for a whole-file finding (reported at line 1)
	Col      int
	EndLine  int
	EndCol   int
	Message  string
	// Context is the finding's stable context for fingerprints: the heading
	// path and normalised text of what was reported, never a line number.
	Context string
	Snippet string // the source line
	// DocLevel marks a finding about the document as a whole (a missing
	// section, a missing owner) rather than about a line of it.
	DocLevel   bool
	Suppressed *Suppression
}

// GitFacts answers history questions. Implementations compute lazily and once.
type GitFacts interface {
	// LastChange returns the time of the last commit that touched path.
	LastChange(path string) (time.Time, bool)
}

// Pass is what a rule sees during one check: one document (or none for
// CheckAll), the universe, configuration, and one way out (Report).
type Pass struct {
	Rule     *Rule
	Doc      *Doc // nil in CheckAll
	Universe *Universe
	Config   *Config
	Git      GitFacts // nil when there is no history
	Now      time.Time

	report func(Finding)
}

// NewPass builds a pass; used by the engine and by rule tests.
func NewPass(r *Rule, d *Doc, u *Universe, c *Config, g GitFacts, now time.Time, report func(Finding)) *Pass {
	return &Pass{Rule: r, Doc: d, Universe: u, Config: c, Git: g, Now: now, report: report}
}

// Severity returns the configured severity of the rule.
func (p *Pass) Severity() Severity {
	if p.Config != nil {
		if s, ok := p.Config.RuleSeverity(p.Rule.ID); ok {
			return s
		}
	}
	return p.Rule.Severity
}

// Report sends a finding. Empty RuleID, Path, Severity and Snippet are filled in.
func (p *Pass) Report(f Finding) {
	if f.RuleID == "" {
		f.RuleID = p.Rule.ID
		f.RuleName = p.Rule.Name
	}
	if f.Severity == SeverityOff {
		f.Severity = p.Severity()
	}
	if f.Path == "" && p.Doc != nil {
		f.Path = p.Doc.Path
	}
	p.report(f)
}

// Reportf reports a finding on doc at line (col 1) with a formatted message,
// its context being the enclosing heading path plus the message.
func (p *Pass) Reportf(d *Doc, line int, format string, args ...any) {
	p.ReportAt(d, line, 1, fmt.Sprintf(format, args...))
}

// ReportAt reports on doc at line:col.
func (p *Pass) ReportAt(d *Doc, line, col int, msg string) {
	f := Finding{Path: d.Path, Line: line, Col: col, Message: msg}
	f.Context = d.HeadingAt(line).Path() + "|" + NormText(d.Line(line)) + "|" + msg
	p.Report(f)
}

// ReportDoc reports a document-level finding (missing section, missing owner)
// at the document's title line.
func (p *Pass) ReportDoc(d *Doc, msg string) {
	line := d.TitleLine
	if line == 0 {
		line = d.StartLine
	}
	if line == 0 {
		line = 1
	}
	f := Finding{Path: d.Path, Line: line, Col: 1, Message: msg, DocLevel: true}
	f.Context = "doc|" + d.ID + "|" + NormText(d.Title) + "|" + msg
	p.Report(f)
}

// ReportField reports on a header field (at the sidecar file when the field
// lives there).
func (p *Pass) ReportField(d *Doc, fl Field, msg string) {
	path := d.Path
	if fl.File != "" {
		path = fl.File
	}
	f := Finding{Path: path, Line: fl.Line, Col: fl.Col, Message: msg}
	f.Context = "field|" + d.ID + "|" + fl.Norm + "|" + NormText(fl.Value) + "|" + msg
	p.Report(f)
}

// Option returns the configured value of a rule option, or its default.
func (p *Pass) Option(name string) any {
	if p.Config != nil {
		if v, ok := p.Config.RuleOption(p.Rule.ID, name); ok {
			return v
		}
	}
	for _, o := range p.Rule.Options {
		if o.Name == name {
			return o.Default
		}
	}
	return nil
}

// IntOption returns an int option (its default when unset or of another type).
func (p *Pass) IntOption(name string) int {
	switch v := p.Option(name).(type) {
	case int:
		return v
	case int64:
		return int(v)
	case float64:
		return int(v)
	}
	return 0
}

// NormText lower-cases s, collapses whitespace and strips surrounding punctuation,
// for stable contexts and duplicate detection.
func NormText(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}
