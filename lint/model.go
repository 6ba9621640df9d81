package lint

import (
	"strings"
)

// Kind is what a document is to the product process.
type Kind string

// The document kinds. A backlog file holds several items, each of which is a
// Doc of its own (story, bug, epic or task) with the backlog as its Parent.
const (
	KindUnknown Kind = ""
	KindVision  Kind = "vision"
	KindSpec    Kind = "spec"
	KindEpic    Kind = "epic"
	KindStory   Kind = "story"
	KindBug     Kind = "bug"
	KindTask    Kind = "task"
	KindBacklog Kind = "backlog"
)

// AllKinds lists the kinds in a stable order (for docs and validation).
var AllKinds = []Kind{KindVision, KindSpec, KindEpic, KindStory, KindBug, KindTask, KindBacklog}

// IsItem reports whether k is a backlog item kind (owned by the Product Owner).
func (k Kind) IsItem() bool {
	return k == KindEpic || k == KindStory || k == KindBug || k == KindTask
}

// ParseKind maps a user-written kind or type name to a Kind. It accepts the
// aliases of RULES.md §6.0 (item, spike, adr, prd, rfc, ...).
func ParseKind(s string) (Kind, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "vision", "strategy", "roadmap", "product-goal", "product goal":
		return KindVision, true
	case "spec", "prd", "rfc", "kep", "pep", "bep", "adr", "design", "proposal", "go-proposal", "one-pager":
		return KindSpec, true
	case "epic", "feature":
		return KindEpic, true
	case "story", "user-story", "user story", "item":
		return KindStory, true
	case "bug", "defect":
		return KindBug, true
	case "task", "spike", "chore":
		return KindTask, true
	case "backlog":
		return KindBacklog, true
	}
	return KindUnknown, false
}

// Field is one header value of a document, whatever encoding it came from
// (YAML front matter, a sidecar file, leading `Key: value` lines, leading
// `- Key: value` bullets, a leading two-column table, or a bold label line).
type Field struct {
	Key    string   // the key as written
	Norm   string   // NormKey(Key)
	Value  string   // scalar value as text; for a list, the items joined by ", "
	Values []string // list items; for a scalar, one element (or none when empty)
	IsList bool     // the value was written as a list
	Line   int      // 1-based line of the key (in File)
	Col    int      // 1-based column of the key
	From   string   // "front-matter", "sidecar", "lines", "bullets", "table", "bold"
	File   string   // repo-relative path when the field lives in another file (sidecar); "" otherwise
}

// Header is the merged key/value map of a document, in source order.
type Header struct {
	Fields []Field
}

// Get returns the first field whose normalised key is one of keys
// (keys are normalised with NormKey before comparing).
func (h *Header) Get(keys ...string) (Field, bool) {
	for _, k := range keys {
		nk := NormKey(k)
		for _, f := range h.Fields {
			if f.Norm == nk {
				return f, true
			}
		}
	}
	return Field{}, false
}

// Has reports whether any of keys is present.
func (h *Header) Has(keys ...string) bool {
	_, ok := h.Get(keys...)
	return ok
}

// NormKey normalises a header key: lower case, `_` and `-` as spaces,
// whitespace collapsed, a trailing colon and `(s)` dropped is NOT done here
// (`author(s)` is its own key in the vocabulary).
func NormKey(k string) string {
	if isNormKey(k) {
		return k // the common case: a key written in code, already normal
	}
	k = strings.ToLower(strings.TrimSpace(k))
	k = strings.TrimSuffix(k, ":")
	k = keySeparators.Replace(k)
	return strings.Join(strings.Fields(k), " ")
}

// isNormKey reports whether NormKey(k) == k: lower-case ASCII letters,
// digits and other punctuation than `_`, `-` and `:` at the end, with single
// inner spaces.
func isNormKey(k string) bool {
	if k == "" || k[0] == ' ' || k[len(k)-1] == ' ' || k[len(k)-1] == ':' {
		return k == ""
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case c >= 'A' && c <= 'Z', c == '_', c == '-', c >= 0x80, c < ' ', c == 0x7f:
			return false
		case c == ' ' && k[i-1] == ' ':
			return false
		}
	}
	return true
}

var keySeparators = strings.NewReplacer("_", " ", "-", " ")

// Heading is one ATX or setext heading (or a bold label used as a heading,
// see Appendix C.2) with the span of its section.
type Heading struct {
	Level    int      // 1..6; bold-label pseudo headings get level 7
	Text     string   // plain text as written (markup stripped)
	Norm     string   // NormHeading(Text)
	Line     int      // 1-based line of the heading
	EndLine  int      // last line of its section (before the next heading of the same or higher level), inclusive
	BodyLine int      // first line after the heading line
	Concepts []string // vocabulary concepts the heading plays (Appendix B), e.g. "goals"
	Parent   *Heading // enclosing heading, nil at top
	Bold     bool     // a bold label line, not a real heading
}

// Is reports whether the heading plays concept.
func (h *Heading) Is(concept string) bool {
	for _, c := range h.Concepts {
		if c == concept {
			return true
		}
	}
	return false
}

// Path returns the heading titles from the top down to h, joined by " > ".
// It is part of the stable context of a finding (fingerprints).
func (h *Heading) Path() string {
	if h == nil {
		return ""
	}
	var parts []string
	for x := h; x != nil; x = x.Parent {
		parts = append(parts, x.Norm)
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, " > ")
}

// Link is one link in the body (inline, reference, autolink, bare URL or
// wikilink) or a path-like header value.
type Link struct {
	Text     string   // link text
	Dest     string   // destination as written
	Line     int      // 1-based
	Col      int      // 1-based column of the link's start
	EndCol   int      // 1-based column just after the link
	External bool     // has a scheme (http:, mailto:, ...) or starts with //
	Target   string   // repo-relative, cleaned path the link points to ("" for external or fragment-only links)
	Fragment string   // part after '#', unescaped
	Escapes  bool     // the path leaves the repository (`../..` past the root); Target is "" then
	Wiki     bool     // [[wikilink]]
	FromKey  string   // normalised header key when the link comes from a header field
	Heading  *Heading // enclosing section, nil before the first heading
}

// ListItem is one list item (bullet or ordered), with task state.
type ListItem struct {
	Line    int
	Col     int
	EndLine int
	Text    string // plain text of the item's own paragraph(s), without nested lists; code spans kept as written
	Prose   string // Text with code spans and link destinations removed (for lexicon checks)
	Task    bool   // a `[ ]` / `[x]` checkbox item
	Checked bool
	Depth   int // 0 for top level
	Ordered bool
	Heading *Heading
}

// Paragraph is one paragraph of body text (outside lists and tables).
type Paragraph struct {
	Line    int
	EndLine int
	Text    string // plain text
	Prose   string // without code spans and link destinations
	Heading *Heading
}

// CodeBlock is a fenced or indented code block.
type CodeBlock struct {
	Lang    string // info string's first word, lower case
	Line    int    // line of the opening fence
	EndLine int
	Text    string // content
	Heading *Heading
}

// Comment is an HTML comment (suppressions, Backlog.md markers).
type Comment struct {
	Line    int
	EndLine int
	Col     int
	Text    string // content between <!-- and -->, trimmed
}

// TableRow is one body row of a Markdown table.
type TableRow struct {
	Line    int
	Cells   []string
	Heading *Heading
}

// Problem is a parse problem that becomes a finding (rule ID "parse").
type Problem struct {
	Line    int
	Col     int
	Message string
}

// Doc is the model of one product document, or of one item of a backlog file.
type Doc struct {
	Path    string // repo-relative, slash separated
	Src     []byte // the file's bytes after BOM removal and decoding (shared by items of one file)
	Lines   *LineIndex
	Kind    Kind
	SubKind string // spec sub-kind: prd, rfc, kep, pep, go-proposal, bep, adr ("" if unknown)
	KindBy  string // "front-matter", "config", "path", "content", "item"

	Title     string // H1 text, or the item heading for items, or the file name
	TitleLine int
	ID        string // item/document id (front matter id, item heading id like US-7, Backlog.md task id)

	Header      Header
	HasFrontMat bool
	Headings    []*Heading // in source order
	Links       []Link
	ListItems   []ListItem
	Paragraphs  []Paragraph
	Code        []CodeBlock
	Comments    []Comment
	Tables      []TableRow
	Problems    []Problem

	// StartLine and EndLine bound the document's lines (1-based, inclusive);
	// for an item of a backlog file they bound the item.
	StartLine int
	EndLine   int

	Parent *Doc   // the backlog file an item came from
	Items  []*Doc // items of a backlog file

	// Summary is set on a document outside the scope of the run, kept with
	// only what cross-document rules read (see Light): no text, list items,
	// paragraphs, code, comments or tables.
	Summary bool
	// Facts are values that rules derive from the full text and that rules
	// on other documents read (see RegisterFact); set on light documents.
	Facts Facts

	// scope is set by Run: scopeIn or scopeOut (for its items too).
	scope int8
}

const (
	scopeUnknown int8 = iota
	scopeIn
	scopeOut
)

// Line returns the text of 1-based line n without its line ending ("" when out of range).
func (d *Doc) Line(n int) string {
	if d == nil || d.Lines == nil {
		return ""
	}
	return d.Lines.Text(d.Src, n)
}

// Section returns the first heading that plays concept, or nil.
func (d *Doc) Section(concept string) *Heading {
	for _, h := range d.Headings {
		if h.Is(concept) {
			return h
		}
	}
	return nil
}

// Sections returns every heading that plays concept.
func (d *Doc) Sections(concept string) []*Heading {
	var out []*Heading
	for _, h := range d.Headings {
		if h.Is(concept) {
			out = append(out, h)
		}
	}
	return out
}

// SectionBody returns the raw text of h's section, from the line after the
// heading to h.EndLine, sub-sections included.
func (d *Doc) SectionBody(h *Heading) string {
	if h == nil || d.Lines == nil {
		return ""
	}
	var b strings.Builder
	for n := h.BodyLine; n <= h.EndLine; n++ {
		b.WriteString(d.Line(n))
		b.WriteByte('\n')
	}
	return b.String()
}

// In reports whether line n lies in h's section (heading line included).
func (h *Heading) In(n int) bool {
	return h != nil && n >= h.Line && n <= h.EndLine
}

// ItemsIn returns the list items that lie in h's section, as a new slice.
// d.ListItems is in source order (sorted by line), so the section's items
// are one run found by binary search: rules call this once per section.
func (d *Doc) ItemsIn(h *Heading) []ListItem {
	if h == nil {
		return nil
	}
	return append([]ListItem(nil), linesSpan(d.ListItems, h.Line, h.EndLine, func(x ListItem) int { return x.Line })...)
}

// LinksIn returns the links that lie in h's section, as a new slice.
// d.Links is sorted by line (body links in source order, header links
// sorted in by headerLinks; sidecar fields add none), hence binary search.
func (d *Doc) LinksIn(h *Heading) []Link {
	if h == nil {
		return nil
	}
	return append([]Link(nil), linesSpan(d.Links, h.Line, h.EndLine, func(x Link) int { return x.Line })...)
}

// HeadingAt returns the innermost heading whose section contains line n
// (binary search: rules ask once per finding).
func (d *Doc) HeadingAt(n int) *Heading { return headingAt(d.Headings, n) }

// FactValue is the value of one registered fact (RegisterFact).
type FactValue struct {
	Name, Value string
}

// Facts are a light document's facts, sorted by name. A document has a
// few: a slice costs a tenth of a map, for each of tens of thousands of
// documents that a hook decodes from the cache.
type Facts []FactValue

// Get returns the value of the fact name, or "".
func (fs Facts) Get(name string) string {
	for i := range fs {
		if fs[i].Name == name {
			return fs[i].Value
		}
	}
	return ""
}
