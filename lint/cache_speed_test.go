package lint

import (
	"hash/fnv"
	"math/rand"
	"strconv"
	"testing"
)

// pathPairWithSameSum returns two paths whose pathSum is equal (and so are
// their shards): found among random names (fixed seed), as FNV-32 collides
// about once among 100,000 of them.
func pathPairWithSameSum(t testing.TB) (string, string) {
	r := rand.New(rand.NewSource(7))
	seen := map[uint32]string{}
	b := make([]byte, 12)
	for i := 0; i < 1_000_000; i++ {
		for j := range b {
			b[j] = 'a' + byte(r.Intn(26))
		}
		p := "docs/" + string(b) + ".md"
		if q, ok := seen[pathSum(p)]; ok && q != p {
			return q, p
		}
		seen[pathSum(p)] = p
	}
	t.Fatal("no two paths with the same sum")
	return "", ""
}

// TestPathSumIsFNV: pathSum is hash/fnv's FNV-1a, which shardOf used
// before it was written out.
func TestPathSumIsFNV(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 1000; i++ {
		b := make([]byte, r.Intn(80))
		r.Read(b)
		h := fnv.New32a()
		h.Write(b)
		if got, want := pathSum(string(b)), h.Sum32(); got != want {
			t.Fatalf("pathSum(%q) = %d, fnv %d", b, got, want)
		}
	}
}

// indexByMap indexes a shard's payload the way load did before the index
// was a sorted slice: a map of path to entry.
func indexByMap(data string) map[string]cacheEntry {
	m := map[string]cacheEntry{}
	d := &decoder{s: data}
	for d.off < len(d.s) && d.err == nil {
		path, hash := d.str(), d.str()
		n := d.count()
		if d.err != nil {
			break
		}
		m[path] = cacheEntry{path: path, hash: hash, off: d.off, end: d.off + n}
		d.off += n
	}
	if d.err != nil {
		return map[string]cacheEntry{}
	}
	return m
}

// TestShardIndexMatchesMap: over a cache of many documents (the test
// documents under generated paths, two of them with the same sum), the
// sorted index finds what a map of the same entries finds, for paths that
// are there and paths that are not; every document is found by Lookup.
func TestShardIndexMatchesMap(t *testing.T) {
	docs := cacheDocs(t)
	dir := t.TempDir()
	c := OpenCache(dir, "k")
	same1, same2 := pathPairWithSameSum(t)
	paths := []string{same1, same2}
	for i := 0; i < 3000; i++ {
		paths = append(paths, "dir"+strconv.Itoa(i%37)+"/doc-"+strconv.Itoa(i)+".md")
	}
	for i, p := range paths {
		c.Store(p, "h"+strconv.Itoa(i), relabel(docs[i%len(docs)], p).Light(nil))
	}
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	c = OpenCache(dir, "k")
	for i, p := range paths {
		d := c.Lookup(p, "h"+strconv.Itoa(i))
		if d == nil || d.Path != p {
			t.Fatalf("Lookup(%s) = %v", p, d)
		}
		if c.Lookup(p, "h") != nil || !c.holds(p, "h"+strconv.Itoa(i)) || c.holds(p, "h") {
			t.Fatalf("%s: found under another blob id, or not held", p)
		}
	}
	absent := []string{"", "dir1", "dir1/doc-1.m", "dir1/doc-1.md/", "docs/c.md", same1 + "x"}
	for i := 0; i < 3000; i++ {
		absent = append(absent, "dir"+strconv.Itoa(i%37)+"/doc-"+strconv.Itoa(i+3000)+".md")
	}
	for i := range c.shards {
		s := &c.shards[i]
		want := indexByMap(s.data)
		if len(want) != len(s.index.keys) {
			t.Fatalf("shard %d: %d entries, the map has %d", i, len(s.index.keys), len(want))
		}
		for p, w := range want {
			if got, ok := s.index.find(s.data, p); !ok || got != w {
				t.Fatalf("shard %d: find(%s) = %v, want %v", i, p, got, w)
			}
		}
		for _, p := range absent {
			if got, ok := s.index.find(s.data, p); ok {
				t.Fatalf("shard %d: find(%s) = %v for a path not there", i, p, got)
			}
		}
	}
}

// TestShardLoadOutOfOrder: a payload whose entries are not in the order
// writeShard writes them (by path, each once) was not written by this
// format: the shard is empty, each lookup a miss.
func TestShardLoadOutOfOrder(t *testing.T) {
	docs := cacheDocs(t)
	a, b := pathPairWithSameSum(t)
	if a > b {
		a, b = b, a
	}
	entry := func(p string) []byte {
		var e encoder
		e.doc(relabel(docs[2], p).Light(nil), nil)
		var out encoder
		out.str(p)
		out.str("h")
		out.uint(uint64(len(e.b)))
		return append(out.b, e.b...)
	}
	for _, tc := range []struct {
		name  string
		paths []string
		ok    bool
	}{
		{"in order", []string{a, b}, true},
		{"in order, three", []string{"0.md", a, b}, true},
		{"swapped", []string{b, a}, false},
		{"twice", []string{a, a}, false},
		{"last out of order", []string{a, b, "0.md"}, false},
	} {
		var data []byte
		for _, p := range tc.paths {
			data = append(data, entry(p)...)
		}
		var s cacheShard
		s.load(string(data))
		if got := len(s.index.keys) == len(tc.paths); got != tc.ok {
			t.Errorf("%s: %d entries loaded of %d", tc.name, len(s.index.keys), len(tc.paths))
		}
		for _, p := range tc.paths {
			if _, found := s.index.find(s.data, p); found != tc.ok {
				t.Errorf("%s: find(%s) = %v", tc.name, p, found)
			}
		}
	}
}

// TestShardLoadAllocs: loading a shard of many entries takes a fixed
// number of allocations (the file, the index's two slices), not a number
// that grows with the entries, as a map's does.
func TestShardLoadAllocs(t *testing.T) {
	docs := cacheDocs(t)
	dir := t.TempDir()
	c := OpenCache(dir, "k")
	shard := shardOf(docs[2].Path)
	n := 0
	for i := 0; n < 500; i++ {
		p := "d/" + strconv.Itoa(i) + ".md"
		if shardOf(p) == shard {
			c.Store(p, "h", relabel(docs[2], p).Light(nil))
			n++
		}
	}
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(20, func() {
		c := OpenCache(dir, "k")
		if len(c.shard(shard).index.keys) != n {
			t.Fatal("entries lost")
		}
	})
	t.Logf("%.0f allocations to load a shard of %d entries", allocs, n)
	if allocs > 12 {
		t.Errorf("%.0f allocations to load a shard of %d entries, want at most 12", allocs, n)
	}
}

// TestShardWriteOrder: writeShard writes entries in the order load wants
// (by path), whatever mix of old and added entries it writes.
func TestShardWriteOrder(t *testing.T) {
	docs := cacheDocs(t)
	dir := t.TempDir()
	paths := []string{}
	for i := 0; i < 400; i++ {
		paths = append(paths, "w/"+strconv.Itoa(i)+".md")
	}
	for round := 0; round < 2; round++ {
		c := OpenCache(dir, "k")
		for i, p := range paths {
			if i%2 == round {
				c.Store(p, "h", relabel(docs[i%len(docs)], p).Light(nil))
			}
		}
		if err := c.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	c := OpenCache(dir, "k")
	for _, p := range paths {
		if !c.holds(p, "h") {
			t.Fatalf("%s: lost (its shard not in order?)", p)
		}
	}
	for i := range c.shards {
		s := &c.shards[i]
		if want := len(indexByMap(s.data)); len(s.index.keys) != want {
			t.Fatalf("shard %d: %d entries indexed of %d", i, len(s.index.keys), want)
		}
	}
}

// BenchmarkCacheLookup decodes the test documents stored under many paths,
// in path order (as Run looks them up), from a cache opened anew each time.
func BenchmarkCacheLookup(b *testing.B) {
	p := NewParser(DefaultConfig())
	docs := []*Doc{p.Parse("docs/specs/export.md", []byte(cacheSpec)), p.Parse("team/backlog.md", []byte(cacheBacklog)),
		p.Parse("backlog/US-1.md", []byte(cacheStory))}
	dir := b.TempDir()
	c := OpenCache(dir, "k")
	var paths []string
	for i := 0; i < 5000; i++ {
		p := "bench/" + strconv.Itoa(i) + ".md"
		paths = append(paths, p)
		c.Store(p, "h", relabel(docs[i%len(docs)], p).Light(nil))
	}
	if err := c.Flush(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		c := OpenCache(dir, "k")
		for _, p := range paths {
			if c.Lookup(p, "h") == nil {
				b.Fatal("miss")
			}
		}
	}
}
