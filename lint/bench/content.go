// Package bench generates a deterministic corpus of product documents in a
// git repository, for rolelint's benchmarks (bench_test.go) and for measuring
// the built binary (cmd/gencorpus). The same n, commits and seed always give
// the same files, the same commits and the same hashes.
package bench

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// The corpus is a product organisation: one vision, specs, epics, stories,
// bugs, free-form notes and one BACKLOG.md. The shares below are of n.
const (
	shareSpec  = 5  // percent
	shareEpic  = 5  // percent
	shareBug   = 18 // percent
	shareNote  = 5  // percent
	perFolder  = 400
	maxBacklog = 200 // items in BACKLOG.md
)

var areas = []string{"billing", "onboarding", "search", "reports", "mobile", "payments", "identity",
	"notifications", "export", "import", "admin", "analytics", "sharing", "offline", "budgets",
	"approvals", "receipts", "cards", "mileage", "integrations"}

var personas = []string{"field technician", "team manager", "finance lead", "new employee", "auditor",
	"administrator", "sales representative", "accountant", "support agent", "external contractor"}

var verbs = []string{"export", "approve", "filter", "share", "archive", "import", "search", "tag",
	"split", "merge", "review", "schedule", "reconcile", "attach", "sign", "flag", "compare", "restore"}

var objects = []string{"expenses", "receipts", "reports", "budgets", "card transactions", "invoices",
	"mileage logs", "approval requests", "cost centres", "team members", "payment batches", "audit trails"}

var benefits = []string{"month-end close takes one day", "I do not retype amounts", "finance sees spending early",
	"auditors find every document", "nobody waits for a manager", "errors are caught before payment",
	"the team stays within budget", "I can work without a connection", "reports match the ledger"}

var fillerWords = strings.Fields(`the team measured how often people open the expense list and found that
most of them look for one receipt at a time while finance reviews whole batches at the end of each month
customers told us in interviews that they keep paper receipts in a drawer until someone asks for them
the current import runs every night and fails silently when a card provider changes its file format
support tickets about missing receipts doubled during the last quarter and each one takes twenty minutes
a small pilot with three customers showed that a clear status on each expense removes most follow up questions
the approval screen shows amounts in the submitter currency which confuses managers of distributed teams`)

var owners = []string{"@omar", "@lena", "@ravi", "@mei", "@jonas", "@ana", "@tomas", "@yuki"}
var pms = []string{"@maya", "@pierre", "@sofia", "@kwame"}

// vague criteria keep PO004 and PO005 busy on a realistic share of items.
var vague = []string{"The page loads fast.", "The screen is user-friendly and intuitive.",
	"Errors are handled appropriately, etc.", "Works as expected on all devices."}

type docRef struct {
	id, path, title string
}

// corpus holds what one generation decided, so documents can link to each other.
type corpus struct {
	rng     *rand.Rand
	n       int
	specs   []docRef
	epics   []docRef
	stories []docRef
	bugs    []docRef
	notes   []docRef
	files   map[string][]byte
}

func newCorpus(n int, seed int64) *corpus {
	c := &corpus{rng: rand.New(rand.NewPCG(uint64(seed), 0x5eed)), n: n, files: map[string][]byte{}}
	nSpec := max(1, n*shareSpec/100)
	nEpic := max(1, n*shareEpic/100)
	nBug := n * shareBug / 100
	nNote := n * shareNote / 100
	nStory := max(1, n-1-1-nSpec-nEpic-nBug-nNote) // one vision, one BACKLOG.md
	for i := 1; i <= nSpec; i++ {
		c.specs = append(c.specs, c.ref("SPEC", i, "docs/specs", ".md"))
	}
	for i := 1; i <= nEpic; i++ {
		c.epics = append(c.epics, c.ref("EPIC", i, "backlog/epics", ".md"))
	}
	for i := 1; i <= nStory; i++ {
		c.stories = append(c.stories, c.ref("US", i, "backlog/stories", ".md"))
	}
	for i := 1; i <= nBug; i++ {
		c.bugs = append(c.bugs, c.ref("BUG", i, "backlog/bugs", ".md"))
	}
	for i := 1; i <= nNote; i++ {
		c.notes = append(c.notes, c.ref("NOTE", i, "docs/notes", ".md"))
	}
	return c
}

// ref names document i of a kind: an id, a title and a path in a folder of
// at most perFolder files, grouped by area as real repositories are.
func (c *corpus) ref(prefix string, i int, dir, ext string) docRef {
	area := areas[(i-1)%len(areas)]
	bucket := (i - 1) / (perFolder * len(areas))
	title := fmt.Sprintf("%s %s", cap1(verbs[c.rng.IntN(len(verbs))]), objects[c.rng.IntN(len(objects))])
	slug := strings.ReplaceAll(strings.ToLower(title), " ", "-")
	folder := fmt.Sprintf("%s/%s", dir, area)
	if bucket > 0 {
		folder = fmt.Sprintf("%s/%s-%d", dir, area, bucket+1)
	}
	id := fmt.Sprintf("%s-%d", prefix, i)
	return docRef{id: id, path: fmt.Sprintf("%s/%s-%s%s", folder, id, slug, ext), title: title}
}

func cap1(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

func (c *corpus) pick(list []string) string { return list[c.rng.IntN(len(list))] }

// chance is true with probability pct percent.
func (c *corpus) chance(pct int) bool { return c.rng.IntN(100) < pct }

// prose is a paragraph of words sentences long, wrapped at 80 columns.
func (c *corpus) prose(sentences int) string {
	var b strings.Builder
	col := 0
	for s := 0; s < sentences; s++ {
		words := 8 + c.rng.IntN(12)
		start := c.rng.IntN(len(fillerWords))
		for w := 0; w < words; w++ {
			word := fillerWords[(start+w)%len(fillerWords)]
			if w == 0 {
				word = cap1(word)
			}
			if w == words-1 {
				word += "."
			}
			if col > 0 && col+1+len(word) > 80 {
				b.WriteByte('\n')
				col = 0
			} else if col > 0 {
				b.WriteByte(' ')
				col++
			}
			b.WriteString(word)
			col += len(word)
		}
	}
	b.WriteByte('\n')
	return b.String()
}

// rel is the relative link from document from to document to.
func rel(from, to string) string {
	f := strings.Split(from, "/")
	t := strings.Split(to, "/")
	i := 0
	for i < len(f)-1 && i < len(t)-1 && f[i] == t[i] {
		i++
	}
	return strings.Repeat("../", len(f)-1-i) + strings.Join(t[i:], "/")
}

func (c *corpus) generate() {
	c.files[".rolelint.yml"] = []byte(configYAML)
	c.files[".github/CODEOWNERS"] = []byte(codeOwners)
	c.files["README.md"] = []byte("# Tally product documents\n\nSpecs live in docs/specs, the backlog in backlog/.\n")
	c.files["VISION.md"] = []byte(c.vision())
	for i := range c.specs {
		c.files[c.specs[i].path] = []byte(c.spec(i))
	}
	for i := range c.epics {
		c.files[c.epics[i].path] = []byte(c.epic(i))
	}
	for i := range c.stories {
		c.files[c.stories[i].path] = []byte(c.story(i))
	}
	for i := range c.bugs {
		c.files[c.bugs[i].path] = []byte(c.bug(i))
	}
	for i := range c.notes {
		c.files[c.notes[i].path] = []byte(c.note(i))
	}
	c.files["BACKLOG.md"] = []byte(c.backlog())
}

const configYAML = `version: 1
extends: [recommended]
vision: [VISION.md]
roles:
  product-managers: ["@maya", "@pierre", "@sofia", "@kwame"]
  product-owners: ["@omar", "@lena", "@ravi", "@mei", "@jonas", "@ana", "@tomas", "@yuki"]
  codeowners: true
documents:
  - kind: backlog
    paths: ["BACKLOG.md"]
    item-heading-level: 2
`

const codeOwners = `# Product documents and their owners
/docs/specs/  @maya @pierre @sofia @kwame
/backlog/     @omar @lena @ravi @mei @jonas @ana @tomas @yuki
/VISION.md    @maya
`

func (c *corpus) vision() string {
	var b strings.Builder
	b.WriteString("---\nkind: vision\nowner: \"@maya\"\n---\n# Tally product vision\n\n")
	b.WriteString(c.prose(3))
	b.WriteString("\n## Product goal 2026\n\nCut the time spent on an expense report from 25 minutes to under 5 minutes by the end of 2026.\n\n## Strategic themes\n\n")
	for i, a := range areas[:6] {
		fmt.Fprintf(&b, "%d. Make %s effortless.\n", i+1, a)
	}
	return b.String()
}

var specStatus = []string{"draft", "in review", "approved", "active", "approved", "active"}

func (c *corpus) spec(i int) string {
	s := c.specs[i]
	var b strings.Builder
	status := c.pick(specStatus)
	owner := c.pick(pms)
	fmt.Fprintf(&b, "---\nkind: spec\ntype: prd\nid: %s\nowner: %q\nstatus: %s\n", s.id, owner, status)
	if status != "draft" && c.chance(80) {
		fmt.Fprintf(&b, "approvers: [%q, %q]\n", c.pick(owners), "@cto")
	}
	fmt.Fprintf(&b, "updated: 2025-%02d-%02d\n---\n# PRD: %s\n\n", 1+c.rng.IntN(12), 1+c.rng.IntN(28), s.title)
	size := 1 + c.rng.IntN(8) // paragraphs per section: specs range from 3 KB to 20 KB
	b.WriteString("## Background and strategic fit\n\n")
	if c.chance(90) {
		fmt.Fprintf(&b, "Serves a theme of the [product vision](%s).\n\n", rel(s.path, "VISION.md"))
	}
	b.WriteString(c.prose(2 + size))
	b.WriteString("\n## Problem\n\n" + c.prose(2+size))
	b.WriteString("\n## Target users and evidence\n\n")
	fmt.Fprintf(&b, "Primary users are the %s and the %s. %s", c.pick(personas), c.pick(personas), c.prose(size))
	b.WriteString("\n## Goals\n\n")
	for g := 0; g < 2+c.rng.IntN(4); g++ {
		fmt.Fprintf(&b, "- Let every %s %s %s in one step.\n", c.pick(personas), c.pick(verbs), c.pick(objects))
	}
	if c.chance(85) {
		b.WriteString("\n## Non-goals\n\n- Replacing the accounting system.\n")
	}
	b.WriteString("\n## Success Metrics\n\n")
	if c.chance(80) {
		fmt.Fprintf(&b, "- Median time to %s %s drops from %d to %d minutes by Q%d 2026.\n", c.pick(verbs), c.pick(objects), 10+c.rng.IntN(30), 1+c.rng.IntN(5), 1+c.rng.IntN(4))
	} else {
		b.WriteString("- Make it faster and more reliable.\n")
	}
	b.WriteString("\n## Requirements\n\n")
	for r := 1; r <= 3+size*4; r++ {
		if c.chance(8) {
			fmt.Fprintf(&b, "- The system should handle %s appropriately.\n", c.pick(objects))
			continue
		}
		fmt.Fprintf(&b, "- REQ-%d: The system shall let a %s %s %s within %d seconds.\n", r, c.pick(personas), c.pick(verbs), c.pick(objects), 1+c.rng.IntN(9))
	}
	if c.chance(70) {
		b.WriteString("\n## Alternatives considered\n\n" + c.prose(1+size/2))
	}
	b.WriteString("\n## Risks\n\n" + c.prose(1) + "\n## Open questions\n\n")
	if c.chance(10) && status == "approved" {
		b.WriteString("- TBD: who signs off the data retention policy?\n")
	} else {
		b.WriteString("- None at this time.\n")
	}
	if status != "draft" {
		b.WriteString("\n## Rollout\n\nBehind a feature flag for 10 % of teams, then everyone after two weeks.\n")
	}
	b.WriteString("\n## Delivery\n\n")
	for _, e := range c.epicsOfSpec(i) {
		fmt.Fprintf(&b, "- [%s %s](%s)\n", e.id, e.title, rel(s.path, e.path))
	}
	if c.chance(5) {
		b.WriteString("\n## Tasks\n\n- [ ] Create the migration (3 sp, @dev2)\n")
	}
	return b.String()
}

// epicsOfSpec: epic j belongs to spec j mod len(specs).
func (c *corpus) epicsOfSpec(i int) []docRef {
	var out []docRef
	for j := i; j < len(c.epics); j += len(c.specs) {
		out = append(out, c.epics[j])
	}
	return out
}

func (c *corpus) epic(i int) string {
	e := c.epics[i]
	spec := c.specs[i%len(c.specs)]
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntype: epic\nid: %s\nowner: %q\nspec: %s\n---\n# %s %s\n\n", e.id, c.pick(owners), rel(e.path, spec.path), e.id, e.title)
	b.WriteString(c.prose(2 + c.rng.IntN(4)))
	b.WriteString("\n## Stories\n\n")
	for j := i; j < len(c.stories) && j < i+40*len(c.epics); j += len(c.epics) {
		fmt.Fprintf(&b, "- [%s](%s)\n", c.stories[j].id, rel(e.path, c.stories[j].path))
	}
	return b.String()
}

var storyStatus = []string{"New", "Ready", "In progress", "Done", "Ready", "New"}

func (c *corpus) story(i int) string {
	s := c.stories[i]
	epic := c.epics[i%len(c.epics)]
	status := c.pick(storyStatus)
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntype: story\nid: %s\nowner: %q\n", s.id, c.pick(owners))
	if c.chance(93) {
		fmt.Fprintf(&b, "epic: %s\n", epic.id)
	}
	if c.chance(92) {
		fmt.Fprintf(&b, "priority: p%d\n", 1+c.rng.IntN(4))
	}
	fmt.Fprintf(&b, "status: %s\nestimate: %d\n---\n# %s %s\n\n", status, 1+c.rng.IntN(8), s.id, s.title)
	verb, obj := strings.ToLower(strings.Fields(s.title)[0]), strings.SplitN(s.title, " ", 2)[1]
	switch {
	case c.chance(4):
		fmt.Fprintf(&b, "We need to %s %s.\n", verb, obj)
	case c.chance(5):
		fmt.Fprintf(&b, "As a %s, I want to %s %s.\n", c.pick(personas), verb, obj)
	default:
		fmt.Fprintf(&b, "As a %s, I want to %s %s, so that\n%s.\n", c.pick(personas), verb, obj, c.pick(benefits))
	}
	b.WriteString("\n" + c.prose(2+c.rng.IntN(8)))
	if c.chance(70) {
		b.WriteString("\n## Context\n\n" + c.prose(3+c.rng.IntN(10)))
	}
	if !c.chance(8) {
		b.WriteString("\n## Acceptance Criteria\n\n")
		box := "[ ]"
		if status == "Done" && c.chance(90) {
			box = "[x]"
		}
		for k := 0; k < 2+c.rng.IntN(6); k++ {
			if c.chance(6) {
				fmt.Fprintf(&b, "- %s %s\n", box, c.pick(vague))
				continue
			}
			fmt.Fprintf(&b, "- %s Given %d %s, choosing %q %ss them and shows %q within %d s.\n",
				box, 1+c.rng.IntN(50), c.pick(objects), cap1(verb), verb, "Done", 1+c.rng.IntN(5))
		}
	}
	if c.chance(50) {
		b.WriteString("\n## Notes\n\n")
		if c.chance(50) && i > 0 {
			dep := c.stories[c.rng.IntN(i)]
			fmt.Fprintf(&b, "Depends on [%s](%s).\n", dep.id, rel(s.path, dep.path))
		}
		if c.chance(3) {
			b.WriteString("See [the old spec](../../docs/specs/removed.md).\n")
		}
		b.WriteString(c.prose(1 + c.rng.IntN(4)))
	}
	return b.String()
}

func (c *corpus) bug(i int) string {
	bg := c.bugs[i]
	epic := c.epics[i%len(c.epics)]
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntype: bug\nid: %s\nowner: %q\nepic: %s\npriority: p%d\n---\n# %s %s fails on %s for %s\n\n", bg.id, c.pick(owners), epic.id, 1+c.rng.IntN(4), bg.id, bg.title, c.pick(areas), c.pick(personas))
	b.WriteString(c.prose(2 + c.rng.IntN(6)))
	if !c.chance(15) {
		b.WriteString("\n## Steps to reproduce\n\n")
		for k := 1; k <= 2+c.rng.IntN(5); k++ {
			fmt.Fprintf(&b, "%d. Open %s and choose %q.\n", k, c.pick(objects), cap1(c.pick(verbs)))
		}
	}
	b.WriteString("\n## Expected behavior\n\nThe list updates and shows a confirmation.\n")
	if !c.chance(10) {
		b.WriteString("\n## Actual behavior\n\nNothing happens; the console shows a 500 error.\n")
	}
	b.WriteString("\n## Environment\n\nAndroid 14, app 3.2.1.\n")
	if c.chance(50) {
		b.WriteString("\n## Logs\n\n```text\n")
		for k := 0; k < 3+c.rng.IntN(10); k++ {
			fmt.Fprintf(&b, "2025-09-%02d 10:%02d:%02d ERROR export: upstream returned 500 for batch %d\n", 1+c.rng.IntN(28), c.rng.IntN(60), c.rng.IntN(60), c.rng.IntN(99999))
		}
		b.WriteString("```\n")
	}
	return b.String()
}

func (c *corpus) note(i int) string {
	nt := c.notes[i]
	var b strings.Builder
	fmt.Fprintf(&b, "# Meeting notes: %s\n\n", nt.title)
	for k := 0; k < 2+c.rng.IntN(5); k++ {
		fmt.Fprintf(&b, "## Topic %d\n\n%s\n", k+1, c.prose(3+c.rng.IntN(10)))
	}
	if len(c.specs) > 0 {
		sp := c.specs[c.rng.IntN(len(c.specs))]
		fmt.Fprintf(&b, "Related: [%s](%s), [vision](%s).\n", sp.id, rel(nt.path, sp.path), rel(nt.path, "VISION.md"))
	}
	return b.String()
}

func (c *corpus) backlog() string {
	var b strings.Builder
	b.WriteString("---\nproduct_owner: \"@omar\"\nproduct_goal: VISION.md\n---\n# Tally backlog\n\nItems not yet split into their own files, in priority order.\n")
	items := min(maxBacklog, max(5, c.n/50))
	for k := 1; k <= items; k++ {
		verb, obj := c.pick(verbs), c.pick(objects)
		fmt.Fprintf(&b, "\n## US-%d %s %s\n\nAs a %s, I want to %s %s, so that %s.\n\n", 900000+k, cap1(verb), obj, c.pick(personas), verb, obj, c.pick(benefits))
		if len(c.epics) > 0 {
			e := c.epics[c.rng.IntN(len(c.epics))]
			fmt.Fprintf(&b, "Epic: [%s](%s)\n\n", e.id, e.path)
		}
		if !c.chance(10) {
			fmt.Fprintf(&b, "### Acceptance Criteria\n\n- [ ] Choosing %q on %d %s %ss all of them in one action.\n", cap1(verb), 2+c.rng.IntN(30), obj, verb)
		}
	}
	return b.String()
}

// edit changes one document for a later commit: a status line, a new
// acceptance criterion or a note, as real history does.
func (c *corpus) edit(path string, round int) {
	old := c.files[path]
	c.files[path] = append(append([]byte{}, old...),
		[]byte(fmt.Sprintf("\n<!-- revised in round %d: %s -->\n", round, c.pick(benefits)))...)
}
