package rules

import (
	"github.com/rolelint/rolelint/lint"
)

// PO003 checks that an item carries acceptance criteria.
var PO003 = &lint.Rule{
	ID:        "PO003",
	Name:      "acceptance-criteria-present",
	Set:       lint.SetPO,
	Kinds:     []lint.Kind{lint.KindStory, lint.KindBug, lint.KindTask},
	Severity:  lint.SeverityError,
	Precision: lint.PrecisionHigh,
	Title:     "A backlog item has acceptance criteria with at least one real criterion",
	Doc: `A story is card, conversation and confirmation: the acceptance criteria are the confirmation, the
agreed test of "done" between the Product Owner and the Developers. The QUS paper names them as one of the
three parts of a story, INVEST asks for Testable, every Definition of Ready surveyed requires them, and
Backlog.md and the common GitHub story templates reserve a section for them.

What is checked: the item has a section whose heading plays the acceptance-criteria concept (Acceptance
Criteria, Acceptance Tests, Conditions of Satisfaction, Confirmation, Scenarios, Acceptance — any heading
level, a bold label line too, extendable with ` + "`sections: {acceptance-criteria: [...]}`" + `), or a
Backlog.md ` + "`<!-- AC:BEGIN -->`" + ` … ` + "`<!-- AC:END -->`" + ` block, or an ` + "`acceptance-criteria`" + ` form
field; and that place holds at least one criterion: a list item that is not a template placeholder
("- [ ] Criteria 1", a lone "- [ ]", "TBD"), a sentence of three words or more (EARS and plain prose alike),
a fenced gherkin/feature block, or a table row with content. A Definition of Done list is not acceptance
criteria.

Severity: error for stories; warning for bugs, tasks and items of no declared type (a bug also passes with a
non-empty Expected behavior section, which is a bug's acceptance criterion, see PO013). Epics are not checked:
their criteria live in their stories. Drafts (status Draft, or a drafts/ folder) and archived items (under an
archive/ folder) are not checked either: they are not, or no longer, in the backlog. A missing section is reported on the title line; a section that is
present but empty is reported on its heading.

Fix: add "## Acceptance Criteria" with one testable item per line. Silence with
` + "`<!-- rolelint-disable-next-line PO003 -- reason -->`" + ` above the title.`,
	Bad: `## Acceptance Criteria
- [ ] Criteria 1`,
	Good: `## Acceptance Criteria
- [ ] A deactivated user who tries to sign in is shown "Account disabled".
- [ ] A deactivated user's existing sessions end within 1 min of deactivation.`,
	Check: checkPO003,
}

func checkPO003(p *lint.Pass) {
	d := p.Doc
	if poIsArchived(d) || poIsDraft(d) {
		return
	}
	sev, what := lint.SeverityWarning, "item"
	switch {
	case isStory(p.Universe, d):
		sev, what = lint.SeverityError, "story"
	case d.Kind == lint.KindBug:
		what = "bug"
		if sectionHasContent(d, lint.ConceptExpected) {
			return
		}
	case d.Kind == lint.KindTask:
		what = "task"
	}
	blocks := acBlocks(d)
	for _, b := range blocks {
		if blockHasCriteria(d, b) {
			return
		}
	}
	if len(blocks) == 0 {
		msg := what + ` has no acceptance criteria: add a "## Acceptance Criteria" section with at least one testable item`
		if what == "bug" {
			msg = `bug has no acceptance criteria: add "## Expected behavior" or "## Acceptance Criteria" with at least one testable item`
		}
		reportDoc(p, d, sev, msg)
		return
	}
	b := blocks[0]
	msg := `acceptance criteria are empty or only placeholders: write at least one testable criterion`
	if b.Field != nil {
		reportField(p, d, *b.Field, sev, msg)
		return
	}
	reportAt(p, d, b.Line, 1, sev, msg)
}
