package rules

import (
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// Acceptance criteria of an item (RULES.md PO003): sections whose heading
// plays the acceptance-criteria concept (any level, bold labels included),
// Backlog.md `<!-- AC:BEGIN -->` … `<!-- AC:END -->` blocks, and a form field
// `acceptance criteria`. Shared by PO003, PO004, PO005, PO011 and PO012.

// acBlock is one place that holds acceptance criteria.
type acBlock struct {
	Heading   *lint.Heading // nil for a marker block without a heading
	Start     int           // first line of content
	End       int           // last line of content (inclusive)
	Line      int           // where to report an empty block: the heading or the AC:BEGIN comment
	FieldText string        // for a form field: its value
	Field     *lint.Field
}

// In reports whether line n lies in the block's content.
func (b acBlock) In(n int) bool { return n >= b.Start && n <= b.End }

// poLineRange is an inclusive line span.
type poLineRange struct{ from, to int }

// poMarkerRanges returns the line spans between `<!-- NAME:BEGIN -->` and
// `<!-- NAME:END -->` comments (content lines only).
func poMarkerRanges(d *lint.Doc, name string) []poLineRange {
	begin, end := strings.ToUpper(name)+":BEGIN", strings.ToUpper(name)+":END"
	var out []poLineRange
	open := 0
	for _, c := range d.Comments {
		t := strings.ToUpper(strings.TrimSpace(c.Text))
		switch t {
		case begin:
			open = c.EndLine + 1
		case end:
			if open > 0 {
				out = append(out, poLineRange{open, c.Line - 1})
				open = 0
			}
		}
	}
	if open > 0 { // an unterminated block runs to the end of the item
		out = append(out, poLineRange{open, d.EndLine})
	}
	return out
}

// poDodRanges are the Definition of Done lists, which are not acceptance
// criteria even when they sit under an AC heading.
func poDodRanges(d *lint.Doc) []poLineRange {
	out := poMarkerRanges(d, "DOD")
	for _, h := range d.Headings {
		if h.Is(lint.ConceptDefinitionOfDone) {
			out = append(out, poLineRange{h.Line, h.EndLine})
		}
	}
	return out
}

func poInRanges(n int, rs []poLineRange) bool {
	for _, r := range rs {
		if n >= r.from && n <= r.to {
			return true
		}
	}
	return false
}

// acBlocks returns every acceptance-criteria block of d, in source order.
func acBlocks(d *lint.Doc) []acBlock {
	var out []acBlock
	for _, h := range d.Headings {
		if h.Is(lint.ConceptAcceptanceCriteria) && !h.Is(lint.ConceptDefinitionOfDone) {
			// a nested AC heading inside an AC section is part of the outer block
			if h.Parent != nil && h.Parent.Is(lint.ConceptAcceptanceCriteria) {
				continue
			}
			out = append(out, acBlock{Heading: h, Start: h.BodyLine, End: h.EndLine, Line: h.Line})
		}
	}
	for _, r := range poMarkerRanges(d, "AC") {
		covered := false
		for _, b := range out {
			if b.In(r.from) {
				covered = true
				break
			}
		}
		if !covered {
			out = append(out, acBlock{Start: r.from, End: r.to, Line: r.from - 1})
		}
	}
	if f, ok := d.Header.Get("acceptance criteria", "acceptance-criteria", "acceptance"); ok {
		fl := f
		out = append(out, acBlock{Line: f.Line, FieldText: f.Value, Field: &fl})
	}
	return out
}

// acItems returns the list items of a block that are acceptance criteria
// (Definition of Done items excluded).
func acItems(d *lint.Doc, b acBlock) []lint.ListItem {
	return acInBody(d, b, d.ListItems, func(li lint.ListItem) int { return li.Line })
}

// acParagraphs returns the paragraphs of a block (EARS sentences, Gherkin
// written as prose, plain criteria).
func acParagraphs(d *lint.Doc, b acBlock) []lint.Paragraph {
	return acInBody(d, b, d.Paragraphs, func(p lint.Paragraph) int { return p.Line })
}

// acInBody keeps the elements of a section block that lie in it and outside
// any Definition of Done range; a header-field block has none.
func acInBody[T any](d *lint.Doc, b acBlock, all []T, line func(T) int) []T {
	if b.Field != nil {
		return nil
	}
	dod := poDodRanges(d)
	var out []T
	for _, e := range all {
		if l := line(e); b.In(l) && !poInRanges(l, dod) {
			out = append(out, e)
		}
	}
	return out
}

// acGherkin returns the fenced gherkin/feature code blocks of a block.
func acGherkin(d *lint.Doc, b acBlock) []lint.CodeBlock {
	var out []lint.CodeBlock
	for _, c := range d.Code {
		if isGherkinLang(c.Lang) && (b.In(c.Line) || b.Field == nil && c.Line == b.Start) {
			out = append(out, c)
		}
	}
	return out
}

func isGherkinLang(lang string) bool {
	return lang == "gherkin" || lang == "feature" || lang == "cucumber"
}

// isCriterionText reports whether an item or paragraph text is a real
// criterion: not empty and not a template placeholder.
func isCriterionText(s string) bool {
	return !lint.IsPlaceholder(s) && !lint.IsEmptyText(s)
}

// blockHasCriteria reports whether a block holds at least one criterion: a
// non-placeholder list item, a non-placeholder sentence of three words or
// more (EARS and plain prose alike), a non-empty Gherkin block, or a table
// row with content.
func blockHasCriteria(d *lint.Doc, b acBlock) bool {
	if b.Field != nil {
		return isCriterionText(b.FieldText)
	}
	for _, li := range acItems(d, b) {
		if isCriterionText(li.Text) {
			return true
		}
	}
	for _, p := range acParagraphs(d, b) {
		if isCriterionText(p.Text) && poWordCount(p.Text) >= 3 {
			return true
		}
	}
	for _, c := range acGherkin(d, b) {
		if !lint.IsEmptyText(c.Text) {
			return true
		}
	}
	for _, r := range d.Tables {
		if b.In(r.Line) && isCriterionText(strings.Join(r.Cells, " ")) {
			return true
		}
	}
	return false
}

// hasAcceptanceCriteria reports whether d has at least one non-empty AC block.
func hasAcceptanceCriteria(d *lint.Doc) bool {
	for _, b := range acBlocks(d) {
		if blockHasCriteria(d, b) {
			return true
		}
	}
	return false
}

// sectionHasContent reports whether any heading of concept in d is non-empty.
func sectionHasContent(d *lint.Doc, concept string) bool {
	for _, h := range d.Sections(concept) {
		if !lint.SectionIsEmpty(d, h) {
			return true
		}
	}
	return false
}
