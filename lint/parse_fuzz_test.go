package lint

import (
	"io/fs"
	"os"
	"path/filepath"
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
