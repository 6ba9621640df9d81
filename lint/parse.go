package lint

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// Parser turns file bytes into a Doc. One Parser is shared by all workers of
// a run; it must be safe for concurrent use.
type Parser struct {
	Config *Config
	Vocab  *Vocabulary
	// Sidecar returns the bytes of a neighbouring file (for example kep.yaml
	// beside a KEP README.md) from the same Source; nil when not available.
	Sidecar func(path string) ([]byte, bool)

	// reference makes the parser take the plain road everywhere: every
	// text copied, front matter always read by the YAML library. Tests
	// parse with both and compare, which checks the shortcuts.
	reference bool
}

// NewParser returns a parser for the configuration.
func NewParser(c *Config) *Parser {
	return &Parser{Config: c, Vocab: NewVocabulary(c)}
}

// goldmarkMD is the one goldmark instance (GitHub Flavored Markdown without
// its footnotes); goldmark parsers are safe for concurrent use.
var goldmarkMD = goldmark.New(goldmark.WithExtensions(
	extension.Table, extension.Strikethrough, extension.TaskList, extension.Linkify,
))

// defaultVocab serves a Parser built without NewParser.
var defaultVocab = NewVocabulary(nil)

// Parse parses one file. It never panics and never fails: problems become
// Doc.Problems. A backlog file gets one Item per item heading.
func (p *Parser) Parse(path string, src []byte) (d *Doc) {
	defer func() {
		if r := recover(); r != nil {
			d = crashedDoc(path, src, r)
		}
	}()
	decoded, binary := decodeSource(src)
	if binary {
		d = &Doc{Path: path, Src: decoded, Lines: NewLineIndex(decoded)}
		d.StartLine, d.EndLine = 1, d.Lines.Count()
		d.Problems = append(d.Problems, Problem{Line: 1, Col: 1, Message: "binary file, not Markdown"})
		return d
	}
	text, srcBytes := sourceText(decoded)
	d = &Doc{Path: path, Src: srcBytes, Lines: newTextLineIndex(text, srcBytes)}
	d.StartLine, d.EndLine = 1, d.Lines.Count()
	b := &builder{p: p, d: d, text: text}
	b.build()
	return d
}

// sourceText copies the decoded file once into a string and returns it with
// a []byte view of the same memory, which becomes Doc.Src. Every text the
// Doc keeps that appears as is in the source (paragraphs, list items,
// headings, lines) is then a substring of that one string rather than a
// copy of its own: the model of a document costs little more than its
// source. Nothing writes to Doc.Src (it is shared by the items of a
// backlog file already), which is what makes the view safe. The copy also
// means the Doc never holds on to the caller's buffer.
func sourceText(decoded []byte) (string, []byte) {
	if len(decoded) == 0 {
		return "", decoded
	}
	text := string(decoded)
	return text, unsafe.Slice(unsafe.StringData(text), len(text))
}

// crashedDoc is what a file becomes when the parser itself fails: a bare
// doc with one problem, so the run goes on and the file is named.
func crashedDoc(path string, src []byte, r any) *Doc {
	d := &Doc{Path: path, Src: src, Lines: NewLineIndex(src)}
	d.StartLine, d.EndLine = 1, d.Lines.Count()
	d.Problems = []Problem{{Line: 1, Col: 1, Message: fmt.Sprintf("internal parser error (%v); the file was skipped, please report it", r)}}
	return d
}

// builder holds the state of one Parse call.
type builder struct {
	p    *Parser
	d    *Doc
	src  []byte     // what goldmark parsed: same length and offsets as d.Src
	text string     // d.Src as a string (same memory): texts are substrings of it
	root ast.Node   // the goldmark document
	tops []topBlock // top-level blocks in source order

	cursor posCursor
}

type topBlock struct {
	node ast.Node
	line int
}

func (p *Parser) vocab() *Vocabulary {
	if p.Vocab != nil {
		return p.Vocab
	}
	return defaultVocab
}

func (b *builder) build() {
	d := b.d
	fm, hasFM, prob := findFrontMatter(d.Src, d.Lines)
	if prob != nil {
		d.Problems = append(d.Problems, *prob)
	}
	var fields []headerField
	if hasFM {
		d.HasFrontMat = true
		fmFields, prob := frontMatterFields(fm, !b.p.reference)
		if prob != nil {
			d.Problems = append(d.Problems, *prob)
		}
		fields = fmFields
	}
	b.src = markdownSource(d.Src, fm.bodyStart)
	b.root = goldmarkMD.Parser().Parse(text.NewReader(b.src))
	b.tops = make([]topBlock, 0, b.root.ChildCount())
	for n := b.root.FirstChild(); n != nil; n = n.NextSibling() {
		line, _ := b.pos(n.Pos())
		b.tops = append(b.tops, topBlock{node: n, line: line})
	}
	b.preSize()

	b.collectHeadings()
	b.visit(b.root, 0)
	b.dropEmpty()

	fields = append(fields, b.bodyHeader(b.leadingBlocks(b.titleLine(fields), d.EndLine+1))...)
	side, prob := b.p.sidecarFields(d.Path)
	if prob != nil {
		d.Problems = append(d.Problems, *prob)
	}
	fields = append(fields, side...)
	d.Header.Fields = plainFields(fields)

	b.setTitle(fields)
	itemLevel := b.p.classify(d)
	b.headerLinks(d, fields)
	if d.Kind == KindBacklog {
		b.splitItems(itemLevel)
	}
}

// preSize gives the element slices of the Doc their final capacity, so
// that the Doc every run keeps until its end holds no regrowth slack.
func (b *builder) preSize() {
	var c blockCounts
	c.count(b.root, 0)
	d := b.d
	if c.headings > 0 {
		d.Headings = make([]*Heading, 0, c.headings)
	}
	if c.paragraphs > 0 {
		d.Paragraphs = make([]Paragraph, 0, c.paragraphs)
	}
	if c.listItems > 0 {
		d.ListItems = make([]ListItem, 0, c.listItems)
	}
	if c.code > 0 {
		d.Code = make([]CodeBlock, 0, c.code)
	}
}

// dropEmpty keeps the model as it was before preSize: an element slice
// with nothing in it is nil.
func (b *builder) dropEmpty() {
	d := b.d
	if len(d.Headings) == 0 {
		d.Headings = nil
	}
	if len(d.Paragraphs) == 0 {
		d.Paragraphs = nil
	}
	if len(d.ListItems) == 0 {
		d.ListItems = nil
	}
	if len(d.Code) == 0 {
		d.Code = nil
	}
}

// blockCounts counts the blocks visit turns into Doc elements.
type blockCounts struct {
	headings, paragraphs, listItems, code int
}

func (c *blockCounts) count(n ast.Node, depth int) {
	for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
		if ch.Type() != ast.TypeBlock {
			continue
		}
		switch ch.(type) {
		case *ast.Heading:
			if n.Kind() == ast.KindDocument {
				c.headings++ // bold label headings are rare: append makes room
			}
			continue
		case *ast.Paragraph:
			if depth == 0 {
				c.paragraphs++
			}
			continue
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			c.code++
			continue
		case *ast.ListItem:
			c.listItems++
			c.count(ch, depth+1)
			continue
		}
		c.count(ch, depth)
	}
}

func plainFields(hf []headerField) []Field {
	out := make([]Field, len(hf))
	for i, f := range hf {
		out[i] = f.Field
	}
	return out
}

// pos converts a byte offset of the source to a line and column.
func (b *builder) pos(off int) (line, col int) {
	return b.cursor.pos(b.d.Lines, b.d.Src, off)
}

// posCursor remembers the last position LineIndex.Pos gave so that a later
// offset further along the same line costs only the runes in between. The
// parser asks for positions mostly in source order; without this, many
// links on one very long line would cost quadratic time. Results are
// exactly LineIndex.Pos's.
type posCursor struct {
	valid     bool
	off       int
	line, col int
	lineEnd   int // offset where the next line starts
}

func (c *posCursor) pos(li *LineIndex, src []byte, off int) (line, col int) {
	off = min(max(off, 0), len(src))
	if c.valid && off >= c.off && off < c.lineEnd && utf8.RuneStart(src[c.off]) {
		col = c.col + utf8.RuneCount(src[c.off:off])
	} else {
		line, col = li.Pos(src, off)
		c.line, c.lineEnd, c.valid = line, li.Start(line+1), true
		if c.lineEnd <= li.Start(line) {
			c.valid = false // last line: let LineIndex answer every time
		}
	}
	c.off, c.col = off, col
	return c.line, col
}

func (b *builder) lineOf(off int) int {
	line, _ := b.pos(off)
	return line
}

// titleLine returns the line of the heading that titles the document when
// the document opens with one: an H1, or (without a front matter title) a
// heading of another level that names no known section, like the `## Title`
// first line of Prometheus proposals. 0 when there is none. The header
// lines of Appendix D.3 are read after it.
func (b *builder) titleLine(fields []headerField) int {
	h := b.titleHeading(fields)
	if h == nil {
		return 0
	}
	return h.Line
}

func (b *builder) titleHeading(fields []headerField) *Heading {
	if len(b.tops) == 0 || len(b.d.Headings) == 0 {
		return nil
	}
	first := b.d.Headings[0]
	if _, ok := b.tops[0].node.(*ast.Heading); !ok || first.Bold || first.Line != b.tops[0].line {
		return nil
	}
	if first.Level == 1 {
		return first
	}
	for _, f := range fields {
		if f.From == FromFrontMatter && f.Norm == "title" && f.Value != "" {
			return nil
		}
	}
	if len(first.Concepts) > 0 || first.Text == "" {
		return nil
	}
	return first
}

// setTitle: the first H1, else front matter `title`, else an opening
// heading that titles the document, else the file name.
func (b *builder) setTitle(fields []headerField) {
	d := b.d
	for _, h := range d.Headings {
		if h.Level == 1 && !h.Bold && h.Text != "" {
			d.Title, d.TitleLine = h.Text, h.Line
			return
		}
	}
	for _, f := range fields {
		if f.From == FromFrontMatter && f.Norm == "title" && f.Value != "" {
			d.Title, d.TitleLine = f.Value, f.Line
			return
		}
	}
	if h := b.titleHeading(fields); h != nil {
		d.Title, d.TitleLine = h.Text, h.Line
		return
	}
	base := path.Base(d.Path)
	d.Title, d.TitleLine = strings.TrimSuffix(base, path.Ext(base)), 1
}

// --- headings ---

// collectHeadings reads the top-level ATX and setext headings and the bold
// label paragraphs that name a known section (Appendix C.2), then computes
// each section's span and parent with one stack pass.
func (b *builder) collectHeadings() {
	for _, t := range b.tops {
		switch n := t.node.(type) {
		case *ast.Heading:
			b.d.Headings = append(b.d.Headings, b.heading(n, t.line))
		case *ast.Paragraph:
			if h := b.boldHeading(n, t.line); h != nil {
				b.d.Headings = append(b.d.Headings, h)
			}
		}
	}
	var stack []*Heading
	for _, h := range b.d.Headings {
		for len(stack) > 0 && stack[len(stack)-1].Level >= h.Level {
			stack[len(stack)-1].EndLine = h.Line - 1
			stack = stack[:len(stack)-1]
		}
		if len(stack) > 0 {
			h.Parent = stack[len(stack)-1]
		}
		stack = append(stack, h)
	}
	for _, h := range stack {
		h.EndLine = max(b.d.EndLine, h.Line)
	}
}

func (b *builder) heading(n *ast.Heading, line int) *Heading {
	txt := strings.TrimSpace(b.inlineText(n, textPlain))
	norm, concepts := b.p.vocab().lookup(NormHeading(txt))
	h := &Heading{Level: n.Level, Text: txt, Norm: norm, Line: line, BodyLine: line + 1, Concepts: concepts}
	first := strings.TrimLeft(b.d.Line(line), " \t")
	if !strings.HasPrefix(first, "#") && n.Lines().Len() > 0 {
		// setext: the body starts after the underline
		last := n.Lines().At(n.Lines().Len() - 1)
		h.BodyLine = b.lineOf(max(last.Start, last.Stop-1)) + 2
	}
	return h
}

// boldHeading returns a pseudo heading for a paragraph that is a bold label
// (`**Goals**`, `**Problem:** text`, `**Problem**: text`) naming a section of
// the vocabulary, or nil.
func (b *builder) boldHeading(p *ast.Paragraph, line int) *Heading {
	em, ok := p.FirstChild().(*ast.Emphasis)
	if !ok || em.Level != 2 {
		return nil
	}
	label := strings.TrimSpace(b.inlineText(em, textPlain))
	alone := true
	if next, ok := em.NextSibling().(*ast.Text); ok {
		rest := strings.TrimSpace(string(next.Value(b.src)))
		alone = rest == "" && (next.SoftLineBreak() || next.HardLineBreak() || next.NextSibling() == nil)
		if !alone && !strings.HasSuffix(label, ":") && !strings.HasPrefix(rest, ":") {
			return nil
		}
	} else if em.NextSibling() != nil {
		if !strings.HasSuffix(label, ":") {
			return nil
		}
		alone = false
	}
	if n := len(strings.Fields(label)); n == 0 || n > 8 {
		return nil
	}
	norm, concepts := b.p.vocab().lookup(NormHeading(label))
	if len(concepts) == 0 {
		return nil
	}
	h := &Heading{Level: 7, Text: strings.TrimSuffix(label, ":"), Norm: norm, Line: line, BodyLine: line, Concepts: concepts, Bold: true}
	if alone {
		h.BodyLine = line + 1
	}
	return h
}

// headingAt returns the innermost section containing line n: the last
// heading at or before n, or the nearest of its ancestors whose span still
// holds n (sections nest, so no other heading can). The walk stops at
// hs[0]: a backlog item's first heading has the file's heading as Parent,
// which is not one of the item's.
func headingAt(hs []*Heading, n int) *Heading {
	i := sort.Search(len(hs), func(i int) bool { return hs[i].Line > n }) - 1
	if i < 0 {
		return nil
	}
	for h := hs[i]; h != nil; h = h.Parent {
		if h.In(n) {
			return h
		}
		if h == hs[0] {
			break
		}
	}
	return nil
}

func (b *builder) headingAt(n int) *Heading { return headingAt(b.d.Headings, n) }

// leadingBlocks returns the top-level blocks after line from and before the
// first real heading of level 2 or deeper (or line until).
func (b *builder) leadingBlocks(from, until int) []ast.Node {
	var out []ast.Node
	i := sort.Search(len(b.tops), func(i int) bool { return b.tops[i].line > from })
	for ; i < len(b.tops) && b.tops[i].line < until; i++ {
		if h, ok := b.tops[i].node.(*ast.Heading); ok && h.Level >= 2 {
			break
		}
		out = append(out, b.tops[i].node)
	}
	return out
}

// --- body elements ---

// visit walks block n in source order, collecting list items, paragraphs,
// code blocks, comments, tables and links. depth is the number of list
// items around n. It returns the offset of n's last byte, so a list item's
// end line costs nothing extra.
func (b *builder) visit(n ast.Node, depth int) (end int) {
	end = max(n.Pos(), 0)
	if n.Type() == ast.TypeBlock {
		if lines := n.Lines(); lines.Len() > 0 {
			end = max(end, lines.At(lines.Len()-1).Stop-1)
		}
	}
	switch n := n.(type) {
	case *ast.Heading:
		b.inlines(n)
		return end
	case *ast.Paragraph:
		b.inlines(n)
		if depth == 0 {
			b.paragraph(n, end)
		}
		return end
	case *ast.TextBlock:
		b.inlines(n)
		return end
	case *ast.FencedCodeBlock:
		return b.code(n, n.Language(b.src), true, end)
	case *ast.CodeBlock:
		return b.code(n, nil, false, end)
	case *ast.HTMLBlock:
		if n.HasClosure() {
			end = max(end, n.ClosureLine.Stop-1)
		}
		b.blockComments(n, end)
		return end
	case *extast.Table:
		return b.table(n)
	case *ast.ListItem:
		return b.listItem(n, depth)
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Type() == ast.TypeBlock {
			end = max(end, b.visit(c, depth))
		}
	}
	return end
}

// endOffset returns the offset of the last byte of block n's content.
func (b *builder) endOffset(n ast.Node) int {
	end := max(n.Pos(), 0)
	if n.Type() != ast.TypeBlock {
		return end
	}
	if lines := n.Lines(); lines.Len() > 0 {
		end = max(end, lines.At(lines.Len()-1).Stop-1)
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		end = max(end, b.endOffset(c))
	}
	return end
}

func (b *builder) paragraph(n *ast.Paragraph, end int) {
	line := b.lineOf(n.Pos())
	b.d.Paragraphs = append(b.d.Paragraphs, Paragraph{
		Line: line, EndLine: b.lineOf(end),
		Text:    strings.TrimSpace(b.inlineText(n, textKeep)),
		Prose:   strings.TrimSpace(b.inlineText(n, textProse)),
		Heading: b.headingAt(line),
	})
}

func (b *builder) listItem(n *ast.ListItem, depth int) int {
	line, col := b.pos(n.Pos())
	li := ListItem{Line: line, Col: col, Depth: depth, Heading: b.headingAt(line),
		Text: b.ownText(n, textKeep), Prose: b.ownText(n, textProse)}
	if l, ok := n.Parent().(*ast.List); ok {
		li.Ordered = l.IsOrdered()
	}
	if first := n.FirstChild(); first != nil {
		if cb, ok := first.FirstChild().(*extast.TaskCheckBox); ok {
			li.Task, li.Checked = true, cb.IsChecked
		}
	}
	idx := len(b.d.ListItems)
	b.d.ListItems = append(b.d.ListItems, li)
	end := max(n.Pos(), 0)
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Type() == ast.TypeBlock {
			end = max(end, b.visit(c, depth+1))
		}
	}
	b.d.ListItems[idx].EndLine = max(b.lineOf(end), line)
	return end
}

// ownText is the text of a list item's own paragraphs (nested lists excluded).
func (b *builder) ownText(item ast.Node, mode textMode) string {
	var parts []string
	for c := item.FirstChild(); c != nil; c = c.NextSibling() {
		switch c.(type) {
		case *ast.Paragraph, *ast.TextBlock:
			if s := strings.TrimSpace(b.inlineText(c, mode)); s != "" {
				parts = append(parts, s)
			}
		}
	}
	return strings.Join(parts, "\n")
}

func (b *builder) code(n ast.Node, lang []byte, fenced bool, end int) int {
	line := b.lineOf(n.Pos())
	body := b.newSpan()
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		body.segment(lines.At(i))
	}
	endLine := b.lineOf(end)
	if fenced {
		endLine = max(endLine, line)
		if next := strings.TrimLeft(b.d.Line(endLine+1), " \t>"); endLine+1 <= b.d.EndLine &&
			(strings.HasPrefix(next, "```") || strings.HasPrefix(next, "~~~")) {
			endLine++
			end = max(end, b.d.Lines.Start(endLine))
		}
	}
	b.d.Code = append(b.d.Code, CodeBlock{
		Lang: strings.ToLower(string(lang)), Line: line, EndLine: endLine,
		Text: b.spanString(&body), Heading: b.headingAt(line),
	})
	return end
}

func (b *builder) table(t *extast.Table) int {
	end := max(t.Pos(), 0)
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		end = max(end, row.Pos())
		var cells []string
		for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
			b.inlines(cell)
			cells = append(cells, strings.TrimSpace(b.inlineText(cell, textPlain)))
		}
		if _, head := row.(*extast.TableHeader); head {
			continue
		}
		line := b.lineOf(row.Pos())
		b.d.Tables = append(b.d.Tables, TableRow{Line: line, Cells: cells, Heading: b.headingAt(line)})
	}
	return end
}

// blockComments records every <!-- ... --> inside an HTML block.
func (b *builder) blockComments(n *ast.HTMLBlock, end int) {
	lines := n.Lines()
	if lines.Len() == 0 {
		return
	}
	b.comments(lines.At(0).Start, min(end+1, len(b.src)))
}

// comments records the HTML comments in src[start:stop].
func (b *builder) comments(start, stop int) {
	s := b.src[start:stop]
	for i := 0; i < len(s); {
		j := bytes.Index(s[i:], []byte("<!--"))
		if j < 0 {
			return
		}
		j += i
		k := bytes.Index(s[j+4:], []byte("-->"))
		close := len(s)
		contentEnd := len(s)
		if k >= 0 {
			contentEnd = j + 4 + k
			close = j + 4 + k + 3
		}
		line, col := b.pos(start + j)
		b.d.Comments = append(b.d.Comments, Comment{
			Line: line, Col: col, EndLine: b.lineOf(start + close - 1),
			Text: strings.TrimSpace(b.srcString(start+j+4, start+contentEnd)),
		})
		i = close
	}
}

// --- inline content ---

// inlines records the links, wikilinks and inline comments of a block
// whose children are inline nodes.
func (b *builder) inlines(parent ast.Node) {
	runStart, runStop := -1, -1
	flush := func() {
		if runStart >= 0 {
			b.wikiLinks(runStart, runStop)
			runStart, runStop = -1, -1
		}
	}
	for c := parent.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			// goldmark splits `[[Name]]` into several text nodes; join
			// adjacent ones so the wikilink scan sees the whole run.
			seg := c.Segment
			if runStart >= 0 && seg.Start == runStop {
				runStop = seg.Stop
			} else {
				flush()
				runStart, runStop = seg.Start, seg.Stop
			}
			if c.SoftLineBreak() || c.HardLineBreak() {
				flush()
			}
		case *ast.Link:
			flush()
			b.link(c)
		case *ast.AutoLink:
			flush()
			b.autoLink(c)
		case *ast.RawHTML:
			flush()
			if segs := c.Segments; segs.Len() > 0 {
				start, stop := segs.At(0).Start, segs.At(segs.Len()-1).Stop
				if bytes.HasPrefix(b.src[start:stop], []byte("<!--")) {
					b.comments(start, stop)
				}
			}
		case *ast.CodeSpan, *ast.Image, *extast.TaskCheckBox, *ast.String:
			flush()
		default:
			flush()
			b.inlines(c)
		}
	}
	flush()
}

func (b *builder) link(n *ast.Link) {
	start := n.Pos()
	if start < 0 {
		return
	}
	end := linkEnd(b.src, start)
	b.addLink(Link{Text: strings.TrimSpace(b.inlineText(n, textPlain)), Dest: b.sourceCopy(n.Destination, start, end)}, start, end)
}

func (b *builder) autoLink(n *ast.AutoLink) {
	start := n.Pos()
	if start < 0 {
		return
	}
	at := start
	if at < len(b.src) && b.src[at] == '<' {
		at++
	}
	label := b.sourceCopy(n.Label(b.src), at, at+len(n.Label(b.src)))
	dest := label // as written: `www.x.org` stays without the http:// goldmark adds
	if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(dest), "mailto:") {
		dest = "mailto:" + dest
	}
	end := start + len(label)
	if start < len(b.src) && b.src[start] == '<' {
		end += 2
	}
	b.addLink(Link{Text: label, Dest: dest}, start, end)
}

var wikiOpen, wikiClose = []byte("[["), []byte("]]")

// wikiLinks records [[Name]] and [[Name|label]] in src[start:stop].
func (b *builder) wikiLinks(start, stop int) {
	s := b.src[start:stop]
	for i := 0; i < len(s); {
		j := bytes.Index(s[i:], wikiOpen)
		if j < 0 {
			return
		}
		j += i
		k := bytes.Index(s[j+2:], wikiClose)
		if k < 0 {
			return
		}
		k += j + 2
		inner := string(s[j+2 : k])
		i = k + 2
		if strings.TrimSpace(inner) == "" || strings.ContainsAny(inner, "[]\n") {
			continue
		}
		name, label, _ := strings.Cut(inner, "|")
		name = strings.TrimSpace(name)
		if label = strings.TrimSpace(label); label == "" {
			label = name
		}
		l := Link{Text: label, Dest: name, Wiki: true}
		if base, frag, ok := strings.Cut(name, "#"); ok {
			l.Dest, l.Fragment = strings.TrimSpace(base), frag
		}
		b.addWiki(l, start+j, start+k+2)
	}
}

// addLink positions and resolves a body link.
func (b *builder) addLink(l Link, start, end int) {
	l.Target, l.Fragment, l.External, l.Escapes = ResolveLinkDest(b.d.Path, l.Dest)
	b.addWiki(l, start, end)
}

// addWiki positions a link whose resolution is already set.
func (b *builder) addWiki(l Link, start, end int) {
	l.Line, l.Col = b.pos(start)
	endLine, endCol := b.pos(end)
	if endLine != l.Line {
		endCol = utf8.RuneCountInString(b.d.Line(l.Line)) + 1
	}
	l.EndCol = max(endCol, l.Col)
	l.Heading = b.headingAt(l.Line)
	b.d.Links = append(b.d.Links, l)
}

// linkEnd returns the offset just after the link that starts with '[' at
// start: its label, then a (destination) or [reference] part if any.
func linkEnd(src []byte, start int) int {
	const limit = 1 << 14
	stop := min(len(src), start+limit)
	i := matchBracket(src, start, stop, '[', ']')
	if i < 0 {
		return start + 1
	}
	if i < stop && src[i] == '(' {
		if j := matchBracket(src, i, stop, '(', ')'); j >= 0 {
			return j
		}
	}
	if i < stop && src[i] == '[' {
		if j := matchBracket(src, i, stop, '[', ']'); j >= 0 {
			return j
		}
	}
	return i
}

// matchBracket returns the offset after the bracket closing the one at
// src[at], honouring nesting and backslash escapes, or -1.
func matchBracket(src []byte, at, stop int, open, close byte) int {
	if at >= stop || src[at] != open {
		return -1
	}
	depth := 0
	for i := at; i < stop; i++ {
		switch src[i] {
		case '\\':
			i++
		case open:
			depth++
		case close:
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return -1
}

// textMode selects how inline markup becomes text.
type textMode int

const (
	// textPlain strips markup; code spans keep their content; line breaks are spaces.
	textPlain textMode = iota
	// textKeep keeps code spans as written (with backticks); line breaks are newlines.
	textKeep
	// textProse drops code spans and bare URLs; link text stays, destinations go.
	textProse
)

// inlineText renders the inline children of n as text.
func (b *builder) inlineText(n ast.Node, mode textMode) string {
	w := b.newSpan()
	b.writeInline(&w, n, mode)
	return b.spanString(&w)
}

func (b *builder) writeInline(w *spanText, n ast.Node, mode textMode) {
	brk := "\n"
	if mode == textPlain {
		brk = " "
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			w.segment(c.Segment)
			if c.SoftLineBreak() || c.HardLineBreak() {
				w.literal(brk, -1)
			}
		case *ast.String:
			w.literal(string(c.Value), -1)
		case *ast.CodeSpan:
			switch mode {
			case textProse:
				w.literal(" ", -1)
			case textKeep:
				w.literal("`", codeSpanStart(c))
				b.writeInline(w, c, mode)
				w.literal("`", -1)
			default:
				b.writeInline(w, c, mode)
			}
		case *ast.AutoLink:
			if mode != textProse {
				at := c.Pos()
				if at >= 0 && at < len(b.src) && b.src[at] == '<' {
					at++
				}
				w.literal(string(c.Label(b.src)), at)
			}
		case *ast.RawHTML, *extast.TaskCheckBox:
			// HTML tags and comments are not text
		default:
			if c.Type() == ast.TypeInline {
				b.writeInline(w, c, mode)
			}
		}
	}
}

// codeSpanStart guesses the offset of a code span's opening backtick (just
// before its first text), or -1. spanText checks the guess against the
// source, so a wrong one only costs a copy.
func codeSpanStart(c *ast.CodeSpan) int {
	if t, ok := c.FirstChild().(*ast.Text); ok && t.Segment.Padding == 0 {
		return t.Segment.Start - 1
	}
	return -1
}

// spanText accumulates a text built from pieces of the source. While the
// pieces follow each other in the source it only tracks the span they
// cover, and the text ends up a substring of the document's source string,
// with no copy; the first piece that breaks the run switches it to a
// strings.Builder. The result is the same string either way.
type spanText struct {
	src        []byte // what goldmark parsed
	start, end int    // the span written so far; start < 0 when nothing is
	copied     bool   // the text is in sb, not a span
	sb         strings.Builder
}

func (b *builder) newSpan() spanText {
	return spanText{src: b.src, start: -1, copied: b.p.reference}
}

// segment writes a goldmark segment's text, as Segment.Value gives it.
func (w *spanText) segment(seg text.Segment) {
	if seg.Padding > 0 {
		w.literal(strings.Repeat(" ", seg.Padding), -1)
	}
	w.bytes(seg.Start, seg.Stop)
	if seg.ForceNewline && seg.Padding+seg.Stop-seg.Start > 0 && (seg.Stop <= seg.Start || w.src[seg.Stop-1] != '\n') {
		w.literal("\n", -1)
	}
}

// bytes writes src[start:stop].
func (w *spanText) bytes(start, stop int) {
	switch {
	case start >= stop:
	case w.copied:
		w.sb.Write(w.src[start:stop])
	case w.start < 0:
		w.start, w.end = start, stop
	case start == w.end:
		w.end = stop
	default:
		w.toBuilder()
		w.sb.Write(w.src[start:stop])
	}
}

// literal writes s. at is where s may stand in the source when nothing has
// been written yet (-1: unknown).
func (w *spanText) literal(s string, at int) {
	switch {
	case s == "":
	case w.copied:
		w.sb.WriteString(s)
	case w.start < 0 && at >= 0 && w.sourceHas(at, s):
		w.start, w.end = at, at+len(s)
	case w.start >= 0 && w.sourceHas(w.end, s):
		w.end += len(s)
	default:
		w.toBuilder()
		w.sb.WriteString(s)
	}
}

func (w *spanText) sourceHas(at int, s string) bool {
	return at+len(s) <= len(w.src) && string(w.src[at:at+len(s)]) == s
}

func (w *spanText) toBuilder() {
	w.copied = true
	if w.start >= 0 {
		w.sb.Write(w.src[w.start:w.end])
	}
}

// sourceCopy returns v as a string: a substring of the source string when
// v's bytes stand in src[from:to], a copy if not.
func (b *builder) sourceCopy(v []byte, from, to int) string {
	from, to = max(from, 0), min(to, len(b.src))
	if len(v) == 0 || from >= to {
		return string(v)
	}
	if i := bytes.Index(b.src[from:to], v); i >= 0 {
		return b.srcString(from+i, from+i+len(v))
	}
	return string(v)
}

// segmentString returns a goldmark segment's text, as Segment.Value gives it.
func (b *builder) segmentString(seg text.Segment) string {
	w := b.newSpan()
	w.segment(seg)
	return b.spanString(&w)
}

// spanString returns the text written to w.
func (b *builder) spanString(w *spanText) string {
	switch {
	case w.copied:
		return w.sb.String()
	case w.start < 0:
		return ""
	}
	return b.srcString(w.start, w.end)
}

// srcString returns b.src[start:stop] as a string: a substring of the
// document's source string when the bytes are the same there (goldmark's
// copy differs only in a blanked front matter and lone CRs), a copy if not.
func (b *builder) srcString(start, stop int) string {
	if stop <= len(b.text) && string(b.src[start:stop]) == b.text[start:stop] {
		return b.text[start:stop]
	}
	return string(b.src[start:stop])
}

// --- link resolution (Appendix D.4) ---

var schemeRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)

// ResolveLinkDest resolves a link destination written in the document at
// docPath. `/path` is relative to the repository root, other paths to the
// document's folder; %-escapes are decoded and the path is cleaned. A path
// that climbs above the root sets escapes (target ""). URLs with a scheme,
// `//host` and `www.` links are external; `#frag` alone gives only a
// fragment. It never fails: junk gives an empty target.
func ResolveLinkDest(docPath, dest string) (target, fragment string, external, escapes bool) {
	d := strings.TrimSpace(dest)
	if strings.HasPrefix(d, "<") && strings.HasSuffix(d, ">") {
		d = d[1 : len(d)-1]
	}
	if strings.HasPrefix(d, "//") || schemeRe.MatchString(d) || strings.HasPrefix(strings.ToLower(d), "www.") {
		return "", "", true, false
	}
	if before, frag, ok := strings.Cut(d, "#"); ok {
		d, fragment = before, unescapePath(frag)
	}
	if before, _, ok := strings.Cut(d, "?"); ok {
		d = before
	}
	p := unescapePath(d)
	if p == "" || strings.ContainsRune(p, 0) {
		return "", fragment, false, false
	}
	base := path.Dir(docPath)
	if strings.HasPrefix(p, "/") {
		base = ""
	}
	target, escapes = joinInRepo(base, p)
	return target, fragment, false, escapes
}

func unescapePath(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}

// joinInRepo joins rel to the repo-relative folder base and cleans the
// result; escapes reports a ".." above the repository root.
func joinInRepo(base, rel string) (string, bool) {
	var parts []string
	if base != "" && base != "." && base != "/" {
		parts = strings.Split(strings.Trim(base, "/"), "/")
	}
	for _, seg := range strings.Split(rel, "/") {
		switch seg {
		case "", ".":
		case "..":
			if len(parts) == 0 {
				return "", true
			}
			parts = parts[:len(parts)-1]
		default:
			parts = append(parts, seg)
		}
	}
	return strings.Join(parts, "/"), false
}

// headerLinks turns header values that are URLs or paths into links with
// FromKey set. A body header line that already holds a Markdown link or a
// bare URL marks those links instead of adding new ones.
func (b *builder) headerLinks(d *Doc, fields []headerField) {
	var extra []Link
	for _, f := range fields {
		if f.From == FromSidecar {
			continue // its lines are in another file
		}
		if f.endLine > 0 {
			marked := false
			i := sort.Search(len(d.Links), func(i int) bool { return d.Links[i].Line >= f.Line })
			for ; i < len(d.Links) && d.Links[i].Line <= f.endLine; i++ {
				if d.Links[i].FromKey == "" && !d.Links[i].Wiki {
					d.Links[i].FromKey = f.Norm
					marked = true
				}
			}
			if marked {
				continue
			}
		}
		for i, v := range f.Values {
			at := srcPos{f.Line, f.Col}
			if i < len(f.valPos) {
				at = f.valPos[i]
			}
			for _, dest := range linkValues(v) {
				l := Link{Text: f.Key, Dest: dest, Line: at.line, Col: at.col, FromKey: f.Norm}
				l.EndCol = at.col + utf8.RuneCountInString(dest)
				l.Target, l.Fragment, l.External, l.Escapes = ResolveLinkDest(d.Path, dest)
				l.Heading = headingAt(d.Headings, at.line)
				extra = append(extra, l)
			}
		}
	}
	if len(extra) == 0 {
		return
	}
	links := make([]Link, 0, len(d.Links)+len(extra))
	links = append(append(links, d.Links...), extra...)
	sort.SliceStable(links, func(i, j int) bool {
		if links[i].Line != links[j].Line {
			return links[i].Line < links[j].Line
		}
		return links[i].Col < links[j].Col
	})
	d.Links = links
}

// --- backlog items ---

// splitItems makes one item Doc per heading at the item level. An item
// spans its heading's section and owns the elements inside it.
func (b *builder) splitItems(level int) {
	d := b.d
	for _, h := range d.Headings {
		if h.Level != level || h.Bold {
			continue
		}
		it := &Doc{Path: d.Path, Src: d.Src, Lines: d.Lines, Parent: d,
			Title: h.Text, TitleLine: h.Line, StartLine: h.Line, EndLine: h.EndLine, KindBy: "item"}
		lo, hi := h.Line, h.EndLine
		it.Headings = linesSpan(d.Headings, lo, hi, func(x *Heading) int { return x.Line })
		it.Links = linesSpan(d.Links, lo, hi, func(x Link) int { return x.Line })
		it.ListItems = linesSpan(d.ListItems, lo, hi, func(x ListItem) int { return x.Line })
		it.Paragraphs = linesSpan(d.Paragraphs, lo, hi, func(x Paragraph) int { return x.Line })
		it.Code = linesSpan(d.Code, lo, hi, func(x CodeBlock) int { return x.Line })
		it.Comments = linesSpan(d.Comments, lo, hi, func(x Comment) int { return x.Line })
		it.Tables = linesSpan(d.Tables, lo, hi, func(x TableRow) int { return x.Line })

		// the item's header: leading lines before its first sub-heading
		until := hi + 1
		for _, sub := range it.Headings {
			if sub != h && !sub.Bold {
				until = sub.Line
				break
			}
		}
		fields := b.bodyHeader(b.leadingBlocks(lo, until))
		it.Header.Fields = plainFields(fields)
		b.headerLinks(it, fields)
		classifyItem(it)
		d.Items = append(d.Items, it)
	}
}

// linesSpan returns the elements of sorted xs whose line lies in [lo, hi], as a
// copy-on-append sub-slice (binary search: no quadratic work on big files).
func linesSpan[T any](xs []T, lo, hi int, line func(T) int) []T {
	i := sort.Search(len(xs), func(i int) bool { return line(xs[i]) >= lo })
	j := sort.Search(len(xs), func(i int) bool { return line(xs[i]) > hi })
	if i >= j {
		return nil
	}
	return xs[i:j:j]
}
