package lint

import (
	"reflect"
	"strconv"
	"sync"
	"testing"
	"unsafe"
)

// arenaCache returns a cache folder holding the light forms of the test
// documents (hash "h<i>"), and what Lookup must give back for each.
func arenaCache(t *testing.T) (dir string, docs []*Doc, want []*Doc) {
	t.Helper()
	dir = t.TempDir()
	docs = cacheDocs(t)
	c := OpenCache(dir, "k")
	for i, d := range docs {
		c.Store(d.Path, "h"+strconv.Itoa(i), d.Light(nil))
		want = append(want, lightOutsideParents(d.Light(nil)))
	}
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	return dir, docs, want
}

// countDocs counts a document and its items.
func countDocs(d *Doc) int {
	n := 1
	for _, it := range d.Items {
		n += countDocs(it)
	}
	return n
}

// TestCacheLookupAllocs: decoding a document takes a few allocations (its
// facts map), not one per list it holds: the lists are cut from chunks
// shared by the documents a run looks up. One slice per list and per
// field's values cost about ten per document.
func TestCacheLookupAllocs(t *testing.T) {
	dir, docs, _ := arenaCache(t)
	c := OpenCache(dir, "k")
	n := 0
	for i, d := range docs {
		got := c.Lookup(d.Path, "h"+strconv.Itoa(i)) // loads the shards
		if got == nil {
			t.Fatalf("%s: not found", d.Path)
		}
		n += countDocs(got)
	}
	allocs := testing.AllocsPerRun(200, func() {
		for i, d := range docs {
			c.Lookup(d.Path, "h"+strconv.Itoa(i))
		}
	})
	t.Logf("%.2f allocations per decoded document", allocs/float64(n))
	if per := allocs / float64(n); per > 3 {
		t.Errorf("%.1f allocations per decoded document (%d documents per run), want at most 3", per, n)
	}
}

// TestCacheLookupNotShared: documents decoded from shared chunks do not
// share memory: every list has its capacity at its length, so that a rule
// appending to one (or writing to it) cannot change another document.
func TestCacheLookupNotShared(t *testing.T) {
	dir, docs, want := arenaCache(t)
	c := OpenCache(dir, "k")
	var got []*Doc
	for round := 0; round < 2; round++ {
		for i, d := range docs {
			x := c.Lookup(d.Path, "h"+strconv.Itoa(i))
			if x == nil {
				t.Fatalf("%s: not found", d.Path)
			}
			checkFullCaps(t, x)
			got = append(got, x)
		}
	}
	// Scribble over the first round's documents through every list.
	for _, x := range got[:len(docs)] {
		scribble(x)
	}
	for i, x := range got[len(docs):] {
		if !reflect.DeepEqual(x, want[i]) {
			t.Errorf("%s: changed by writes to another decoded document:\n%s", x.Path, docDiff(x, want[i]))
		}
	}
}

func checkFullCaps(t *testing.T, d *Doc) {
	t.Helper()
	caps := map[string][2]int{
		"fields": {len(d.Header.Fields), cap(d.Header.Fields)}, "headings": {len(d.Headings), cap(d.Headings)},
		"links": {len(d.Links), cap(d.Links)}, "list items": {len(d.ListItems), cap(d.ListItems)},
		"items": {len(d.Items), cap(d.Items)},
	}
	for i, f := range d.Header.Fields {
		caps["values of field "+strconv.Itoa(i)] = [2]int{len(f.Values), cap(f.Values)}
	}
	for i, h := range d.Headings {
		caps["concepts of heading "+strconv.Itoa(i)] = [2]int{len(h.Concepts), cap(h.Concepts)}
	}
	for what, lc := range caps {
		if lc[0] != lc[1] {
			t.Errorf("%s: %s: length %d, capacity %d", d.Path, what, lc[0], lc[1])
		}
	}
	for _, it := range d.Items {
		checkFullCaps(t, it)
	}
}

// scribble appends to and overwrites every list of d and of its items.
func scribble(d *Doc) {
	d.Header.Fields = append(d.Header.Fields, Field{Key: "x"})
	for i := range d.Header.Fields {
		d.Header.Fields[i].Values = append(d.Header.Fields[i].Values, "x")
		d.Header.Fields[i].Value = "x"
	}
	for _, h := range d.Headings {
		h.Concepts = append(h.Concepts, "x")
		h.Text = "x"
	}
	d.Headings = append(d.Headings, &Heading{Text: "x"})
	for i := range d.Links {
		d.Links[i].Target = "x"
	}
	d.Links = append(d.Links, Link{Dest: "x"})
	for i := range d.ListItems {
		d.ListItems[i].Text = "x"
	}
	d.ListItems = append(d.ListItems, ListItem{Text: "x"})
	for i := range d.Facts {
		d.Facts[i].Value = "x"
	}
	d.Facts = append(d.Facts, FactValue{"x", "x"})
	for _, it := range d.Items {
		scribble(it)
	}
	d.Items = append(d.Items, &Doc{Path: "x"})
}

// TestCacheFactKeysInterned: the keys of a decoded document's facts are
// the registered names themselves, not copies in the cache file's bytes,
// so that a rule's lookup by its constant name compares pointers.
func TestCacheFactKeysInterned(t *testing.T) {
	dir, docs, _ := arenaCache(t)
	c := OpenCache(dir, "k")
	registered := map[string]string{}
	factMu.RLock()
	for _, f := range facts {
		registered[f.name] = f.name
	}
	factMu.RUnlock()
	seen := 0
	var check func(d *Doc)
	check = func(d *Doc) {
		for _, f := range d.Facts {
			k := f.Name
			name, ok := registered[k]
			if !ok {
				t.Errorf("%s: fact %q is not registered", d.Path, k)
				continue
			}
			seen++
			if unsafe.StringData(k) != unsafe.StringData(name) {
				t.Errorf("%s: the key of fact %q is a copy, not the registered name", d.Path, k)
			}
		}
		for _, it := range d.Items {
			check(it)
		}
	}
	for i, d := range docs {
		check(c.Lookup(d.Path, "h"+strconv.Itoa(i)))
	}
	if seen == 0 {
		t.Fatal("no decoded document has facts")
	}
}

// TestCacheConcurrentLookups looks the same documents up from several
// goroutines at once (as Run's workers do) and writes to what each gets:
// every lookup gets a whole document of its own (run it with -race).
func TestCacheConcurrentLookups(t *testing.T) {
	dir, docs, want := arenaCache(t)
	c := OpenCache(dir, "k")
	c.Preload()
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := 0; round < 20; round++ {
				for i, d := range docs {
					x := c.Lookup(d.Path, "h"+strconv.Itoa(i))
					if x == nil || !reflect.DeepEqual(x, want[i]) {
						select {
						case errs <- d.Path:
						default:
						}
						return
					}
					scribble(x)
				}
			}
		}()
	}
	wg.Wait()
	c.Wait()
	close(errs)
	for p := range errs {
		t.Errorf("%s: a concurrent lookup did not give the stored document", p)
	}
}
