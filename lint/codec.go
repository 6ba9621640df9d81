package lint

import (
	"encoding/binary"
	"errors"
	"unsafe"
)

// The cache's binary form of light documents (Doc.Light) and of findings: a
// flat sequence of unsigned varints and length-prefixed strings. Decoding
// takes one string holding the whole cache file, so every decoded string is
// a substring of it (no copy), and checks every length against what is
// left, so a damaged file is an error, never a panic.

// errCorrupt is what a decoder returns for bytes it did not write.
var errCorrupt = errors.New("corrupt cache data")

type encoder struct{ b []byte }

func (e *encoder) uint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) int(v int) {
	if v < 0 {
		v = 0
	}
	e.uint(uint64(v))
}
func (e *encoder) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

// flags writes booleans as the bits of one number, the first lowest.
func (e *encoder) flags(bs ...bool) {
	var v uint64
	for i, b := range bs {
		if b {
			v |= 1 << i
		}
	}
	e.uint(v)
}

func (e *encoder) str(s string) {
	e.uint(uint64(len(s)))
	e.b = append(e.b, s...)
}
func (e *encoder) strs(ss []string) {
	e.uint(uint64(len(ss)))
	for _, s := range ss {
		e.str(s)
	}
}

type decoder struct {
	s   string
	off int
	err error
	a   arena // where decoded documents' parts are allocated
}

// arena hands out the slices a decoded document is made of. With chunk 0
// every slice is allocated on its own; with a chunk size (bytes), small
// slices are cut from shared chunks: a document then costs the two
// allocations of its facts map instead of about fifteen. Every slice is cut
// with its capacity at its length, so appending to one never writes into
// another document's part of a chunk.
type arena struct {
	chunk  int
	docs   []Doc
	items  []*Doc
	fields []Field
	strs   []string
	heads  []Heading
	hptrs  []*Heading
	links  []Link
	lis    []ListItem
	facts  []FactValue
}

// arenaChunk is the size of an arena's chunks: small enough that what the
// last document of a run leaves unused of each costs little.
const arenaChunk = 16 << 10

// cut returns n zeroed elements from pool, refilling it with a new chunk of
// chunk bytes when it is short; n > 0.
func cut[T any](pool *[]T, n, chunk int) []T {
	if n > len(*pool) {
		size := chunk / int(unsafe.Sizeof(*new(T)))
		if size < 2*n {
			return make([]T, n) // big: not worth a chunk
		}
		*pool = make([]T, size)
	}
	s := (*pool)[:n:n]
	*pool = (*pool)[n:]
	return s
}

// The readers below decode a one-byte varint (most lengths, lines and
// flags) without a further call; longer ones take the slow path.

// uint decodes an unsigned varint.
func (d *decoder) uint() uint64 {
	if i := d.off; i < len(d.s) && d.s[i] < 0x80 && d.err == nil {
		d.off = i + 1
		return uint64(d.s[i])
	}
	return d.varint()
}

// varint decodes an unsigned varint of any length.
func (d *decoder) varint() uint64 {
	if d.err != nil {
		return 0
	}
	var v uint64
	var shift uint
	for i := 0; i < binary.MaxVarintLen64; i++ {
		if d.off >= len(d.s) {
			break
		}
		c := d.s[d.off]
		d.off++
		if c < 0x80 {
			return v | uint64(c)<<shift
		}
		v |= uint64(c&0x7f) << shift
		shift += 7
	}
	d.err = errCorrupt
	return 0
}

// int decodes a count or a line number; anything over the cache's bounds
// (a length longer than the data left) is corruption.
func (d *decoder) int() int {
	if i := d.off; i < len(d.s) && d.s[i] < 0x80 && d.err == nil {
		d.off = i + 1
		return int(d.s[i])
	}
	v := d.varint()
	if v > uint64(len(d.s)) && v > 1<<31 {
		d.err = errCorrupt
		return 0
	}
	return int(v)
}

// count decodes the length of a list whose elements take at least one byte.
func (d *decoder) count() int {
	if i := d.off; i < len(d.s) && d.s[i] < 0x80 && d.err == nil && int(d.s[i]) < len(d.s)-i {
		d.off = i + 1
		return int(d.s[i])
	}
	n := d.varint()
	if n > uint64(len(d.s)-d.off) {
		d.err = errCorrupt
		return 0
	}
	return int(n)
}

func (d *decoder) bool() bool {
	if d.err != nil || d.off >= len(d.s) {
		d.err = errCorrupt
		return false
	}
	c := d.s[d.off]
	d.off++
	return c == 1
}

func (d *decoder) str() string {
	if i := d.off; i < len(d.s) && d.s[i] < 0x80 && d.err == nil {
		if n := int(d.s[i]); n < len(d.s)-i {
			d.off = i + 1 + n
			return d.s[i+1 : d.off]
		}
	}
	n := d.count()
	if d.err != nil {
		return ""
	}
	s := d.s[d.off : d.off+n]
	d.off += n
	return s
}

func (d *decoder) strs() []string {
	n := d.count()
	if n == 0 {
		return nil
	}
	out := cut(&d.a.strs, n, d.a.chunk)
	for i := range out {
		out[i] = d.str()
	}
	return out
}

// doc appends the light form of d (which must be Light) to e. outer indexes
// the headings of the file an item comes from: an item's first heading has
// the file's title as its parent, which is not one of the item's headings.
func (e *encoder) doc(d *Doc, outer map[*Heading]int) {
	e.str(d.Path)
	e.str(string(d.Kind))
	e.str(d.SubKind)
	e.str(d.KindBy)
	e.str(d.Title)
	e.int(d.TitleLine)
	e.str(d.ID)
	e.bool(d.HasFrontMat)
	e.int(d.StartLine)
	e.int(d.EndLine)
	e.uint(uint64(len(d.Header.Fields)))
	from := ""
	for _, f := range d.Header.Fields {
		// Most fields' Norm is their Key, their Values the one Value,
		// their From the previous field's and their File empty: flags
		// say so, and the strings are left out.
		sameNorm := f.Norm == f.Key
		oneValue := len(f.Values) == 1 && f.Values[0] == f.Value
		sameFrom := f.From == from
		e.str(f.Key)
		e.flags(f.IsList, sameNorm, oneValue, sameFrom, f.File != "")
		if !sameNorm {
			e.str(f.Norm)
		}
		e.str(f.Value)
		if !oneValue {
			e.strs(f.Values)
		}
		e.int(f.Line)
		e.int(f.Col)
		if !sameFrom {
			e.str(f.From)
		}
		if f.File != "" {
			e.str(f.File)
		}
		from = f.From
	}
	hidx := make(map[*Heading]int, len(d.Headings))
	// ref is 0 for no heading, 2k for the item's own heading k (1-based),
	// 2k+1 for the file's heading k.
	ref := func(h *Heading) uint64 {
		if h == nil {
			return 0
		}
		if k, ok := hidx[h]; ok {
			return uint64(2 * k)
		}
		if k, ok := outer[h]; ok {
			return uint64(2*k + 1)
		}
		return 0
	}
	e.uint(uint64(len(d.Headings)))
	for i, h := range d.Headings {
		e.int(h.Level)
		e.str(h.Text)
		e.str(h.Norm)
		e.int(h.Line)
		e.int(h.EndLine)
		e.int(h.BodyLine)
		e.strs(h.Concepts)
		e.uint(ref(h.Parent)) // parents come before their children
		e.bool(h.Bold)
		hidx[h] = i + 1
	}
	e.uint(uint64(len(d.Links)))
	for _, l := range d.Links {
		e.str(l.Text)
		e.str(l.Dest)
		e.int(l.Line)
		e.int(l.Col)
		e.int(l.EndCol)
		e.str(l.Target)
		e.str(l.Fragment)
		e.str(l.FromKey)
		e.flags(l.External, l.Escapes, l.Wiki)
		e.uint(ref(l.Heading))
	}
	e.uint(uint64(len(d.ListItems)))
	for _, li := range d.ListItems {
		e.int(li.Line)
		e.int(li.Col)
		e.int(li.EndLine)
		e.str(li.Text)
		e.str(li.Prose)
		e.flags(li.Task, li.Checked, li.Ordered)
		e.int(li.Depth)
		e.uint(ref(li.Heading))
	}
	e.uint(uint64(len(d.Facts)))
	for _, f := range d.Facts {
		e.str(f.Name)
		e.str(f.Value)
	}
	e.uint(uint64(len(d.Items)))
	for _, it := range d.Items {
		e.doc(it, hidx)
	}
}

// doc decodes what encoder.doc wrote; depth bounds nesting (items of items).
func (d *decoder) doc(depth int, outer []*Heading) *Doc {
	if depth > 2 {
		d.err = errCorrupt
		return nil
	}
	x := &cut(&d.a.docs, 1, d.a.chunk)[0]
	x.Summary = true
	x.Path = d.str()
	x.Kind = internKind(d.str())
	x.SubKind = d.str()
	x.KindBy = intern(d.str(), kindsBy)
	x.Title = d.str()
	x.TitleLine = d.int()
	x.ID = d.str()
	x.HasFrontMat = d.bool()
	x.StartLine = d.int()
	x.EndLine = d.int()
	if n := d.count(); n > 0 {
		x.Header.Fields = cut(&d.a.fields, n, d.a.chunk)
		from := ""
		for i := range x.Header.Fields {
			f := &x.Header.Fields[i]
			f.Key = d.str()
			flags := d.uint()
			f.IsList = flags&1 != 0
			if f.Norm = f.Key; flags&2 == 0 {
				f.Norm = d.str()
			}
			f.Value = d.str()
			if flags&4 != 0 {
				f.Values = cut(&d.a.strs, 1, d.a.chunk)
				f.Values[0] = f.Value
			} else {
				f.Values = d.strs()
			}
			f.Line, f.Col = d.int(), d.int()
			if f.From = from; flags&8 == 0 {
				f.From = d.str()
			}
			if flags&16 != 0 {
				f.File = d.str()
			}
			if flags >= 32 {
				d.err = errCorrupt
			}
			from = f.From
		}
	}
	// ref resolves what encoder.doc's ref wrote, among the first own
	// headings decoded so far.
	ref := func(own int) *Heading {
		r := d.uint()
		switch k := int(r / 2); {
		case r == 0:
			return nil
		case r%2 == 0 && k >= 1 && k <= own:
			return x.Headings[k-1]
		case r%2 == 1 && k >= 1 && k <= len(outer):
			return outer[k-1]
		}
		d.err = errCorrupt
		return nil
	}
	if n := d.count(); n > 0 {
		hs := cut(&d.a.heads, n, d.a.chunk)
		x.Headings = cut(&d.a.hptrs, n, d.a.chunk)
		for i := range hs {
			h := &hs[i]
			h.Level = d.int()
			h.Text, h.Norm = d.str(), d.str()
			h.Line, h.EndLine, h.BodyLine = d.int(), d.int(), d.int()
			h.Concepts = d.strs()
			h.Parent = ref(i)
			h.Bold = d.bool()
			x.Headings[i] = h
		}
	}
	if n := d.count(); n > 0 {
		x.Links = cut(&d.a.links, n, d.a.chunk)
		for i := range x.Links {
			l := &x.Links[i]
			l.Text, l.Dest = d.str(), d.str()
			l.Line, l.Col, l.EndCol = d.int(), d.int(), d.int()
			l.Target, l.Fragment, l.FromKey = d.str(), d.str(), d.str()
			flags := d.uint()
			l.External, l.Escapes, l.Wiki = flags&1 != 0, flags&2 != 0, flags&4 != 0
			l.Heading = ref(len(x.Headings))
		}
	}
	if n := d.count(); n > 0 {
		x.ListItems = cut(&d.a.lis, n, d.a.chunk)
		for i := range x.ListItems {
			li := &x.ListItems[i]
			li.Line, li.Col, li.EndLine = d.int(), d.int(), d.int()
			li.Text, li.Prose = d.str(), d.str()
			flags := d.uint()
			li.Task, li.Checked, li.Ordered = flags&1 != 0, flags&2 != 0, flags&4 != 0
			li.Depth = d.int()
			li.Heading = ref(len(x.Headings))
		}
	}
	if n := d.count(); n > 0 {
		x.Facts = cut(&d.a.facts, n, d.a.chunk)
		names := factNames.Load()
		for i := range x.Facts {
			x.Facts[i].Name = factName(names, d.str())
			x.Facts[i].Value = d.str()
		}
	}
	if n := d.count(); n > 0 {
		x.Items = cut(&d.a.items, n, d.a.chunk)
		for i := range x.Items {
			it := d.doc(depth+1, x.Headings)
			if d.err != nil {
				return nil
			}
			it.Parent = x
			x.Items[i] = it
		}
	}
	if d.err != nil {
		return nil
	}
	return x
}

func (e *encoder) finding(f *Finding) {
	e.str(f.RuleID)
	e.str(f.RuleName)
	e.uint(uint64(f.Severity))
	e.str(f.Path)
	e.int(f.Line)
	e.int(f.Col)
	e.int(f.EndLine)
	e.int(f.EndCol)
	e.str(f.Message)
	e.str(f.Context)
	e.str(f.Snippet)
	e.bool(f.DocLevel)
	e.bool(f.Suppressed != nil)
	if f.Suppressed != nil {
		e.str(f.Suppressed.Kind)
		e.str(f.Suppressed.Justification)
		e.int(f.Suppressed.Line)
	}
}

func (d *decoder) finding() Finding {
	var f Finding
	f.RuleID, f.RuleName = d.str(), d.str()
	f.Severity = Severity(d.uint())
	f.Path = d.str()
	f.Line, f.Col, f.EndLine, f.EndCol = d.int(), d.int(), d.int(), d.int()
	f.Message, f.Context, f.Snippet = d.str(), d.str(), d.str()
	f.DocLevel = d.bool()
	if d.bool() {
		f.Suppressed = &Suppression{Kind: d.str(), Justification: d.str(), Line: d.int()}
	}
	return f
}

func (e *encoder) notification(n *Notification) {
	e.str(n.Path)
	e.int(n.Line)
	e.uint(uint64(n.Level))
	e.str(n.Message)
}

func (d *decoder) notification() Notification {
	return Notification{Path: d.str(), Line: d.int(), Level: Severity(d.uint()), Message: d.str()}
}

// kindsBy are the values of Doc.KindBy.
var kindsBy = []string{KindByFrontMatter, KindByConfig, KindByPath, KindByContent, KindByItem}

// internKind returns the package's own string for a known kind. Rules
// compare kinds of every document many times; the decoded string would
// point into the shard, spread over tens of megabytes, while the constants
// share a few bytes that stay in the processor's cache (and compare equal by
// pointer).
func internKind(s string) Kind { return intern(s, AllKinds) }

// intern returns the element of known equal to s, or s.
func intern[T ~string](s string, known []T) T {
	for _, k := range known {
		if string(k) == s {
			return k
		}
	}
	return T(s)
}
