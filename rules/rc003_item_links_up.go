package rules

import (
	"fmt"

	"github.com/rolelint/rolelint/lint"
)

var rcItemKinds = []lint.Kind{lint.KindEpic, lint.KindStory, lint.KindBug, lint.KindTask}

// RC003 item-links-up.
var RC003 = &lint.Rule{
	ID:        "RC003",
	Name:      "item-links-up",
	Set:       lint.SetRC,
	Kinds:     rcItemKinds,
	Severity:  lint.SeverityWarning,
	Precision: lint.PrecisionHigh,
	Title:     "Every backlog item traces up to an epic, spec or product goal",
	Doc: `The Product Goal is the commitment of the Product Backlog and items exist to move towards it (Scrum
Guide); SAFe decomposes features into stories; Backlog.md has parent_task_id and milestone for exactly
this; QUS asks for explicit relations. An item nobody can trace to a goal is work without a why.

What counts as a link up (any one is enough):

- a non-empty header value under epic, parent, parent_task_id, parent epic, milestone, feature, spec,
  prd, goal or product_goal (YAML front matter, "- **Epic:** …" bullets, "Key: value" lines);
- a link inside a Parent / Epic / Related spec / Links / References section;
- a [[wikilink]] anywhere in the item (Obsidian Kanban cards), or a todo.txt +project in the title;
- a product_goal (or goal) in the backlog file's front matter or in the front matter of the nearest
  README.md/index.md up the folder tree, inherited by every item.

When the value can be resolved it is checked:

- a path or relative link whose target does not exist in the repository: error "broken link", at the
  field or the link;
- an id (task-50, BACK-7.1, US-12) that matches no document: warning. Ids are matched
  case-insensitively and without zero padding (TASK-050 = task-50), and, when a project renamed its id
  prefix (Backlog.md: task- became back-), by number among the items;
- epic:, parent:, spec: and the other keys pointing at a story: warning — a story is not an epic,
  spec or goal. An epic whose parent is a story, task or bug gets the same warning. The subtask
  relation parent_task_id (Backlog.md) may point at any item: breaking a story or a parent task into
  subtasks is ordinary decomposition, and the parent is checked on its own.
- milestone, feature, goal and product_goal values that are names ("M2 - CLI Kanban Board", m-1) are
  accepted without resolving.

Not checked: items in archive/ or drafts/ folders (outside the live backlog).

Fix: add parent_task_id: / epic: / spec: naming the epic or spec the item serves, or a milestone:,
or give the backlog a product_goal: in its front matter.

Silence one finding with <!-- rolelint-disable-next-line RC003 -- reason --> on the line above.`,
	Bad: `---
id: task-57
title: Add CSV export
---
# task-57 Add CSV export`,
	Good: `---
id: task-57
title: Add CSV export
parent_task_id: task-50   # task-50 is an epic with spec: docs/prd/reporting.md
---
# task-57 Add CSV export`,
	CheckAll: rcCheckItemLinksUp,
}

func rcCheckItemLinksUp(p *lint.Pass) {
	u := p.Universe
	var items []*lint.Doc
	for _, d := range u.Docs {
		if !d.Kind.IsItem() { // rcItemKinds
			continue
		}
		if !u.DocInScope(d) && rcFieldsAllInDoc(d) {
			continue // every finding would be on d, which the run does not report on
		}
		if rcOutOfBacklog(d) {
			continue
		}
		items = append(items, d)
	}
	if len(items) == 0 {
		return
	}
	idx := rcIDIndexFor(u, items)
	for _, d := range items {
		links := rcUpLinks(u, idx, d)
		if len(links) == 0 {
			reportDoc(p, d, lint.SeverityWarning, rcNoUpLinkMessage(d))
			continue
		}
		for _, l := range links {
			if l.Inherited {
				continue
			}
			rcCheckUpLink(p, d, l)
		}
	}
}

func rcNoUpLinkMessage(d *lint.Doc) string {
	if d.Kind == lint.KindEpic {
		return "epic does not link up: add `spec:` (the spec it delivers) or `product_goal:` (the goal it serves)"
	}
	return fmt.Sprintf("%s does not link up: add `parent_task_id:`, `epic:` or `spec:` naming the epic or spec it serves, or a `milestone:`", d.Kind)
}

func rcCheckUpLink(p *lint.Pass, d *lint.Doc, l rcUpLink) {
	switch {
	case l.Broken:
		rcReportUpLink(p, d, l, lint.SeverityError, fmt.Sprintf("broken link: %s does not exist in the repository; point it at the epic or spec this %s serves", rcQuote(l.Value), d.Kind))
	case l.Unknown:
		rcReportUpLink(p, d, l, lint.SeverityWarning, fmt.Sprintf("%s matches no item or document in the repository: fix the id or link the epic or spec directly", rcQuote(l.Value)))
	case l.Target != nil && l.Target != d && !rcSubtaskKeys[l.Key] && !rcUpTargetFits(d, l.Target):
		rcReportUpLink(p, d, l, lint.SeverityWarning, fmt.Sprintf("links up to %s %s, not to an epic, spec or goal: link the epic or spec it belongs to", l.Target.Kind, rcDocName(l.Target)))
	}
}

// rcSubtaskKeys are Backlog.md's subtask relation: a subtask may hang under
// any item (tasks under a story are ordinary decomposition); the parent is
// checked on its own.
var rcSubtaskKeys = map[string]bool{"parent task id": true, "parent task": true}

// rcUpTargetFits reports whether an up-link target is something an item may
// hang under. Stories never parent; epics hang under specs, goals and vision.
func rcUpTargetFits(d, t *lint.Doc) bool {
	if t.Kind == lint.KindStory {
		return false
	}
	if d.Kind == lint.KindEpic && t.Kind.IsItem() && t.Kind != lint.KindEpic {
		return false
	}
	return true
}

func rcReportUpLink(p *lint.Pass, d *lint.Doc, l rcUpLink, sev lint.Severity, msg string) {
	if l.Link != nil {
		reportAt(p, d, l.Link.Line, l.Link.Col, sev, msg)
		return
	}
	reportField(p, d, l.Field, sev, msg)
}
