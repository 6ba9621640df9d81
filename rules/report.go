package rules

import (
	"sync"

	"github.com/rolelint/rolelint/lint"
)

// Reporting with a per-finding severity, shared by every rule set. A rule
// such as PM003 has findings of several natural severities (missing goals:
// error; missing non-goals: warning); configuration still decides.

// severityFor returns the severity of one finding whose natural severity
// (from the catalog) is natural. A rule whose effective severity is its
// default keeps the natural per-finding severities (PM003: missing goals is
// an error, missing non-goals a warning). When config or a preset lowered
// the rule, no finding is above that level; when it raised it, every
// finding takes it; off stays off.
func severityFor(p *lint.Pass, natural lint.Severity) lint.Severity {
	eff, ok := p.Config.RuleSeverity(p.Rule.ID)
	if !ok {
		return natural
	}
	switch {
	case eff == lint.SeverityOff:
		return lint.SeverityOff
	case eff < p.Rule.Severity:
		return min(natural, eff)
	case eff > p.Rule.Severity:
		return eff
	}
	return natural
}

// reportDoc is Pass.ReportDoc with a per-finding severity.
func reportDoc(p *lint.Pass, d *lint.Doc, sev lint.Severity, msg string) {
	line := d.TitleLine
	if line == 0 {
		line = d.StartLine
	}
	if line == 0 {
		line = 1
	}
	p.Report(lint.Finding{Path: d.Path, Line: line, Col: 1, Message: msg, DocLevel: true,
		Severity: severityFor(p, sev),
		Context:  "doc|" + d.ID + "|" + lint.NormText(d.Title) + "|" + msg})
}

// reportAt is Pass.ReportAt with a per-finding severity.
func reportAt(p *lint.Pass, d *lint.Doc, line, col int, sev lint.Severity, msg string) {
	if col < 1 {
		col = 1
	}
	p.Report(lint.Finding{Path: d.Path, Line: line, Col: col, Message: msg,
		Severity: severityFor(p, sev),
		Context:  d.HeadingAt(line).Path() + "|" + lint.NormText(d.Line(line)) + "|" + msg})
}

// reportField is Pass.ReportField with a per-finding severity.
func reportField(p *lint.Pass, d *lint.Doc, fl lint.Field, sev lint.Severity, msg string) {
	fpath := d.Path
	if fl.File != "" {
		fpath = fl.File
	}
	line := fl.Line
	if line < 1 {
		line = 1
	}
	p.Report(lint.Finding{Path: fpath, Line: line, Col: max(fl.Col, 1), Message: msg,
		Severity: severityFor(p, sev),
		Context:  "field|" + d.ID + "|" + fl.Norm + "|" + lint.NormText(fl.Value) + "|" + msg})
}

var (
	lexiconMu    sync.Mutex
	lexiconCache = map[*lint.Config]*lint.Lexicon{}
)

// lexiconFor builds the word lists of a configuration once (PO004, PM004,
// PM010 share them); the cache holds the few configurations of a process.
func lexiconFor(c *lint.Config) *lint.Lexicon {
	lexiconMu.Lock()
	defer lexiconMu.Unlock()
	if l, ok := lexiconCache[c]; ok {
		return l
	}
	var lc lint.LexiconConfig
	if c != nil {
		lc = c.Lexicon
	}
	l := lint.NewLexicon(lc)
	if len(lexiconCache) > 8 {
		lexiconCache = map[*lint.Config]*lint.Lexicon{}
	}
	lexiconCache[c] = l
	return l
}
