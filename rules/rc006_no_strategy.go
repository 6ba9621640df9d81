package rules

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// RC006 po-item-no-strategy.
var RC006 = &lint.Rule{
	ID:        "RC006",
	Name:      "po-item-no-strategy",
	Set:       lint.SetRC,
	Kinds:     rcItemKinds,
	Severity:  lint.SeverityWarning,
	Precision: lint.PrecisionLexical,
	Title:     "Backlog items link to strategy instead of restating or redefining it",
	Doc: `Vision, strategy, roadmap, market research, pricing and KPIs are Product Manager territory. An item
that restates them drifts from the PM's source of truth; an item should link up (RC003) to the spec
or goal that holds them.

What is checked in items (epics included):

- a heading about strategy: Vision, Product vision, Strategy, Product/Business/Pricing/Go-to-market
  strategy, Roadmap, Product roadmap, Market analysis/research, Competitive (competitor) analysis,
  Pricing (…), Positioning, Business case, OKRs, North star. Engineering headings are not reported:
  "Testing strategy", "Migration strategy", "Design vision" or "Tooltip positioning" describe how the
  work is done, not what the product aims at;
- a header product_goal, vision or strategy whose value is prose (four words or more) rather than a
  link, a path or an id;
- a KPI target defined in the item ("KPI: … 12 %", "target: 40 %") that the spec or goal it links up
  to does not state (the same percentage does not appear there): warning at the line.

Fix: move the strategy text to the spec or vision document and link it (spec: docs/prd/x.md,
product_goal: "[Self-serve checkout](docs/strategy/product-goal.md)").

Silence one finding with <!-- rolelint-disable-next-line RC006 -- reason --> on the line above.`,
	Bad: `---
id: task-61
title: Premium tier
---
# task-61 Premium tier

## Pricing strategy
Charge 20 % more than the competition.`,
	Good: `---
id: task-61
title: Premium tier
spec: docs/prd/premium-tier.md
---
# task-61 Premium tier

## Acceptance Criteria
- [ ] The premium plan appears on the plans page with the price from the PRD.`,
	CheckAll: rcCheckNoStrategy,
}

var (
	rcStrategyHeading = regexp.MustCompile(`^(?:product |business |pricing |market |go to market |gtm |company |corporate )?(?:vision|strategy)$|` +
		`^(?:product |business )?roadmap$|\bmarket (?:analysis|research|sizing|opportunity)\b|` +
		`\bcompetit(?:ive|ion|or|ors) (?:analysis|landscape|research)\b|^pricing\b|\bpricing (?:strategy|model|tiers?)\b|` +
		`^(?:market |product |brand )?positioning$|\bbusiness case\b|^okrs?\b|\bokrs\b|\bnorth star\b`)
	rcStrategyKeys = map[string]bool{"product goal": true, "vision": true, "strategy": true}
	rcKpiTarget    = regexp.MustCompile(`(?i)\b(?:kpis?|okrs?|north star)\b[^.\n]*?(\d+(?:[.,]\d+)?\s?%)|\btarget\s*:[^\n]*?(\d+(?:[.,]\d+)?\s?%)`)
	rcProseWords   = regexp.MustCompile(`[\p{L}\p{N}'-]+`)
)

// rcStrategyWords holds, for each branch of rcStrategyHeading, a word that
// every match of the branch contains; headings without any skip the regexp.
var rcStrategyWords = []string{"vision", "strategy", "roadmap", "market", "competit", "pricing",
	"positioning", "business case", "okr", "north star"}

func rcMayBeStrategy(norm string) bool {
	for _, w := range rcStrategyWords {
		if strings.Contains(norm, w) {
			return true
		}
	}
	return false
}

func rcCheckNoStrategy(p *lint.Pass) {
	u := p.Universe
	var idx *rcIdIndex // built only when an item states a KPI target
	for _, d := range u.Docs {
		// Every finding is about d itself: documents out of scope cost nothing.
		if !slices.Contains(rcItemKinds, d.Kind) || !u.DocInScope(d) {
			continue
		}
		for _, h := range d.Headings {
			if h.Line == d.TitleLine || h.Bold {
				continue
			}
			if rcMayBeStrategy(h.Norm) && rcStrategyHeading.MatchString(h.Norm) {
				reportAt(p, d, h.Line, 1, lint.SeverityWarning, fmt.Sprintf("heading %s restates strategy in a backlog item: strategy belongs to the PM's spec or vision; link it instead (spec:, product_goal:)", rcQuote(h.Text)))
			}
		}
		for _, f := range d.Header.Fields {
			if rcStrategyKeys[f.Norm] && rcIsProse(f.Value) {
				reportField(p, d, f, lint.SeverityWarning, fmt.Sprintf("%s restates strategy as prose: link the product goal or vision document instead of copying it", f.Key))
			}
		}
		rcCheckKPITargets(p, d, &idx)
	}
}

// rcIsProse reports whether a header value is a sentence rather than a
// reference: four or more words and no link, path, URL or wikilink.
func rcIsProse(v string) bool {
	v = strings.TrimSpace(v)
	if v == "" || strings.Contains(v, "](") || strings.Contains(v, "[[") || strings.Contains(v, "://") {
		return false
	}
	ref, _ := rcRefOf(v)
	if rcLooksLikePath(ref) || rcLooksLikeID(ref) {
		return false
	}
	return len(rcProseWords.FindAllString(v, -1)) >= 4
}

func rcCheckKPITargets(p *lint.Pass, d *lint.Doc, idx **rcIdIndex) {
	type line struct {
		n    int
		text string
	}
	// Both forms of rcKpiTarget end in a percentage: only texts with a % are
	// kept for the regexp (most items have none).
	var lines []line
	for _, li := range d.ListItems {
		if strings.Contains(li.Text, "%") {
			lines = append(lines, line{li.Line, li.Text})
		}
	}
	for _, pa := range d.Paragraphs {
		if strings.Contains(pa.Text, "%") {
			lines = append(lines, line{pa.Line, pa.Text})
		}
	}
	for _, f := range d.Header.Fields {
		if f.File == "" && (strings.Contains(f.Key, "%") || strings.Contains(f.Value, "%")) {
			lines = append(lines, line{f.Line, f.Key + ": " + f.Value})
		}
	}
	var upSrc []string
	loaded := false
	for _, l := range lines {
		m := rcKpiTarget.FindStringSubmatch(l.text)
		if m == nil {
			continue
		}
		pct := m[1]
		if pct == "" {
			pct = m[2]
		}
		if !loaded {
			if *idx == nil {
				*idx = rcNewIDIndex(p.Universe)
			}
			for _, ul := range rcUpLinks(p.Universe, *idx, d) {
				if ul.Target != nil && ul.Target != d {
					upSrc = append(upSrc, lint.Fact(p.Universe, ul.Target, rcPctFact))
				}
			}
			loaded = true
		}
		if rcStatedIn(pct, upSrc) {
			continue
		}
		reportAt(p, d, l.n, 1, lint.SeverityWarning, fmt.Sprintf("item defines a KPI target (%s) that the spec or goal it links up to does not state: set targets in the spec and link it", pct))
	}
}

// rcPctFact is a document's percentages, as rcStatedIn compares them: the
// source normalised with rcPctNorm, reduced to the run of digits and points
// before each "%" (a percentage matches the end of one of them, as it
// matched the whole text before). Items give the whole file's.
const rcPctFact = "rc.pct"

func init() {
	lint.RegisterFact(rcPctFact, func(_ *lint.Universe, d *lint.Doc) string {
		return rcPercentages(d.Src)
	})
}

// rcPercentages is rcPctFact's value for src. It reads each run backwards
// from its "%" in src itself, skipping what rcPctNorm drops and reading a
// comma as a point, instead of normalising a copy of the whole source (the
// items of a backlog file share its source and each computes this).
func rcPercentages(src []byte) string {
	var b strings.Builder
	var run []byte
	for i := bytes.IndexByte(src, '%'); i >= 0; {
		run = run[:0]
	back:
		for j := i; j > 0; {
			switch c := src[j-1]; {
			case c >= '0' && c <= '9' || c == '.':
				run = append(run, c)
				j--
			case c == ',':
				run = append(run, '.')
				j--
			case c == ' ':
				j--
			case c == 0xa0 && j >= 2 && src[j-2] == 0xc2: // U+00A0
				j -= 2
			default:
				break back
			}
		}
		if len(run) > 0 {
			slices.Reverse(run)
			b.Write(run)
			b.WriteString("% ")
		}
		k := bytes.IndexByte(src[i+1:], '%')
		if k < 0 {
			break
		}
		i += 1 + k
	}
	return b.String()
}

// rcPctNorm drops spacing and reads a decimal comma as a point, so that
// "12,5 %" and "12.5%" compare equal.
var rcPctNorm = strings.NewReplacer(" ", "", "\u00a0", "", ",", ".")

// rcStatedIn reports whether a percentage appears in any of the sources
// (spacing and decimal comma ignored).
// srcs are already normalised with rcPctNorm.
func rcStatedIn(pct string, srcs []string) bool {
	want := rcPctNorm.Replace(pct)
	for _, s := range srcs {
		if strings.Contains(s, want) {
			return true
		}
	}
	return false
}
