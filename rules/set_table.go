package rules

import (
	"path"
	"runtime"
	"sort"
	"sync"

	"github.com/rolelint/rolelint/lint"
)

// A hook's run holds tens of thousands of cached light documents and
// reports on a handful. The set-level rules still read something of every
// one (PO008 keys, PO009 template pairs, PO010 backlogs, RC001 and RC002
// which documents need an owner), and each rule walking all documents,
// re-parsing their facts and re-deriving their folders cost more than the
// checks: the time goes into reading memory no rule has touched yet. They
// read it from one table instead, built in one pass per run and shared
// through Universe.Memo.

// itemRow is what PO008, PO009 and PO010 read of one backlog item without
// looking at the document again.
type itemRow struct {
	d *lint.Doc
	// light: itemKeys(u, d).
	full, rm string
	// light stories: lightStoryPair(d), numbered in setTable.pairs.
	pair int32
	// backlog numbers d's backlog in setTable.backlogs; positional is
	// whether position in it is an order (a multi-item file).
	backlog    int32
	positional bool

	light   bool // d.Summary: the fields marked "light" are set
	story   bool // d.Kind == KindStory
	inScope bool // u.DocInScope(d)
	// ownFields is rcFieldsAllInDoc(d): findings on d's fields land on d.Path.
	ownFields bool
	// light: poTwoWords(full) (PO008 ignores one-word keys).
	twoWords bool
	// light stories: whether the story counts (lightStoryPair's second result).
	pairOK bool
}

// setTable is the run's documents as the set-level rules read them.
type setTable struct {
	// items are the backlog items in Appendix D.1 order: repo-relative
	// path (byte order), then line.
	items []itemRow
	// backlogs are the backlogs of the items, by number.
	backlogs []backlogKey
	// pairs are the template pairs of the light stories, by number: PO009
	// counts them in a slice.
	pairs []templatePair
	// owned are the documents RC001 and RC002 check (rcNeedsOwner), in
	// Universe.Docs order.
	owned []*lint.Doc
}

// setTableKey keys the run's setTable in lint.Universe.Memo.
type setTableKey struct{}

// setTableOf returns the run's table; callers must not modify it.
func setTableOf(u *lint.Universe) *setTable {
	if u == nil {
		return &setTable{}
	}
	return u.Memo(setTableKey{}, func() any { return buildSetTable(u) }).(*setTable)
}

func buildSetTable(u *lint.Universe) *setTable {
	// Sized for all documents: growing slices of this many rows costs more
	// than the few unused ones.
	t := &setTable{items: make([]itemRow, 0, len(u.Docs)), owned: make([]*lint.Doc, 0, len(u.Docs))}
	// Backlogs are numbered by path. Documents come sorted by path, so an
	// item mostly shares its backlog with the item before it: the map is
	// read only on a change.
	backlogN := map[backlogKey]int32{}
	pairN := map[templatePair]int32{}
	lastPair := int32(-1)
	var lastKey backlogKey
	lastN := int32(-1)
	// Universe.Docs is in item order already (files by path, each followed
	// by its items): the loop checks it while the paths are at hand, before
	// a sort is paid for.
	less := func(a, b *lint.Doc) bool {
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.StartLine < b.StartLine
	}
	pre := docFactsOf(u)
	var prev *lint.Doc
	sorted := true
	for i, d := range u.Docs {
		if d == nil {
			continue
		}
		p := &pre[i]
		if p.owned {
			t.owned = append(t.owned, d)
		}
		if !d.Kind.IsItem() {
			continue
		}
		r := itemRow{d: d, light: d.Summary, story: d.Kind == lint.KindStory, inScope: u.DocInScope(d), ownFields: p.ownFields,
			full: p.full, rm: p.rm, twoWords: p.twoWords, pairOK: p.pairOK}
		var key backlogKey
		if d.Parent != nil {
			key, r.positional = backlogKey{file: true, path: d.Parent.Path}, true
		} else {
			key = backlogKey{path: path.Dir(d.Path)}
		}
		if lastN < 0 || key != lastKey {
			n, ok := backlogN[key]
			if !ok {
				n = int32(len(t.backlogs))
				backlogN[key] = n
				t.backlogs = append(t.backlogs, key)
			}
			lastKey, lastN = key, n
		}
		r.backlog = lastN
		if r.pairOK {
			// Stories mostly share the pair of the one before.
			if lastPair < 0 || p.pair != t.pairs[lastPair] {
				n, ok := pairN[p.pair]
				if !ok {
					n = int32(len(t.pairs))
					pairN[p.pair] = n
					t.pairs = append(t.pairs, p.pair)
				}
				lastPair = n
			}
			r.pair = lastPair
		}
		t.items = append(t.items, r)
		if prev != nil && sorted && less(d, prev) {
			sorted = false
		}
		prev = d
	}
	if !sorted {
		sort.SliceStable(t.items, func(i, j int) bool { return less(t.items[i].d, t.items[j].d) })
	}
	return t
}

// docFacts is what the table reads of one document on its own, without
// the documents around it.
type docFacts struct {
	owned     bool // rcNeedsOwner(d)
	ownFields bool // item: rcFieldsAllInDoc(d)
	// light items: itemKeys and poTwoWords; light stories: lightStoryPair.
	full, rm string
	twoWords bool
	pair     templatePair
	pairOK   bool
}

// docFactsOf works out every document's docFacts, in parallel: reading
// tens of thousands of documents is most of the table's cost, and the
// other set-level rules wait for the table.
func docFactsOf(u *lint.Universe) []docFacts {
	pre := make([]docFacts, len(u.Docs))
	eachChunk(len(u.Docs), chunks(len(u.Docs)), func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			d, p := u.Docs[i], &pre[i]
			if d == nil {
				continue
			}
			p.owned = rcNeedsOwner(d)
			if !d.Kind.IsItem() {
				continue
			}
			p.ownFields = rcFieldsAllInDoc(d)
			if d.Summary {
				p.full, p.rm = itemKeys(u, d)
				p.twoWords = poTwoWords(p.full)
				if d.Kind == lint.KindStory {
					p.pair, p.pairOK = lightStoryPair(d)
				}
			}
		}
	})
	return pre
}

// chunks is how many ranges eachChunk cuts n items into: one per
// processor, none smaller than 1024 items.
func chunks(n int) int {
	return max(1, min(runtime.GOMAXPROCS(0), n/1024+1))
}

// eachChunk calls fn(c, lo, hi) on k consecutive ranges [lo,hi) covering
// [0,n) (k from chunks(n)), each on a goroutine of its own. A panic in fn
// is raised again on the caller's goroutine, where the engine turns a
// rule's panic into a notification.
func eachChunk(n, k int, fn func(c, lo, hi int)) {
	if k <= 1 {
		fn(0, 0, n)
		return
	}
	var wg sync.WaitGroup
	panics := make([]any, k)
	size := (n + k - 1) / k
	for c := 0; c < k; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { panics[c] = recover() }()
			fn(c, min(c*size, n), min((c+1)*size, n))
		}()
	}
	wg.Wait()
	for _, p := range panics {
		if p != nil {
			panic(p)
		}
	}
}
