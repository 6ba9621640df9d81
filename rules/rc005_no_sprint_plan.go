package rules

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// RC005 pm-doc-no-sprint-plan.
var RC005 = &lint.Rule{
	ID:        "RC005",
	Name:      "pm-doc-no-sprint-plan",
	Set:       lint.SetRC,
	Kinds:     []lint.Kind{lint.KindSpec, lint.KindVision},
	Severity:  lint.SeverityWarning,
	Precision: lint.PrecisionHeuristic,
	Title:     "Specs do not prescribe sprint-level tasks, estimates or assignees",
	Doc: `The Sprint Backlog, the task plan and the sizing belong to the Developers, and the ordering of items to
the Product Owner (Scrum Guide); the PM's content authority stops at features and specs (SAFe); QUS
warns against prescribing solutions. A spec that carries a sprint task list duplicates the backlog,
goes stale, and takes decisions that are not the PM's.

What is checked in specs and vision documents:

- (a) a heading about sprints ("Sprint 14", "Sprint backlog", "Sprint plan", "Sprint 3 tasks"):
  warning at the heading. A task heading ("Tasks", "Subtasks", "Task breakdown", "To-do", "TODOs")
  is reported only when its section holds a task list (three or more list items, or two or more
  checkbox items): a "## TODO" paragraph about an open design question is not a sprint plan.
- (b) five or more checkbox items under one heading that read as engineering tasks — an imperative
  verb first (add, implement, create, migrate, refactor, wire, …) and a code artefact named (endpoint,
  migration, table, class, PR, unit test, handler, a code span, …): one warning at the heading.
  Reading chosen for fewer false alarms: lists in a delivery section (Action Plan, Implementation,
  Implementation Plan, Rollout, Release Plan, Milestones, …) are the release-level delivery plan
  that PM012 asks for — Prometheus proposals keep theirs under "## Action Plan" — and are not
  reported by (b); neither are KEP governance checklists (Release Signoff Checklist, Production
  Readiness Review).
- (c) a checkbox item that carries a per-line estimate ("(3 sp)", "5 pts", "(4h)") or an assignee
  ("@dave"): warning at the item, wherever the list is (delivery sections included, governance
  checklists excluded) — sizing and assignment are sprint planning.

Fix: keep features, scope and the release plan in the spec; move the tasks to the backlog (one item
each, linking up with spec:) and link the epic from the spec.

Silence one finding with <!-- rolelint-disable-next-line RC005 -- reason --> on the line above.`,
	Bad: `## Sprint 14 tasks
- [ ] Add /v2/guest endpoint (3 sp, @dave)`,
	Good: `## Key Features
- Guests can pay without an account.

Delivery: epic [EP-3](../../backlog/ep-3.md).`,
	Check: rcCheckNoSprintPlan,
}

var (
	rcSprintHeading = regexp.MustCompile(`^sprint\b|\bsprint (?:\d+|backlog|plan|planning|tasks|breakdown|board)\b`)
	rcTaskHeading   = regexp.MustCompile(`^(?:tasks?|sub ?tasks?|task breakdown|task list|to ?do|to ?dos|work breakdown|(?:engineering|dev|development|implementation) tasks)$`)
	rcGovHeading    = regexp.MustCompile(`release signoff checklist|release sign off checklist|production readiness|\bprr\b`)
	rcTaskVerb      = regexp.MustCompile(`(?i)^(?:add|implement|create|build|write|update|remove|delete|refactor|migrate|fix|wire|expose|extend|rename|move|configure|set up|setup|deploy|integrate|replace|introduce|bump|upgrade|port|split|merge|modify|change|drop|clean up|cleanup|hook up|instrument|test|document|define|make)\b`)
	rcTaskArtefact  = regexp.MustCompile("(?i)`|\\b(?:endpoints?|api|migrations?|tables?|columns?|schemas?|class(?:es)?|functions?|methods?|structs?|interfaces?|modules?|packages?|prs?|pull requests?|unit tests?|tests?|integration tests?|e2e|handlers?|controllers?|services?|components?|scripts?|ci|pipelines?|config|feature flags?|flags?|fields?|index(?:es)?|query|queries|database|db|repo|repository|library|cli|commands?|parsers?|encoders?|ui|pages?|buttons?|forms?|models?|jobs?|cron|queues?|dockerfile|helm chart|yaml|json|code|sdk|client|server)\\b")
	rcTaskEstimate  = regexp.MustCompile(`(?i)[(\[,]\s*\d+(?:\.\d+)?\s?(?:sp|pts?|points?|story points?|h|hrs?|hours?|d|days?)\b|\b\d+(?:\.\d+)?\s?(?:sp|pts|story points)\b|\b\d+(?:\.\d+)?\s?(?:h|hrs?|hours?|points?)\s*[)\]]?\s*$`)
	rcTaskAssignee  = regexp.MustCompile(`(?:^|[\s(\[,])@[A-Za-z0-9][\w-]*`)
	rcTaskMarkup    = regexp.MustCompile(`^(?:#\d+\s+|\*\*|__)+`)
)

func rcCheckNoSprintPlan(p *lint.Pass) {
	d := p.Doc
	if rcIsRedirectStub(d) {
		return
	}
	for _, h := range d.Headings {
		if h.Line == d.TitleLine || rcInGovernance(h) {
			continue
		}
		switch {
		case rcSprintHeading.MatchString(h.Norm):
			reportAt(p, d, h.Line, 1, lint.SeverityWarning, fmt.Sprintf("heading %s plans a sprint: sprint tasks belong to the Developers' sprint backlog; keep features and the release plan here and link the epic", rcQuote(h.Text)))
		case rcTaskHeading.MatchString(h.Norm) && rcHoldsTaskList(d, h):
			reportAt(p, d, h.Line, 1, lint.SeverityWarning, fmt.Sprintf("section %s is a task list: move the tasks to the backlog as items that link up to this spec", rcQuote(h.Text)))
		}
	}
	rcReportEngineeringChecklists(p, d)
	for _, li := range d.ListItems {
		if !li.Task || rcInGovernance(li.Heading) {
			continue
		}
		if m := rcTaskEstimate.FindString(li.Text); m != "" {
			reportAt(p, d, li.Line, li.Col, lint.SeverityWarning, fmt.Sprintf("task item carries an estimate (%s): sizing belongs to the Developers; move the task to the backlog", strings.Trim(m, " ([,)]")))
		} else if m := rcTaskAssignee.FindString(li.Prose); m != "" {
			reportAt(p, d, li.Line, li.Col, lint.SeverityWarning, fmt.Sprintf("task item is assigned (%s): assignment is sprint planning; move the task to the backlog", strings.Trim(m, " ([,")))
		}
	}
}

// rcHoldsTaskList reports whether a section holds a list worth calling a plan.
func rcHoldsTaskList(d *lint.Doc, h *lint.Heading) bool {
	items, boxes := 0, 0
	for _, li := range d.ItemsIn(h) {
		items++
		if li.Task {
			boxes++
		}
	}
	return items >= 3 || boxes >= 2
}

// rcReportEngineeringChecklists reports, once per heading, five or more
// checkbox items that read as engineering tasks, outside delivery sections.
func rcReportEngineeringChecklists(p *lint.Pass, d *lint.Doc) {
	count := map[*lint.Heading]int{}
	var order []*lint.Heading
	firstLine := map[*lint.Heading]int{}
	for _, li := range d.ListItems {
		if !li.Task || rcInGovernance(li.Heading) || rcInDeliverySection(li.Heading) {
			continue
		}
		if !rcReadsAsEngineeringTask(li.Text) {
			continue
		}
		if _, ok := count[li.Heading]; !ok {
			order = append(order, li.Heading)
			firstLine[li.Heading] = li.Line
		}
		count[li.Heading]++
	}
	for _, h := range order {
		if count[h] < 5 {
			continue
		}
		line, where := firstLine[h], "this section"
		if h != nil {
			line, where = h.Line, rcQuote(h.Text)
		}
		reportAt(p, d, line, 1, lint.SeverityWarning, fmt.Sprintf("%s lists %d engineering tasks: tasks belong to the backlog; state features and the release plan here and link the epic", where, count[h]))
	}
}

func rcReadsAsEngineeringTask(text string) bool {
	t := strings.TrimSpace(rcTaskMarkup.ReplaceAllString(strings.TrimSpace(text), ""))
	return rcTaskVerb.MatchString(t) && rcTaskArtefact.MatchString(t)
}

func rcInGovernance(h *lint.Heading) bool {
	for x := h; x != nil; x = x.Parent {
		if rcGovHeading.MatchString(x.Norm) {
			return true
		}
	}
	return false
}
