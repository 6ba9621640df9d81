package rules

import (
	"regexp"
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// PO007 checks that the story sentence holds only role, means and ends.
var PO007 = &lint.Rule{
	ID:        "PO007",
	Name:      "story-minimal",
	Set:       lint.SetPO,
	Kinds:     []lint.Kind{lint.KindStory},
	Severity:  lint.SeverityNote,
	Precision: lint.PrecisionLexical,
	Title:     "The story sentence holds only role, means and ends",
	Doc: `Details in the story sentence — remarks in brackets, a second sentence, a second "I want" — blur what
is asked for and belong in the description or the acceptance criteria (QUS "minimal"; AQUSA's minimal
analyzer looks for exactly these: brackets, punctuation and repeated indicators).

What is checked, on stories that pass PO001: the story sentence (its plain text, so Markdown link syntax is
not a bracket) contains a bracketed span — (…), […] or {…}; or a sentence break followed by more text —
". ", "! ", "? ", "; " or a dash " — " / " – " / " -- " (common abbreviations such as "e.g." and "i.e." are not
breaks); or a means indicator used twice ("I want … I want"). One note per story names what was found.

Fix: keep "As a <role>, I want <means>, so that <ends>" and move the rest to the Description or the
Acceptance Criteria. Silence with ` + "`<!-- rolelint-disable-next-line PO007 -- reason -->`" + `.`,
	Bad:   `As a user, I want to reset my password (via SMS or e-mail). The link expires after 1 h.`,
	Good:  `As a user, I want to reset my password by SMS, so that I can regain access without support.`,
	Check: checkPO007,
}

var (
	bracketedSpan = regexp.MustCompile(`\([^()]*\)|\[[^\[\]]*\]|\{[^{}]*\}`)
	sentenceBreak = regexp.MustCompile(`[.!?;]\s+\S|\s(?:—|–|--)\s+\S`)
	abbreviations = newWordRe(`(?i)`, `(?:e\.g|i\.e|etc|vs|cf|approx|incl|a\.m|p\.m|mr|mrs|ms|dr|no)\.`, "eivcapmdn")
)

func checkPO007(p *lint.Pass) {
	d := p.Doc
	s, parts, ok := wellFormedStoryOf(p)
	if !ok {
		return
	}
	if found := poMinimalProblemsParsed(s.Text, parts); len(found) > 0 {
		p.ReportAt(d, s.Line, s.Col, "story sentence holds more than role, means and ends ("+strings.Join(found, ", ")+"): move the detail to the Description or the Acceptance Criteria")
	}
}

// poMinimalProblemsParsed lists what makes a story sentence more than
// minimal (parts is parseStory(text)). The regexps run only when the
// characters they need are there: most story sentences have no bracket, dash
// or period inside.
func poMinimalProblemsParsed(text string, parts storyParts) []string {
	var found []string
	if strings.ContainsAny(text, "([{") && bracketedSpan.MatchString(text) {
		found = append(found, "a bracketed remark")
	}
	clean := text
	if strings.Contains(text, ".") {
		clean = abbreviations.ReplaceAllStringFunc(text, func(m string) string { return strings.ReplaceAll(m, ".", "") })
	}
	if strings.ContainsAny(clean, ".!?;—–-") && sentenceBreak.MatchString(strings.TrimSpace(clean)) {
		found = append(found, "more than one sentence")
	}
	beforeEnds := text
	if e := parts.EndsStart; e >= 0 {
		beforeEnds = text[:e] // "so that I can …" is the ends, not a second means
	}
	if len(meansIndicator.FindAllStringIndex(beforeEnds)) > 1 {
		found = append(found, `a repeated "I want"`)
	}
	return found
}
