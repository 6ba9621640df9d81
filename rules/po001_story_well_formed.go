package rules

import (
	"github.com/rolelint/rolelint/lint"
)

// PO001 checks that a user story names a role and a means.
var PO001 = &lint.Rule{
	ID:        "PO001",
	Name:      "story-well-formed",
	Set:       lint.SetPO,
	Kinds:     []lint.Kind{lint.KindStory},
	Severity:  lint.SeverityError,
	Precision: lint.PrecisionHigh,
	Title:     "A user story names a role and a means (\"As a <role>, I want <means>\")",
	Doc: `Role and means are the minimum content of a user story: who wants something and what they want.
This is the first quality criterion of the Quality User Story framework (QUS "well-formed") and the
first analyzer of AQUSA (no_role, no_means). Without a role, the Product Owner cannot judge value; without
a means, nobody can say what to build.

What is checked: the story sentence (RULES.md Appendix D.2) is, in this order, a title that starts with a
role indicator, the first paragraph directly under the title, the first paragraph of a Description / User
Story / Story section, or a "story" form field; the first of these that reads "As … I want …" is taken, else
the first one. It must start with a role indicator ("As a", "As an", "As") followed by a role phrase, then a
means indicator ("I want (to)", "I can", "I need (to)", "I wish to", "I am able to", "I'm able to",
"I should be able to"; "I would like (to)" and "we want/need/can" are accepted too) followed by at least two
words. A missing role and a missing means are reported separately.

Which items are stories: an item whose type, kind or a label says story/user-story, an item a configured
documents glob made a story, an item whose id is a story id (US-7, STORY-12), or an item whose story
sentence already reads "As … I want …". Items that are stories only because the parser had no better kind
for them (a Backlog.md task without type) are not judged: they are not written as stories.

Fix: rewrite the sentence as "As a <role>, I want <means>, so that <ends>". Silence one item with
` + "`<!-- rolelint-disable-next-line PO001 -- reason -->`" + ` above its title.`,
	Bad: `## US-7 Export report

Export the monthly report as CSV.`,
	Good: `## US-7 Export report

As a finance analyst, I want to export the monthly report as CSV, so that I can reconcile it in my spreadsheet.`,
	Check: checkPO001,
}

func checkPO001(p *lint.Pass) {
	d := p.Doc
	if !isStory(p.Universe, d) {
		return
	}
	f := storyOf(p.Universe, d)
	if !f.found {
		p.ReportDoc(d, `story has no story sentence (no-role, no-means): add "As a <role>, I want <means>, so that <ends>" under the title`)
		return
	}
	s, parts := f.sentence, f.parts
	if parts.RoleInd == "" || parts.Role == "" {
		p.ReportAt(d, s.Line, s.Col, `story sentence names no role (no-role): start it with "As a <role>,"`)
	}
	switch {
	case parts.MeansInd == "":
		p.ReportAt(d, s.Line, s.Col, `story sentence names no means (no-means): say what the role wants with "I want to <action>"`)
	case poWordCount(parts.Means) < 2:
		p.ReportAt(d, s.Line, s.Col, `story means is too short (no-means): write at least two words after "`+parts.MeansInd+`"`)
	}
}
