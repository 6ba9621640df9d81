package rules

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/rolelint/rolelint/lint"
)

// PM009 checks that an approved spec holds no template leftovers.
var PM009 = &lint.Rule{
	ID:        "PM009",
	Name:      "spec-no-placeholders-after-approval",
	Set:       lint.SetPM,
	Kinds:     []lint.Kind{lint.KindSpec},
	Severity:  lint.SeverityError,
	Precision: lint.PrecisionHigh,
	Title:     "An approved spec holds no template placeholders, TBDs or unresolved blocks",
	Doc: "Approval means the content is agreed. A spec approved with `TBD`, `<REQUIRED: …>` or a KEP " +
		"`<<[UNRESOLVED …]>>` block in it was approved before it was complete (NASA ARM calls these " +
		"*incompletes*; ISO 29148 requires completeness); KEP requires approver sign-off on resolved text to " +
		"reach `implementable`.\n\n" +
		"Applies to specs whose status is in `statuses.spec_approved` (approved, accepted, implementable, " +
		"implemented, final, launched, shipped, active, plus config); a missing or unrecognised status means " +
		"not approved (Appendix D.6).\n\n" +
		"Checked, outside fenced code, inline code spans and HTML comments (template guidance in comments is " +
		"invisible and is not reported): the markers `<<[UNRESOLVED`, `<REQUIRED: …>`, `NNNN` (except on a line that shows a `NNNN-title.md` naming pattern), `yyyy-mm-dd`; " +
		"the words TBD, TBS, TBE, TBC, TBR, TODO, FIXME and XXX written in capitals (lower-case \"todo\" is " +
		"ordinary English); a line that is as a whole a template placeholder (`[Title]`, `{owner}`, `<name>`, " +
		"\"Goal 1\", \"Add description here\"); header values that are placeholders (`owner: [PM Name]`, " +
		"`approvers: [\"@ghost\"]`, `Creation date: YYYY-MM-DD`); and a required section (summary, problem, " +
		"goals, non-goals, success metrics, proposal, alternatives, risks) left empty. The status field itself " +
		"is PM001's business and is not checked here (`status: { accepted }` keeps its template braces but says " +
		"what it means). Inline `{name}` spans are not reported: in technical specs they are usually URL or " +
		"path templates. One finding per line.\n\n" +
		pmSkipDoc + "\n\n" +
		"Fix: resolve the debate and delete the marker, fill in the value, or move the spec back to an active " +
		"status until it is complete.\n\n" + pmSilenceDoc("PM009"),
	Bad:   "---\nstatus: implementable\n---\n# KEP-1: Quotas\n\n## Design Details\n\n<<[UNRESOLVED quota semantics ]>>\nPer namespace or per tenant?\n<<[/UNRESOLVED]>>\n",
	Good:  "---\nstatus: implementable\n---\n# KEP-1: Quotas\n\n## Design Details\n\nQuotas are per tenant (decided 2025-05-02, see discussion).\n",
	Check: checkPM009,
}

// nnnnToken is the index of the NNNN entry of pmPlaceholderTokens.
const nnnnToken = 4

var (
	// Each token has a cheap test (may) that every match needs, so that the
	// regexps run only on the few lines that can hold one: PM009 looks at
	// every line of every approved spec.
	pmPlaceholderTokens = []struct {
		re   *regexp.Regexp
		what string
		may  func(line string) bool
	}{
		{regexp.MustCompile(`<<\[?UNRESOLVED`), "an unresolved <<[UNRESOLVED]>> block", pmHas("UNRESOLVED")},
		{regexp.MustCompile(`<REQUIRED:[^>]*>?`), "the template placeholder <REQUIRED: …>", pmHas("<REQUIRED:")},
		{regexp.MustCompile(`\b(?:TBD|TBS|TBE|TBC|TBR)\b`), "", pmHas("TB")},
		// TODO, FIXME and XXX are placeholders when nothing follows them but
		// punctuation ("TODO", "TODO: write", "(FIXME)"); "TODO design docs"
		// or "TODO's" use the word as a noun.
		{regexp.MustCompile(`\b(?:TODO|FIXME|XXX)(?:\s*$|\s*[:)\]\-–—.,;!?])`), "", pmHas("TODO", "FIXME", "XXX")},
		// NNNN as a number placeholder (`KEP-NNNN:`); see numberingPattern.
		{regexp.MustCompile(`\bN{4,}\b`), "", pmHas("NNNN")},
		// (?i) folds y only to Y (no other Unicode letter folds to y).
		{regexp.MustCompile(`(?i)\byyyy[-/.]mm[-/.]dd\b`), "", pmHasYYYY},
	}
	// numberingPattern is a file-naming pattern such as `NNNN-title.md`.
	numberingPattern = regexp.MustCompile(`N{4,}-\w|/N{4,}`)
	// githubAlert is GitHub's `> [!NOTE]` alert syntax, not a placeholder.
	githubAlert   = regexp.MustCompile(`(?i)^>?\s*\[!(?:note|tip|important|warning|caution)\]$`)
	pmCodeSpan    = regexp.MustCompile("`+[^`]*`+")
	pmHTMLComment = regexp.MustCompile(`(?s)<!--.*?-->`)
	// pmRequiredConcepts are the sections an approved spec must not leave empty.
	pmRequiredConcepts = []string{lint.ConceptSummary, lint.ConceptProblem, lint.ConceptGoals, lint.ConceptNonGoals,
		lint.ConceptMetrics, lint.ConceptProposal, lint.ConceptAlternatives, lint.ConceptRisks}
	// pmPeopleKeys are header keys whose values name people.
	pmPeopleKeys = map[string]bool{"owner": true, "owners": true, "author": true, "authors": true, "author(s)": true,
		"approvers": true, "reviewers": true, "deciders": true, "decision makers": true, "contact": true,
		"product manager": true, "pm": true, "product owner": true, "po": true, "dri": true, "sponsor": true,
		"pep delegate": true, "prr approvers": true, "editor": true, "consulted": true, "informed": true}
)

func checkPM009(p *lint.Pass) {
	d := p.Doc
	if pmSkip(p) {
		return
	}
	status := pmSpecStatus(p, d)
	if status == "" || !lint.IsApproved(p.Config, status) {
		return
	}
	_, statusField, _ := lint.SpecStatus(d)
	skipLines := map[int]bool{}
	for _, f := range d.Header.Fields {
		if f.File == "" {
			skipLines[f.Line] = true
		}
		if f.Norm == statusField.Norm && f.Line == statusField.Line && f.File == statusField.File {
			continue
		}
		if v, ok := pmPlaceholderValue(f); ok {
			reportField(p, d, f, lint.SeverityError, fmt.Sprintf(
				"approved spec (status %q) still holds the template placeholder %q in %q: fill it in", status, v, f.Key))
		}
	}
	pmCheckPlaceholderLines(p, d, status, skipLines)
	elsewhere := pmEmptySectionsReportedElsewhere(p, d)
	for _, h := range d.Headings {
		if pmIsTitleHeading(d, h) || !pmPlaysAny(h, pmRequiredConcepts) || elsewhere[h.Line] {
			continue
		}
		if lint.SectionIsEmpty(d, h) {
			reportAt(p, d, h.Line, 1, lint.SeverityError, fmt.Sprintf(
				"approved spec (status %q) has an empty section \"%s\": fill it in or remove it", status, pmHeadingLabel(h)))
		}
	}
}

// pmPlaceholderValue returns the first placeholder value of a header field.
func pmPlaceholderValue(f lint.Field) (string, bool) {
	vals := f.Values
	if len(vals) == 0 && strings.TrimSpace(f.Value) != "" {
		vals = []string{f.Value}
	}
	for _, v := range vals {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		if lint.IsPlaceholder(v) && pmHasLetterOrDigit(v) {
			return v, true
		}
		if pmPeopleKeys[f.Norm] && (strings.HasPrefix(v, "@") || strings.HasPrefix(v, "\"@")) && lint.IsPlaceholderPerson(v) {
			return v, true
		}
	}
	return "", false
}

func pmPlaysAny(h *lint.Heading, concepts []string) bool {
	for _, c := range concepts {
		if h.Is(c) {
			return true
		}
	}
	return false
}

func pmHasLetterOrDigit(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// pmFrontMatterEnd returns the last line of YAML front matter (0 when none).
func pmFrontMatterEnd(d *lint.Doc) int {
	if !d.HasFrontMat || strings.TrimSpace(d.Line(1)) != "---" {
		return 0
	}
	for n := 2; n <= d.EndLine; n++ {
		if t := strings.TrimSpace(d.Line(n)); t == "---" || t == "..." {
			return n
		}
	}
	return 0
}

// pmBlankedLines returns the document's lines with HTML comments and inline
// code spans replaced by spaces (line numbers and columns kept).
func pmBlankedLines(d *lint.Doc) []string {
	src := string(d.Src)
	blank := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r == '\n' {
				return r
			}
			return ' '
		}, s)
	}
	if strings.Contains(src, "<!--") {
		src = pmHTMLComment.ReplaceAllStringFunc(src, blank)
	}
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		l = strings.TrimSuffix(l, "\r")
		if strings.IndexByte(l, '`') >= 0 {
			l = pmCodeSpan.ReplaceAllStringFunc(l, blank)
		}
		lines[i] = l
	}
	return lines
}

// pmHas returns a test for whether a line contains any of the literals.
func pmHas(literals ...string) func(string) bool {
	return func(line string) bool {
		for _, l := range literals {
			if strings.Contains(line, l) {
				return true
			}
		}
		return false
	}
}

// pmHasYYYY reports whether line holds "yyyy" in any mix of cases.
func pmHasYYYY(line string) bool {
	run := 0
	for i := 0; i < len(line); i++ {
		if line[i] == 'y' || line[i] == 'Y' {
			if run++; run == 4 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

func pmCheckPlaceholderLines(p *lint.Pass, d *lint.Doc, status string, skip map[int]bool) {
	lines := pmBlankedLines(d)
	fmEnd := pmFrontMatterEnd(d)
	for n := max(d.StartLine, fmEnd+1); n <= d.EndLine && n <= len(lines); n++ {
		if skip[n] || pmInCode(d, n) {
			continue
		}
		line := lines[n-1]
		col, what := pmPlaceholderIn(line)
		if col == 0 && pmWholeLinePlaceholder(d, n, line) {
			col, what = pmFirstNonSpace(line)+1, fmt.Sprintf("the template placeholder %q", strings.TrimSpace(line))
		}
		if col == 0 {
			continue
		}
		reportAt(p, d, n, pmRuneCol(line, col), lint.SeverityError, fmt.Sprintf(
			"approved spec (status %q) still holds %s: resolve it, or move the spec back to an active status", status, what))
	}
}

// pmPlaceholderIn returns the 1-based byte column and a description of the
// first placeholder token in line, or 0.
func pmPlaceholderIn(line string) (int, string) {
	best, what := -1, ""
	namingPattern := strings.Contains(line, "NNNN") && numberingPattern.MatchString(line)
	for i, t := range pmPlaceholderTokens {
		if i == nnnnToken && namingPattern {
			continue // the line explains a NNNN-title.md naming pattern
		}
		if !t.may(line) {
			continue
		}
		loc := t.re.FindStringIndex(line)
		if loc == nil || (best >= 0 && loc[0] >= best) {
			continue
		}
		best = loc[0]
		what = t.what
		if what == "" {
			what = fmt.Sprintf("%q", strings.Trim(line[loc[0]:loc[1]], " \t:)]-–—.,;!?([/"))
		}
	}
	return best + 1, what
}

// pmWholeLinePlaceholder reports whether a line is, as a whole, a template
// placeholder with some letters in it (a thematic break `---` or an
// ellipsis line is not), and not a reference-style link.
func pmWholeLinePlaceholder(d *lint.Doc, n int, line string) bool {
	t := strings.TrimSpace(line)
	if t == "" || !pmHasLetterOrDigit(t) || githubAlert.MatchString(t) || !lint.IsPlaceholder(t) {
		return false
	}
	for _, h := range d.Headings {
		if h.Line == n {
			return false // a heading is structure; empty sections are reported separately
		}
	}
	for _, l := range d.Links {
		if l.Line == n {
			return false
		}
	}
	for _, r := range d.Tables {
		if r.Line == n {
			return false
		}
	}
	return true
}

func pmFirstNonSpace(s string) int {
	return len(s) - len(strings.TrimLeft(s, " \t"))
}

// pmRuneCol converts a 1-based byte column to a 1-based code-point column.
func pmRuneCol(line string, byteCol int) int {
	if byteCol <= 1 {
		return 1
	}
	if byteCol-1 > len(line) {
		byteCol = len(line) + 1
	}
	return len([]rune(line[:byteCol-1])) + 1
}

// pmEmptySectionsReportedElsewhere returns the heading lines of the empty
// sections that a section rule reports itself: PM002 (problem), PM003
// (goals, non-goals), PM007 (alternatives) and PM008 (risks), each when it
// is on and checks this document. PM009 leaves those headings to them, so an
// empty "### Alternatives" in an implemented RFC is one finding, not two; the
// section rule's message says what belongs there.
func pmEmptySectionsReportedElsewhere(p *lint.Pass, d *lint.Doc) map[int]bool {
	out := map[int]bool{}
	add := func(id string, like func(string) bool, concept string) {
		if !pmRuleOn(p, id) {
			return
		}
		if hs := pmSections(d, like, concept); len(hs) > 0 && pmFirstFilled(d, hs) == nil {
			out[hs[0].Line] = true
		}
	}
	sub := pmSubKind(p.Universe, d)
	add("PM002", pmProblemLike, lint.ConceptProblem)
	add("PM007", pmAlternativesLike, lint.ConceptAlternatives)
	if sub != pmSubADR && sub != pmSubGoProposal {
		add("PM003", pmGoalsLike, lint.ConceptGoals)
		add("PM003", pmNonGoalsLike, lint.ConceptNonGoals)
	}
	if sub != pmSubADR {
		add("PM008", pmRisksLike, lint.ConceptRisks)
	}
	return out
}

// pmRuleOn reports whether the configuration leaves rule id on.
func pmRuleOn(p *lint.Pass, id string) bool {
	if p.Config == nil {
		return true
	}
	sev, set := p.Config.RuleSeverity(id)
	return !set || sev != lint.SeverityOff
}
