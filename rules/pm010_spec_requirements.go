package rules

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// PM010 checks that requirements are identified and verifiable.
var PM010 = &lint.Rule{
	ID:        "PM010",
	Name:      "spec-requirements-identified-and-verifiable",
	Set:       lint.SetPM,
	Kinds:     []lint.Kind{lint.KindSpec},
	Severity:  lint.SeverityWarning,
	Precision: lint.PrecisionLexical,
	Title:     "Requirements carry unique identifiers and verifiable wording",
	Doc: "A requirement that cannot be referenced cannot be traced to a test, a story or a change; one that " +
		"says \"fast\" or \"user-friendly\" cannot be verified. ISO/IEC/IEEE 29148 §5.2.8 asks for an " +
		"identifier attribute, §5.2.5 for singular, verifiable requirements, §5.2.7 for unambiguous " +
		"language; public PRD templates number their `FR-`/`NFR-` rows.\n\n" +
		"Applies to sections from the requirements vocabulary (Requirements, Functional Requirements, " +
		"Non-Functional Requirements, Key Logic). \"User Stories\" sections are left to the Product Owner " +
		"rules: a story is not a `shall` statement and its heading is its identifier.\n\n" +
		"A requirement is a table body row, a top-level list item, or a paragraph sentence containing " +
		"`shall` or `must`. Checked: (1) each has an identifier matching `[A-Z]{1,5}-?\\d+` (FR-001, NFR-2, " +
		"R12) at its start (after emphasis or a bracket) or, in a table, as a whole cell; when no requirement " +
		"of a section has one, a single finding on the heading replaces one per requirement; (2) identifiers " +
		"are unique in the document (a duplicate is an error naming the first); (3) the text passes the " +
		"lexicon of RULES.md Appendix A — escape clauses, open-ended, incomplete, subjective, vague-outcome " +
		"and option terms, unmeasured adjectives not followed by a number and unit, and categories added in " +
		"config; the totality, comparative, superlative, superfluous and vague-pronoun categories are left " +
		"out here, since in requirement prose (\"all requests\", \"it\") they are mostly precise. One finding " +
		"per requirement names its terms, at the most severe of their categories (never above warning); (4) a requirement holds at most one `shall`.\n\n" +
		"Severity: warning; duplicate identifiers are errors; a requirement whose only vague terms are " +
		"options (may, might, could) is a note.\n\n" +
		pmSkipDoc + "\n\n" +
		"Fix: number each requirement, split compound ones, and replace vague words with measurable criteria. " +
		"Extend or narrow the word list under `lexicon:` in .rolelint.yml.\n\n" + pmSilenceDoc("PM010"),
	Bad:   "# Checkout PRD\n\n## Functional Requirements\n\n- The system should be fast and user-friendly.\n",
	Good:  "# Checkout PRD\n\n## Functional Requirements\n\n| ID | Requirement | Priority |\n| --- | --- | --- |\n| FR-004 | The checkout shall accept card payments without an account. | Must |\n",
	Check: checkPM010,
}

var (
	pmReqIDStart = regexp.MustCompile(`^[\s*_\[(#]*([A-Z]{1,5}-?\d+(?:\.\d+)*)\b`)
	pmReqIDCell  = regexp.MustCompile(`^[\s*_\[(]*([A-Z]{1,5}-?\d+(?:\.\d+)*)[\s*_\])]*$`)
	pmShallMust  = regexp.MustCompile(`(?i)\b(?:shall|must)\b`)
	pmShallWord  = regexp.MustCompile(`(?i)\bshall\b`)
	pmSentenceRe = regexp.MustCompile(`[^.!?]+[.!?]*`)
)

// pmRequirement is one candidate requirement of a requirements section.
type pmRequirement struct {
	line, col int
	id        string
	text      string
}

func pmRequirementSection(h *lint.Heading) bool {
	return h.Is(lint.ConceptRequirements) && h.Norm != "user stories" && !strings.Contains(h.Norm, "user stor")
}

func checkPM010(p *lint.Pass) {
	d := p.Doc
	if pmSkip(p) {
		return
	}
	firstID := map[string]pmRequirement{}
	for _, h := range d.Headings {
		if !pmRequirementSection(h) || pmIsTitleHeading(d, h) || pmNestedInRequirements(h) {
			continue
		}
		reqs := pmRequirementsIn(d, h)
		if len(reqs) == 0 {
			continue
		}
		withID := 0
		for _, r := range reqs {
			if r.id != "" {
				withID++
			}
		}
		if withID == 0 {
			reportAt(p, d, h.Line, 1, lint.SeverityWarning, fmt.Sprintf(
				"%d requirement(s) under \"%s\" have no identifier: number them (FR-1, NFR-2, …) so they can be traced",
				len(reqs), pmHeadingLabel(h)))
		}
		for _, r := range reqs {
			pmCheckRequirement(p, d, r, withID > 0, firstID)
		}
	}
}

// pmNestedInRequirements reports whether h lies inside another requirements
// section (its requirements are collected with the outer section).
func pmNestedInRequirements(h *lint.Heading) bool {
	for x := h.Parent; x != nil; x = x.Parent {
		if pmRequirementSection(x) {
			return true
		}
	}
	return false
}

func pmCheckRequirement(p *lint.Pass, d *lint.Doc, r pmRequirement, wantID bool, firstID map[string]pmRequirement) {
	switch {
	case r.id == "" && wantID:
		reportAt(p, d, r.line, r.col, lint.SeverityWarning,
			"requirement has no identifier: start it with one such as FR-12, unique in this document")
	case r.id != "":
		if first, dup := firstID[r.id]; dup {
			reportAt(p, d, r.line, r.col, lint.SeverityError, fmt.Sprintf(
				"duplicate requirement identifier %s (first used on line %d): give each requirement its own", r.id, first.line))
		} else {
			firstID[r.id] = r
		}
	}
	if n := len(pmShallWord.FindAllString(r.text, -1)); n > 1 {
		reportAt(p, d, r.line, r.col, lint.SeverityWarning, fmt.Sprintf(
			"requirement holds %d \"shall\"s: split it into one requirement per \"shall\"", n))
	}
	var terms, cats []string
	sev := lint.SeverityNote
	seenCat := map[string]bool{}
	for _, hit := range pmDedupHits(lexiconFor(p.Config).Scan(r.text)) {
		if !requirementCategories[hit.Category] && hit.Source != "config" {
			continue
		}
		terms = append(terms, fmt.Sprintf("%q", hit.Term))
		if !seenCat[hit.Category] {
			seenCat[hit.Category] = true
			cats = append(cats, strings.ReplaceAll(hit.Category, "_", " "))
		}
		sev = max(sev, min(hit.Severity, lint.SeverityWarning))
	}
	if len(terms) > 0 {
		reportAt(p, d, r.line, r.col, sev, fmt.Sprintf(
			"requirement uses %s (%s): replace with verifiable, measurable wording",
			strings.Join(terms, ", "), strings.Join(cats, ", ")))
	}
}

// requirementCategories are the lexicon categories PM010 reports: the
// warning-level ones plus `option` (may/might/could leave the requirement
// optional). Totality, comparative, superlative, superfluous and vague
// pronoun hits are left out: in requirement prose ("all requests", "it")
// they are mostly precise.
var requirementCategories = map[string]bool{"escape_clause": true, "open_ended": true, "incomplete": true,
	"subjective": true, "unmeasured": true, "vague_outcome": true, "option": true}

// pmDedupHits keeps the first hit of each term, in text order.
func pmDedupHits(hits []lint.LexHit) []lint.LexHit {
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Offset < hits[j].Offset })
	seen := map[string]bool{}
	var out []lint.LexHit
	for _, h := range hits {
		if !seen[h.Term] {
			seen[h.Term] = true
			out = append(out, h)
		}
	}
	return out
}

// pmRequirementsIn collects table rows, top-level list items and shall/must
// sentences of paragraphs in h's section (sub-sections included).
func pmRequirementsIn(d *lint.Doc, h *lint.Heading) []pmRequirement {
	var out []pmRequirement
	for _, row := range d.Tables {
		if !h.In(row.Line) || len(row.Cells) == 0 {
			continue
		}
		r := pmRequirement{line: row.Line, col: 1, text: strings.Join(row.Cells, " ")}
		for _, c := range row.Cells {
			if m := pmReqIDCell.FindStringSubmatch(c); m != nil {
				r.id = m[1]
				break
			}
		}
		out = append(out, r)
	}
	for _, li := range d.ItemsIn(h) {
		if li.Depth != 0 || li.Task && strings.TrimSpace(li.Text) == "" {
			continue
		}
		text := strings.TrimSpace(li.Prose)
		if text == "" || lint.IsPlaceholder(li.Text) {
			continue
		}
		r := pmRequirement{line: li.Line, col: li.Col, text: text}
		if m := pmReqIDStart.FindStringSubmatch(li.Text); m != nil {
			r.id = m[1]
		}
		out = append(out, r)
	}
	for _, pg := range d.Paragraphs {
		if !h.In(pg.Line) {
			continue
		}
		id := ""
		if m := pmReqIDStart.FindStringSubmatch(pg.Text); m != nil {
			id = m[1]
		}
		for _, s := range pmSentenceRe.FindAllString(pg.Prose, -1) {
			if pmShallMust.MatchString(s) {
				out = append(out, pmRequirement{line: pg.Line, col: 1, id: id, text: strings.TrimSpace(s)})
				id = "" // the paragraph's identifier names its first requirement only
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].line < out[j].line })
	return out
}
