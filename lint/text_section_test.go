package lint

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"strings"
	"testing"
)

// sectionIsEmptyRef is SectionIsEmpty as it was before issue 7: for every
// line of the section it scans every heading of the document.
func sectionIsEmptyRef(d *Doc, h *Heading) bool {
	if d == nil || h == nil || h.EndLine < h.BodyLine {
		return true
	}
	var b strings.Builder
	for n := h.BodyLine; n <= h.EndLine; n++ {
		if isSubHeadingLineRef(d, h, n) {
			continue
		}
		b.WriteString(d.Line(n))
		b.WriteByte('\n')
	}
	return IsEmptyText(b.String())
}

func isSubHeadingLineRef(d *Doc, h *Heading, n int) bool {
	for _, sub := range d.Headings {
		if sub != h && sub.Line == n && h.In(n) {
			return true
		}
	}
	return false
}

// checkSections compares SectionIsEmpty with the reference on every heading
// of d and of its items, and on copies of them with shifted spans (headings
// not in d.Headings, body before the heading line, spans past the end).
func checkSections(t *testing.T, where string, d *Doc, rng *rand.Rand) (compared int) {
	t.Helper()
	docs := append([]*Doc{d}, d.Items...)
	for _, x := range docs {
		for _, h := range x.Headings {
			if got, want := SectionIsEmpty(x, h), sectionIsEmptyRef(x, h); got != want {
				t.Errorf("%s: SectionIsEmpty(%q line %d, span %d..%d) = %v, reference %v",
					where, h.Text, h.Line, h.BodyLine, h.EndLine, got, want)
			}
			compared++
			if rng == nil {
				continue
			}
			c := *h
			c.Line += rng.IntN(5) - 2
			c.BodyLine += rng.IntN(5) - 2
			c.EndLine += rng.IntN(7) - 3
			if got, want := SectionIsEmpty(x, &c), sectionIsEmptyRef(x, &c); got != want {
				t.Errorf("%s: SectionIsEmpty(copy of %q, line %d, span %d..%d) = %v, reference %v",
					where, h.Text, c.Line, c.BodyLine, c.EndLine, got, want)
			}
			compared++
		}
	}
	return compared
}

// TestSectionIsEmptyEqualsReferenceOnTestdata compares SectionIsEmpty with
// the reference over every heading of every Markdown file of testdata (and
// of the real corpora, when present; not with -short).
func TestSectionIsEmptyEqualsReferenceOnTestdata(t *testing.T) {
	roots := []string{"../testdata", "testdata", "/work/shared/corpus"}
	if testing.Short() {
		roots = roots[:2]
	}
	p := NewParser(nil)
	rng := rand.New(rand.NewPCG(7, 11))
	files, compared := 0, 0
	files += walkMarkdown(t, roots, func(root, path string, src []byte) error {
		compared += checkSections(t, path, p.Parse(path, src), rng)
		return nil
	})
	if files == 0 {
		t.Fatal("no Markdown file found in testdata")
	}
	t.Logf("%d sections of %d files compared", compared, files)
}

// genSectionDoc writes a random Markdown document of about n blocks:
// nested ATX and setext headings, bold pseudo headings (level 7, alone or
// with text on their line), fenced code holding heading-like lines, HTML
// comments over one or several lines, placeholders, and often an empty
// section at the end of the file.
func genSectionDoc(rng *rand.Rand, n int) string {
	blocks := []func(i int) string{
		func(i int) string { return strings.Repeat("#", 1+rng.IntN(6)) + " Goals " + fmt.Sprint(i) + "\n" },
		func(i int) string { return "## Risks\n" },
		func(i int) string { return "### Sub\n" },
		func(i int) string { return "Problem\n=======\n" },
		func(i int) string { return "Context\n-------\n" },
		func(i int) string { return "**Goals**\n" },
		func(i int) string { return "**Problem:** users leave at checkout\n" },
		func(i int) string { return "**Risks**: TBD\n" },
		func(i int) string { return "```\n# not a heading\n**Goals**\n```\n" },
		func(i int) string { return "~~~md\n## Goals\n~~~\n" },
		func(i int) string { return "<!-- a comment -->\n" },
		func(i int) string { return "<!--\n## Goals\nTBD\n-->\n" },
		func(i int) string { return "TB<!--\n-->D\n" },
		func(i int) string { return "- [ ] Criteria 1\n- [ ] TODO\n" },
		func(i int) string { return "[Describe the problem]\n" },
		func(i int) string { return "...\n" },
		func(i int) string { return "Users abandon 34 % of carts.\n" },
		func(i int) string { return "| Metric | Target |\n| --- | --- |\n|  |  |\n" },
		func(i int) string { return "" },
	}
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(blocks[rng.IntN(len(blocks))](i))
		if rng.IntN(3) > 0 {
			b.WriteByte('\n')
		}
	}
	if rng.IntN(2) == 0 {
		b.WriteString("## Open questions\n")
		if rng.IntN(2) == 0 {
			b.WriteString("\n<!-- none yet -->\n")
		}
	}
	return b.String()
}

func TestSectionIsEmptyEqualsReferenceOnGeneratedDocs(t *testing.T) {
	p := NewParser(nil)
	rng := rand.New(rand.NewPCG(1, 2))
	compared, empty := 0, 0
	for k := 0; k < 400; k++ {
		src := genSectionDoc(rng, 5+rng.IntN(60))
		d := p.Parse(fmt.Sprintf("gen%d.md", k), []byte(src))
		for _, h := range d.Headings {
			if sectionIsEmptyRef(d, h) {
				empty++
			}
		}
		compared += checkSections(t, fmt.Sprintf("generated doc %d:\n%s\n", k, src), d, rng)
		if t.Failed() {
			return
		}
	}
	// the corpus must hold both answers, or the comparison proves little
	if empty == 0 || empty == compared/2 {
		t.Fatalf("%d empty sections of %d: the generator no longer makes both kinds", empty, compared/2)
	}
	t.Logf("%d sections compared, %d empty", compared, empty)
}

// manySections is a document of n headings three levels deep (an H1 over
// everything, H2 blocks, H3 and bold sub-sections) with a few lines each.
func manySections(n int) []byte {
	var b strings.Builder
	b.WriteString("# Title\n\n")
	for i := 1; i < n; i++ {
		switch i % 10 {
		case 1:
			fmt.Fprintf(&b, "## Goals %d\n\n<!-- list goals -->\n", i)
		case 5:
			b.WriteString("**Risks**\n\n- TBD\n")
		default:
			fmt.Fprintf(&b, "### Part %d\n\n", i)
			if i%3 == 0 {
				b.WriteString("Users see the total before paying.\n")
			}
		}
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// TestSectionContentWorkIsLinear counts the steps of sectionContent (not
// time): for each heading of a 20,000-heading document, at most two per
// line of its section plus a binary search over the headings. Before issue
// 7 every line of a section scanned all headings.
func TestSectionContentWorkIsLinear(t *testing.T) {
	const n = 20000
	d := NewParser(nil).Parse("big.md", manySections(n))
	if len(d.Headings) != n {
		t.Fatalf("%d headings parsed, want %d", len(d.Headings), n)
	}
	search := bits.Len(uint(len(d.Headings))) + 1
	total, lines := 0, 0
	for _, h := range d.Headings {
		_, steps := sectionContent(d, h)
		span := max(h.EndLine-h.BodyLine+1, 0)
		if limit := 2*span + search; steps > limit {
			t.Fatalf("heading %q line %d: %d steps for %d lines, want at most %d", h.Text, h.Line, steps, span, limit)
		}
		total += steps
		lines += span
	}
	if lines > 4*d.EndLine {
		t.Fatalf("sections hold %d lines in all, for a %d-line document nested 3 deep", lines, d.EndLine)
	}
	t.Logf("%d headings, %d lines: %d steps for %d section lines", n, d.EndLine, total, lines)
}

// BenchmarkSectionIsEmpty asks about every section of a 20,000-heading
// document; BenchmarkSectionIsEmptyRef does the same with the reference
// (quadratic: run it by hand with -benchtime=1x).
func BenchmarkSectionIsEmpty(b *testing.B) {
	benchSections(b, SectionIsEmpty)
}

func BenchmarkSectionIsEmptyRef(b *testing.B) {
	benchSections(b, sectionIsEmptyRef)
}

func benchSections(b *testing.B, f func(*Doc, *Heading) bool) {
	d := NewParser(nil).Parse("big.md", manySections(20000))
	for b.Loop() {
		for _, h := range d.Headings {
			f(d, h)
		}
	}
}
