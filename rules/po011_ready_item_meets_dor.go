package rules

import (
	"strconv"
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// PO011 checks that items marked ready meet the Definition of Ready.
var PO011 = &lint.Rule{
	ID:        "PO011",
	Name:      "ready-item-meets-dor",
	Set:       lint.SetPO,
	Kinds:     []lint.Kind{lint.KindStory, lint.KindBug, lint.KindTask, lint.KindEpic},
	Severity:  lint.SeverityWarning,
	Precision: lint.PrecisionHeuristic,
	Title:     "Items marked ready meet the Definition of Ready",
	Doc: `Items become ready for selection through refinement (Scrum Guide); a Definition of Ready makes that
visible. An item marked ready that has no acceptance criteria, no estimate or a dependency on nothing
will stall the Sprint (INVEST Estimable/Independent/Small; QUS estimatable and independent).

What is checked, on items whose status is a ready status (` + "`statuses.ready`" + ` plus Ready, Selected,
Sprint Ready, …): (a) a story's sentence is well formed (PO001) and the item has acceptance criteria
(PO003; a bug's Expected behavior counts); (b) an estimate key exists — estimate, points, story points,
size, effort — and, when it is a number, it is at most the option ` + "`story-points-max`" + ` (default 8);
(c) every entry of dependencies / depends on / blocked by names an existing item (by id, or by path) — a
dependency that exists but is not done gives a note "ready but blocked"; (d) the item is not an epic.
Findings are on the status field.

Fix: refine the item (criteria, estimate, split it if too big, resolve dependencies) or set it back to a
not-ready status. Silence with ` + "`# rolelint-disable-next-line PO011`" + `-style comments above the status
line, or ` + "`<!-- rolelint-disable-next-line PO011 -- reason -->`" + ` above the title.`,
	Bad:     "```yaml\nstatus: Ready\ndependencies: [task-88]   # task-88 does not exist\n```\n(and no estimate)",
	Good:    "`status: Ready`, `estimate: 3`, `dependencies: [task-41]` (exists), AC present.",
	Options: []lint.Option{{Name: "story-points-max", Type: "int", Default: 8, Doc: "largest estimate a ready item may carry"}},
	Check:   checkPO011,
}

var (
	estimateKeys   = []string{"estimate", "points", "story points", "storypoints", "story point", "size", "effort", "sp"}
	dependencyKeys = []string{"dependencies", "depends on", "dependson", "blocked by", "depends"}
)

func checkPO011(p *lint.Pass) {
	d := p.Doc
	status := lint.ItemStatus(d)
	if !lint.IsReady(p.Config, status) {
		return
	}
	report := func(sev lint.Severity, msg string) {
		if f, ok := d.Header.Get("status", "state"); ok && f.Line > 0 {
			reportField(p, d, f, sev, msg)
			return
		}
		reportDoc(p, d, sev, msg)
	}
	if d.Kind == lint.KindEpic {
		report(lint.SeverityWarning, `an epic is marked "`+status+`": epics are not selected into a Sprint; split it into ready stories`)
		return
	}
	var missing []string
	if isStory(p.Universe, d) {
		if _, _, ok := isWellFormedStory(p.Universe, d); !ok {
			missing = append(missing, `a well-formed story sentence (PO001)`)
		}
	}
	if !hasAcceptanceCriteria(d) && (d.Kind != lint.KindBug || !sectionHasContent(d, lint.ConceptExpected)) {
		missing = append(missing, "acceptance criteria (PO003)")
	}
	if len(missing) > 0 {
		report(lint.SeverityWarning, `item is marked "`+status+`" but lacks `+strings.Join(missing, " and ")+`: refine it or set it back`)
	}
	poCheckEstimate(p, d, status, report)
	poCheckDependencies(p, d, report)
}

func poCheckEstimate(p *lint.Pass, d *lint.Doc, status string, report func(lint.Severity, string)) {
	f, ok := d.Header.Get(estimateKeys...)
	if !ok || strings.TrimSpace(f.Value) == "" || lint.IsPlaceholder(f.Value) {
		report(lint.SeverityWarning, `item is marked "`+status+`" but has no estimate: add "estimate:" (points or size)`)
		return
	}
	max := p.IntOption("story-points-max")
	if n, err := strconv.ParseFloat(strings.TrimSpace(f.Value), 64); err == nil && max > 0 && n > float64(max) {
		reportField(p, d, f, lint.SeverityWarning, "estimate "+strings.TrimSpace(f.Value)+" is above "+strconv.Itoa(max)+" points: split the item before it is ready")
	}
}

func poCheckDependencies(p *lint.Pass, d *lint.Doc, report func(lint.Severity, string)) {
	f, ok := d.Header.Get(dependencyKeys...)
	if !ok {
		return
	}
	for _, dep := range f.Values {
		dep = strings.Trim(strings.TrimSpace(dep), `"'[]`)
		if dep == "" {
			continue
		}
		target := poResolveItem(p.Universe, d, dep)
		if target == nil {
			reportField(p, d, f, lint.SeverityWarning, `dependency "`+dep+`" names no existing item: fix the id or remove it`)
			continue
		}
		if !poIsClosed(p.Config, target) {
			reportField(p, d, f, lint.SeverityNote, `ready but blocked: dependency `+poItemRef(target)+` is not done`)
		}
	}
}

// poResolveItem finds the item a dependency names, by id or path.
func poResolveItem(u *lint.Universe, from *lint.Doc, ref string) *lint.Doc {
	if u == nil {
		return nil
	}
	if ds := u.ByID(ref); len(ds) > 0 {
		return ds[0]
	}
	if d, ok := u.ResolveRef(from, ref); ok && d != nil {
		return d
	}
	return nil
}
