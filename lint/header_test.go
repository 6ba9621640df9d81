package lint

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// field returns the doc's field with normalised key k or fails the test.
func mustField(t *testing.T, d *Doc, k string) Field {
	t.Helper()
	f, ok := d.Header.Get(k)
	if !ok {
		var keys []string
		for _, f := range d.Header.Fields {
			keys = append(keys, f.Norm)
		}
		t.Fatalf("%s: no field %q; have %q", d.Path, k, keys)
	}
	return f
}

func parseMD(t *testing.T, path, src string) *Doc {
	t.Helper()
	return NewParser(nil).Parse(path, []byte(src))
}

func TestFrontMatterFields(t *testing.T) {
	src := `---
title: Export report
owner: "@alice"
reviewers: [bob, carol]
labels:
  - bug
  - ui
informed:
deciders: alice, bob
rolelint: {disable: [PM005]}
links:
  parent: ../epics/e1.md
---
# Export
`
	d := parseMD(t, "stories/s1.md", src)
	if len(d.Problems) != 0 {
		t.Fatalf("problems: %v", d.Problems)
	}
	if !d.HasFrontMat {
		t.Fatal("HasFrontMat = false")
	}
	tests := []struct {
		key    string
		value  string
		values []string
		list   bool
		line   int
	}{
		{"title", "Export report", []string{"Export report"}, false, 2},
		{"owner", "@alice", []string{"@alice"}, false, 3},
		{"reviewers", "bob, carol", []string{"bob", "carol"}, true, 4},
		{"labels", "bug, ui", []string{"bug", "ui"}, true, 5},
		{"informed", "", nil, false, 8},
		{"deciders", "alice, bob", []string{"alice, bob"}, false, 9}, // comma-separated scalars stay scalars
		{"rolelint", "", nil, false, 10},
		{"rolelint.disable", "PM005", []string{"PM005"}, true, 10},
		{"links.parent", "../epics/e1.md", []string{"../epics/e1.md"}, false, 12},
	}
	for _, tc := range tests {
		f := mustField(t, d, tc.key)
		if f.Value != tc.value || !reflect.DeepEqual(f.Values, tc.values) || f.IsList != tc.list || f.Line != tc.line || f.From != FromFrontMatter {
			t.Errorf("%s = %+v, want value %q values %q list %v line %d", tc.key, f, tc.value, tc.values, tc.list, tc.line)
		}
	}
	if f := mustField(t, d, "owner"); f.Col != 1 {
		t.Errorf("owner col = %d", f.Col)
	}
	// the front matter is not Markdown: no thematic break or setext heading from it
	if len(d.Headings) != 1 || d.Headings[0].Text != "Export" || d.Headings[0].Line != 14 {
		t.Errorf("headings = %+v", d.Headings)
	}
	// a path-valued nested key becomes a link
	var parent *Link
	for i := range d.Links {
		if d.Links[i].FromKey == "links.parent" {
			parent = &d.Links[i]
		}
	}
	if parent == nil || parent.Target != "epics/e1.md" || parent.Line != 12 {
		t.Errorf("parent link = %+v (links %+v)", parent, d.Links)
	}
}

func TestBrokenFrontMatterRecovers(t *testing.T) {
	src := `---
id: BACK-1
title: "CLI: Setup"
status: Done
assignee: @MrLesk
labels: ["cli", "setup"]
dependencies:
  - task-0
parent_task_id: task-12
---

## Description

Text.
`
	d := parseMD(t, "backlog/tasks/back-1 - CLI-Setup.md", src)
	if len(d.Problems) != 1 || d.Problems[0].Line != 5 || !strings.Contains(d.Problems[0].Message, "not valid YAML") {
		t.Fatalf("problems = %+v, want one on line 5", d.Problems)
	}
	want := map[string]string{"id": "BACK-1", "title": "CLI: Setup", "status": "Done", "assignee": "@MrLesk",
		"labels": "cli, setup", "dependencies": "task-0", "parent task id": "task-12"}
	for k, v := range want {
		if f := mustField(t, d, k); f.Value != v {
			t.Errorf("%s = %q, want %q", k, f.Value, v)
		}
	}
	if f := mustField(t, d, "assignee"); f.Line != 5 || f.From != FromFrontMatter {
		t.Errorf("assignee at %d from %s", f.Line, f.From)
	}
	if f := mustField(t, d, "labels"); !f.IsList || len(f.Values) != 2 {
		t.Errorf("labels = %+v", f)
	}
	if d.Kind != KindStory || d.ID != "BACK-1" {
		t.Errorf("kind %q id %q", d.Kind, d.ID)
	}
}

func TestFrontMatterEdgeCases(t *testing.T) {
	t.Run("unclosed", func(t *testing.T) {
		d := parseMD(t, "a.md", "---\ntitle: x\n# Hi\n")
		if len(d.Problems) != 1 || !strings.Contains(d.Problems[0].Message, "never closed") {
			t.Errorf("problems = %+v", d.Problems)
		}
	})
	t.Run("thematic break first", func(t *testing.T) {
		d := parseMD(t, "a.md", "---\n\n# Hi\n")
		if len(d.Problems) != 0 || d.HasFrontMat {
			t.Errorf("problems = %+v fm %v", d.Problems, d.HasFrontMat)
		}
	})
	t.Run("dots close", func(t *testing.T) {
		d := parseMD(t, "a.md", "---\nstatus: draft\n...\n# Hi\n")
		if mustField(t, d, "status").Value != "draft" || d.Title != "Hi" {
			t.Errorf("fields %+v title %q", d.Header.Fields, d.Title)
		}
	})
	t.Run("not a mapping", func(t *testing.T) {
		d := parseMD(t, "a.md", "---\n- a\n- b\n---\n# Hi\n")
		if len(d.Problems) != 1 || d.Problems[0].Line != 2 {
			t.Errorf("problems = %+v", d.Problems)
		}
	})
	t.Run("too large", func(t *testing.T) {
		big := "---\n" + strings.Repeat("k: v\n", maxFrontMatter/4) + "---\n# Hi\n"
		d := parseMD(t, "a.md", big)
		if len(d.Problems) != 1 || !strings.Contains(d.Problems[0].Message, "larger than") {
			t.Errorf("problems = %+v", d.Problems)
		}
	})
	t.Run("alias bomb", func(t *testing.T) {
		bomb := "---\na: &a [x,x,x,x,x,x,x,x,x,x]\n"
		prev := "a"
		for _, n := range []string{"b", "c", "d", "e", "f", "g", "h", "i", "j"} {
			bomb += n + ": &" + n + " [" + strings.Repeat("*"+prev+",", 9) + "*" + prev + "]\n"
			prev = n
		}
		bomb += "---\n# Hi\n"
		start := time.Now()
		d := parseMD(t, "a.md", bomb)
		if time.Since(start) > 5*time.Second {
			t.Errorf("alias bomb took %v", time.Since(start))
		}
		if f := mustField(t, d, "j"); !f.IsList || len(f.Value) > 100000 {
			t.Errorf("j has %d bytes", len(f.Value))
		}
	})
}

// TestBraceListValuePositions: each name of a `{ a, b }` brace list sits at
// its own line and column. The positions were once taken from the mapping's
// keys and null values interleaved, so the second name got the position of
// the comma after the first, the third that of the second, and so on.
func TestBraceListValuePositions(t *testing.T) {
	type pos struct{ Line, Col int }
	tests := []struct {
		name string
		fm   string // front matter lines, from file line 2
		key  string
		want map[string]pos // value -> position
	}{
		{"one line", "related: { a.md, b.md, c.md }\n", "related",
			map[string]pos{"a.md": {2, 12}, "b.md": {2, 18}, "c.md": {2, 24}}},
		{"one name per line", "title: T\nrelated: {\n  a.md,\n  b.md\n}\n", "related",
			map[string]pos{"a.md": {4, 3}, "b.md": {5, 3}}},
		{"empty name skipped", "related: {\"\", b.md}\n", "related",
			map[string]pos{"b.md": {2, 15}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := parseMD(t, "docs/x.md", "---\n"+tt.fm+"---\n# T\n")
			if len(d.Problems) != 0 {
				t.Fatalf("problems: %v", d.Problems)
			}
			got := map[string]pos{}
			for _, l := range d.Links {
				if l.FromKey == tt.key {
					got[l.Dest] = pos{l.Line, l.Col}
					if l.EndCol != l.Col+len(l.Dest) {
						t.Errorf("%s: EndCol %d, want %d", l.Dest, l.EndCol, l.Col+len(l.Dest))
					}
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("link positions = %v, want %v", got, tt.want)
			}
		})
	}
	// Names that are not links keep their positions too (Field holds only
	// the key's; the per-value positions are the parser's).
	fields, prob := yamlHeader([]byte("deciders: { Tao Chen, Ben Thomas }\n"), 1, FromFrontMatter, "")
	if prob != nil || len(fields) != 1 {
		t.Fatalf("fields %+v problem %v", fields, prob)
	}
	f := fields[0]
	if want := []srcPos{{2, 13}, {2, 23}}; !reflect.DeepEqual(f.Values, []string{"Tao Chen", "Ben Thomas"}) || !reflect.DeepEqual(f.valPos, want) {
		t.Errorf("deciders values %q at %v, want [Tao Chen Ben Thomas] at %v", f.Values, f.valPos, want)
	}
}

func TestBodyHeaderEncodings(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		key   string
		value string
		from  string
		line  int
		col   int
	}{
		{"go lines", "# Proposal: X\n\nAuthor(s): Russ Cox\n\nLast updated: 2019-01-01\n\n## Abstract\n", "author(s)", "Russ Cox", FromLines, 3, 1},
		{"go lines in one paragraph", "# P\n\nAuthor: Russ Cox\nLast updated: January 26, 2017<br>\nDiscussion: [https://golang.org/issue/1](https://golang.org/issue/1).<br>\n\n## Abstract\n", "last updated", "January 26, 2017", FromLines, 4, 1},
		{"discussion at", "# P\n\nDiscussion at https://go.dev/issue/123.\n\n## Abstract\n", "discussion at", "https://go.dev/issue/123.", FromLines, 3, 1},
		{"rust bullets", "# RFC\n\n- Feature Name: `my_feature`\n- Start Date: 2014-01-01\n\n## Summary\n", "feature name", "`my_feature`", FromBullets, 3, 3},
		{"bold colon inside", "# T\n\n**Owner:** @x\n\n## Why\n", "owner", "@x", FromBold, 3, 1},
		{"bold colon outside", "# T\n\n**Owner**: @x\n\n## Why\n", "owner", "@x", FromBold, 3, 1},
		{"bold bullet", "# T\n\n- **Owner:** @x\n\n## Why\n", "owner", "@x", FromBold, 3, 3},
		{"flux status", "# RFC-0004 Title\n\n**Status:** implementable\n\n**Creation date:** 2022-09-08\n\n## Summary\n", "status", "implementable", FromBold, 3, 1},
		{"table", "# T\n\n| Field | Value |\n| --- | --- |\n| Owner | @alice |\n| Status | Draft |\n\n## Why\n", "status", "Draft", FromTable, 6, 3},
		{"table header is a field", "# T\n\n| Owner | @alice |\n| --- | --- |\n| Status | Draft |\n\n## Why\n", "owner", "@alice", FromTable, 3, 3},
		{"email kept", "# T\n\nAuthor: Andrew Gerrand <adg@golang.org>\n\n## A\n", "author", "Andrew Gerrand <adg@golang.org>", FromLines, 3, 1},
		{"entity decoded", "# T\n\nAuthor: Dave &lt;dave@x.net&gt;\n\n## A\n", "author", "Dave <dave@x.net>", FromLines, 3, 1},
		{"link text", "# T\n\nAuthor: [Ian](mailto:iant@golang.org)\n\n## A\n", "author", "Ian", FromLines, 3, 1},
		{"no h1", "Owner: @a\n\n## Why\n", "owner", "@a", FromLines, 1, 1},
		{"h2 title", "## Created Timestamps\n\n* **Owners:** @x\n\n## Why\n", "owners", "@x", FromBold, 3, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := parseMD(t, "docs/x.md", tc.src)
			f := mustField(t, d, tc.key)
			if f.Value != tc.value || f.From != tc.from || f.Line != tc.line || f.Col != tc.col {
				t.Errorf("got %+v, want value %q from %s at %d:%d", f, tc.value, tc.from, tc.line, tc.col)
			}
		})
	}
}

func TestBodyHeaderOnlyLeading(t *testing.T) {
	d := parseMD(t, "docs/x.md", "# T\n\nOwner: @a\n\n## Why\n\nStatus: not a header\n\n- Key: not either\n")
	if d.Header.Has("status") || d.Header.Has("key") {
		t.Errorf("fields after the first H2: %+v", d.Header.Fields)
	}
	// an opening `## Description` is a section, not a title: its text is no header
	d = parseMD(t, "docs/y.md", "## Description\n\nNote: this is prose.\n")
	if d.Header.Has("note") {
		t.Errorf("fields from a section: %+v", d.Header.Fields)
	}
	// a URL at the start of a line is not a key
	d = parseMD(t, "docs/z.md", "# T\n\nhttps://example.com/x\n")
	if d.Header.Has("https") {
		t.Errorf("URL read as a key: %+v", d.Header.Fields)
	}
	// task items are not header bullets
	d = parseMD(t, "docs/w.md", "# T\n\n- [ ] Owner: @x\n")
	if d.Header.Has("owner") {
		t.Errorf("task item read as a field: %+v", d.Header.Fields)
	}
}

func TestPrometheusOwnersSubList(t *testing.T) {
	src := `## Created Timestamps

* **Owners**
  * Arthur Silva Sens ([@ArthurSens](https://github.com/ArthurSens))
  * Max Amin ([@macxamin](https://github.com/macxamin))

* **Implementation Status:**
  * Implemented

* **Related Issues and PRs:**
  * https://github.com/prometheus/prometheus/issues/6541

## Why
`
	d := parseMD(t, "proposals/0029-created-timestamp.md", src)
	owners := mustField(t, d, "owners")
	want := []string{"Arthur Silva Sens (@ArthurSens)", "Max Amin (@macxamin)"}
	if !reflect.DeepEqual(owners.Values, want) || !owners.IsList || owners.From != FromBold || owners.Line != 3 {
		t.Errorf("owners = %+v", owners)
	}
	if f := mustField(t, d, "implementation status"); f.Value != "Implemented" {
		t.Errorf("implementation status = %+v", f)
	}
	if d.Title != "Created Timestamps" || d.TitleLine != 1 {
		t.Errorf("title %q@%d", d.Title, d.TitleLine)
	}
	// links under a field's sub-list carry its key
	n := 0
	for _, l := range d.Links {
		if l.FromKey == "related issues and prs" && l.External {
			n++
		}
		if l.Line == 4 && l.FromKey != "owners" {
			t.Errorf("owner link %+v has no FromKey", l)
		}
	}
	if n != 1 {
		t.Errorf("related issue links = %d: %+v", n, d.Links)
	}
}

func TestHeaderOrderAndSidecar(t *testing.T) {
	p := NewParser(nil)
	p.Sidecar = func(path string) ([]byte, bool) {
		if path == "keps/sig-apps/1234-x/kep.yaml" {
			return []byte("title: X\nkep-number: 1234\nowning-sig: sig-apps\nstatus: implementable\napprovers:\n  - \"@alice\"\n"), true
		}
		return nil, false
	}
	d := p.Parse("keps/sig-apps/1234-x/README.md", []byte("---\nowner: \"@bob\"\n---\n# KEP-1234: X\n\n**Status:** draft\n\n## Summary\n"))
	var got []string
	for _, f := range d.Header.Fields {
		got = append(got, f.From+":"+f.Norm)
	}
	want := []string{"front-matter:owner", "bold:status", "sidecar:title", "sidecar:kep number", "sidecar:owning sig", "sidecar:status", "sidecar:approvers"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("fields = %q, want %q", got, want)
	}
	sig := mustField(t, d, "owning-sig")
	if sig.File != "keps/sig-apps/1234-x/kep.yaml" || sig.Line != 3 {
		t.Errorf("owning-sig = %+v", sig)
	}
	if d.Kind != KindSpec || d.SubKind != "kep" || d.ID != "KEP-1234" {
		t.Errorf("kind %s/%s id %q", d.Kind, d.SubKind, d.ID)
	}
	// a README without a sidecar has no sidecar fields
	d = p.Parse("keps/sig-apps/9-y/README.md", []byte("# Y\n"))
	if len(d.Header.Fields) != 0 {
		t.Errorf("fields = %+v", d.Header.Fields)
	}
}

func TestLineField(t *testing.T) {
	tests := []struct {
		line, key, value, from string
		ok                     bool
	}{
		{"Author(s): Russ Cox", "Author(s)", "Russ Cox", FromLines, true},
		{"Last updated: 2019-01-01", "Last updated", "2019-01-01", FromLines, true},
		{"Discussion at https://go.dev/issue/1", "Discussion at", "https://go.dev/issue/1", FromLines, true},
		{"Earlier discussion at https://go.dev/issue/1", "Earlier discussion at", "https://go.dev/issue/1", FromLines, true},
		{"**Owner:** @x", "Owner", "@x", FromBold, true},
		{"**Owner**: @x", "Owner", "@x", FromBold, true},
		{"__Owner:__ @x", "Owner", "@x", FromBold, true},
		{"**Owner** and more", "", "", "", false},
		{"**Owner:**: @x", "", "", "", false},
		{"a sentence with many words before: the colon", "", "", "", false},
		{"https://example.com", "", "", "", false},
		{"Status: draft \\", "Status", "draft", FromLines, true},
	}
	for _, tc := range tests {
		key, value, from, ok := lineField(tc.line)
		if ok != tc.ok || key != tc.key || value != tc.value || from != tc.from {
			t.Errorf("lineField(%q) = %q %q %q %v, want %q %q %q %v", tc.line, key, value, from, ok, tc.key, tc.value, tc.from, tc.ok)
		}
	}
}

func TestLineFieldGuardedForms(t *testing.T) {
	// Lines the cheap checks before the regexps must still let through.
	tests := []struct {
		line, key, value string
		ok               bool
	}{
		{"  Owner:   [Ann](people/ann.md)<br>", "Owner", "Ann", true},
		{"Status: **draft** &amp; open", "Status", "draft & open", true},
		{"Design doc at <https://x.org/d>", "Design doc at", "<https://x.org/d>", true},
		{"Tracked at www.example.com/t", "Tracked at", "www.example.com/t", true},
		{"Seen at noon", "", "", false},
		{"no colon here at all", "", "", false},
	}
	for _, tc := range tests {
		key, value, _, ok := lineField(tc.line)
		if ok != tc.ok || key != tc.key || value != tc.value {
			t.Errorf("lineField(%q) = %q %q %v, want %q %q %v", tc.line, key, value, ok, tc.key, tc.value, tc.ok)
		}
	}
}

func TestSimpleFrontMatterMatchesYAML(t *testing.T) {
	tests := []struct {
		src    string
		simple bool // the shortcut takes it; otherwise YAML must
	}{
		{"type: bug\nid: BUG-1667\nowner: \"@lena\"\nepic: EPIC-167\npriority: p3", true},
		{"title: 'Quoted, with comma'\nstatus:   draft two", false}, // ',' inside quotes: left to YAML
		{"title: 'Plain quoted'\nstatus:   draft two", true},
		{"status: null", false},
		{"a: 1\na: 2", false},
		{"k: v # comment", false},
		{"tags: [a, b]", false},
		{"owners:\n  - a", false},
		{"k: a: b", false},
		{"k: -x", false},
		{"k: 'it''s'", false},
		{"k: \"esc\\n\"", false},
		{"", false},
		{"k: caf\u00e9", false},
	}
	for _, tc := range tests {
		lines := strings.Split(tc.src, "\n")
		got, ok := simpleFrontMatter(lines, 2)
		if ok != tc.simple {
			t.Errorf("simpleFrontMatter(%q) ok = %v, want %v", tc.src, ok, tc.simple)
		}
		if !ok {
			continue
		}
		want, prob := yamlHeader([]byte(tc.src+"\n"), 1, FromFrontMatter, "")
		if prob != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("simpleFrontMatter(%q):\n got %+v\nwant %+v (%v)", tc.src, got, want, prob)
		}
	}
}
