package rules

import (
	"regexp"
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// PO006 checks that a story asks for one feature.
var PO006 = &lint.Rule{
	ID:        "PO006",
	Name:      "story-atomic",
	Set:       lint.SetPO,
	Kinds:     []lint.Kind{lint.KindStory},
	Severity:  lint.SeverityWarning,
	Precision: lint.PrecisionHeuristic,
	Title:     "A user story asks for one feature",
	Doc: `A story that asks for two things is two stories: it is hard to estimate, hard to accept piecemeal and
hides an ordering decision from the Product Owner (QUS "atomic", AQUSA's atomic analyzer — severity high
there; INVEST "Small").

What is checked, on stories that pass PO001: the means clause (between "I want" and "so that") contains a
conjunction from the AQUSA list — " and ", " or ", " & ", " + ", " / " — with at least two words on each side,
and the part after it starts with a verb ("… save my cart and share it …", "… and to share it …"). A list of
objects after one verb ("see the name and the price") is one feature and is not reported; neither is a
joint inside an allowed compound ("terms and conditions", "drag and drop", "read/write", the option
` + "`allow`" + ` and the configured ` + "`lexicon.allow`" + ` phrases).

Fix: split the story into one story per feature. Silence with
` + "`<!-- rolelint-disable-next-line PO006 -- reason -->`" + `.`,
	Bad:  `As a shopper, I want to save my cart and share it with a friend, so that we can decide together.`,
	Good: "Two stories: `As a shopper, I want to save my cart, so that …` and `As a shopper, I want to share my saved cart, so that …`.",
	Options: []lint.Option{{Name: "allow", Type: "[]string", Default: []string{"terms and conditions", "drag and drop", "read/write", "read and write", "copy and paste", "cut and paste", "pros and cons", "black and white", "search and replace", "find and replace", "sign in or sign up", "trial and error"},
		Doc: "compound phrases whose conjunction does not join two features"}},
	Check: checkPO006,
}

// conjunction finds the AQUSA conjunctions; "/" only with spaces around it
// (a bare "read/write" is one word).
var conjunction = regexp.MustCompile(`(?i)\s+(and|or|&|\+|/)\s+`)

// baseVerbs are verbs that start a second feature in a means clause.
var baseVerbs = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`export import share save see view edit delete create add remove update upload
		download send receive get set change manage search filter sort sign log print pay buy book cancel
		track invite assign approve reject comment rate review compare configure schedule notify subscribe
		unsubscribe reset restore archive copy move rename open close start stop run build deploy check
		verify validate select choose pick browse read write show hide display enter submit store sync link
		attach merge split publish generate calculate reconcile access use find know receive follow tag mark
		flag join leave connect disconnect enable disable block unblock register login logout navigate
		transfer withdraw deposit reorder retry undo redo preview customize customise personalize translate
		play pause stream capture scan analyze analyse monitor measure estimate prioritize collaborate discuss
		chat email contact visit explore zoom scroll refresh reload clear fill complete finish continue skip
		keep replace receive be have get make let allow provide define set apply install uninstall migrate
		convert embed pin unpin star favourite favorite bookmark like dislike vote reply forward mute
		unmute report request return plan order message call record list`) {
		baseVerbs[w] = true
	}
}

// poAllowedPhrases merges the rule option with the configured lexicon allow list.
func poAllowedPhrases(p *lint.Pass) []string {
	var out []string
	switch v := p.Option("allow").(type) {
	case []string:
		out = append(out, v...)
	case []any:
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
	}
	if p.Config != nil {
		out = append(out, p.Config.Lexicon.Allow...)
	}
	return out
}

func checkPO006(p *lint.Pass) {
	d := p.Doc
	s, parts, ok := wellFormedStoryOf(p)
	if !ok {
		return
	}
	if conj := poSecondFeature(parts.Means, poAllowedPhrases(p)); conj != "" {
		p.ReportAt(d, s.Line, s.Col, `story asks for more than one feature ("`+conj+`" joins two actions): split it into one story per feature`)
	}
}

// poSecondFeature returns the conjunction that joins two features in a means
// clause ("" when none).
func poSecondFeature(means string, allow []string) string {
	low := strings.ToLower(means)
	var allowed [][2]int
	for _, a := range allow {
		a = strings.ToLower(strings.TrimSpace(a))
		if a == "" {
			continue
		}
		for i := 0; ; {
			j := strings.Index(low[i:], a)
			if j < 0 {
				break
			}
			allowed = append(allowed, [2]int{i + j, i + j + len(a)})
			i += j + len(a)
		}
	}
	for _, m := range conjunction.FindAllStringSubmatchIndex(means, -1) {
		inAllowed := false
		for _, a := range allowed {
			if m[2] >= a[0] && m[3] <= a[1] {
				inAllowed = true
			}
		}
		if inAllowed {
			continue
		}
		left, right := means[:m[0]], means[m[1]:]
		if poWordCount(left) < 2 || poWordCount(right) < 2 {
			continue
		}
		rt := strings.Fields(strings.ToLower(right))
		first := strings.Trim(rt[0], wordTokenTrim)
		if first == "to" || first == "then" || first == "also" {
			first = strings.Trim(rt[1], wordTokenTrim)
		}
		if baseVerbs[first] {
			return strings.TrimSpace(means[m[2]:m[3]])
		}
	}
	return ""
}
