package rules

import (
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// PO002 checks that a well-formed story states why ("so that …").
var PO002 = &lint.Rule{
	ID:        "PO002",
	Name:      "story-states-benefit",
	Set:       lint.SetPO,
	Kinds:     []lint.Kind{lint.KindStory},
	Severity:  lint.SeverityWarning,
	Precision: lint.PrecisionHeuristic,
	Title:     "A user story states its benefit (\"so that …\") and the benefit is not the means again",
	Doc: `The ends clause says why the role wants the means. It is optional in Cohn's template, but it is what
lets the Product Owner order the backlog by value (INVEST "Valuable") and the team find a cheaper way to the
same end (QUS "conceptually sound": the ends is a rationale, not a restatement). AQUSA had no
missing-benefit check; this rule goes beyond it.

What is checked, on stories that pass PO001: the story sentence has an ends indicator ("so that",
"in order to", or ", so") followed by at least three words. A warning is also given when the ends, once
normalised, is contained in the means ("I want to export the report, so that I can export the report").
Items that are not stories (see PO001) are not checked.

Fix: add ", so that <the outcome the role gets>". Silence with
` + "`<!-- rolelint-disable-next-line PO002 -- reason -->`" + `.`,
	Bad:   `As an admin, I want to deactivate users.`,
	Good:  `As an admin, I want to deactivate users, so that former staff lose access on their last day.`,
	Check: checkPO002,
}

// endsFiller are words stripped before comparing ends with means.
var endsFiller = map[string]bool{"i": true, "we": true, "can": true, "could": true, "will": true, "to": true, "be": true, "able": true, "the": true, "a": true, "an": true, "my": true, "our": true}

func checkPO002(p *lint.Pass) {
	d := p.Doc
	s, parts, ok := wellFormedStoryOf(p)
	if !ok {
		return
	}
	if parts.EndsInd == "" {
		p.ReportAt(d, s.Line, s.Col, `story states no benefit: add ", so that <outcome>" saying why the role wants this`)
		return
	}
	if poWordCount(parts.Ends) < 3 {
		p.ReportAt(d, s.Line, s.Col, `story benefit is too short: write at least three words after "`+parts.EndsInd+`"`)
		return
	}
	ends, means := poContentWords(parts.Ends), poContentWords(parts.Means)
	if ends != "" && strings.Contains(" "+means+" ", " "+ends+" ") {
		p.ReportAt(d, s.Line, s.Col, `story benefit repeats the means: say what the role gains, not what it does`)
	}
}

// poContentWords lower-cases s, drops punctuation and filler words.
func poContentWords(s string) string {
	var out []string
	for _, w := range strings.Fields(strings.ToLower(s)) {
		w = strings.Trim(w, ".,;:!?\"'()")
		if w != "" && !endsFiller[w] {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}
