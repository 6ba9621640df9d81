package rules

import (
	"regexp"
	"sort"
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// PO005 checks that each acceptance criterion is a complete, single check.
var PO005 = &lint.Rule{
	ID:        "PO005",
	Name:      "acceptance-criteria-shape",
	Set:       lint.SetPO,
	Kinds:     []lint.Kind{lint.KindStory, lint.KindBug, lint.KindTask},
	Severity:  lint.SeverityWarning,
	Precision: lint.PrecisionHeuristic,
	Title:     "Each acceptance criterion is a complete, single check",
	Doc: `A criterion is accepted or rejected as a whole. A Gherkin scenario without "Then" has no expected,
observable outcome; a checklist item that bundles two outcomes ("shows X and sends Y") cannot be half
accepted; a criterion that only repeats the story's means adds no test. See ISO/IEC/IEEE 29148 "singular"
and "verifiable", INCOSE GtWR R18 (single thought), Gherkin's Given/When/Then and EARS clause order.

What is checked in the acceptance-criteria sections and Backlog.md AC blocks found by PO003:
(a) every Gherkin scenario — in a fenced gherkin/feature block, or written as list items or paragraphs
starting with Given/When/Then (bold or not) — has at least one Then and at least one Given or When; a
Scenario Outline/Template has an Examples (or Scenarios) table. A lone list item such as "When offline, the
app shows a banner" is an EARS sentence, not an incomplete scenario: list Gherkin is judged only when it has
a Given or Then line or two steps or more.
(b) a list item joins two outcomes: after " and " or "; " comes a new outcome verb ("sends", "must",
"is", ...) opening a clause of three words or more, while the part before has an outcome verb too.
"When X, the app does Y" list items are EARS sentences and complete. Items in EARS "If/When … then …" form are exempt, and two
imperative task steps ("Add X and update Y") are left alone: they are work steps, not outcomes.
(c) in a story, a criterion whose words are just the story's means.

Fix: add the missing Then (or Given/When, or Examples); split a double item into two; state the observable
result instead of repeating the story. Silence with ` + "`<!-- rolelint-disable-next-line PO005 -- reason -->`" + `.`,
	Bad: "```gherkin\nScenario: Guest pays\n  Given a cart with two items\n  When I pay as a guest\n```",
	Good: "```gherkin\nScenario: Guest pays\n  Given a cart with two items\n  When I pay as a guest\n" +
		"  Then an order confirmation with an order number is shown\n```",
	Check: checkPO005,
}

var (
	gherkinScenario = regexp.MustCompile(`(?i)^\s*(?:\*\*|__)?\s*(scenario outline|scenario template|scenario|example)\s*:`)
	gherkinStep     = regexp.MustCompile(`(?i)^\s*(?:[-*+]\s+)?(?:\[[ xX]\]\s+)?(?:#\d+\s+)?(?:\*\*|__)?\s*(given|when|then|and|but)\b`)
	gherkinExamples = regexp.MustCompile(`(?i)^\s*(?:\*\*|__)?\s*(examples|scenarios)\s*:`)
	gherkinBackgr   = regexp.MustCompile(`(?i)^\s*(?:\*\*|__)?\s*background\s*:`)
	inlineThen      = newWordRe(`(?i)`, `then\b`, "t")
	inlineGivenWhen = newWordRe(`(?i)`, `(given|when)\b`, "gw")
	earsClause      = regexp.MustCompile(`^[^,]+,\s*\S+\s+\S+`)
	earsIfThen      = regexp.MustCompile(`(?i)^\s*(if|when|while|where|once|after|given)\b.*\bthen\b`)
)

// scenario accumulates the steps of one Gherkin scenario.
type gherkinScn struct {
	line                int
	outline             bool
	steps               int
	given, when, then   bool
	examples            bool
	explicit            bool // started by a Scenario: line or in a fenced block
	last                string
	backgroundGivenWhen bool
}

func (s *gherkinScn) add(kw, text string) {
	s.steps++
	switch kw {
	case "and", "but":
		kw = s.last
	}
	switch kw {
	case "given":
		s.given = true
	case "when":
		s.when = true
	case "then":
		s.then = true
	}
	if kw != "" {
		s.last = kw
	}
	if kw != "then" && inlineThen.MatchString(text) {
		s.then = true
	}
}

// complete reports what the scenario lacks ("" when nothing).
func (s *gherkinScn) lacks() string {
	switch {
	case !s.then:
		return `a "Then" step (the expected, observable outcome)`
	case !s.given && !s.when && !s.backgroundGivenWhen:
		return `a "Given" or "When" step`
	case s.outline && !s.examples:
		return `an "Examples:" table for the outline`
	}
	return ""
}

// poSourceLine is one line of criteria text with its line number.
type poSourceLine struct {
	line int
	text string
}

func checkPO005(p *lint.Pass) {
	d := p.Doc
	var storyParts *storyParts
	if _, parts, ok := wellFormedStoryOf(p); ok {
		storyParts = &parts
	}
	for _, b := range acBlocks(d) {
		if b.Field != nil {
			continue
		}
		for _, c := range acGherkin(d, b) {
			var lines []poSourceLine
			for i, t := range strings.Split(c.Text, "\n") {
				lines = append(lines, poSourceLine{c.Line + 1 + i, t})
			}
			reportScenarios(p, d, gherkinScenarios(lines, true))
		}
		var lines []poSourceLine
		items := acItems(d, b)
		for _, li := range items {
			lines = append(lines, poSourceLine{li.Line, li.Text})
		}
		for _, para := range acParagraphs(d, b) {
			lines = append(lines, poSourceLine{para.Line, para.Text})
		}
		sort.SliceStable(lines, func(i, j int) bool { return lines[i].line < lines[j].line })
		reportScenarios(p, d, gherkinScenarios(lines, false))
		for _, li := range items {
			if gherkinStep.MatchString(li.Text) || !isCriterionText(li.Text) {
				continue
			}
			if compoundOutcome(li.Prose) {
				p.ReportAt(d, li.Line, li.Col, "acceptance criterion joins two outcomes: split it into one item per observable result")
				continue
			}
			if storyParts != nil && repeatsMeans(li.Prose, storyParts.Means) {
				p.ReportAt(d, li.Line, li.Col, "acceptance criterion only repeats the story's means: state the observable result that proves it")
			}
		}
	}
}

func reportScenarios(p *lint.Pass, d *lint.Doc, scs []*gherkinScn) {
	for _, s := range scs {
		if what := s.lacks(); what != "" {
			p.ReportAt(d, s.line, 1, "Gherkin scenario has no "+strings.TrimPrefix(strings.TrimPrefix(what, "a "), "an ")+": add "+what)
		}
	}
}

// gherkinScenarios groups lines into scenarios. In a fenced block every step
// belongs to a scenario; in lists and paragraphs only runs of step lines
// (and lines after a Scenario: line) do, and a run that is a lone When/And
// line is an EARS sentence, not a scenario.
func gherkinScenarios(lines []poSourceLine, fenced bool) []*gherkinScn {
	var out []*gherkinScn
	var cur *gherkinScn
	background := false
	flush := func() {
		if cur != nil && cur.steps > 0 && (cur.explicit || cur.given || cur.then || cur.steps >= 2) {
			out = append(out, cur)
		}
		cur = nil
	}
	for _, l := range lines {
		t := strings.TrimSpace(l.text)
		// each keyword regexp runs once: the submatch is the test
		if gherkinBackgr.MatchString(t) {
			flush()
			background = true
			continue
		}
		if m := gherkinScenario.FindStringSubmatch(t); m != nil {
			flush()
			kw := strings.ToLower(m[1])
			cur = &gherkinScn{line: l.line, outline: kw != "scenario" && kw != "example", explicit: true, backgroundGivenWhen: background}
			continue
		}
		if gherkinExamples.MatchString(t) {
			if cur != nil {
				cur.examples = true
			}
			continue
		}
		if m := gherkinStep.FindStringSubmatch(t); m != nil {
			kw := strings.ToLower(m[1])
			if background && cur == nil {
				continue // Background steps are shared context
			}
			if cur == nil {
				cur = &gherkinScn{line: l.line, explicit: fenced}
			}
			cur.add(kw, t)
			if !fenced && (kw == "when" || kw == "given") && strings.Contains(t, ",") && earsClause.MatchString(t) {
				cur.then = true // "When X, the system does Y": an EARS sentence, complete on its own
			}
			if kw == "given" || kw == "when" {
				if inlineGivenWhen.MatchString(t) && inlineThen.MatchString(t) {
					cur.then = true
				}
			}
			continue
		}
		switch {
		case t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "|") || strings.HasPrefix(t, "@") || strings.HasPrefix(t, `"""`):
			// comments, tables, tags and doc strings belong to the current scenario
		case gherkinFeature.MatchString(t):
			flush()
		default:
			if !fenced {
				flush()
			}
		}
	}
	flush()
	return out
}

var gherkinFeature = regexp.MustCompile(`(?i)^\s*(feature|rule)\s*:`)

// outcomeVerbs are verbs that state an observable outcome, in the third
// person, plus modals and copulas that open a new predicate.
var outcomeVerbs = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`must shall should will can cannot can't won't is are was were becomes
		shows displays sends returns creates updates deletes removes saves stores logs redirects notifies
		opens closes renders loads lists exports imports adds sets writes prints exits emits triggers
		calls includes contains accepts rejects validates requires supports allows prevents blocks
		keeps preserves persists reports appears disappears receives gets starts stops runs fails
		passes handles respects honors honours resolves marks moves copies downloads uploads generates
		produces replaces renames clears resets refreshes reloads retries skips hides highlights
		focuses navigates scrolls selects sorts filters groups reads parses matches appends prepends
		links syncs commits pushes pulls merges warns throws raises disables enables
		expires ends lands leaves redirects responds outputs counts shows`) {
		outcomeVerbs[w] = true
	}
}

var (
	andSplit      = regexp.MustCompile(`\s+and\s+|;\s+`)
	rightOpeners  = map[string]bool{"it": true, "also": true, "then": true, "they": true}
	wordTokenTrim = ".,:;!?\"'()[]`*_"
)

// compoundOutcome reports whether an item states two outcomes joined by
// "and" or ";": the part after the joint starts with an outcome verb (after
// "it"/"also"/"then") and the part before has an outcome verb too.
func compoundOutcome(prose string) bool {
	if earsIfThen.MatchString(prose) {
		return false
	}
	prose = backlogNumber.ReplaceAllString(prose, "")
	for _, m := range andSplit.FindAllStringIndex(prose, -1) {
		left, right := prose[:m[0]], prose[m[1]:]
		if poWordCount(left) < 2 || poWordCount(right) < 2 {
			continue
		}
		lt := strings.Fields(strings.ToLower(left))
		if outcomeVerbs[strings.Trim(lt[len(lt)-1], wordTokenTrim)] {
			continue // "reads and writes X": two verbs sharing one object are one capability
		}
		rt := strings.Fields(strings.ToLower(right))
		i := 0
		for i < len(rt)-1 && rightOpeners[strings.Trim(rt[i], wordTokenTrim)] {
			i++
		}
		if !outcomeVerbs[strings.Trim(rt[i], wordTokenTrim)] || len(rt)-i < 3 {
			continue // a short tail ("and renders correctly") rarely is a second check
		}
		for _, w := range strings.Fields(strings.ToLower(left)) {
			if outcomeVerbs[strings.Trim(w, wordTokenTrim)] {
				return true
			}
		}
	}
	return false
}

// repeatsMeans reports whether a criterion's content words are exactly the
// story means' content words.
func repeatsMeans(item, means string) bool {
	a, b := poContentWords(backlogNumber.ReplaceAllString(item, "")), poContentWords(means)
	return a != "" && b != "" && a == b
}
