package lint

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// checkPositions asserts that every position of d lies in the file:
// 1 <= line <= line count + 1, columns >= 1, spans in order.
func checkPositions(t testing.TB, d *Doc) {
	t.Helper()
	n := d.Lines.Count() + 1
	ok := func(what string, line int) {
		if line < 1 || line > n {
			t.Fatalf("%s: %s line %d outside 1..%d", d.Path, what, line, n)
		}
	}
	for _, p := range d.Problems {
		ok("problem", p.Line)
	}
	for _, f := range d.Header.Fields {
		if f.File == "" {
			ok("field "+f.Key, f.Line)
		}
	}
	for _, h := range d.Headings {
		ok("heading", h.Line)
		ok("heading end", h.EndLine)
		if h.EndLine < h.Line {
			t.Fatalf("%s: heading %q ends at %d before %d", d.Path, h.Text, h.EndLine, h.Line)
		}
	}
	for _, l := range d.Links {
		ok("link", l.Line)
		if l.Col < 1 || l.EndCol < l.Col {
			t.Fatalf("%s: link %+v has columns %d..%d", d.Path, l, l.Col, l.EndCol)
		}
		if l.Target != "" && (strings.HasPrefix(l.Target, "../") || l.Target == "..") {
			t.Fatalf("%s: link target %q leaves the repository", d.Path, l.Target)
		}
	}
	for _, li := range d.ListItems {
		ok("list item", li.Line)
		ok("list item end", li.EndLine)
		if li.EndLine < li.Line || li.Col < 1 {
			t.Fatalf("%s: list item %+v", d.Path, li)
		}
	}
	for _, p := range d.Paragraphs {
		ok("paragraph", p.Line)
		if p.EndLine < p.Line {
			t.Fatalf("%s: paragraph %+v", d.Path, p)
		}
	}
	for _, c := range d.Code {
		ok("code", c.Line)
		ok("code end", c.EndLine)
	}
	for _, c := range d.Comments {
		ok("comment", c.Line)
		ok("comment end", c.EndLine)
	}
	for _, r := range d.Tables {
		ok("table row", r.Line)
	}
	for _, it := range d.Items {
		if it.StartLine < 1 || it.EndLine < it.StartLine || it.EndLine > n {
			t.Fatalf("%s: item %q spans %d..%d", d.Path, it.Title, it.StartLine, it.EndLine)
		}
		checkPositions(t, it)
	}
}

// corpusSamples returns the Markdown files under testdata/parse.
func corpusSamples(tb testing.TB) map[string][]byte {
	tb.Helper()
	out := map[string][]byte{}
	root := filepath.Join("testdata", "parse")
	err := filepath.WalkDir(root, func(p string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() || !IsMarkdown(p) {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = src
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

func FuzzParse(f *testing.F) {
	for _, src := range corpusSamples(f) {
		f.Add("docs/a.md", src)
	}
	for _, s := range []string{
		"---\nassignee: @x\n---\n## Description\n",
		"# B\n\n## US-1 A\n\nOwner: @a\n\n- [ ] x\n",
		"* **Owners:**\n  * A (@a)\n\n## Why\n",
		"| Field | Value |\n|---|---|\n| Owner | @a |\n",
		"[[a|b]] [x](%2e%2e/%2e%2e/y) <!-- c -->\r\nSetext\r\n===\r",
		"\xff\xfe#\x00 \x00T\x00",
	} {
		f.Add("backlog.md", []byte(s))
	}
	p := NewParser(nil)
	ref := NewParser(nil)
	ref.reference = true
	f.Fuzz(func(t *testing.T, path string, src []byte) {
		d := p.Parse(path, src)
		if d == nil || d.Lines == nil {
			t.Fatal("nil doc")
		}
		for _, pr := range d.Problems {
			if strings.Contains(pr.Message, "internal parser error") {
				t.Fatalf("parser panicked: %s", pr.Message)
			}
		}
		checkPositions(t, d)
		if want := ref.Parse(path, src); !reflect.DeepEqual(d, want) {
			t.Fatalf("the parser's shortcuts change the model:\n got %s\nwant %s", dumpModel(d), dumpModel(want))
		}
	})
}

// dumpModel prints the parts of a Doc that the shortcuts build.
func dumpModel(d *Doc) string {
	var b strings.Builder
	fmt.Fprintf(&b, "fields %+v\n", d.Header.Fields)
	for _, h := range d.Headings {
		fmt.Fprintf(&b, "heading %q %q\n", h.Text, h.Norm)
	}
	for _, p := range d.Paragraphs {
		fmt.Fprintf(&b, "paragraph %q %q\n", p.Text, p.Prose)
	}
	for _, li := range d.ListItems {
		fmt.Fprintf(&b, "item %q %q\n", li.Text, li.Prose)
	}
	for _, c := range d.Code {
		fmt.Fprintf(&b, "code %q\n", c.Text)
	}
	for _, c := range d.Comments {
		fmt.Fprintf(&b, "comment %q\n", c.Text)
	}
	for _, l := range d.Links {
		fmt.Fprintf(&b, "link %q %q\n", l.Text, l.Dest)
	}
	for _, r := range d.Tables {
		fmt.Fprintf(&b, "row %q\n", r.Cells)
	}
	return b.String()
}

// FuzzSimpleFrontMatter checks the front matter shortcut against the YAML
// library: whatever it accepts, YAML reads without error as the same fields.
func FuzzSimpleFrontMatter(f *testing.F) {
	for _, s := range []string{
		"type: bug\nid: BUG-1\nowner: \"@lena\"\nepic: EPIC-2\npriority: p3",
		"title: 'A title'\nstatus: null\n",
		"a: 1\na: 2",
		"k: v # c\nx: [1, 2]",
		"k:  two  spaces\nq: \" padded \"",
		"on: yes\n_x-1: 0x10\nd: 2024-01-02",
		"k: a: b\nk2: -x\nk3: 'it''s'",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lines := strings.Split(s, "\n")
		got, ok := simpleFrontMatter(lines, 2)
		if !ok {
			return
		}
		want, prob := yamlHeader([]byte(strings.Join(lines, "\n")+"\n"), 1, FromFrontMatter, "")
		if prob != nil {
			t.Fatalf("shortcut accepted %q, YAML rejects it: %s", s, prob.Message)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q:\n shortcut %+v\n YAML     %+v", s, got, want)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	samples := corpusSamples(b)
	var size int64
	for _, src := range samples {
		size += int64(len(src))
	}
	p := NewParser(nil)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for path, src := range samples {
			p.Parse(path, src)
		}
	}
}
