package rules

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// PM004 checks that a spec defines success with measurable metrics.
var PM004 = &lint.Rule{
	ID:        "PM004",
	Name:      "spec-success-metrics-measurable",
	Set:       lint.SetPM,
	Kinds:     []lint.Kind{lint.KindSpec},
	Severity:  lint.SeverityError,
	Precision: lint.PrecisionHeuristic,
	Title:     "A spec defines success with measurable metrics",
	Doc: "Success metrics and KPIs are a core Product Manager responsibility: without them nobody can say " +
		"after launch whether the spec worked. KEP Goals ask how success will be known; Yien's template asks " +
		"for measurable goals and guardrail metrics; public PRD templates ask for a baseline and a target; " +
		"Lenny's one-pager asks \"How do we know if we've solved this problem?\".\n\n" +
		"Checked: a success-metrics section (Success Metrics, Metrics, Key Metrics, KPIs, Success, Measures of " +
		"Success, Guardrail Metrics, Success Criteria; a bare \"Metrics\" heading only at the top level or under " +
		"goals, since nested in a design section it lists the metrics a system exposes) exists, or else a goals item that holds a number (the " +
		"goals then carry the metrics). In a metrics section, each top-level list item (or each paragraph " +
		"when there is no list) must hold a number — a count, percentage, threshold, duration or `baseline → " +
		"target` pair all contain one; an item without any number is reported as not measurable, naming the " +
		"vague words the lexicon finds in it (`unmeasured`, `comparative`, `subjective`: significantly, " +
		"improve, better, fast …). An item that has a number is not scanned further, to keep the rule quiet " +
		"on real metrics.\n\n" +
		"Severity: a missing metrics section is an error for PRDs (sub-kind `prd`) and a warning for " +
		"RFC-like specs (RFC, KEP, PEP, BEP, specs of unknown sub-kind); an unmeasurable item is a warning. " +
		"ADRs and Go proposals are not checked: their templates have no success section.\n\n" +
		pmSkipDoc + "\n\n" +
		"Fix: state each metric with its baseline and target and a time frame: \"conversion from 41 % to " +
		"≥ 48 % within 60 days\".\n\n" + pmSilenceDoc("PM004"),
	Bad:   "# Guest checkout\n\n## Success Metrics\n\n- Improve conversion significantly.\n",
	Good:  "# Guest checkout\n\n## Success Metrics\n\n- Guest-checkout conversion from 41 % to ≥ 48 % within 60 days of launch.\n- Refund rate stays ≤ 1.2 % (guardrail).\n",
	Check: checkPM004,
}

var pmHasNumber = regexp.MustCompile(`\d|\bzero\b`)

// pmMetricVague are the lexicon categories named in PM004 messages.
var pmMetricVague = map[string]bool{"unmeasured": true, "comparative": true, "subjective": true}

func checkPM004(p *lint.Pass) {
	d := p.Doc
	sub, ok := pmProductSpecSub(p)
	if !ok {
		return
	}
	metrics := successMetricSections(d)
	if len(metrics) == 0 {
		if pmGoalsHoldNumbers(d) {
			return
		}
		sev := lint.SeverityWarning
		if !pmIsRFCLike(sub) {
			sev = lint.SeverityError
		}
		reportDoc(p, d, sev,
			"spec defines no success metrics: add a \"## Success Metrics\" section with baseline and target values")
		return
	}
	for _, h := range metrics {
		pmCheckMetricItems(p, d, h)
	}
}

// successMetricSections returns the success-metric sections. A heading
// that is only "Metrics" counts when it is a top-level section (or sits
// under goals or success): nested in a design section it describes the
// metrics a system exposes (Prometheus, KEP monitoring), not success.
func successMetricSections(d *lint.Doc) []*lint.Heading {
	var out []*lint.Heading
	for _, h := range pmSections(d, nil, lint.ConceptMetrics) {
		if h.Norm == "metrics" && !topLevelOrUnderGoals(d, h) {
			continue
		}
		out = append(out, h)
	}
	return out
}

func topLevelOrUnderGoals(d *lint.Doc, h *lint.Heading) bool {
	for x := h.Parent; x != nil; x = x.Parent {
		if pmIsTitleHeading(d, x) {
			return true
		}
		if x.Is(lint.ConceptGoals) || x.Is(lint.ConceptMetrics) || pmGoalsLike(x.Norm) {
			continue
		}
		return false
	}
	return true
}

// pmGoalsHoldNumbers reports whether a goals item states a number.
func pmGoalsHoldNumbers(d *lint.Doc) bool {
	for _, h := range pmSections(d, pmGoalsLike, lint.ConceptGoals) {
		for _, li := range d.ItemsIn(h) {
			if pmHasNumber.MatchString(strings.ToLower(li.Prose)) {
				return true
			}
		}
	}
	return false
}

// pmMetricItem is one metric statement: a list item or a paragraph.
type pmMetricItem struct {
	line  int
	col   int
	prose string
}

func pmMetricItemsIn(d *lint.Doc, h *lint.Heading) []pmMetricItem {
	var out []pmMetricItem
	for _, li := range d.ItemsIn(h) {
		if li.Depth == 0 {
			out = append(out, pmMetricItem{li.Line, li.Col, li.Prose})
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, pg := range d.Paragraphs {
		if h.In(pg.Line) {
			out = append(out, pmMetricItem{pg.Line, 1, pg.Prose})
		}
	}
	return out
}

func pmCheckMetricItems(p *lint.Pass, d *lint.Doc, h *lint.Heading) {
	lex := lexiconFor(p.Config)
	for _, it := range pmMetricItemsIn(d, h) {
		text := strings.TrimSpace(it.prose)
		if text == "" || lint.IsPlaceholder(text) || pmHasNumber.MatchString(strings.ToLower(text)) {
			continue
		}
		var vague []string
		seen := map[string]bool{}
		for _, hit := range lex.Scan(text) {
			if pmMetricVague[hit.Category] && !seen[hit.Term] {
				seen[hit.Term] = true
				vague = append(vague, fmt.Sprintf("%q", hit.Term))
			}
		}
		msg := "success metric is not measurable: give a number — a baseline and target, threshold or time frame"
		if len(vague) > 0 {
			msg = fmt.Sprintf("success metric is not measurable (%s): replace it with a number — a baseline and target, threshold or time frame",
				strings.Join(vague, ", "))
		}
		reportAt(p, d, it.line, it.col, lint.SeverityWarning, msg)
	}
}
