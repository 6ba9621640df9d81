package rules

import (
	"github.com/rolelint/rolelint/lint"
)

// PM002 checks that a spec says why it exists.
var PM002 = &lint.Rule{
	ID:        "PM002",
	Name:      "spec-problem-stated",
	Set:       lint.SetPM,
	Kinds:     []lint.Kind{lint.KindSpec},
	Severity:  lint.SeverityError,
	Precision: lint.PrecisionHigh,
	Title:     "A spec states the problem it solves in a non-empty problem/motivation section",
	Doc: "The Product Manager owns the \"why\". KEP asks for Summary and Motivation as the minimum; PEP and " +
		"Rust RFCs have Motivation, Go proposals Background, MADR *Context and Problem Statement*, Yien's PRD " +
		"*Problem Alignment*. A spec without a stated problem cannot be judged on whether it solves it.\n\n" +
		"Checked: a section from the problem/why vocabulary (Motivation, Background, Problem, Problem " +
		"Statement, Problem & Opportunity, Problem Alignment, Context and Problem Statement, Context, Why, or " +
		"a bold label such as `**Problem: …**`; extend with `sections: {problem: [...]}`) holds at least one " +
		"line of real text. Text counts when something remains after removing HTML comments, template " +
		"placeholders (`[Title]`, `TBD`, `…`) and markup; text in a sub-section counts too. With several " +
		"problem sections one filled one is enough. Also accepted, because it is how Go design docs often " +
		"open: a heading containing the word \"motivation\", \"background\" or \"problem\" (\"Background & " +
		"Motivation\", \"Problems with the current design\"), or starting with \"Introduction\", \"Context\", " +
		"\"Why\", \"Status quo\", \"Current state\" or \"Pitfalls of the current …\".\n\n" +
		"Missing section: one finding on the title line. Empty section: one finding on the heading.\n\n" +
		pmSkipDoc + "\n\n" +
		"Fix: write one or two sentences on who has the problem, what it costs them, and how you know " +
		"(link the data).\n\n" + pmSilenceDoc("PM002"),
	Bad:   "# Guest checkout\n\n## Motivation\n\n<!-- Why is this change important? -->\n\n## Proposal\n\nAllow guest checkout.\n",
	Good:  "# Guest checkout\n\n## Problem & Opportunity\n\n34 % of carts are abandoned at the sign-up wall (Q3 funnel, [data](https://example.com/q3)).\n",
	Check: checkPM002,
}

// pmProblemLike widens the problem vocabulary with heading openings that
// real design docs use for the same purpose.
func pmProblemLike(norm string) bool {
	for _, w := range []string{"motivation", "background", "problem", "problems"} {
		if pmContainsWord(norm, w) {
			return true
		}
	}
	for _, w := range []string{"introduction", "context", "why", "status quo", "current state", "pitfalls of the current"} {
		if pmHasPrefixWord(norm, w) {
			return true
		}
	}
	return false
}

// pmContainsWord reports whether word occurs in s as a whole word.
func pmContainsWord(s, word string) bool {
	for i := 0; i+len(word) <= len(s); i++ {
		if (i == 0 || !pmIsLetter(s[i-1])) && pmHasPrefixWord(s[i:], word) {
			return true
		}
	}
	return false
}

func pmIsLetter(c byte) bool { return c >= 'a' && c <= 'z' }

// pmHasPrefixWord reports whether s starts with word followed by the end or
// a non-letter.
func pmHasPrefixWord(s, word string) bool {
	if len(s) < len(word) || s[:len(word)] != word {
		return false
	}
	if len(s) == len(word) {
		return true
	}
	c := s[len(word)]
	return c < 'a' || c > 'z'
}

func checkPM002(p *lint.Pass) {
	d := p.Doc
	if pmSkip(p) {
		return
	}
	hs := pmSections(d, pmProblemLike, lint.ConceptProblem)
	if len(hs) == 0 {
		reportDoc(p, d, lint.SeverityError,
			"spec states no problem: add a \"## Motivation\" (or Problem, Background, Context) section saying why this change matters")
		return
	}
	if pmFirstFilled(d, hs) != nil {
		return
	}
	h := hs[0]
	reportAt(p, d, h.Line, 1, lint.SeverityError,
		"problem section \""+pmHeadingLabel(h)+"\" is empty: state who has the problem, what it costs and how you know")
}
