package lint

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"
	"unsafe"
)

func TestDecodeEncodings(t *testing.T) {
	text := "---\nowner: \"@a\"\n---\n# Title\n\n## Goals\n\nSee [x](b.md).\n"
	utf16le := func(s string, bigEndian bool) []byte {
		out := []byte{0xFF, 0xFE}
		if bigEndian {
			out = []byte{0xFE, 0xFF}
		}
		for _, u := range utf16.Encode([]rune(s)) {
			if bigEndian {
				out = append(out, byte(u>>8), byte(u))
			} else {
				out = append(out, byte(u), byte(u>>8))
			}
		}
		return out
	}
	tests := []struct {
		name string
		src  []byte
	}{
		{"utf-8", []byte(text)},
		{"bom", append([]byte{0xEF, 0xBB, 0xBF}, text...)},
		{"crlf", []byte(strings.ReplaceAll(text, "\n", "\r\n"))},
		{"lone cr", []byte(strings.ReplaceAll(text, "\n", "\r"))},
		{"utf-16le", utf16le(text, false)},
		{"utf-16be", utf16le(text, true)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := parseMD(t, "docs/a.md", string(tc.src))
			if len(d.Problems) != 0 {
				t.Fatalf("problems: %+v", d.Problems)
			}
			if f := mustField(t, d, "owner"); f.Value != "@a" || f.Line != 2 {
				t.Errorf("owner = %+v", f)
			}
			if d.Title != "Title" || d.TitleLine != 4 {
				t.Errorf("title %q@%d", d.Title, d.TitleLine)
			}
			if len(d.Headings) != 2 || d.Headings[1].Line != 6 || d.Headings[1].EndLine != 8 || d.Headings[1].Text != "Goals" {
				t.Fatalf("headings = %+v", d.Headings)
			}
			if len(d.Links) != 1 || d.Links[0].Line != 8 || d.Links[0].Col != 5 || d.Links[0].EndCol != 14 || d.Links[0].Target != "docs/b.md" {
				t.Errorf("links = %+v", d.Links)
			}
			if len(d.Paragraphs) != 1 || d.Paragraphs[0].Text != "See x." {
				t.Errorf("paragraphs = %+v", d.Paragraphs)
			}
			if strings.HasPrefix(string(d.Src), "\xEF\xBB\xBF") {
				t.Error("BOM kept in Src")
			}
		})
	}
}

func TestBinaryFile(t *testing.T) {
	d := parseMD(t, "backlog/x.md", "# Title\n\x00\x01\x02 binary")
	if len(d.Problems) != 1 || d.Problems[0].Message != "binary file, not Markdown" {
		t.Fatalf("problems = %+v", d.Problems)
	}
	if len(d.Headings) != 0 || d.Kind != KindUnknown {
		t.Errorf("a binary file was parsed: %+v", d)
	}
	// a NUL beyond the first 8000 bytes does not make a file binary
	d = parseMD(t, "a.md", "# T\n"+strings.Repeat("x", 9000)+"\x00\n")
	if len(d.Problems) != 0 || len(d.Headings) != 1 {
		t.Errorf("problems %+v headings %d", d.Problems, len(d.Headings))
	}
}

func TestInvalidUTF8Kept(t *testing.T) {
	d := parseMD(t, "a.md", "# Ti\xfftle\n\nText \xc3 here [l](x.md)\n")
	if len(d.Problems) != 0 || len(d.Headings) != 1 || len(d.Links) != 1 || d.Links[0].Line != 3 {
		t.Errorf("doc = %+v", d)
	}
}

func TestHeadings(t *testing.T) {
	src := `# Spec: Export

Intro.

## 1. Goals & Non-Goals

### **Goals**

- g

### Non-goals (optional)

Setext Title
------------

Body.

## 🚀 Success Metrics:

**Problem:** users cannot export.

**Acceptance Criteria**

- [ ] works

**Note** that this is bold prose.

# Appendix <!-- hidden -->
`
	d := parseMD(t, "docs/spec.md", src)
	type hd struct {
		Level                   int
		Text, Norm              string
		Line, BodyLine, EndLine int
		Bold                    bool
		Parent                  string
	}
	var got []hd
	for _, h := range d.Headings {
		parent := ""
		if h.Parent != nil {
			parent = h.Parent.Text
		}
		got = append(got, hd{h.Level, h.Text, h.Norm, h.Line, h.BodyLine, h.EndLine, h.Bold, parent})
	}
	want := []hd{
		{1, "Spec: Export", "spec: export", 1, 2, 27, false, ""},
		{2, "1. Goals & Non-Goals", "goals and non goals", 5, 6, 12, false, "Spec: Export"},
		{3, "Goals", "goals", 7, 8, 10, false, "1. Goals & Non-Goals"},
		{3, "Non-goals (optional)", "non goals", 11, 12, 12, false, "1. Goals & Non-Goals"},
		{2, "Setext Title", "setext title", 13, 15, 17, false, "Spec: Export"},
		{2, "🚀 Success Metrics:", "success metrics", 18, 19, 27, false, "Spec: Export"},
		{7, "Problem", "problem", 20, 20, 21, true, "🚀 Success Metrics:"},
		{7, "Acceptance Criteria", "acceptance criteria", 22, 23, 27, true, "🚀 Success Metrics:"},
		{1, "Appendix", "appendix", 28, 29, 28, false, ""},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("headings:\n got %+v\nwant %+v", got, want)
	}
	if h := d.Section(ConceptGoals); h == nil || h.Line != 5 {
		t.Errorf("goals section = %+v", h)
	}
	if h := d.Section(ConceptAcceptanceCriteria); h == nil || !h.Bold {
		t.Errorf("acceptance criteria = %+v", h)
	}
	if d.Title != "Spec: Export" || d.TitleLine != 1 {
		t.Errorf("title %q@%d", d.Title, d.TitleLine)
	}
	// every element knows its innermost section
	for _, li := range d.ListItems {
		if h := d.HeadingAt(li.Line); li.Heading != h {
			t.Errorf("item %q heading %v, want %v", li.Text, li.Heading, h)
		}
	}
}

func TestTitleFallbacks(t *testing.T) {
	if d := parseMD(t, "a/b.md", "---\ntitle: From FM\n---\n\n## Description\n"); d.Title != "From FM" || d.TitleLine != 2 {
		t.Errorf("title %q@%d", d.Title, d.TitleLine)
	}
	if d := parseMD(t, "a/my-doc.md", "Just text.\n"); d.Title != "my-doc" {
		t.Errorf("title %q", d.Title)
	}
}

func TestLinkResolution(t *testing.T) {
	tests := []struct {
		doc, dest         string
		target, fragment  string
		external, escapes bool
	}{
		{"docs/a.md", "b.md", "docs/b.md", "", false, false},
		{"docs/a.md", "./b.md#goals", "docs/b.md", "goals", false, false},
		{"docs/a.md", "../VISION.md", "VISION.md", "", false, false},
		{"docs/a.md", "/VISION.md", "VISION.md", "", false, false},
		{"docs/a.md", "/docs/../x/./y.md", "x/y.md", "", false, false},
		{"docs/a.md", "%2e%2e/%2e%2e/etc/passwd", "", "", false, true},
		{"docs/a.md", "../../x.md", "", "", false, true},
		{"a.md", "../x.md", "", "", false, true},
		{"docs/a.md", "my%20file.md", "docs/my file.md", "", false, false},
		{"docs/a.md", "b.md?plain=1#L3", "docs/b.md", "L3", false, false},
		{"docs/a.md", "#frag%20x", "", "frag x", false, false},
		{"docs/a.md", "https://example.com/x.md", "", "", true, false},
		{"docs/a.md", "mailto:a@b.c", "", "", true, false},
		{"docs/a.md", "tel:123", "", "", true, false},
		{"docs/a.md", "//host/x", "", "", true, false},
		{"docs/a.md", "www.example.com", "", "", true, false},
		{"docs/a.md", "<b c.md>", "docs/b c.md", "", false, false},
		{"docs/a.md", "x\x00y.md", "", "", false, false},
		{"docs/a.md", "%zz.md", "docs/%zz.md", "", false, false},
		{"docs/a.md", "", "", "", false, false},
		{"docs/a.md", "sub/", "docs/sub", "", false, false},
	}
	for _, tc := range tests {
		target, frag, ext, esc := ResolveLinkDest(tc.doc, tc.dest)
		if target != tc.target || frag != tc.fragment || ext != tc.external || esc != tc.escapes {
			t.Errorf("ResolveLinkDest(%q, %q) = %q %q %v %v, want %q %q %v %v", tc.doc, tc.dest,
				target, frag, ext, esc, tc.target, tc.fragment, tc.external, tc.escapes)
		}
	}
}

func TestLinkKinds(t *testing.T) {
	src := `# T

Inline [one](a.md "title"), ref [two][r], auto <https://x.org/y>, bare https://bare.org/p and www.w.org.
Mail <me@x.org>, wiki [[Vision]] and [[Roadmap#Q3|the plan]], code ` + "`[[no]]` `[no](x.md)`" + `.

[r]: ../up.md#sec

## Links

- [epic](../epics/e.md)
`
	d := parseMD(t, "docs/t.md", src)
	type lk struct {
		Text, Dest, Target, Fragment string
		External, Wiki               bool
		Line, Col, EndCol            int
		Heading                      string
	}
	var got []lk
	for _, l := range d.Links {
		h := ""
		if l.Heading != nil {
			h = l.Heading.Text
		}
		got = append(got, lk{l.Text, l.Dest, l.Target, l.Fragment, l.External, l.Wiki, l.Line, l.Col, l.EndCol, h})
	}
	want := []lk{
		{"one", "a.md", "docs/a.md", "", false, false, 3, 8, 27, "T"},
		{"two", "../up.md#sec", "up.md", "sec", false, false, 3, 33, 41, "T"},
		{"https://x.org/y", "https://x.org/y", "", "", true, false, 3, 48, 65, "T"},
		{"https://bare.org/p", "https://bare.org/p", "", "", true, false, 3, 71, 89, "T"},
		{"www.w.org", "www.w.org", "", "", true, false, 3, 94, 103, "T"},
		{"me@x.org", "mailto:me@x.org", "", "", true, false, 4, 6, 16, "T"},
		{"Vision", "Vision", "", "", false, true, 4, 23, 33, "T"},
		{"the plan", "Roadmap", "", "Q3", false, true, 4, 38, 61, "T"},
		{"epic", "../epics/e.md", "epics/e.md", "", false, false, 10, 3, 24, "Links"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("links:\n got %+v\nwant %+v", got, want)
	}
}

func TestHeaderLinksFromKeys(t *testing.T) {
	src := `---
parent: ../epics/e1.md
spec: https://example.com/spec
references: [docs/a.md, "not a link"]
milestone: m-1
---
# Story

Epic: [E1](../epics/e1.md)
Vision: /VISION.md

## Description
`
	d := parseMD(t, "stories/s.md", src)
	keys := map[string][]string{}
	for _, l := range d.Links {
		keys[l.FromKey] = append(keys[l.FromKey], l.Target+"|"+l.Dest)
	}
	want := map[string][]string{
		"parent":     {"epics/e1.md|../epics/e1.md"},
		"spec":       {"|https://example.com/spec"},
		"references": {"stories/docs/a.md|docs/a.md"},
		"epic":       {"epics/e1.md|../epics/e1.md"},
		"vision":     {"VISION.md|/VISION.md"},
	}
	if !reflect.DeepEqual(keys, want) {
		t.Errorf("links by key = %q, want %q", keys, want)
	}
	for i := 1; i < len(d.Links); i++ {
		if d.Links[i].Line < d.Links[i-1].Line {
			t.Errorf("links out of order: %+v", d.Links)
		}
	}
	for _, l := range d.Links {
		if l.FromKey == "references" && (l.Line != 4 || l.Col != 14) {
			t.Errorf("references link at %d:%d", l.Line, l.Col)
		}
	}
}

func TestListItems(t *testing.T) {
	src := `# T

- [ ] AC one with ` + "`code`" + ` and [link](x.md)
- [x] AC two
  - nested plain
    1. deep ordered

    continued paragraph
* plain https://u.rl/x

1) first
`
	d := parseMD(t, "docs/t.md", src)
	type it struct {
		Line, Col, EndLine, Depth int
		Ordered, Task, Checked    bool
		Text, Prose               string
	}
	var got []it
	for _, li := range d.ListItems {
		got = append(got, it{li.Line, li.Col, li.EndLine, li.Depth, li.Ordered, li.Task, li.Checked, li.Text, li.Prose})
	}
	want := []it{
		{3, 1, 3, 0, false, true, false, "AC one with `code` and link", "AC one with   and link"},
		{4, 1, 8, 0, false, true, true, "AC two", "AC two"},
		// the 4-space paragraph after the blank line belongs to "nested plain" (CommonMark)
		{5, 3, 8, 1, false, false, false, "nested plain\ncontinued paragraph", "nested plain\ncontinued paragraph"},
		{6, 5, 6, 2, true, false, false, "deep ordered", "deep ordered"},
		{9, 1, 9, 0, false, false, false, "plain https://u.rl/x", "plain"},
		{11, 1, 11, 0, true, false, false, "first", "first"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("items:\n got %+v\nwant %+v", got, want)
	}
	if len(d.Paragraphs) != 0 {
		t.Errorf("paragraphs inside lists were recorded: %+v", d.Paragraphs)
	}
}

func TestBlocks(t *testing.T) {
	src := "# T\n\nA *para* with `code` and [l](https://x.org).\nSecond line.\n\n" +
		"```Gherkin extra\nGiven x\n```\n\n    indented\n\n" +
		"<!-- rolelint-disable PO004 -->\n<!-- AC:BEGIN -->\n\nText <!-- inline\nnote --> end.\n\n" +
		"> quoted para\n\n| A | B |\n|---|---|\n| 1 | **2** |\n| x | [y](z.md) |\n\n~~~\nunclosed"
	d := parseMD(t, "docs/t.md", src)
	wantParas := []Paragraph{
		{Line: 3, EndLine: 4, Text: "A para with `code` and l.\nSecond line.", Prose: "A para with   and l.\nSecond line."},
		{Line: 15, EndLine: 16, Text: "Text  end.", Prose: "Text  end."},
		{Line: 18, EndLine: 18, Text: "quoted para", Prose: "quoted para"},
	}
	if len(d.Paragraphs) != len(wantParas) {
		t.Fatalf("paragraphs = %+v", d.Paragraphs)
	}
	for i, p := range d.Paragraphs {
		w := wantParas[i]
		if p.Line != w.Line || p.EndLine != w.EndLine || p.Prose != w.Prose || p.Heading == nil {
			t.Errorf("paragraph %d = %+v, want %+v", i, p, w)
		}
	}
	wantCode := []CodeBlock{
		{Lang: "gherkin", Line: 6, EndLine: 8, Text: "Given x\n"},
		{Lang: "", Line: 10, EndLine: 10, Text: "indented\n"},
		{Lang: "", Line: 25, EndLine: 26, Text: "unclosed\n"},
	}
	for i := range d.Code {
		d.Code[i].Heading = nil
	}
	if !reflect.DeepEqual(d.Code, wantCode) {
		t.Errorf("code = %#v", d.Code)
	}
	wantComments := []Comment{
		{Line: 12, EndLine: 12, Col: 1, Text: "rolelint-disable PO004"},
		{Line: 13, EndLine: 13, Col: 1, Text: "AC:BEGIN"},
		{Line: 15, EndLine: 16, Col: 6, Text: "inline\nnote"},
	}
	if !reflect.DeepEqual(d.Comments, wantComments) {
		t.Errorf("comments = %+v", d.Comments)
	}
	if len(d.Tables) != 2 || !reflect.DeepEqual(d.Tables[0].Cells, []string{"1", "2"}) || d.Tables[1].Line != 23 {
		t.Errorf("tables = %+v", d.Tables)
	}
	found := false
	for _, l := range d.Links {
		if l.Dest == "z.md" && l.Line == 23 && l.Col == 7 && l.EndCol == 16 {
			found = true
		}
	}
	if !found {
		t.Errorf("link in table cell missing: %+v", d.Links)
	}
}

func TestBacklogItems(t *testing.T) {
	src := `# Team backlog

Owner: @po

## US-7 Export report

Type: story
Owner: @bob
Epic: [E1](epics/e1.md)

As a manager I want to export so that I can share.

### Acceptance Criteria

- [ ] CSV downloads

## BUG-9 Crash on save

Steps.

## [PROJ-12] Refactor

- **Type:** task

## #12 Epic-ish thing

Labels: epic

## Plain item
`
	p := NewParser(nil)
	d := p.Parse("team/backlog.md", []byte(src))
	if d.Kind != KindBacklog || d.KindBy != KindByPath {
		t.Fatalf("kind %q by %q", d.Kind, d.KindBy)
	}
	if f := mustField(t, d, "owner"); f.Value != "@po" {
		t.Errorf("backlog owner = %+v", f)
	}
	type item struct {
		ID, Title        string
		Kind             Kind
		Start, End       int
		Headings, Checks int
	}
	var got []item
	for _, it := range d.Items {
		if it.Parent != d || it.Path != d.Path || it.Lines != d.Lines || it.KindBy != KindByItem {
			t.Errorf("item %q not tied to its file", it.Title)
		}
		got = append(got, item{it.ID, it.Title, it.Kind, it.StartLine, it.EndLine, len(it.Headings), len(it.ListItems)})
	}
	want := []item{
		{"US-7", "US-7 Export report", KindStory, 5, 16, 2, 1},
		{"BUG-9", "BUG-9 Crash on save", KindBug, 17, 20, 1, 0},
		{"PROJ-12", "[PROJ-12] Refactor", KindTask, 21, 24, 1, 1},
		{"#12", "#12 Epic-ish thing", KindEpic, 25, 28, 1, 0},
		{"", "Plain item", KindStory, 29, 29, 1, 0},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("items:\n got %+v\nwant %+v", got, want)
	}
	us := d.Items[0]
	if f := mustField(t, us, "owner"); f.Value != "@bob" || f.Line != 8 {
		t.Errorf("item owner = %+v", f)
	}
	if len(us.Links) != 1 || us.Links[0].FromKey != "epic" || us.Links[0].Target != "team/epics/e1.md" {
		t.Errorf("item links = %+v", us.Links)
	}
	if us.Section(ConceptAcceptanceCriteria) == nil || len(us.Paragraphs) != 2 || us.Paragraphs[1].Line != 11 {
		t.Errorf("item sections %+v paragraphs %+v", us.Headings, us.Paragraphs)
	}
	if us.Header.Has("labels") || d.Items[1].Header.Has("type") {
		t.Error("header fields leaked between items")
	}
	// the configured item level applies
	p = NewParser(&Config{Documents: []DocumentGlob{{Kind: KindBacklog, Paths: []string{"plan/*.md"}, ItemHeadingLevel: 3}}})
	d = p.Parse("plan/q3.md", []byte("# Q3\n\n## Now\n\n### A one\n\n### B two\n\n## Later\n\n### C three\n"))
	if len(d.Items) != 3 || d.Items[1].EndLine != 8 || d.KindBy != KindByConfig {
		t.Errorf("level-3 items = %d, kindBy %q", len(d.Items), d.KindBy)
	}
}

// TestCorpusSamples parses one or two real documents of each shared corpus
// (copied under testdata/parse/corpus) and checks the facts the rules need.
func TestCorpusSamples(t *testing.T) {
	tests := []struct {
		file     string // under testdata/parse/corpus/<corpus>/
		kind     Kind
		sub      string
		id       string
		key      string // owner-like or status field that must be found
		value    string
		from     string
		problems int
	}{
		{"backlog-md/backlog/completed/back-1 - cli-setup-core-project.md", KindStory, "", "BACK-1", "assignee", "@MrLesk", FromFrontMatter, 1},
		{"backlog-md/backlog/tasks/back-534 - Eliminate-MCP-milestone-mutation-CI-timeout.md", KindBug, "", "BACK-534", "assignee", "@back534-review-fix", FromFrontMatter, 0},
		{"prometheus-proposals/proposals/0045-direct-io.md", KindSpec, "", "", "owners", "@machine424", FromBold, 0},
		{"prometheus-proposals/proposals/0029-created-timestamp.md", KindSpec, "", "", "owners", "Arthur Silva Sens (@ArthurSens), Bartłomiej Płotka (@bwplotka), Max Amin (@macxamin), Daniel Hrabovcak (@TheSpiritXIII)", FromBold, 0},
		{"flux-rfcs/rfcs/0004-insecure-http/README.md", KindSpec, "rfc", "RFC-0004", "status", "implementable", FromBold, 0},
		{"golang-proposal/design/16704-cidr-notation-no-proxy.md", KindSpec, "go-proposal", "", "author(s)", "Rudi Kramer, James Forrest", FromLines, 0},
		{"semantic-kernel-adrs/docs/decisions/0004-error-handling.md", KindSpec, "adr", "", "status", "accepted", FromFrontMatter, 0},
	}
	p := NewParser(nil)
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join("testdata", "parse", "corpus", filepath.FromSlash(tc.file)))
			if err != nil {
				t.Fatal(err)
			}
			rel := tc.file[strings.Index(tc.file, "/")+1:]
			d := p.Parse(rel, src)
			if d.Kind != tc.kind || d.SubKind != tc.sub || d.ID != tc.id || len(d.Problems) != tc.problems {
				t.Errorf("kind %q/%q id %q problems %+v", d.Kind, d.SubKind, d.ID, d.Problems)
			}
			f := mustField(t, d, tc.key)
			if f.Value != tc.value || f.From != tc.from {
				t.Errorf("%s = %q from %s, want %q from %s", tc.key, f.Value, f.From, tc.value, tc.from)
			}
			checkPositions(t, d)
		})
	}
}

func TestGoProposalDiscussionLink(t *testing.T) {
	src, err := os.ReadFile("testdata/parse/corpus/golang-proposal/design/16704-cidr-notation-no-proxy.md")
	if err != nil {
		t.Fatal(err)
	}
	d := NewParser(nil).Parse("design/16704-cidr-notation-no-proxy.md", src)
	for _, l := range d.Links {
		if l.FromKey == "discussion at" {
			if !l.External || l.Line != 7 || !strings.HasPrefix(l.Dest, "https://golang.org/issue/16704") {
				t.Errorf("discussion link = %+v", l)
			}
			return
		}
	}
	t.Errorf("no discussion link in %+v", d.Links)
}

func TestParseNeverPanics(t *testing.T) {
	inputs := []string{
		"", "\x00", "---", "---\n", "---\n---", "\r\r\r", "\xff\xfe", "\xfe\xff\x00", "\xef\xbb\xbf",
		"[[", "[[]]", "[x](", "<!--", "**", "**Goals", "| a |\n|---|\n",
		"---\n: :\n---\n", "---\n[\n---\n", "---\n*x\n---\n", "---\n&a b: *a\n---\n",
		"- " + strings.Repeat("- ", 3000) + "x",
		strings.Repeat(">", 5000) + " x",
		"# h\n" + strings.Repeat("[[a|b]] [c](../../../../d) <e@f.g> ", 200),
	}
	for _, in := range inputs {
		d := parseMD(t, "backlog.md", in)
		checkPositions(t, d)
	}
}

func TestParseRecoversFromPanic(t *testing.T) {
	p := NewParser(nil)
	p.Sidecar = func(string) ([]byte, bool) { panic("boom") }
	d := p.Parse("keps/x/README.md", []byte("# X\n"))
	if len(d.Problems) != 1 || !strings.Contains(d.Problems[0].Message, "internal parser error") {
		t.Errorf("problems = %+v", d.Problems)
	}
}

func TestPosCursorMatchesLineIndex(t *testing.T) {
	src := []byte("ab\r\ncé€d\rx\n\nlast")
	li := NewLineIndex(src)
	var c posCursor
	offs := []int{0, 1, 2, 3, 4, 5, 7, 8, 10, 11, 12, 13, 2, 14, 15, 16, 17, 18, -3, 99, 5, 6}
	for _, off := range offs {
		gl, gc := c.pos(li, src, off)
		wl, wc := li.Pos(src, off)
		if gl != wl || gc != wc {
			t.Errorf("offset %d: cursor %d:%d, LineIndex %d:%d", off, gl, gc, wl, wc)
		}
	}
}

func TestParseConcurrent(t *testing.T) {
	samples := corpusSamples(t)
	p := NewParser(nil)
	want := map[string]int{}
	for path, src := range samples {
		want[path] = len(p.Parse(path, src).Links)
	}
	done := make(chan string, 4*len(samples))
	for i := 0; i < 4; i++ {
		for path, src := range samples {
			go func() {
				if n := len(p.Parse(path, src).Links); n != want[path] {
					done <- path
					return
				}
				done <- ""
			}()
		}
	}
	for i := 0; i < 4*len(samples); i++ {
		if bad := <-done; bad != "" {
			t.Errorf("%s parsed differently under concurrency", bad)
		}
	}
}

func TestNormHeadingShortcuts(t *testing.T) {
	// Headings the cheap checks before NormHeading's regexps must still let through.
	tests := map[string]string{
		"1. Goals":                    "goals",
		"2.3 Non-Goals":               "non goals",
		"iv. Risks":                   "risks",
		"a. Summary":                  "summary",
		"Alternatives (optional)":     "alternatives",
		"Open Issues (If Applicable)": "open issues",
		"  Expected   Behaviour: ":    "expected behavior",
		"Goals\u00a0and objectives":   "goals and objectives",
		"Version 1.2":                 "version 1.2",
		"":                            "",
	}
	for in, want := range tests {
		if got := NormHeading(in); got != want {
			t.Errorf("NormHeading(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestTextsShareTheSource checks the memory promise of the parser: texts
// that stand as is in the file are substrings of the one source string
// (Doc.Src is a view of it), not copies, and Doc.Line allocates nothing.
func TestTextsShareTheSource(t *testing.T) {
	src := []byte("---\nid: US-1\n---\n# Title\n\n## Goals\n\nA plain paragraph\nof two lines.\n\n- an item with `code`\n- [x] done\n\n```go\nx := 1\n```\n<!-- a note -->\n")
	d := NewParser(nil).Parse("docs/a.md", src)
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(d.Src)))
	hi := lo + uintptr(len(d.Src))
	inSource := func(what, s string) {
		t.Helper()
		p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
		if s == "" || p < lo || p >= hi {
			t.Errorf("%s %q is a copy, not a substring of the source", what, s)
		}
	}
	if &d.Src[0] == &src[0] {
		t.Error("Doc.Src aliases the caller's buffer")
	}
	for _, h := range d.Headings {
		inSource("heading", h.Text)
	}
	for _, p := range d.Paragraphs {
		inSource("paragraph text", p.Text)
		inSource("paragraph prose", p.Prose)
	}
	for _, li := range d.ListItems {
		inSource("list item", li.Text)
	}
	for _, c := range d.Code {
		inSource("code", c.Text)
	}
	for _, c := range d.Comments {
		inSource("comment", c.Text)
	}
	if len(d.Paragraphs) != 1 || d.Paragraphs[0].Text != "A plain paragraph\nof two lines." {
		t.Fatalf("paragraphs = %+v", d.Paragraphs)
	}
	if allocs := testing.AllocsPerRun(10, func() { _ = d.Line(4) }); allocs != 0 {
		t.Errorf("Doc.Line allocates %v times", allocs)
	}
}
