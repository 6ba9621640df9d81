package rules

import (
	"fmt"
	"net/url"
	"path"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/rolelint/rolelint/lint"
)

// PM005 checks that a spec links up to the product vision or strategy.
var PM005 = &lint.Rule{
	ID:        "PM005",
	Name:      "spec-links-vision",
	Set:       lint.SetPM,
	Kinds:     []lint.Kind{lint.KindSpec},
	Severity:  lint.SeverityWarning,
	Precision: lint.PrecisionHeuristic,
	Title:     "A spec links up to the product vision, strategy or product goal",
	Doc: "The Product Manager owns vision and strategy; every spec should say which part of it it serves. " +
		"Atlassian's PRD has *Background and strategic fit* for exactly this; PRD guidelines ask how the " +
		"feature fits the product vision; Scrum's Product Goal is the long-term target the work serves. A spec " +
		"that links nowhere up cannot be traced to why the company wants it.\n\n" +
		"Checked: the spec has at least one link (Markdown link, reference link, wikilink, or a path-valued " +
		"header such as `vision: ../VISION.md`) that (a) resolves to a document classified as vision, or (b) " +
		"points to a vision target: the configured `vision:` list when set, else the built-ins `VISION.md`, " +
		"`STRATEGY.md`, `ROADMAP.md` (in any folder), `docs/strategy/**`, `docs/vision/**` and " +
		"`**/product-goal.md`, matched case-insensitively; or (c) lies in a vision/strategic-fit section " +
		"(Background and strategic fit, Strategic fit, Vision, Product Vision, Strategy, Alignment, " +
		"Objectives) — any link there counts, external ones included. A link to a vision target that does not " +
		"exist in the linted view (the worktree, the index with --staged, the commit with --rev) is an error " +
		"\"broken link to vision doc\" at the link.\n\n" +
		"When the repository has no vision at all — no document classified as vision, no file matching a " +
		"vision target, and no `vision:` configured — a spec cannot satisfy the rule, and reporting every spec " +
		"would only say that once per file. The rule then stays silent; configure `vision:` (or add a VISION.md) " +
		"to turn it on. ADRs are never checked: they record engineering decisions, not product bets. Vision " +
		"documents themselves are not checked.\n\n" +
		"Severity: a missing link is a warning, an error with option `require: true`; a broken link to a vision " +
		"target is an error.\n\n" +
		pmSkipDoc + "\n\n" +
		"Fix: add a `## Background and strategic fit` section that links the objective this spec serves, " +
		"e.g. `Serves objective 2 of [2025 strategy](../strategy/2025.md#objective-2)`.\n\n" + pmSilenceDoc("PM005"),
	Bad:  "# Guest checkout\n\n## Goals\n\n- Let occasional buyers pay without an account.\n",
	Good: "# Guest checkout\n\n## Background and strategic fit\n\nServes objective 2 of [2025 strategy](../strategy/2025.md#objective-2).\n",
	Options: []lint.Option{
		{Name: "require", Type: "bool", Default: false,
			Doc: "report a missing vision link as an error instead of a warning (the catalog's require_vision_link)"},
	},
	Check: checkPM005,
}

// pmBuiltinVisionTargets are RULES.md §6.0's vision paths, as globs.
var pmBuiltinVisionTargets = []string{
	"vision.md", "**/vision.md", "strategy.md", "**/strategy.md", "roadmap.md", "**/roadmap.md",
	"docs/strategy/**", "docs/vision/**", "product-goal.md", "**/product-goal.md",
}

// pmVisionTargets returns the lower-cased globs of vision targets: the
// configured list when set, else the built-ins.
func pmVisionTargets(c *lint.Config) []string {
	if c != nil && len(c.Vision) > 0 {
		out := make([]string, 0, len(c.Vision))
		for _, v := range c.Vision {
			v = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(v), "./"))
			out = append(out, strings.TrimPrefix(v, "/"))
		}
		return out
	}
	return pmBuiltinVisionTargets
}

// pmIsVisionTarget reports whether a repo-relative path matches a vision target.
func pmIsVisionTarget(c *lint.Config, p string) bool {
	p = strings.ToLower(strings.TrimPrefix(p, "/"))
	if p == "" {
		return false
	}
	for _, g := range pmVisionTargets(c) {
		if g == p {
			return true
		}
		if ok, err := doublestar.Match(g, p); err == nil && ok {
			return true
		}
	}
	return false
}

// pmLinkVisionPath returns the path a link names, for matching against vision
// targets: the resolved Target; for a wikilink, its name plus ".md"; for an
// external link to a repository file (…/blob/main/VISION.md), the URL path
// after the branch.
func pmLinkVisionPath(l lint.Link) string {
	switch {
	case l.Target != "":
		return l.Target
	case l.Wiki:
		name := strings.TrimSpace(l.Dest)
		if i := strings.IndexAny(name, "|#"); i >= 0 {
			name = name[:i]
		}
		if !strings.HasSuffix(strings.ToLower(name), ".md") {
			name += ".md"
		}
		return name
	case l.External:
		u, err := url.Parse(l.Dest)
		if err != nil {
			return ""
		}
		segs := strings.Split(strings.Trim(u.Path, "/"), "/")
		for i, s := range segs {
			if (s == "blob" || s == "tree" || s == "src") && i+2 < len(segs) {
				return path.Join(segs[i+2:]...)
			}
		}
		return ""
	}
	return ""
}

// pmHasVision reports whether the view holds any vision document or target.
func pmHasVision(p *lint.Pass) bool {
	if p.Config != nil && len(p.Config.Vision) > 0 {
		return true
	}
	if p.Universe == nil {
		return false
	}
	// Once per universe and configuration: every spec asks.
	return p.Universe.Memo(pmHasVisionKey{p.Config}, func() any {
		for _, f := range p.Universe.Files {
			if f.Kind == lint.KindVision || pmIsVisionTarget(p.Config, f.Path) {
				return true
			}
		}
		return false
	}).(bool)
}

type pmHasVisionKey struct{ c *lint.Config }

func checkPM005(p *lint.Pass) {
	d := p.Doc
	if pmSkip(p) || pmSubKind(p.Universe, d) == pmSubADR || !pmHasVision(p) {
		return
	}
	fitSections := pmSections(d, nil, lint.ConceptVisionFit)
	linked, broken := false, false
	for _, l := range d.Links {
		exists := true
		var doc *lint.Doc
		if p.Universe != nil {
			doc, exists = p.Universe.Resolve(l)
		}
		vp := pmLinkVisionPath(l)
		isTarget := (doc != nil && doc.Kind == lint.KindVision) || (vp != "" && pmIsVisionTarget(p.Config, vp))
		switch {
		case isTarget && !exists && !l.External:
			broken = true
			name := l.Target
			if name == "" {
				name = l.Dest
			}
			reportAt(p, d, l.Line, l.Col, lint.SeverityError,
				fmt.Sprintf("broken link to vision doc %s: the file does not exist; fix the path or restore the document", name))
		case isTarget:
			linked = true
		case pmInAny(fitSections, l.Line) && exists && !pmIsTitleLine(d, l.Line):
			linked = true
		}
	}
	if linked || broken {
		return
	}
	sev := lint.SeverityWarning
	if pmBoolOption(p, "require") {
		sev = lint.SeverityError
	}
	reportDoc(p, d, sev, "spec does not link up to the product vision or strategy: link the objective it serves "+
		"(VISION.md, a roadmap or strategy doc) from a \"## Background and strategic fit\" section")
}

func pmInAny(hs []*lint.Heading, line int) bool {
	for _, h := range hs {
		if h.In(line) {
			return true
		}
	}
	return false
}

func pmIsTitleLine(d *lint.Doc, line int) bool { return d.TitleLine > 0 && line == d.TitleLine }
