package rules

import (
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// Helpers shared by the Product Manager rules (PM001–PM013).

// pmSkipDoc is the paragraph every PM rule's documentation carries about the
// documents it leaves alone.
const pmSkipDoc = "Not checked: template files (a file or folder whose name contains `template`, or a " +
	"folder or file numbered `0000` such as `RFC-0000/README.md` — their placeholders are expected), " +
	"one-line redirect stubs (`This document was moved to …`), and a folder's README/index that only " +
	"lists the specs below it."

// pmSilenceDoc is the closing paragraph on inline suppression.
func pmSilenceDoc(id string) string {
	return "To silence one finding, put `<!-- rolelint-disable-next-line " + id + " -- reason -->` on the line " +
		"before it (for a document-level finding, before the title); for a whole file use " +
		"`<!-- rolelint-disable-file " + id + " -- reason -->` or front matter `rolelint: {disable: [" + id + "]}`."
}

// Spec sub-kinds as the parser names them (RULES.md Appendix D.5).
const (
	pmSubPRD        = "prd"
	pmSubRFC        = "rfc"
	pmSubKEP        = "kep"
	pmSubPEP        = "pep"
	pmSubBEP        = "bep"
	pmSubADR        = "adr"
	pmSubGoProposal = "go-proposal"
)

// pmIsRFCLike reports whether a spec sub-kind belongs to an engineering
// proposal process (RFC, KEP, PEP, BEP, Go proposal, ADR) rather than a
// product requirements document. A spec whose sub-kind is unknown counts as
// RFC-like: where the catalog gives PRDs a harsher severity, an unknown
// document gets the milder one (fewer false alarms).
func pmIsRFCLike(sub string) bool {
	return sub != pmSubPRD && sub != "one-pager"
}

// pmSubKind returns d's spec sub-kind; when the parser found none, the
// sub-kind most specs in the same folder have (documents of one folder
// follow one process: an old Go design doc without the `Author(s):` line is
// still a Go proposal). A folder without classified specs asks its parent
// (`design/15292/2013-12-type-params.md` follows `design/`). Ties give "".
func pmSubKind(u *lint.Universe, d *lint.Doc) string {
	if d == nil {
		return ""
	}
	if d.SubKind != "" || u == nil {
		return d.SubKind
	}
	kinds := pmFolderSubKinds(u)
	for dir := pmFolderOf(d.Path); ; dir = path.Dir(dir) {
		if sub, ok := kinds[dir]; ok {
			return sub
		}
		if dir == "." || dir == "/" || dir == "" {
			return ""
		}
	}
}

// pmFolderOf is the folder that groups a spec with its peers: the parent of
// the document's folder for a `README.md`/`index.md` (KEP and Flux layouts,
// one folder per spec), else the document's folder.
func pmFolderOf(p string) string {
	dir := path.Dir(p)
	base := strings.ToLower(path.Base(p))
	if base == "readme.md" || base == "index.md" || base == "_index.md" {
		dir = path.Dir(dir)
	}
	return dir
}

// pmFolderKindsKey keys the folder sub-kinds of a run (Universe.Memo).
type pmFolderKindsKey struct{}

// pmFolderSubKinds returns, computed once per universe, the dominant spec
// sub-kind of every folder.
func pmFolderSubKinds(u *lint.Universe) map[string]string {
	return u.Memo(pmFolderKindsKey{}, func() any { return pmBuildFolderSubKinds(u) }).(map[string]string)
}

func pmBuildFolderSubKinds(u *lint.Universe) map[string]string {
	counts := map[string]map[string]int{}
	for _, f := range u.Files {
		if f.Kind != lint.KindSpec || f.SubKind == "" {
			continue
		}
		dir := pmFolderOf(f.Path)
		if counts[dir] == nil {
			counts[dir] = map[string]int{}
		}
		counts[dir][f.SubKind]++
	}
	m := map[string]string{}
	for dir, c := range counts {
		best, bestN, tie := "", 0, false
		for _, k := range slices.Sorted(maps.Keys(c)) {
			switch n := c[k]; {
			case n > bestN:
				best, bestN, tie = k, n, false
			case n == bestN:
				tie = true
			}
		}
		if tie {
			best = ""
		}
		m[dir] = best
	}
	return m
}

var (
	pmTemplateName = regexp.MustCompile(`(?i)template`)
	pmZeroNumbered = regexp.MustCompile(`(?i)^(?:[a-z]+-)?0{3,5}$`)
	pmLinkMarkup   = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	pmMovedStub    = regexp.MustCompile(`(?i)\b(?:moved|migrated|relocated)\s+to\b|\bhas\s+moved\b|\bnow\s+lives\s+(?:at|in)\b|\bhas\s+become\b|\b(?:superseded|replaced)\s+by\b`)
)

// pmIsTemplateDoc reports whether d is a template: its file or folder name
// contains "template", or is a bare `0000` number (`RFC-0000/README.md`,
// `0000.md`). A numbered draft such as `0000-my-feature.md` (Rust RFCs before
// they get a number) is a real document and is not a template.
func pmIsTemplateDoc(d *lint.Doc) bool {
	base := strings.TrimSuffix(path.Base(d.Path), path.Ext(d.Path))
	dir := path.Base(path.Dir(d.Path))
	if pmTemplateName.MatchString(base) || pmTemplateName.MatchString(dir) {
		return true
	}
	return pmZeroNumbered.MatchString(base) || pmZeroNumbered.MatchString(dir)
}

// pmIsRedirectStub reports whether d only says it moved elsewhere: at most
// three lines of text besides the title, one of them saying "moved to",
// "has become", "superseded by" or "replaced by".
func pmIsRedirectStub(d *lint.Doc) bool {
	var text []string
	for n := d.StartLine; n <= d.EndLine; n++ {
		t := strings.TrimSpace(d.Line(n))
		if t == "" || strings.HasPrefix(t, "#") || strings.Trim(t, "=-") == "" {
			continue // the title (ATX or setext) and blank lines
		}
		text = append(text, t)
		if len(text) > 3 {
			return false
		}
	}
	joined := pmLinkMarkup.ReplaceAllString(strings.Join(text, " "), "$1")
	return pmMovedStub.MatchString(joined)
}

// pmIsFolderIndex reports whether d is a README/index whose folder holds other
// specs below it (`rfcs/README.md` describing the RFC process), not a spec
// of its own (`rfcs/0001-x/README.md`, `keps/sig-x/1234-y/README.md`).
func pmIsFolderIndex(u *lint.Universe, d *lint.Doc) bool {
	base := strings.ToLower(path.Base(d.Path))
	if base != "readme.md" && base != "index.md" && base != "_index.md" {
		return false
	}
	if u == nil {
		return false
	}
	dir := path.Dir(d.Path)
	if dir == "." {
		dir = ""
	}
	n := pmSpecsUnder(u)[dir]
	if d.Kind == lint.KindSpec && u.ByPath(d.Path) == d {
		n-- // d itself
	}
	return n > 0
}

type pmSpecsUnderKey struct{}

// pmSpecsUnder counts, once per universe, the specs below each folder
// ("" for the root: all of them). Every PM rule asks pmIsFolderIndex of
// every README: a scan of all files per question would be quadratic in a
// repository of KEP-style folders.
func pmSpecsUnder(u *lint.Universe) map[string]int {
	return u.Memo(pmSpecsUnderKey{}, func() any {
		m := map[string]int{}
		for _, f := range u.Files {
			if f.Kind != lint.KindSpec {
				continue
			}
			m[""]++
			for dir := path.Dir(f.Path); dir != "." && dir != "/"; dir = path.Dir(dir) {
				m[dir]++
			}
		}
		return m
	}).(map[string]int)
}

// pmProductSpecSub is the common start of the rules that judge a product
// spec's own sections (PM004, PM006): it returns the spec's sub-kind, and ok
// false when the PM rules skip the document or it is an ADR or Go proposal.
func pmProductSpecSub(p *lint.Pass) (sub string, ok bool) {
	if pmSkip(p) {
		return sub, false
	}
	sub = pmSubKind(p.Universe, p.Doc)
	return sub, sub != pmSubADR && sub != pmSubGoProposal
}

// pmSkip reports whether the PM rules leave d alone (see pmSkipDoc).
func pmSkip(p *lint.Pass) bool {
	d := p.Doc
	if d == nil {
		return true
	}
	return pmIsTemplateDoc(d) || pmIsRedirectStub(d) || pmIsFolderIndex(p.Universe, d)
}

// pmSections returns the headings that play any of concepts, plus
// headings whose normalised title passes extra (a rule's own, documented
// wider reading); extra may be nil.
func pmSections(d *lint.Doc, extra func(norm string) bool, concepts ...string) []*lint.Heading {
	var out []*lint.Heading
	for _, h := range d.Headings {
		match := false
		for _, c := range concepts {
			if h.Is(c) {
				match = true
				break
			}
		}
		if !match && extra != nil && extra(h.Norm) {
			match = true
		}
		if match && !pmIsTitleHeading(d, h) {
			out = append(out, h)
		}
	}
	return out
}

// pmIsTitleHeading reports whether h is the document's title, which is not
// a section. A document without an H1 whose first heading is a section
// (`## Context and Problem Statement` on line 1) keeps that section.
func pmIsTitleHeading(d *lint.Doc, h *lint.Heading) bool {
	return h.Line == d.TitleLine && d.TitleLine > 0 && (h.Level == 1 || len(h.Concepts) == 0)
}

// pmFirstFilled returns the first of hs whose section is not empty by
// Appendix C.4, or nil.
func pmFirstFilled(d *lint.Doc, hs []*lint.Heading) *lint.Heading {
	for _, h := range hs {
		if !lint.SectionIsEmpty(d, h) {
			return h
		}
	}
	return nil
}

// pmHeadingLabel is how a message names a heading: `## Motivation`.
func pmHeadingLabel(h *lint.Heading) string {
	if h.Bold {
		return "**" + h.Text + "**"
	}
	return strings.Repeat("#", min(max(h.Level, 1), 6)) + " " + h.Text
}

// pmBoolOption reads a bool rule option (its default when unset or mistyped).
func pmBoolOption(p *lint.Pass, name string) bool {
	v, _ := p.Option(name).(bool)
	return v
}

// pmInCode reports whether line n lies inside a fenced or indented code block.
func pmInCode(d *lint.Doc, n int) bool {
	for _, c := range d.Code {
		if n >= c.Line && n <= c.EndLine {
			return true
		}
	}
	return false
}

// pmSpecStatus returns d's status when it is recognised, else "" — rules
// keyed off status treat a missing or unrecognised one as neither active
// nor approved (Appendix D.6).
func pmSpecStatus(p *lint.Pass, d *lint.Doc) string {
	v, _, ok := lint.SpecStatus(d)
	if !ok || lint.StatusMenu(v) != nil || !lint.IsKnownSpecStatus(p.Config, v) {
		return ""
	}
	return v
}
