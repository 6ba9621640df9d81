package rules

import (
	"regexp"
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// PO013 checks that a bug states reproduction, expected and actual behaviour.
var PO013 = &lint.Rule{
	ID:        "PO013",
	Name:      "bug-report-complete",
	Set:       lint.SetPO,
	Kinds:     []lint.Kind{lint.KindBug},
	Severity:  lint.SeverityWarning,
	Precision: lint.PrecisionHeuristic,
	Title:     "A bug states steps to reproduce, expected and actual behavior",
	Doc: `For a bug, the expected behavior is the acceptance criterion, the actual behavior is the defect, and
the steps are how anyone can confirm both. Common issue forms (GitHub's default bug template, the Gradle and
Node.js forms) require all three.

What is checked, on items of type bug: three parts, each present and non-empty — steps to reproduce
(Steps to Reproduce, To Reproduce, Reproduction, Steps), expected behavior (Expected Behavior/Behaviour,
Expected, Expected Result) and actual behavior (Actual Behavior, Current Behavior, Observed, Actual). A part
may be a section (any heading level or a bold label), a form field of that name, or a labelled line in the
text ("Expected: a CSV downloads", "**Actual:** HTTP 500", "Steps to reproduce: …"). Missing parts are named
in one finding on the title; an empty section is reported on its heading. Readings chosen for fewer false
alarms: acceptance criteria with at least one criterion (see PO003) stand for the expected behavior, and a
bug that is already done or closed (Done, Won't Do, Duplicate, …) is not checked, because its report is no
longer used for triage.

Fix: add the missing sections. Silence with ` + "`<!-- rolelint-disable-next-line PO013 -- reason -->`" + ` above
the title.`,
	Bad: `## BUG-9 Export broken

Export does not work.`,
	Good: `## BUG-9 Export broken

### Steps to Reproduce
1. Open Reports and click Export.

### Expected Behavior
A CSV with 12 columns downloads.

### Actual Behavior
HTTP 500.`,
	Check: checkPO013,
}

// bugPart is one of the three parts of a bug report.
type bugPart struct {
	name    string
	concept string
	fields  []string
	label   *regexp.Regexp
}

var bugParts = []bugPart{
	{"steps to reproduce", lint.ConceptSteps, []string{"steps to reproduce", "to reproduce", "reproduction", "steps", "repro"},
		regexp.MustCompile(`(?i)^\W*(steps to reproduce|to reproduce|reproduction steps|reproduction|repro|steps)\W*\s*:`)},
	{"expected behavior", lint.ConceptExpected, []string{"expected behavior", "expected behaviour", "expected", "expected result"},
		regexp.MustCompile(`(?i)^\W*(expected(?: behaviou?r| result| results| outcome)?)\W*\s*:`)},
	{"actual behavior", lint.ConceptActual, []string{"actual behavior", "actual behaviour", "current behavior", "current behaviour", "actual", "observed", "actual result"},
		regexp.MustCompile(`(?i)^\W*(actual(?: behaviou?r| result| results)?|current behaviou?r|observed(?: behaviou?r)?)\W*\s*:`)},
}

func checkPO013(p *lint.Pass) {
	d := p.Doc
	if poIsClosed(p.Config, d) {
		return // a fixed or closed bug is no longer triaged from its report
	}
	var missing []string
	for _, part := range bugParts {
		if part.concept == lint.ConceptExpected && hasAcceptanceCriteria(d) {
			continue // the acceptance criteria state the expected behavior
		}
		secs := d.Sections(part.concept)
		if len(secs) > 0 {
			if !sectionHasContent(d, part.concept) {
				p.ReportAt(d, secs[0].Line, 1, "bug's "+part.name+" section is empty: fill it in")
			}
			continue
		}
		if f, ok := d.Header.Get(part.fields...); ok && !lint.IsEmptyText(f.Value) {
			continue
		}
		if poHasLabelledLine(d, part.label) {
			continue
		}
		missing = append(missing, part.name)
	}
	if len(missing) > 0 {
		p.ReportDoc(d, "bug report lacks "+poJoinAnd(missing)+`: add a section for each ("### Steps to Reproduce", "### Expected Behavior", "### Actual Behavior")`)
	}
}

// poHasLabelledLine reports whether a paragraph or list item starts with a
// label such as "Expected:" followed by text.
func poHasLabelledLine(d *lint.Doc, label *regexp.Regexp) bool {
	check := func(text string) bool {
		for _, line := range strings.Split(text, "\n") {
			if m := label.FindStringIndex(line); m != nil {
				// text after the label, or none: "Expected:" then the text on the next lines
				if rest := line[m[1]:]; strings.TrimSpace(rest) == "" || !lint.IsEmptyText(rest) {
					return true
				}
			}
		}
		return false
	}
	for _, para := range d.Paragraphs {
		if check(para.Text) {
			return true
		}
	}
	for _, li := range d.ListItems {
		if check(li.Text) {
			return true
		}
	}
	return false
}

// poJoinAnd joins "a", "b" and "c" as "a, b and c".
func poJoinAnd(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}
