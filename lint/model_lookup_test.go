package lint

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unsafe"
)

// The linear scans Doc.HeadingAt, ItemsIn and LinksIn were before they
// became binary searches, kept verbatim: the new ones must give exactly
// what these give, on every document the program makes.

func headingAtRef(d *Doc, n int) *Heading {
	var best *Heading
	for _, h := range d.Headings {
		if h.In(n) && (best == nil || h.Level >= best.Level) {
			best = h
		}
	}
	return best
}

func itemsInRef(d *Doc, h *Heading) []ListItem {
	var out []ListItem
	for _, li := range d.ListItems {
		if h.In(li.Line) {
			out = append(out, li)
		}
	}
	return out
}

func linksInRef(d *Doc, h *Heading) []Link {
	var out []Link
	for _, l := range d.Links {
		if h.In(l.Line) {
			out = append(out, l)
		}
	}
	return out
}

// lookupForm is one shape in which the program hands a document to rules.
type lookupForm struct {
	name string
	doc  *Doc
}

// lookupForms returns d, its items, its light form (and items) and the
// light form as the cache decodes it (and items).
func lookupForms(t *testing.T, d *Doc) []lookupForm {
	t.Helper()
	withItems := func(name string, x *Doc) []lookupForm {
		out := []lookupForm{{name, x}}
		for i, it := range x.Items {
			out = append(out, lookupForm{fmt.Sprintf("%s item %d (%s)", name, i, it.Title), it})
		}
		return out
	}
	forms := withItems("full", d)
	light := d.Light(nil)
	forms = append(forms, withItems("light", light)...)
	var e encoder
	e.doc(light, nil)
	dec := &decoder{s: string(e.b)}
	decoded := dec.doc(0, nil)
	if dec.err != nil || decoded == nil {
		t.Fatalf("%s: light form does not decode: %v", d.Path, dec.err)
	}
	return append(forms, withItems("decoded", decoded)...)
}

// checkLookups compares the lookups with the references on every line of
// the file (and beyond both ends) and for every heading of the form and of
// the file, nil, and a few spans no heading has.
func checkLookups(t *testing.T, label string, d *Doc) {
	t.Helper()
	lines := d.EndLine
	if d.Lines != nil {
		lines = max(lines, d.Lines.Count())
	}
	for _, f := range lookupForms(t, d) {
		x := f.doc
		for n := -1; n <= lines+2; n++ {
			if got, want := x.HeadingAt(n), headingAtRef(x, n); got != want {
				t.Fatalf("%s, %s: HeadingAt(%d) = %s, want %s", label, f.name, n, describeHeading(got), describeHeading(want))
			}
		}
		if got, want := x.HeadingAt(1<<30), headingAtRef(x, 1<<30); got != want {
			t.Fatalf("%s, %s: HeadingAt(huge) = %s, want %s", label, f.name, describeHeading(got), describeHeading(want))
		}
		heads := append([]*Heading{nil}, x.Headings...)
		if x != d {
			heads = append(heads, d.Headings...)
		}
		if x.Parent != nil {
			heads = append(heads, x.Parent.Headings...)
		}
		heads = append(heads, &Heading{Line: 0, EndLine: 1 << 30}, &Heading{Line: lines, EndLine: 1},
			&Heading{Line: lines / 2, EndLine: lines/2 + 1}, &Heading{Line: lines + 1, EndLine: lines + 5})
		for _, h := range heads {
			gotItems, wantItems := x.ItemsIn(h), itemsInRef(x, h)
			if !reflect.DeepEqual(gotItems, wantItems) {
				t.Fatalf("%s, %s: ItemsIn(%s) =\n%+v\nwant\n%+v", label, f.name, describeHeading(h), gotItems, wantItems)
			}
			if sharesArray(gotItems, x.ListItems) {
				t.Fatalf("%s, %s: ItemsIn(%s) shares the document's list items", label, f.name, describeHeading(h))
			}
			gotLinks, wantLinks := x.LinksIn(h), linksInRef(x, h)
			if !reflect.DeepEqual(gotLinks, wantLinks) {
				t.Fatalf("%s, %s: LinksIn(%s) =\n%+v\nwant\n%+v", label, f.name, describeHeading(h), gotLinks, wantLinks)
			}
			if sharesArray(gotLinks, x.Links) {
				t.Fatalf("%s, %s: LinksIn(%s) shares the document's links", label, f.name, describeHeading(h))
			}
		}
	}
}

// sharesArray reports whether got lies in all's backing array: the scans
// returned new slices, which callers may change.
func sharesArray[T any](got, all []T) bool {
	if len(got) == 0 || cap(all) == 0 {
		return false
	}
	size := unsafe.Sizeof(all[0])
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(all)))
	p := uintptr(unsafe.Pointer(&got[0]))
	return p >= lo && p < lo+uintptr(cap(all))*size
}

func describeHeading(h *Heading) string {
	if h == nil {
		return "nil"
	}
	return fmt.Sprintf("%q (level %d, %d..%d)", h.Text, h.Level, h.Line, h.EndLine)
}

// lookupConfigs: the default and one with every preset's vocabulary and
// document globs (more bold labels, more backlog files).
func lookupConfigs() map[string]*Config {
	all := &Config{Version: 1, Extends: []string{PresetRecommended}}
	for _, p := range Presets() {
		if p.Name != PresetRecommended && p.Name != PresetStrict {
			all.Extends = append(all.Extends, p.Name)
		}
	}
	all.applyPresets()
	return map[string]*Config{"default": DefaultConfig(), "all presets": all}
}

// parsersFor returns the parsers the lookups are checked with: per
// configuration, one reading sidecar files (kep.yaml beside README.md)
// under root.
func parsersFor(root string) map[string]*Parser {
	out := map[string]*Parser{}
	for name, c := range lookupConfigs() {
		p := NewParser(c)
		p.Sidecar = func(rel string) ([]byte, bool) {
			b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
			return b, err == nil
		}
		out[name] = p
	}
	return out
}

// checkTree checks every Markdown file under root, each parsed under its
// own path and again as a backlog.md in the same folder (split into items).
func checkTree(t *testing.T, root string) {
	t.Helper()
	parsers := parsersFor(root)
	files := walkMarkdown(t, []string{root}, func(root, p string, src []byte) error {
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		for cname, parser := range parsers {
			for _, as := range []string{rel, path.Join(path.Dir(rel), "backlog.md")} {
				d := parser.Parse(as, src)
				checkLookups(t, fmt.Sprintf("%s as %s (%s)", p, as, cname), d)
			}
		}
		return nil
	})
	if files == 0 {
		t.Fatalf("no Markdown files under %s", root)
	}
	t.Logf("%s: %d files", root, files)
}

func TestDocLookupsMatchScansOnTestdata(t *testing.T) {
	for _, root := range []string{filepath.Join("..", "testdata"), "testdata"} {
		checkTree(t, root)
	}
}

func TestDocLookupsMatchScansOnSharedCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("the shared corpus is long to check")
	}
	root := "/work/shared/corpus"
	if _, err := os.Stat(root); err != nil {
		t.Skipf("no shared corpus: %v", err)
	}
	checkTree(t, root)
}

// genMarkdown writes a random document mixing everything that makes
// headings, list items and links: ATX and setext headings, bold labels,
// front matter and body header values that are links, code blocks holding
// look-alikes, tables, quotes, wikilinks and bare URLs.
func genMarkdown(r *rand.Rand, blocks int) string {
	var b strings.Builder
	if r.IntN(2) == 0 {
		b.WriteString("---\ntitle: Generated\nowner: \"@a\"\nlinks:\n  - https://example.com/x\n  - ../other.md\n")
		b.WriteString("related: docs/b.md\nsee also: [a.md, b.md]\nepic: \"[E](epic.md)\"\n---\n")
	}
	if r.IntN(3) > 0 {
		b.WriteString("# Title [t](t.md)\n\n")
	}
	if r.IntN(2) == 0 {
		b.WriteString("Owner: @a\nSpec: docs/spec.md\nEpic: [E](epic.md)\nParent: https://x.org/p\n\n")
	}
	word := func() string {
		return []string{"alpha", "beta", "gamma", "delta", "goals", "scope"}[r.IntN(6)]
	}
	link := func() string {
		switch r.IntN(6) {
		case 0:
			return "[x](a.md#frag)"
		case 1:
			return "<https://example.com/" + word() + ">"
		case 2:
			return "[[Wiki " + word() + "]]"
		case 3:
			return "www.example.org/" + word()
		case 4:
			return "[ref][r1]"
		}
		return "[`c`](../up/" + word() + ".md)"
	}
	text := func() string {
		n := 1 + r.IntN(4)
		parts := make([]string, n)
		for i := range parts {
			if r.IntN(3) == 0 {
				parts[i] = link()
			} else {
				parts[i] = word()
			}
		}
		return strings.Join(parts, " ")
	}
	bold := []string{"**Goals**", "**Problem:** " + "why not", "**Acceptance criteria**", "**Non-goals**:", "**Risks**", "**Motivation**"}
	for i := 0; i < blocks; i++ {
		switch r.IntN(16) {
		case 0, 1, 2:
			level := 1 + r.IntN(6)
			if r.IntN(4) == 0 {
				// a level-2 item heading, as in backlogs
				fmt.Fprintf(&b, "## US-%d %s\n\n", i, text())
				if r.IntN(2) == 0 {
					fmt.Fprintf(&b, "Parent: ../epics/e%d.md\nStatus: ready\n\n", i)
				}
				continue
			}
			fmt.Fprintf(&b, "%s %s\n\n", strings.Repeat("#", level), text())
		case 3:
			fmt.Fprintf(&b, "%s\n%s\n\n", text(), []string{"===", "---"}[r.IntN(2)])
		case 4:
			fmt.Fprintf(&b, "%s\n\n", bold[r.IntN(len(bold))])
		case 5, 6, 7:
			n := 1 + r.IntN(5)
			for j := 0; j < n; j++ {
				indent := strings.Repeat("  ", r.IntN(3))
				marker := []string{"- ", "* ", "1. ", "- [ ] ", "- [x] "}[r.IntN(5)]
				fmt.Fprintf(&b, "%s%s%s\n", indent, marker, text())
			}
			b.WriteString("\n")
		case 8:
			b.WriteString("```md\n# not a heading\n- not an item [x](y.md)\n**Goals**\n```\n\n")
		case 9:
			b.WriteString("    # indented code\n    - [x](z.md)\n\n")
		case 10:
			fmt.Fprintf(&b, "| A | B |\n|---|---|\n| %s | %s |\n| - x | [t](t.md) |\n\n", text(), link())
		case 11:
			fmt.Fprintf(&b, "> %s\n> - quoted %s\n>\n> ## quoted heading\n\n", text(), link())
		case 12:
			b.WriteString("<!-- # hidden\n- hidden [h](h.md) -->\n\n")
		case 13:
			fmt.Fprintf(&b, "%s\n%s\n\n", text(), text())
		case 14:
			b.WriteString("[r1]: https://example.com/ref\n\n")
		case 15:
			fmt.Fprintf(&b, "- Owner: @b\n  - nested %s\n- Links: %s\n\n", link(), link())
		}
	}
	return b.String()
}

const lookupSidecar = "title: Generated\nkep-number: 7\nowning-sig: sig-apps\nstatus: implementable\n" +
	"see-also:\n  - \"/keps/sig-apps/1\"\n  - https://example.com/kep\nreplaces: [\"../other/README.md\"]\n"

func TestDocLookupsMatchScansOnGeneratedDocs(t *testing.T) {
	var parsers []*Parser
	for _, c := range lookupConfigs() {
		p := NewParser(c)
		p.Sidecar = func(rel string) ([]byte, bool) {
			if rel == "keps/sig-apps/7-gen/kep.yaml" {
				return []byte(lookupSidecar), true
			}
			return nil, false
		}
		parsers = append(parsers, p)
	}
	seeds := 120
	if testing.Short() {
		seeds = 30
	}
	for seed := 0; seed < seeds; seed++ {
		r := rand.New(rand.NewPCG(uint64(seed), 7))
		src := genMarkdown(r, 5+r.IntN(120))
		if seed%5 == 0 {
			src = strings.ReplaceAll(src, "\n", "\r\n")
		}
		for _, p := range parsers {
			for _, as := range []string{"docs/gen.md", "team/backlog.md", "keps/sig-apps/7-gen/README.md"} {
				d := p.Parse(as, []byte(src))
				checkLookups(t, fmt.Sprintf("seed %d as %s", seed, as), d)
			}
		}
	}
}

// TestDocLookupsCoverTheCases makes sure the inputs above hold what the
// lookups must get right, so the comparison cannot pass vacuously.
func TestDocLookupsCoverTheCases(t *testing.T) {
	p := NewParser(DefaultConfig())
	p.Sidecar = func(rel string) ([]byte, bool) { return []byte(lookupSidecar), rel == "keps/sig-apps/7-gen/kep.yaml" }
	var bold, setext, fmLinks, extraBody, items, itemOutside, sidecar bool
	for seed := 0; seed < 30; seed++ {
		r := rand.New(rand.NewPCG(uint64(seed), 7))
		src := genMarkdown(r, 5+r.IntN(120))
		for _, as := range []string{"team/backlog.md", "keps/sig-apps/7-gen/README.md"} {
			d := p.Parse(as, []byte(src))
			for _, h := range d.Headings {
				bold = bold || h.Bold
				setext = setext || (!h.Bold && !strings.HasPrefix(strings.TrimSpace(d.Line(h.Line)), "#"))
			}
			for _, l := range d.Links {
				fmLinks = fmLinks || (l.FromKey != "" && d.HasFrontMat && l.Line < d.TitleLine)
				extraBody = extraBody || (l.FromKey != "" && strings.HasPrefix(d.Line(l.Line), "Spec: "))
			}
			for _, f := range d.Header.Fields {
				sidecar = sidecar || f.File != ""
			}
			for _, it := range d.Items {
				items = true
				// the lookups are asked about lines outside an item too,
				// where the file's headings (its Parent chain) hold them
				if it.Headings[0].Parent != nil && it.EndLine < d.EndLine {
					itemOutside = true
				}
			}
		}
	}
	for name, ok := range map[string]bool{"bold label": bold, "setext heading": setext, "front matter link": fmLinks,
		"body header link": extraBody, "backlog items": items, "item with a parent heading": itemOutside, "sidecar field": sidecar} {
		if !ok {
			t.Errorf("the generated documents hold no %s", name)
		}
	}
}

// FuzzDocLookups looks for a document on which the searches and the
// scans differ (run with -fuzz; the seeds run with every go test).
func FuzzDocLookups(f *testing.F) {
	for _, src := range corpusSamples(f) {
		f.Add(src)
	}
	for seed := 0; seed < 8; seed++ {
		r := rand.New(rand.NewPCG(uint64(seed), 7))
		f.Add([]byte(genMarkdown(r, 5+r.IntN(30))))
	}
	p := NewParser(DefaultConfig())
	p.Sidecar = func(rel string) ([]byte, bool) { return []byte(lookupSidecar), rel == "keps/sig-apps/7-gen/kep.yaml" }
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, as := range []string{"team/backlog.md", "keps/sig-apps/7-gen/README.md"} {
			checkLookups(t, as, p.Parse(as, src))
		}
	})
}

// manyHeadings returns a document of n sections, each with a list item
// and a link, under a title and alternating deeper levels.
func manyHeadings(n int) []byte {
	var b strings.Builder
	b.WriteString("# Title\n\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%s Section %d\n\n- item [l](s%d.md)\n\n", strings.Repeat("#", 2+i%3), i, i)
	}
	return []byte(b.String())
}

func TestDocLookupsManyHeadings(t *testing.T) {
	d := NewParser(nil).Parse("docs/big.md", manyHeadings(2000))
	if len(d.Headings) != 2001 || len(d.ListItems) != 2000 || len(d.Links) != 2000 {
		t.Fatalf("headings %d, items %d, links %d", len(d.Headings), len(d.ListItems), len(d.Links))
	}
	checkLookups(t, "2000 sections", d)
}

// BenchmarkDocLookups asks what a run asks of a 20,000-section document:
// the heading of every line (one finding per line), the items and links of
// every section, with the linear scans (ref) and the searches (new).
//
//	go test ./lint -run '^$' -bench DocLookups -benchtime 1x
func BenchmarkDocLookups(b *testing.B) {
	d := NewParser(nil).Parse("docs/big.md", manyHeadings(20000))
	lines := d.Lines.Count()
	impls := []struct {
		name      string
		headingAt func(int) *Heading
		itemsIn   func(*Heading) []ListItem
		linksIn   func(*Heading) []Link
	}{
		{"ref", func(n int) *Heading { return headingAtRef(d, n) },
			func(h *Heading) []ListItem { return itemsInRef(d, h) }, func(h *Heading) []Link { return linksInRef(d, h) }},
		{"new", d.HeadingAt, d.ItemsIn, d.LinksIn},
	}
	for _, im := range impls {
		b.Run(im.name+"/HeadingAt-every-line", func(b *testing.B) {
			for b.Loop() {
				for n := 1; n <= lines; n++ {
					im.headingAt(n)
				}
			}
		})
		b.Run(im.name+"/ItemsIn+LinksIn-every-section", func(b *testing.B) {
			for b.Loop() {
				for _, h := range d.Headings {
					im.itemsIn(h)
					im.linksIn(h)
				}
			}
		})
	}
}
