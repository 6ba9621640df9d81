package rules

import (
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// PO012 checks that a done item's acceptance criteria were accepted.
var PO012 = &lint.Rule{
	ID:        "PO012",
	Name:      "done-item-accepted",
	Set:       lint.SetPO,
	Kinds:     []lint.Kind{lint.KindStory, lint.KindBug, lint.KindTask, lint.KindEpic},
	Severity:  lint.SeverityError,
	Precision: lint.PrecisionHeuristic,
	Title:     "A done item has every acceptance criterion checked",
	Doc: `The Product Owner answers for the value of what is delivered and inspects the Increment at the Sprint
Review (Scrum Guide); in SAFe the PO accepts stories. An item marked done with an open acceptance criterion
was either not accepted or its criteria were not kept up to date — both hide the PO's decision.

What is checked, on items whose status is a done status (` + "`statuses.done`" + ` plus Done, Accepted, Closed,
Completed, …): every checkbox item of the acceptance criteria (sections and Backlog.md AC blocks, see PO003)
is checked; each unchecked one is an error on its line. Definition of Done checkboxes are not acceptance
criteria and are not checked here. With the option ` + "`require-acceptance-record: true`" + `, the item must
also have an ` + "`accepted_by`" + ` (or ` + "`accepted`" + `) field (warning when missing), and when a roles registry is
configured, the person named must be a Product Owner (warning otherwise).

Fix: check the criteria that were met, reopen the item, or move unmet criteria to a new item. Silence with
` + "`<!-- rolelint-disable-next-line PO012 -- reason -->`" + ` above the criterion.`,
	Bad:     "`status: Done` with `- [ ] #2 Deactivated users cannot call the API`.",
	Good:    "`status: Done`, all `- [x]`, `accepted_by: \"@bob\"` (PO in registry).",
	Options: []lint.Option{{Name: "require-acceptance-record", Type: "bool", Default: false, Doc: "require an accepted_by field naming a Product Owner on done items"}},
	Check:   checkPO012,
}

func checkPO012(p *lint.Pass) {
	d := p.Doc
	status := lint.ItemStatus(d)
	if !lint.IsDone(p.Config, status) {
		return
	}
	for _, b := range acBlocks(d) {
		for _, li := range acItems(d, b) {
			if li.Task && !li.Checked && isCriterionText(li.Text) {
				p.ReportAt(d, li.Line, li.Col, `item is "`+status+`" but this acceptance criterion is not checked: check it if it was accepted, or reopen the item`)
			}
		}
	}
	if v, _ := p.Option("require-acceptance-record").(bool); v {
		checkAcceptanceRecord(p, d)
	}
}

func checkAcceptanceRecord(p *lint.Pass, d *lint.Doc) {
	f, ok := d.Header.Get("accepted by", "accepted_by", "accepted")
	if !ok || strings.TrimSpace(f.Value) == "" {
		reportDoc(p, d, lint.SeverityWarning, `done item has no acceptance record: add "accepted_by:" naming the Product Owner who accepted it`)
		return
	}
	roles := p.Universe.Roles
	if !roles.Configured() {
		return
	}
	for _, who := range f.Values {
		r := roles.RoleOf(who)
		if r == lint.RolePO || r == "PM+PO" {
			return
		}
	}
	reportField(p, d, f, lint.SeverityWarning, `accepted_by "`+strings.TrimSpace(f.Value)+`" is not a Product Owner in the roles registry: the PO accepts items`)
}
