package lint

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// --- documents the cache tests build on ---

const cacheSpec = `---
type: spec
owner: "@maya"
reviewers: [bob, carol]
labels:
  - export
  - finance
status: draft
---
# Export spec

Intro with [vision](../../VISION.md), wiki [[Vision]] and [[Roadmap#Q3|the plan]],
external <https://x.org/y>, bare https://bare.org/p and mail <me@x.org>.

## Goals

- Owner: @maya
- Reduce the time to close the month.

### Non-goals

Not this. See [up](../up.md#sec) and [out](../../../../etc/passwd).

#### Deep

Text [here](#goals) and ` + "`[no](x.md)`" + `.

## Owners

- **Owner:** @maya
- Approver: @bob

**Risks**

Some risk.

| a | b |
|---|---|
| [t](t.md) | 2 |
`

const cacheBacklog = `# Team backlog

Owner: @po

## US-7 Export report

Type: story
Owner: @bob
Epic: [E1](epics/e1.md)

As a manager I want to export so that I can share.

### Acceptance Criteria

- [ ] CSV downloads
- [x] PDF downloads

## BUG-9 Crash on save

Steps, see [[US-7]].

## [PROJ-12] Refactor

- **Type:** task

## #12 Epic-ish thing

Labels: epic

## Plain item
`

const cacheStory = `---
type: story
id: US-1
owner: "@omar"
epic: EPIC-1
priority: high
---
# US-1 Export report

As a finance analyst, I want to export the monthly report as CSV, so that I can reconcile it.

## Acceptance Criteria

1. The CSV has one row per expense.
2. The export completes within 10 s.
   - nested detail
`

const cacheKEP = "---\nowner: \"@bob\"\n---\n# KEP-1234: X\n\n**Status:** draft\n\n## Summary\n\nSee [the sig](https://github.com/kubernetes/community).\n"

const cacheKEPSidecar = "title: X\nkep-number: 1234\nowning-sig: sig-apps\nstatus: implementable\napprovers:\n  - \"@alice\"\n"

// cacheFactName is a fact registered for these tests, so that light
// documents carry Facts (rule packages register theirs; lint has none).
const cacheFactName = "cachetest.paragraphs"

func init() {
	RegisterFact(cacheFactName, func(_ *Universe, d *Doc) string {
		if len(d.Paragraphs) == 0 {
			return ""
		}
		return JoinFact(d.Path, strconv.Itoa(len(d.Paragraphs)), d.Paragraphs[0].Text)
	})
}

// cacheDocs parses the test documents in full.
func cacheDocs(t *testing.T) []*Doc {
	t.Helper()
	p := NewParser(DefaultConfig())
	p.Sidecar = func(path string) ([]byte, bool) {
		if path == "keps/sig-apps/1234-x/kep.yaml" {
			return []byte(cacheKEPSidecar), true
		}
		return nil, false
	}
	docs := []*Doc{
		p.Parse("docs/specs/export.md", []byte(cacheSpec)),
		p.Parse("team/backlog.md", []byte(cacheBacklog)),
		p.Parse("backlog/US-1.md", []byte(cacheStory)),
		p.Parse("keps/sig-apps/1234-x/README.md", []byte(cacheKEP)),
		p.Parse("empty.md", nil),
	}
	// The inputs must exercise what the encoding carries.
	var fields, sidecar, headings, nested, links, wiki, external, fromKey, items, listItems, facts int
	var walk func(d *Doc)
	walk = func(d *Doc) {
		l := d.Light(nil)
		fields += len(d.Header.Fields)
		for _, f := range d.Header.Fields {
			if f.File != "" {
				sidecar++
			}
		}
		headings += len(d.Headings)
		for _, h := range d.Headings {
			if h.Parent != nil {
				nested++
			}
		}
		links += len(d.Links)
		for _, k := range d.Links {
			if k.Wiki {
				wiki++
			}
			if k.External {
				external++
			}
			if k.FromKey != "" {
				fromKey++
			}
		}
		listItems += len(l.ListItems)
		facts += len(l.Facts)
		items += len(d.Items)
		for _, it := range d.Items {
			walk(it)
		}
	}
	for _, d := range docs {
		walk(d)
	}
	for name, n := range map[string]int{"fields": fields, "sidecar fields": sidecar, "headings": headings,
		"nested headings": nested, "links": links, "wiki links": wiki, "external links": external,
		"header links": fromKey, "items": items, "light list items": listItems, "facts": facts} {
		if n == 0 {
			t.Fatalf("the test documents have no %s", name)
		}
	}
	return docs
}

// checkLightPointers checks that every pointer of a decoded light document
// points into the document itself: heading parents (earlier headings),
// link and list item headings, items' parents.
func checkLightPointers(t *testing.T, d *Doc) {
	t.Helper()
	own := map[*Heading]int{}
	for i, h := range d.Headings {
		own[h] = i
	}
	// An item's headings, links and list items may also point at a heading
	// of the file it comes from (its first heading's parent is the title).
	outer := map[*Heading]bool{}
	if d.Parent != nil {
		for _, h := range d.Parent.Headings {
			outer[h] = true
		}
	}
	for i, h := range d.Headings {
		if h.Parent == nil || outer[h.Parent] {
			continue
		}
		if j, ok := own[h.Parent]; !ok || j >= i {
			t.Errorf("%s: heading %q: parent %p is not an earlier heading of the document", d.Path, h.Text, h.Parent)
		}
	}
	for _, l := range d.Links {
		if _, ok := own[l.Heading]; l.Heading != nil && !ok && !outer[l.Heading] {
			t.Errorf("%s: link %q: heading is not one of the document's", d.Path, l.Dest)
		}
	}
	for _, li := range d.ListItems {
		if _, ok := own[li.Heading]; li.Heading != nil && !ok && !outer[li.Heading] {
			t.Errorf("%s: list item %q: heading is not one of the document's", d.Path, li.Text)
		}
	}
	for _, it := range d.Items {
		if it.Parent != d {
			t.Errorf("%s: item %q: parent is not the decoded document", d.Path, it.Title)
		}
		if !it.Summary {
			t.Errorf("%s: item %q is not light", d.Path, it.Title)
		}
		checkLightPointers(t, it)
	}
}

// lightOutsideParents returns a copy of l as the cache gives it back: a deep
// copy whose heading pointers point into the copy (an item's may point into
// its file's copied headings: outer), and whose empty lists are nil.
func lightOutsideParents(l *Doc) *Doc { return lightCopy(l, nil) }

func lightCopy(l *Doc, outer map[*Heading]*Heading) *Doc {
	if l == nil {
		return nil
	}
	c := *l
	own := map[*Heading]*Heading{}
	for k, v := range outer {
		own[k] = v
	}
	c.Headings = make([]*Heading, len(l.Headings))
	for i, h := range l.Headings {
		hc := *h
		c.Headings[i] = &hc
		own[h] = &hc
	}
	for _, h := range c.Headings {
		h.Parent = own[h.Parent] // nil when outside
		if len(h.Concepts) == 0 {
			h.Concepts = nil
		}
	}
	// Empty lists decode as nil (nothing tells them apart).
	if len(c.Header.Fields) == 0 {
		c.Header.Fields = nil
	} else {
		c.Header.Fields = append([]Field(nil), c.Header.Fields...)
		for i := range c.Header.Fields {
			if len(c.Header.Fields[i].Values) == 0 {
				c.Header.Fields[i].Values = nil
			}
		}
	}
	if len(c.Headings) == 0 {
		c.Headings = nil
	}
	c.Links = append([]Link(nil), l.Links...)
	for i := range c.Links {
		c.Links[i].Heading = own[c.Links[i].Heading]
	}
	c.ListItems = append([]ListItem(nil), l.ListItems...)
	for i := range c.ListItems {
		c.ListItems[i].Heading = own[c.ListItems[i].Heading]
	}
	fileHeadings := map[*Heading]*Heading{}
	for i, h := range l.Headings {
		fileHeadings[h] = c.Headings[i]
	}
	if l.Items != nil {
		c.Items = make([]*Doc, len(l.Items))
		for i, it := range l.Items {
			c.Items[i] = lightCopy(it, fileHeadings)
			c.Items[i].Parent = &c
		}
	}
	return &c
}

func docDiff(a, b *Doc) string {
	return fmt.Sprintf("first difference (got vs want) at %s\ngot  %s\nwant %s", valueDiff(a, b), dumpDoc(a), dumpDoc(b))
}

// dumpDoc prints a light document with its pointers as indexes.
func dumpDoc(d *Doc) string {
	if d == nil {
		return "<nil>"
	}
	var b strings.Builder
	idx := map[*Heading]int{}
	for i, h := range d.Headings {
		idx[h] = i
	}
	ref := func(h *Heading) string {
		if h == nil {
			return "-"
		}
		if i, ok := idx[h]; ok {
			return strconv.Itoa(i)
		}
		return "outside:" + h.Text
	}
	fmt.Fprintf(&b, "{%s %s/%s by %s %q@%d id=%q fm=%v lines %d-%d summary=%v\n", d.Path, d.Kind, d.SubKind, d.KindBy,
		d.Title, d.TitleLine, d.ID, d.HasFrontMat, d.StartLine, d.EndLine, d.Summary)
	for _, f := range d.Header.Fields {
		fmt.Fprintf(&b, "  field %#v\n", f)
	}
	for i, h := range d.Headings {
		fmt.Fprintf(&b, "  heading %d L%d %q norm=%q %d-%d body=%d %q parent=%s bold=%v\n", i, h.Level, h.Text, h.Norm,
			h.Line, h.EndLine, h.BodyLine, h.Concepts, ref(h.Parent), h.Bold)
	}
	for _, l := range d.Links {
		h := l.Heading
		l.Heading = nil
		fmt.Fprintf(&b, "  link %#v in %s\n", l, ref(h))
	}
	for _, li := range d.ListItems {
		h := li.Heading
		li.Heading = nil
		fmt.Fprintf(&b, "  list item %#v in %s\n", li, ref(h))
	}
	for _, f := range d.Facts {
		fmt.Fprintf(&b, "  fact %s=%q\n", f.Name, f.Value)
	}
	for _, it := range d.Items {
		fmt.Fprintf(&b, "  item (parent ok: %v) %s", it.Parent == d, strings.ReplaceAll(dumpDoc(it), "\n", "\n  "))
	}
	b.WriteString("}\n")
	return b.String()
}

// TestCacheRoundTrip stores the light form of realistic documents, flushes,
// and reads them back through a new Cache on the same folder: every field
// survives, and every pointer points into the decoded document.
func TestCacheRoundTrip(t *testing.T) {
	dir := t.TempDir()
	docs := cacheDocs(t)
	c := OpenCache(dir, "key-1")
	for i, d := range docs {
		c.Store(d.Path, "hash-"+strconv.Itoa(i), d.Light(nil))
	}
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	c = OpenCache(dir, "key-1")
	for i, d := range docs {
		want := d.Light(nil)
		got := c.Lookup(d.Path, "hash-"+strconv.Itoa(i))
		if got == nil {
			t.Fatalf("%s: not found", d.Path)
		}
		if got == want || len(got.Headings) > 0 && got.Headings[0] == want.Headings[0] {
			t.Fatalf("%s: Lookup returned the stored document, not a decoded one", d.Path)
		}
		checkLightPointers(t, got)
		if want := lightOutsideParents(want); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: round trip differs:\n%s", d.Path, docDiff(got, want))
		}
		// A second lookup decodes again: the same document, not shared.
		again := c.Lookup(d.Path, "hash-"+strconv.Itoa(i))
		if !reflect.DeepEqual(again, got) {
			t.Errorf("%s: second lookup differs", d.Path)
		}
	}
}

// TestCacheKeepsItemHeadingParents: the heading of a backlog item has the
// file's title as its parent (Heading.Path, finding contexts), which is not
// one of the item's own headings: the cached item must keep it, so that a
// rule reading an out-of-scope item sees the same with a warm cache as
// without one.
func TestCacheKeepsItemHeadingParents(t *testing.T) {
	dir := t.TempDir()
	d := cacheDocs(t)[1]
	c := OpenCache(dir, "k")
	c.Store(d.Path, "h", d.Light(nil))
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	got := OpenCache(dir, "k").Lookup(d.Path, "h")
	if got == nil {
		t.Fatal("not found")
	}
	for i, it := range d.Items {
		want, have := it.Headings[0].Path(), got.Items[i].Headings[0].Path()
		if want != have {
			t.Errorf("item %q: heading path %q, want %q", it.Title, have, want)
		}
	}
	// Through Run: a document in scope links to an item out of scope.
	files := cacheRepo()
	files["docs/specs/index.md"] += "- [[US-7]]\n"
	paths := []string{"docs/specs/index.md"}
	want := cacheRun(t, newHashSource(files), nil, "", paths, nil)
	dir = t.TempDir()
	cacheRun(t, newHashSource(files), OpenCache(dir, "k"), "", paths, nil)
	warm := cacheRun(t, newHashSource(files), OpenCache(dir, "k"), "", paths, nil)
	if d := valueDiff(warm.Findings, want.Findings); d != "" {
		t.Errorf("warm cache: findings differ at %s", d)
	}
}

// TestCacheMisses: a document is found only under its path, its hash and
// the cache's key.
func TestCacheMisses(t *testing.T) {
	dir := t.TempDir()
	d := cacheDocs(t)[0]
	c := OpenCache(dir, "key-1")
	c.Store(d.Path, "h1", d.Light(nil))
	c.Store("other.md", "", d.Light(nil)) // no hash: not stored
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	c = OpenCache(dir, "key-1")
	if c.Lookup(d.Path, "h1") == nil {
		t.Fatal("the stored document is not found")
	}
	for _, tc := range []struct{ path, hash string }{{d.Path, "h2"}, {d.Path, ""}, {"other.md", ""}, {"docs/specs/EXPORT.md", "h1"}, {"nowhere.md", "h1"}} {
		if got := c.Lookup(tc.path, tc.hash); got != nil {
			t.Errorf("Lookup(%q, %q) = %s, want nil", tc.path, tc.hash, got.Path)
		}
	}
	if got := OpenCache(dir, "key-2").Lookup(d.Path, "h1"); got != nil {
		t.Error("a cache with another key reads the document")
	}
	if got := OpenCache(filepath.Join(dir, "missing"), "key-1").Lookup(d.Path, "h1"); got != nil {
		t.Error("a missing folder has the document")
	}
	var nilCache *Cache
	if nilCache.Lookup(d.Path, "h1") != nil || nilCache.Flush() != nil {
		t.Error("a nil cache is not empty")
	}
	nilCache.Store(d.Path, "h1", d.Light(nil)) // must not panic
	// Writing under another key replaces the file: the first key misses.
	c2 := OpenCache(dir, "key-2")
	c2.Store(d.Path, "h1", d.Light(nil))
	if err := c2.Flush(); err != nil {
		t.Fatal(err)
	}
	if OpenCache(dir, "key-2").Lookup(d.Path, "h1") == nil {
		t.Error("key-2 does not read what it wrote")
	}
	if OpenCache(dir, "key-1").Lookup(d.Path, "h1") != nil {
		t.Error("key-1 reads what key-2 wrote")
	}
}

// shardPayload returns the payload (after header and checksum) of the
// shard file holding path.
func shardPayload(t *testing.T, c *Cache, path string) (name string, head, payload []byte) {
	t.Helper()
	name = c.shardFile(shardOf(path))
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	h := cacheMagic + strconv.Itoa(cacheFormat) + "\x00" + c.key + "\x00"
	if !bytes.HasPrefix(b, []byte(h)) || len(b) < len(h)+4 {
		t.Fatalf("%s: no header", name)
	}
	if crc32.Checksum(b[len(h)+4:], crcTable) != binary.LittleEndian.Uint32(b[len(h):]) {
		t.Fatalf("%s: bad checksum as written", name)
	}
	return name, b[:len(h)], b[len(h)+4:]
}

// withSum returns a cache file of head and payload with a valid checksum.
func withSum(head, payload []byte) []byte {
	b := append([]byte(nil), head...)
	b = binary.LittleEndian.AppendUint32(b, crc32.Checksum(payload, crcTable))
	return append(b, payload...)
}

// TestCacheCorruptShard damages a shard file in every way a disk, an
// editor or another program can: each is a miss, never a panic, and the
// next Flush writes a good file again.
func TestCacheCorruptShard(t *testing.T) {
	docs := cacheDocs(t)
	d := docs[1] // the backlog: items, the deepest encoding
	seed := t.TempDir()
	c := OpenCache(seed, "k")
	c.Store(d.Path, "h", d.Light(nil))
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	name, head, payload := shardPayload(t, c, d.Path)
	good, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	flip := func(b []byte, i int) []byte {
		b = append([]byte(nil), b...)
		b[i] ^= 0x5a
		return b
	}
	cases := map[string][]byte{
		"empty":                     {},
		"garbage":                   []byte(strings.Repeat("\xff\x00garbage", 64)),
		"header only":               head,
		"truncated checksum":        good[:len(head)+2],
		"truncated payload":         good[:len(good)-len(payload)/2],
		"one byte short":            good[:len(good)-1],
		"one byte more":             append(append([]byte(nil), good...), 0),
		"flipped payload byte":      flip(good, len(good)-len(payload)/3),
		"flipped last byte":         flip(good, len(good)-1),
		"flipped checksum":          flip(good, len(head)+1),
		"flipped magic":             flip(good, 0),
		"flipped format":            flip(good, len(cacheMagic)),
		"payload truncated, summed": withSum(head, payload[:len(payload)-1]),
		"payload extended, summed":  withSum(head, append(append([]byte(nil), payload...), 0x80)),
		"entry length huge, summed": withSum(head, hugeEntry(payload)),
		"other format":              bytes.Replace(good, []byte(cacheMagic+strconv.Itoa(cacheFormat)), []byte(cacheMagic+strconv.Itoa(cacheFormat+1)), 1),
	}
	for name0, data := range cases {
		t.Run(name0, func(t *testing.T) {
			dir := t.TempDir()
			c := OpenCache(dir, "k")
			if err := os.WriteFile(c.shardFile(shardOf(d.Path)), data, 0o644); err != nil {
				t.Fatal(err)
			}
			if got := c.Lookup(d.Path, "h"); got != nil {
				t.Fatalf("a damaged file gives a document: %s", got.Path)
			}
			// The next Flush that stores in the shard writes a good file.
			c.Store(d.Path, "h", d.Light(nil))
			if err := c.Flush(); err != nil {
				t.Fatal(err)
			}
			if got := OpenCache(dir, "k").Lookup(d.Path, "h"); got == nil {
				t.Fatal("the shard was not rewritten")
			}
		})
	}
	if OpenCache(seed, "k").Lookup(d.Path, "h") == nil {
		t.Fatal("the undamaged file misses")
	}
}

// hugeEntry rewrites the first entry's length to the largest varint.
func hugeEntry(payload []byte) []byte {
	d := &decoder{s: string(payload)}
	d.str()
	d.str()
	at := d.off
	d.count()
	out := append([]byte(nil), payload[:at]...)
	out = binary.AppendUvarint(out, 1<<63)
	return append(out, payload[d.off:]...)
}

// TestCacheDamagedPayloads changes a shard's payload byte by byte, and
// truncates it at every length, with a valid checksum (what a bug in the
// encoder, or a file of an older build with the same format, looks like):
// Lookup never panics, and what it returns is either nothing or a
// document of the path asked for; a truncation can only lose entries.
func TestCacheDamagedPayloads(t *testing.T) {
	docs := cacheDocs(t)
	seed := OpenCache(t.TempDir(), "k")
	// Two documents in one shard, so that truncations can end at an
	// entry's end, and entries follow each other.
	a, b := docs[1], docs[0]
	bPath := collidingPath(t, a.Path, "")
	seed.Store(a.Path, "ha", a.Light(nil))
	seed.Store(bPath, "hb", relabel(b, bPath).Light(nil))
	if err := seed.Flush(); err != nil {
		t.Fatal(err)
	}
	_, head, payload := shardPayload(t, seed, a.Path)
	wantA := lightOutsideParents(a.Light(nil))
	wantB := relabel(b, bPath).Light(nil)

	dir := t.TempDir()
	file := OpenCache(dir, "k").shardFile(shardOf(a.Path))
	try := func(what string, data []byte) {
		if err := os.WriteFile(file, withSum(head, data), 0o644); err != nil {
			t.Fatal(err)
		}
		c := OpenCache(dir, "k")
		for _, q := range []struct {
			path, hash string
			want       *Doc
		}{{a.Path, "ha", wantA}, {bPath, "hb", wantB}} {
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("%s: Lookup(%s) panics: %v", what, q.path, r)
					}
				}()
				got := c.Lookup(q.path, q.hash)
				if got == nil {
					return
				}
				if got.Path != q.path {
					t.Errorf("%s: Lookup(%s) returns %s", what, q.path, got.Path)
				}
				if strings.HasPrefix(what, "truncated") && !reflect.DeepEqual(got, q.want) {
					t.Errorf("%s: a truncated file gives a changed document for %s", what, q.path)
				}
			}()
		}
	}
	for n := 0; n < len(payload); n++ {
		try("truncated at "+strconv.Itoa(n), payload[:n])
	}
	for i := range payload {
		for _, x := range []byte{0x01, 0x80, 0xff} {
			p := append([]byte(nil), payload...)
			p[i] ^= x
			try(fmt.Sprintf("byte %d ^ %#x", i, x), p)
		}
	}
}

// relabel returns a copy of d (and its items) under another path.
func relabel(d *Doc, p string) *Doc {
	c := *d
	c.Path = p
	return &c
}

// collidingPath returns a Markdown path other than p in p's shard.
func collidingPath(t *testing.T, p, prefix string) string {
	t.Helper()
	for i := 0; i < 100000; i++ {
		q := prefix + "docs/n" + strconv.Itoa(i) + ".md"
		if q != p && shardOf(q) == shardOf(p) {
			return q
		}
	}
	t.Fatal("no colliding path")
	return ""
}

// --- through Run ---

// hashSource is a MemSource that knows its files' blob ids, like the git
// sources do for clean files, so that Run can look documents up before
// reading them; it counts reads.
type hashSource struct {
	MemSource
	reads atomic.Int64
	read  map[string]*atomic.Int64
}

func newHashSource(files map[string]string) *hashSource {
	s := &hashSource{MemSource: MemSource{Data: map[string][]byte{}}, read: map[string]*atomic.Int64{}}
	for p, c := range files {
		s.Data[p] = []byte(c)
		s.read[p] = new(atomic.Int64)
	}
	return s
}

func (s *hashSource) Files() ([]File, error) {
	files, err := s.MemSource.Files()
	for i := range files {
		files[i].Hash = BlobID(s.Data[files[i].Path])
	}
	return files, err
}

func (s *hashSource) Read(p string, limit int64) ([]byte, error) {
	s.reads.Add(1)
	if n := s.read[p]; n != nil {
		n.Add(1)
	}
	return s.MemSource.Read(p, limit)
}

// crossRule reports, for every link of a document in scope, what the
// target's light form says: its title, kind, headings, header, links, list
// items, items and facts. A warm cache must give the same findings as none.
func crossRule(calls *atomic.Int64) *Rule {
	return &Rule{ID: "RC950", Name: "cross", Set: SetRC, Severity: SeverityWarning, Precision: PrecisionHigh,
		Check: func(p *Pass) {
			if calls != nil {
				calls.Add(1)
			}
			for _, l := range p.Doc.Links {
				t, _ := p.Universe.Resolve(l)
				if t == nil {
					continue
				}
				var hs []string
				for _, h := range t.Headings {
					hs = append(hs, h.Path())
				}
				var lis []string
				for _, li := range t.ListItems {
					lis = append(lis, li.Text)
				}
				var its []string
				for _, it := range t.Items {
					its = append(its, it.ID+"/"+string(it.Kind)+"/"+Fact(p.Universe, it, cacheFactName))
				}
				var fields []string
				for _, f := range t.Header.Fields {
					fields = append(fields, f.Norm+"="+f.Value+"@"+f.File)
				}
				p.ReportAt(p.Doc, l.Line, l.Col, fmt.Sprintf("%s -> %s %q kind %s header %q headings %q links %d items %q list %q fact %q",
					l.Dest, t.Path, t.Title, t.Kind, fields, hs, len(t.Links), its, lis, Fact(p.Universe, t, cacheFactName)))
			}
		}}
}

// docRule reports one finding per document, suppressible, to fill a result.
var docRule = &Rule{ID: "PO951", Name: "seen", Set: SetPO, Severity: SeverityError, Precision: PrecisionHigh,
	Check: func(p *Pass) { p.ReportDoc(p.Doc, "seen "+p.Doc.Title) }}

func cacheRepo() map[string]string {
	return map[string]string{
		"VISION.md":            "---\nkind: vision\nowner: \"@maya\"\n---\n# Vision\n\nFinance closes the month in one day.\n\n## Goals\n\n- Owner: @maya\n",
		"docs/specs/export.md": cacheSpec,
		"docs/specs/index.md": "---\ntype: spec\nowner: \"@maya\"\n---\n# Index\n\n" +
			"- [export](export.md)\n- [backlog](../../team/backlog.md)\n- [story](../../backlog/US-1.md)\n- [vision](../../VISION.md)\n- [kep](../../keps/sig-apps/1234-x/README.md)\n",
		"team/backlog.md":                cacheBacklog,
		"team/epics/e1.md":               "---\ntype: epic\nid: E1\n---\n# E1 Reporting\n\nSee [vision](../../VISION.md).\n",
		"backlog/US-1.md":                cacheStory + "\n<!-- rolelint-disable-next-line RC950 -- known -->\nSee [index](../docs/specs/index.md).\n",
		"keps/sig-apps/1234-x/README.md": cacheKEP,
		"keps/sig-apps/1234-x/kep.yaml":  cacheKEPSidecar,
		"notes.txt":                      "not markdown",
	}
}

func cacheRun(t *testing.T, src Source, c *Cache, resultKey string, paths []string, calls *atomic.Int64) *Result {
	t.Helper()
	res, err := Run(Options{Source: src, Rules: []*Rule{crossRule(calls), docRule}, Jobs: 2, Cache: c, ResultKey: resultKey,
		Paths: paths, Now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if c != nil {
		if err := c.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	return res
}

// TestRunWarmCacheSameFindings runs over a view three ways: without a
// cache, with a cold one and with a warm one, in scoped runs where most
// documents are read from the cache: the findings are the same, and the
// warm run reads only the documents in scope.
func TestRunWarmCacheSameFindings(t *testing.T) {
	files := cacheRepo()
	for _, paths := range [][]string{{"docs/specs/index.md"}, {"backlog"}, {"docs"}} {
		t.Run(strings.Join(paths, ","), func(t *testing.T) {
			want := cacheRun(t, newHashSource(files), nil, "", paths, nil)
			if len(want.Findings) == 0 {
				t.Fatal("no findings to compare")
			}
			dir := t.TempDir()
			cold := cacheRun(t, newHashSource(files), OpenCache(dir, "k"), "", paths, nil)
			src := newHashSource(files)
			warm := cacheRun(t, src, OpenCache(dir, "k"), "", paths, nil)
			for name, res := range map[string]*Result{"cold": cold, "warm": warm} {
				if d := valueDiff(res.Findings, want.Findings); d != "" {
					t.Errorf("%s cache: findings differ at %s", name, d)
				}
				if !reflect.DeepEqual(res.Notifications, want.Notifications) || res.DocsInScope != want.DocsInScope || res.DocsScanned != want.DocsScanned {
					t.Errorf("%s cache: notifications or counts differ", name)
				}
			}
			// An out-of-scope document edited since: its new form is read.
			edited := map[string]string{}
			for p, c := range files {
				edited[p] = c
			}
			edited["VISION.md"] = strings.Replace(files["VISION.md"], "# Vision", "# Vision 2030\n\n## Strategy", 1)
			edited["team/backlog.md"] = strings.Replace(files["team/backlog.md"], "## Plain item", "## US-8 Plain item\n\n- Owner: @zoe\n\n### Acceptance criteria\n\n- [ ] it works", 1)
			// The sidecar of a README is part of the README's key.
			edited["keps/sig-apps/1234-x/kep.yaml"] = strings.Replace(cacheKEPSidecar, "@alice", "@zoe", 1)
			wantEdited := cacheRun(t, newHashSource(edited), nil, "", paths, nil)
			if reflect.DeepEqual(wantEdited.Findings, want.Findings) && paths[0] == "docs/specs/index.md" {
				t.Fatal("the edits change no finding")
			}
			gotEdited := cacheRun(t, newHashSource(edited), OpenCache(dir, "k"), "", paths, nil)
			if d := valueDiff(gotEdited.Findings, wantEdited.Findings); d != "" {
				t.Errorf("after edits, warm cache: findings differ at %s", d)
			}
			for p, n := range src.read {
				scoped := pathInScope(paths, p)
				if IsMarkdown(p) && !scoped && n.Load() != 0 && !strings.HasSuffix(p, "kep.yaml") {
					t.Errorf("warm run read %s, which is out of scope (%d times)", p, n.Load())
				}
				if IsMarkdown(p) && scoped && n.Load() == 0 {
					t.Errorf("warm run did not read %s, which is in scope", p)
				}
			}
		})
	}
}

// TestRunFlushPrunes: a shard that a run rewrites keeps only the documents
// of the run's view, at their current blob ids.
func TestRunFlushPrunes(t *testing.T) {
	files := cacheRepo()
	dir := t.TempDir()
	cacheRun(t, newHashSource(files), OpenCache(dir, "k"), "", []string{"docs/specs/index.md"}, nil)
	c := OpenCache(dir, "k")
	for p, content := range files {
		if IsMarkdown(p) {
			if c.Lookup(p, BlobID([]byte(content))) == nil && !strings.HasSuffix(p, "README.md") {
				t.Errorf("%s was not cached", p)
			}
		}
	}
	readme := "keps/sig-apps/1234-x/README.md"
	readmeKey := BlobID([]byte(cacheKEP)) + "+" + BlobID([]byte(cacheKEPSidecar))
	if c.Lookup(readme, readmeKey) == nil {
		t.Errorf("%s was not cached under its and its sidecar's blob ids", readme)
	}
	if c.Lookup(readme, BlobID([]byte(cacheKEP))) != nil {
		t.Errorf("%s was cached under its own blob id only", readme)
	}

	// The second view drops the vision, adds a document in the vision's
	// shard (so that the shard is rewritten), and changes the story.
	gone := "VISION.md"
	added := collidingPath(t, gone, "extra/")
	story := "backlog/US-1.md"
	files2 := cacheRepo()
	delete(files2, gone)
	files2[added] = "# Added\n"
	files2[story] = files[story] + "\nOne more line.\n"
	// The story's old entry is dropped too if its shard is rewritten,
	// which it is since the story changed.
	cacheRun(t, newHashSource(files2), OpenCache(dir, "k"), "", []string{"docs/specs/index.md"}, nil)
	c = OpenCache(dir, "k")
	if c.Lookup(gone, BlobID([]byte(files[gone]))) != nil {
		t.Errorf("%s, gone from the view, is still in its rewritten shard", gone)
	}
	if c.Lookup(added, BlobID([]byte(files2[added]))) == nil {
		t.Errorf("%s was not cached", added)
	}
	if c.Lookup(story, BlobID([]byte(files[story]))) != nil {
		t.Errorf("%s: the old version is still cached", story)
	}
	if c.Lookup(story, BlobID([]byte(files2[story]))) == nil {
		t.Errorf("%s: the new version is not cached", story)
	}
	for p, content := range files2 {
		if IsMarkdown(p) && p != readme && shardOf(p) == shardOf(gone) && c.Lookup(p, BlobID([]byte(content))) == nil {
			t.Errorf("%s, in the rewritten shard and the view, was dropped", p)
		}
	}
}

// TestRunResultCache: a second identical unscoped run reuses the first's
// result without running a rule; a changed document, another result key
// or other options run the rules again.
func TestRunResultCache(t *testing.T) {
	files := cacheRepo()
	dir := t.TempDir()
	var calls atomic.Int64
	first := cacheRun(t, &MemSource{Data: bytesOf(files)}, OpenCache(dir, "k"), "rk", nil, &calls)
	if calls.Load() == 0 || len(first.Findings) == 0 {
		t.Fatal("the first run checked nothing")
	}
	if _, err := os.Stat(filepath.Join(dir, resultFile)); err != nil {
		t.Fatalf("no result file: %v", err)
	}
	suppressed := 0
	for _, f := range first.Findings {
		if f.Suppressed != nil {
			suppressed++
		}
	}
	if suppressed == 0 {
		t.Fatal("no suppressed finding to round-trip")
	}

	calls.Store(0)
	second := cacheRun(t, &MemSource{Data: bytesOf(files)}, OpenCache(dir, "k"), "rk", nil, &calls)
	if calls.Load() != 0 {
		t.Errorf("the second identical run checked %d documents: the result was not reused", calls.Load())
	}
	if !reflect.DeepEqual(second.Findings, first.Findings) {
		t.Errorf("reused findings differ:\n got %+v\nwant %+v", second.Findings, first.Findings)
	}
	if !reflect.DeepEqual(second.Notifications, first.Notifications) || second.DocsInScope != first.DocsInScope || second.DocsScanned != first.DocsScanned {
		t.Errorf("reused notifications or counts differ: %+v %d %d, want %+v %d %d", second.Notifications, second.DocsInScope, second.DocsScanned,
			first.Notifications, first.DocsInScope, first.DocsScanned)
	}
	if second.Universe == nil || len(second.Universe.Docs) != len(first.Universe.Docs) || len(second.Rules) != len(first.Rules) {
		t.Errorf("the reused result has no universe or rules")
	}
	// A caller that reads no universe gets the same result without one;
	// the result is reused only while every document is still cached.
	calls.Store(0)
	lean, err := Run(Options{Source: &MemSource{Data: bytesOf(files)}, Rules: []*Rule{crossRule(&calls), docRule},
		Cache: OpenCache(dir, "k"), ResultKey: "rk", NoUniverse: true, Now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 0 || lean.Universe != nil || !reflect.DeepEqual(lean.Findings, first.Findings) || lean.DocsScanned != first.DocsScanned {
		t.Errorf("NoUniverse: %d checks, universe %v, same findings %v", calls.Load(), lean.Universe != nil, reflect.DeepEqual(lean.Findings, first.Findings))
	}
	shards, _ := filepath.Glob(filepath.Join(dir, "docs-*"))
	if len(shards) == 0 {
		t.Fatal("no shard files")
	}
	for _, f := range shards {
		if err := os.Remove(f); err != nil {
			t.Fatal(err)
		}
	}
	calls.Store(0)
	if _, err := Run(Options{Source: &MemSource{Data: bytesOf(files)}, Rules: []*Rule{crossRule(&calls), docRule},
		Cache: OpenCache(dir, "k"), ResultKey: "rk", NoUniverse: true, Now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if calls.Load() == 0 {
		t.Error("NoUniverse: the result was reused although its documents are no longer cached")
	}

	// A changed document: the rules run again and see the change.
	changed := bytesOf(files)
	changed["docs/specs/index.md"] = append(changed["docs/specs/index.md"], "- [epic](../../team/epics/e1.md)\n"...)
	calls.Store(0)
	third := cacheRun(t, &MemSource{Data: changed}, OpenCache(dir, "k"), "rk", nil, &calls)
	if calls.Load() == 0 {
		t.Fatal("a changed document did not run the rules")
	}
	if reflect.DeepEqual(third.Findings, first.Findings) {
		t.Fatal("a changed document gives the old findings")
	}
	if want := cacheRun(t, &MemSource{Data: changed}, nil, "", nil, nil); !reflect.DeepEqual(third.Findings, want.Findings) {
		t.Errorf("after a change, findings differ from a run without cache:\n got %+v\nwant %+v", third.Findings, want.Findings)
	}
	// The changed sidecar of a README changes the README (it is part of
	// its key), and so the result.
	side := map[string][]byte{}
	for k, v := range changed {
		side[k] = v
	}
	side["keps/sig-apps/1234-x/kep.yaml"] = []byte(strings.Replace(cacheKEPSidecar, "@alice", "@zoe", 1))
	calls.Store(0)
	cacheRun(t, &MemSource{Data: side}, OpenCache(dir, "k"), "rk", nil, &calls)
	if calls.Load() == 0 {
		t.Error("a changed sidecar did not run the rules")
	}

	// Same view, other key or options: no reuse.
	for name, run := range map[string]func() *Result{
		"result key": func() *Result { return cacheRun(t, &MemSource{Data: side}, OpenCache(dir, "k"), "rk2", nil, &calls) },
		"paths": func() *Result {
			return cacheRun(t, &MemSource{Data: side}, OpenCache(dir, "k"), "rk", []string{"docs"}, &calls)
		},
		"cache key":     func() *Result { return cacheRun(t, &MemSource{Data: side}, OpenCache(dir, "k2"), "rk", nil, &calls) },
		"no result key": func() *Result { return cacheRun(t, &MemSource{Data: side}, OpenCache(dir, "k"), "", nil, &calls) },
	} {
		// warm the result for side under rk/k first
		cacheRun(t, &MemSource{Data: side}, OpenCache(dir, "k"), "rk", nil, nil)
		calls.Store(0)
		run()
		if calls.Load() == 0 {
			t.Errorf("%s changed, yet the rules did not run", name)
		}
	}
	// InScope set: never reused.
	cacheRun(t, &MemSource{Data: side}, OpenCache(dir, "k"), "rk", nil, nil)
	calls.Store(0)
	if _, err := Run(Options{Source: &MemSource{Data: side}, Rules: []*Rule{crossRule(&calls), docRule}, Cache: OpenCache(dir, "k"),
		ResultKey: "rk", InScope: func(string) bool { return true }, Now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if calls.Load() == 0 {
		t.Error("a run with InScope reused a result")
	}
	// Another day: PM013 counts days.
	calls.Store(0)
	if _, err := Run(Options{Source: &MemSource{Data: side}, Rules: []*Rule{crossRule(&calls), docRule}, Cache: OpenCache(dir, "k"),
		ResultKey: "rk", Now: time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if calls.Load() == 0 {
		t.Error("a run on another day reused a result")
	}
}

// TestRunResultCachePaths: only runs that report on every document keep a
// whole result. A run on named files (the pre-commit framework's hook) is
// neither served nor stored, so it does not take the full run's result out
// of the cache's one slot; paths that name the root are the full run.
func TestRunResultCachePaths(t *testing.T) {
	files := cacheRepo()
	dir := t.TempDir()
	var calls atomic.Int64
	first := cacheRun(t, &MemSource{Data: bytesOf(files)}, OpenCache(dir, "k"), "rk", nil, &calls)
	for _, paths := range [][]string{{"docs/specs/index.md"}, {"docs"}} {
		calls.Store(0)
		cacheRun(t, &MemSource{Data: bytesOf(files)}, OpenCache(dir, "k"), "rk", paths, &calls)
		if calls.Load() == 0 {
			t.Errorf("a run on %q reused a whole result", paths)
		}
		calls.Store(0)
		again := cacheRun(t, &MemSource{Data: bytesOf(files)}, OpenCache(dir, "k"), "rk", nil, &calls)
		if calls.Load() != 0 {
			t.Errorf("after a run on %q, the full run checked %d documents: its result was replaced", paths, calls.Load())
		}
		if !reflect.DeepEqual(again.Findings, first.Findings) {
			t.Errorf("after a run on %q, the reused findings differ", paths)
		}
	}
	for _, paths := range [][]string{{"."}, {"./"}, {"docs", "."}} {
		calls.Store(0)
		res := cacheRun(t, &MemSource{Data: bytesOf(files)}, OpenCache(dir, "k"), "rk", paths, &calls)
		if calls.Load() != 0 {
			t.Errorf("a run on %q checked %d documents: it is the full run and should reuse its result", paths, calls.Load())
		}
		if !reflect.DeepEqual(res.Findings, first.Findings) {
			t.Errorf("a run on %q gives other findings than the full run", paths)
		}
	}
}

// TestRunResultCacheSkippedFile: a Markdown file over the size limit is
// skipped with a note that gives its size; it grows: the note follows.
func TestRunResultCacheSkippedFile(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{200, 300} {
		src := &MemSource{Data: map[string][]byte{"a.md": []byte("# A\n"), "big.md": bytes.Repeat([]byte("x"), n)}}
		c := OpenCache(dir, "k")
		res, err := Run(Options{Source: src, Rules: []*Rule{docRule}, Cache: c, ResultKey: "rk", MaxFileSize: 100})
		if err != nil {
			t.Fatal(err)
		}
		must(t, c.Flush())
		want := fmt.Sprintf("skipped: %d bytes", n)
		if len(res.Notifications) != 1 || !strings.Contains(res.Notifications[0].Message, want) {
			t.Errorf("notifications %+v, want one with %q", res.Notifications, want)
		}
	}
}

// TestRunResultCacheDamaged: a damaged result file, or one whose documents
// are gone from the cache, is a miss: the rules run, the findings are right.
func TestRunResultCacheDamaged(t *testing.T) {
	files := cacheRepo()
	want := cacheRun(t, &MemSource{Data: bytesOf(files)}, nil, "", nil, nil)
	for name, damage := range map[string]func(dir string){
		"garbage result": func(dir string) {
			must(t, os.WriteFile(filepath.Join(dir, resultFile), []byte("garbage"), 0o644))
		},
		"truncated result": func(dir string) {
			b, err := os.ReadFile(filepath.Join(dir, resultFile))
			must(t, err)
			must(t, os.WriteFile(filepath.Join(dir, resultFile), b[:len(b)-3], 0o644))
		},
		"shards gone": func(dir string) {
			m, _ := filepath.Glob(filepath.Join(dir, "docs-*"))
			if len(m) == 0 {
				t.Fatal("no shard files")
			}
			for _, f := range m {
				must(t, os.Remove(f))
			}
		},
		"every file garbage": func(dir string) {
			m, _ := filepath.Glob(filepath.Join(dir, "*"))
			for _, f := range m {
				must(t, os.WriteFile(f, []byte(strings.Repeat("\x80", 100)), 0o644))
			}
		},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			cacheRun(t, &MemSource{Data: bytesOf(files)}, OpenCache(dir, "k"), "rk", nil, nil)
			damage(dir)
			var calls atomic.Int64
			got := cacheRun(t, &MemSource{Data: bytesOf(files)}, OpenCache(dir, "k"), "rk", nil, &calls)
			if calls.Load() == 0 {
				t.Error("the rules did not run")
			}
			if !reflect.DeepEqual(got.Findings, want.Findings) {
				t.Errorf("findings differ:\n got %+v\nwant %+v", got.Findings, want.Findings)
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func bytesOf(files map[string]string) map[string][]byte {
	out := make(map[string][]byte, len(files))
	for p, c := range files {
		out[p] = []byte(c)
	}
	return out
}

// FuzzCacheDecode feeds arbitrary bytes to the cache as a shard file, both
// raw and under a valid header and checksum (so that the decoder sees
// them), and as the result file: Lookup and loadResult never panic, and a
// document they return encodes and decodes to itself.
func FuzzCacheDecode(f *testing.F) {
	p := NewParser(DefaultConfig())
	seedDir := f.TempDir()
	c := OpenCache(seedDir, "k")
	for i, src := range []string{cacheBacklog, cacheSpec} {
		path := fuzzPaths[i]
		c.Store(path, "h", p.Parse(path, []byte(src)).Light(nil))
	}
	c.storeResult("rk", &Result{Findings: []Finding{{RuleID: "PO1", Path: "a.md", Line: 3, Message: "m",
		Suppressed: &Suppression{Kind: "inSource", Line: 2}}}, Notifications: []Notification{{Path: "b.md", Message: "n"}}})
	if err := c.Flush(); err != nil {
		f.Fatal(err)
	}
	head := []byte(cacheMagic + strconv.Itoa(cacheFormat) + "\x00k\x00")
	for _, name := range []string{c.shardFile(shardOf(fuzzPaths[0])), c.shardFile(shardOf(fuzzPaths[1])), filepath.Join(seedDir, resultFile)} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b[len(head)+4:])
	}
	f.Add([]byte{})
	f.Add([]byte("\x04a.md\x01h\xff\xff\xff\xff\x0f"))
	// In memory: the bytes as fuzzPaths[0]'s shard payload, as a whole file
	// (header and checksum) for fuzzPaths[1]'s, and as the result file.
	none := filepath.Join(f.TempDir(), "none") // never created: other shards are empty
	f.Fuzz(func(t *testing.T, data []byte) {
		c := OpenCache(none, "k")
		raw, whole := &c.shards[shardOf(fuzzPaths[0])], &c.shards[shardOf(fuzzPaths[1])]
		raw.once.Do(func() { raw.load(string(data)) })
		file := withSum(head, data)
		if whole != raw {
			whole.once.Do(func() { whole.load(c.payload(file)) })
		}
		decodeResult(c.payload(file), "rk")
		decodeResult(string(data), "rk")
		for _, path := range fuzzPaths {
			for _, hash := range []string{"h", ""} {
				d := c.Lookup(path, hash)
				if d == nil {
					continue
				}
				if d.Path != path || !d.Summary {
					t.Fatalf("Lookup(%s) = %s summary %v", path, d.Path, d.Summary)
				}
				var e encoder
				e.doc(d, nil)
				dec := &decoder{s: string(e.b)}
				again := dec.doc(0, nil)
				if dec.err != nil || dec.off != len(e.b) || !reflect.DeepEqual(again, d) {
					t.Fatalf("a decoded document does not round-trip: err %v\n%s", dec.err, docDiff(again, d))
				}
			}
		}
	})
}

// fuzzPaths are looked up by FuzzCacheDecode: two in different shards.
var fuzzPaths = []string{"team/backlog.md", "docs/specs/export.md", "a.md"}

// valueDiff returns where a and b first differ for reflect.DeepEqual
// ("" when they do not), telling nil from empty.
func valueDiff(a, b any) string {
	return diffValues(reflect.ValueOf(a), reflect.ValueOf(b), "", map[[2]uintptr]bool{})
}

func diffValues(a, b reflect.Value, at string, seen map[[2]uintptr]bool) string {
	if a.IsValid() != b.IsValid() || a.IsValid() && a.Type() != b.Type() {
		return at + ": types differ"
	}
	if !a.IsValid() {
		return ""
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice:
		if a.IsNil() != b.IsNil() {
			return fmt.Sprintf("%s: nil %v vs %v", at, a.IsNil(), b.IsNil())
		}
		if a.IsNil() {
			return ""
		}
		if a.Kind() == reflect.Pointer {
			k := [2]uintptr{a.Pointer(), b.Pointer()}
			if seen[k] {
				return ""
			}
			seen[k] = true
			return diffValues(a.Elem(), b.Elem(), at, seen)
		}
	}
	switch a.Kind() {
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if d := diffValues(a.Field(i), b.Field(i), at+"."+a.Type().Field(i).Name, seen); d != "" {
				return d
			}
		}
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: len %d vs %d", at, a.Len(), b.Len())
		}
		for i := 0; i < a.Len(); i++ {
			if d := diffValues(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", at, i), seen); d != "" {
				return d
			}
		}
	case reflect.Map:
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: len %d vs %d", at, a.Len(), b.Len())
		}
		for _, k := range a.MapKeys() {
			if d := diffValues(a.MapIndex(k), b.MapIndex(k), fmt.Sprintf("%s[%v]", at, k), seen); d != "" {
				return d
			}
		}
	case reflect.Interface:
		return diffValues(a.Elem(), b.Elem(), at, seen)
	default:
		if !reflect.DeepEqual(a.Interface(), b.Interface()) {
			return fmt.Sprintf("%s: %#v vs %#v", at, a.Interface(), b.Interface())
		}
	}
	return ""
}
