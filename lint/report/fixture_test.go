package report

import (
	"strings"
	"testing"

	"github.com/rolelint/rolelint/lint"
)

// The fixture is built by hand (not by the parser) so that these tests pin
// the report formats alone. It has a path with a space and non-ASCII, a
// message with '%', ':', ',' and a newline, a suppressed finding, an engine
// finding whose rule is not among the active rules, and notifications.

const specSrc = `---
owners: ["@alice", "@bob"]
status: draft
---
# Checkout – faster payments

## Goals

- Goal "50% faster: checkout, payments"	(tab)

## Strategic fit

See the [vision](../VISION.md#north-star).
`

const visionSrc = `# Vision

## North star

Every shopper pays in one tap — über fast.
`

const backlogSrc = `---
product_owner: "@bob"
---
# Backlog

## US-1 Pay with a saved card

As a shopper, I want to pay with a saved card, so that checkout is fast.

### Acceptance criteria

- [ ] The saved card is preselected.

## US-2 Export receipts

<!-- rolelint-disable-next-line PO005 -- legacy story -->
Export receipts as PDF.
<!-- rolelint-disable-next-line PO009 -->
Linked to [spec](docs/specs/checkout%20spec%20ü.md).
`

const specPath = "docs/specs/checkout spec ü.md"

func newDoc(path string, kind lint.Kind, src string) *lint.Doc {
	d := &lint.Doc{Path: path, Kind: kind, Src: []byte(src), Lines: lint.NewLineIndex([]byte(src))}
	d.StartLine, d.EndLine = 1, d.Lines.Count()
	return d
}

func heading(level int, text string, line, end int, parent *lint.Heading, concepts ...string) *lint.Heading {
	return &lint.Heading{Level: level, Text: text, Norm: lint.NormHeading(text), Line: line, BodyLine: line + 1,
		EndLine: end, Parent: parent, Concepts: concepts}
}

// colOf returns the 1-based code-point column of sub in line n of d.
func colOf(t testing.TB, d *lint.Doc, n int, sub string) int {
	t.Helper()
	i := strings.Index(d.Line(n), sub)
	if i < 0 {
		t.Fatalf("%q not on line %d of %s", sub, n, d.Path)
	}
	_, col := d.Lines.Pos(d.Src, d.Lines.Start(n)+i)
	return col
}

func testRules() []*lint.Rule {
	return []*lint.Rule{
		{ID: "PM007", Name: "vague-language", Set: lint.SetPM, Severity: lint.SeverityNote, Precision: lint.PrecisionLexical,
			Title: "Statements avoid vague terms",
			Doc:   "Words like `fast` or `easy` cannot be tested.\n\nSay how fast, for whom, measured how."},
		{ID: "PM010", Name: "measurable-goals", Set: lint.SetPM, Severity: lint.SeverityWarning, Precision: lint.PrecisionHeuristic,
			Title: "Goals state a measurable target",
			Doc:   "A goal without a number cannot be checked after launch.\n\nAdd a metric, a baseline and a target.",
			Bad:   "## Goals\n\n- Make checkout faster\n", Good: "## Goals\n\n- p95 checkout time from 9 s to 4 s by Q3\n",
			Options: []lint.Option{{Name: "min-numbers", Type: "int", Default: 1, Doc: "numbers a goal must hold"}}},
		{ID: "PO003", Name: "acceptance-criteria-present", Set: lint.SetPO, Severity: lint.SeverityError, Precision: lint.PrecisionHigh,
			Title: "Backlog items have acceptance criteria",
			Doc:   "An item without acceptance criteria has no agreed definition of done for the team.",
			Bad:   "## US-2 Export receipts\n\nExport receipts as PDF.\n",
			Good:  "## US-2 Export receipts\n\n### Acceptance criteria\n\n- A PDF receipt opens from the order page\n"},
		{ID: "PO005", Name: "user-story-form", Set: lint.SetPO, Severity: lint.SeverityWarning, Precision: lint.PrecisionHeuristic,
			Title: "Stories name a role, a goal and a benefit",
			Doc:   "The user-story form keeps the *who* and the *why* next to the *what*.",
			Bad:   "Export receipts as PDF.\n", Good: "As an accountant, I want PDF receipts, so that I can file expenses.\n"},
		{ID: "RC001", Name: "single-accountable-owner", Set: lint.SetRC, Severity: lint.SeverityError, Precision: lint.PrecisionHigh,
			Title: "Every spec and item has exactly one accountable owner",
			Doc:   "One person, not a committee, is accountable.\n\nName one owner in the header.",
			Bad:   "---\nowners: [\"@alice\", \"@bob\"]\n---\n", Good: "---\nowner: \"@alice\"\n---\n"},
	}
}

// testResult returns the hand-made result every golden file is built from.
func testResult(t testing.TB) *lint.Result {
	t.Helper()
	spec := newDoc(specPath, lint.KindSpec, specSrc)
	spec.Title, spec.TitleLine, spec.HasFrontMat = "Checkout – faster payments", 5, true
	spec.Header.Fields = []lint.Field{
		{Key: "owners", Norm: "owners", Value: "@alice, @bob", Values: []string{"@alice", "@bob"}, IsList: true, Line: 2, Col: 1, From: "front-matter"},
		{Key: "status", Norm: "status", Value: "draft", Values: []string{"draft"}, Line: 3, Col: 1, From: "front-matter"},
	}
	h1 := heading(1, "Checkout – faster payments", 5, 13, nil)
	goals := heading(2, "Goals", 7, 10, h1, lint.ConceptGoals)
	fit := heading(2, "Strategic fit", 11, 13, h1, lint.ConceptVisionFit)
	spec.Headings = []*lint.Heading{h1, goals, fit}
	spec.ListItems = []lint.ListItem{{Line: 9, Col: 1, EndLine: 9, Text: `Goal "50% faster: checkout, payments" (tab)`, Heading: goals}}
	spec.Links = []lint.Link{{Text: "vision", Dest: "../VISION.md#north-star", Line: 13, Col: 9, EndCol: 42,
		Target: "docs/VISION.md", Fragment: "north-star", Heading: fit}}

	vision := newDoc("docs/VISION.md", lint.KindVision, visionSrc)
	vision.Title, vision.TitleLine = "Vision", 1
	vh := heading(1, "Vision", 1, 5, nil)
	vision.Headings = []*lint.Heading{vh, heading(2, "North star", 3, 5, vh)}

	backlog := newDoc("BACKLOG.md", lint.KindBacklog, backlogSrc)
	backlog.Title, backlog.TitleLine, backlog.HasFrontMat = "Backlog", 4, true
	backlog.Header.Fields = []lint.Field{{Key: "product_owner", Norm: "product owner", Value: "@bob", Values: []string{"@bob"}, Line: 2, Col: 1, From: "front-matter"}}
	bh := heading(1, "Backlog", 4, 19, nil)
	us1h := heading(2, "US-1 Pay with a saved card", 6, 13, bh)
	ac := heading(3, "Acceptance criteria", 10, 13, us1h, lint.ConceptAcceptanceCriteria)
	us2h := heading(2, "US-2 Export receipts", 14, 19, bh)
	backlog.Headings = []*lint.Heading{bh, us1h, ac, us2h}
	us1 := &lint.Doc{Path: "BACKLOG.md", Kind: lint.KindStory, KindBy: "item", Src: backlog.Src, Lines: backlog.Lines,
		Title: "US-1 Pay with a saved card", TitleLine: 6, ID: "US-1", StartLine: 6, EndLine: 13, Parent: backlog,
		Headings:  []*lint.Heading{us1h, ac},
		ListItems: []lint.ListItem{{Line: 12, Col: 1, EndLine: 12, Text: "The saved card is preselected.", Task: true, Heading: ac}}}
	us2 := &lint.Doc{Path: "BACKLOG.md", Kind: lint.KindStory, KindBy: "item", Src: backlog.Src, Lines: backlog.Lines,
		Title: "US-2 Export receipts", TitleLine: 14, ID: "US-2", StartLine: 14, EndLine: 19, Parent: backlog,
		Headings: []*lint.Heading{us2h},
		Links: []lint.Link{{Text: "spec", Dest: "docs/specs/checkout%20spec%20ü.md", Line: 19, Col: 11, EndCol: 51,
			Target: specPath, Heading: us2h}}}
	backlog.Items = []*lint.Doc{us1, us2}

	u := lint.NewUniverse([]*lint.Doc{spec, vision, backlog},
		[]string{"BACKLOG.md", "docs/VISION.md", specPath, "docs/huge.md", "docs/locked.md"})

	goalCol := colOf(t, spec, 9, "Goal")
	fastCol := colOf(t, vision, 5, "fast")
	findings := []lint.Finding{
		{RuleID: "PO003", RuleName: "acceptance-criteria-present", Severity: lint.SeverityError, Path: "BACKLOG.md",
			Line: 14, Col: 1, Message: "US-2 has no acceptance criteria", DocLevel: true,
			Context: "doc|US-2|us-2 export receipts|US-2 has no acceptance criteria", Snippet: backlog.Line(14)},
		{RuleID: "PO005", RuleName: "user-story-form", Severity: lint.SeverityWarning, Path: "BACKLOG.md",
			Line: 17, Col: 1, EndLine: 17, EndCol: 24, Message: "US-2 is not written as a user story",
			Context: "us-2 export receipts|export receipts as pdf.|US-2 is not written as a user story", Snippet: backlog.Line(17),
			Suppressed: &lint.Suppression{Kind: "inSource", Justification: "legacy story", Line: 16}},
		// Snippet left empty: reporters read the line from the document.
		{RuleID: "RL002", RuleName: "unused-suppression", Severity: lint.SeverityNote, Path: "BACKLOG.md",
			Line: 18, Col: 6, EndLine: 18, EndCol: 40, Message: "this suppression of PO009 suppresses nothing: remove it",
			Context: "RL002|<!-- rolelint-disable-next-line po009 -->|this suppression of PO009 suppresses nothing: remove it"},
		{RuleID: "PM007", RuleName: "vague-language", Severity: lint.SeverityNote, Path: "docs/VISION.md",
			Line: 5, Col: fastCol, EndLine: 5, EndCol: fastCol + 4, Message: `vague term "fast": say how fast, measured how`,
			Context: "vision > north star|every shopper pays in one tap — über fast.|fast", Snippet: vision.Line(5)},
		{RuleID: "RC001", RuleName: "single-accountable-owner", Severity: lint.SeverityError, Path: specPath,
			Line: 5, Col: 1, Message: "2 owners (@alice, @bob): name exactly one accountable owner", DocLevel: true,
			Context: "doc||checkout – faster payments|2 owners", Snippet: spec.Line(5)},
		{RuleID: "PM010", RuleName: "measurable-goals", Severity: lint.SeverityWarning, Path: specPath,
			Line: 9, Col: goalCol, Message: "Goal \"50% faster: checkout, payments\" has no measurable target\nAdd a number, e.g. \"p95 < 2 s\" & a date.",
			Context: "checkout – faster payments > goals|goal \"50% faster: checkout, payments\" (tab)", Snippet: spec.Line(9)},
	}
	return &lint.Result{
		Findings: findings,
		Notifications: []lint.Notification{
			{Path: "docs/huge.md", Level: lint.SeverityNote, Message: "skipped: 5000000 bytes is over the 4194304-byte limit (--max-file-size)"},
			{Path: "docs/locked.md", Level: lint.SeverityError, Message: "could not read: permission denied"},
		},
		Rules:       testRules(),
		Universe:    u,
		DocsInScope: 3,
		DocsScanned: 5,
	}
}

// testMeta is a fully known environment: a GitHub remote with a token in it
// (which must never be printed), a revision, a branch and a category.
func testMeta() Meta {
	return Meta{
		ToolName:       "rolelint",
		Version:        "v1.2.0",
		InformationURI: "https://github.com/rolelint/rolelint",
		HelpBase:       "https://github.com/rolelint/rolelint/blob/main/docs/rules.md",
		RepoRoot:       "/home/runner/work/my shop/shop",
		RemoteURL:      "https://x-access-token:ghs_SECRET@github.com/acme/shop.git",
		Revision:       "0123456789abcdef0123456789abcdef01234567",
		Branch:         "refs/heads/main",
		SARIFCategory:  "rolelint/docs",
		Summary:        Summary{BaselineHidden: 2, BaselineStale: 1},
		Graph:          "```mermaid\ngraph TD\n  V[Vision] --> S[Checkout spec]\n```\n",
	}
}
