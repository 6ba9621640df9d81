package rules

import (
	"fmt"
	"math/rand/v2"
	"path"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/rolelint/rolelint/lint"
)

// The set-level rules read what they need of every document from setTable,
// built once per run, instead of asking the document again per rule. These
// tests check the table against the functions whose results it keeps.

// scopedRun runs the scopedRules over files with the documents for which
// inScope holds in scope, and returns the universe: its documents out of
// scope are light, as in a hook.
func scopedRun(t *testing.T, files map[string][]byte, inScope func(string) bool) *lint.Universe {
	t.Helper()
	res, err := lint.Run(lint.Options{Source: &lint.MemSource{Data: files}, Rules: All(), Enable: scopedRules,
		InScope: inScope, Now: fixtureNow, Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	return res.Universe
}

// checkSetTable compares buildSetTable(u) with what the rules used to ask
// of each document; it returns how many light items it compared.
func checkSetTable(t *testing.T, name string, u *lint.Universe) (light int) {
	t.Helper()
	tb := buildSetTable(u)

	// items: the items of u.Docs by path, then line (stable).
	var items []*lint.Doc
	for _, d := range u.Docs {
		if d != nil && d.Kind.IsItem() {
			items = append(items, d)
		}
	}
	sort.SliceStable(items, func(i, j int) bool {
		if items[i].Path != items[j].Path {
			return items[i].Path < items[j].Path
		}
		return items[i].StartLine < items[j].StartLine
	})
	if len(tb.items) != len(items) {
		t.Fatalf("%s: %d rows for %d items", name, len(tb.items), len(items))
	}
	numberOf := map[backlogKey]int32{}
	for i, d := range items {
		r := tb.items[i]
		if r.d != d {
			t.Fatalf("%s: row %d is %s, want %s", name, i, docPath(r.d), docPath(d))
		}
		// The backlog as PO010 named it before the table: the multi-item
		// file, else the folder; each has one number.
		want := backlogKey{path: path.Dir(d.Path)}
		if d.Parent != nil {
			want = backlogKey{file: true, path: d.Parent.Path}
		}
		if got := tb.backlogs[r.backlog]; got != want || r.positional != (d.Parent != nil) {
			t.Errorf("%s: %s: backlog %+v positional %v, want %+v", name, docPath(d), got, r.positional, want)
		}
		if n, seen := numberOf[want]; seen && n != r.backlog {
			t.Errorf("%s: %s: backlog %+v numbered %d and %d", name, docPath(d), want, n, r.backlog)
		}
		numberOf[want] = r.backlog
		if r.light != d.Summary || r.story != (d.Kind == lint.KindStory) || r.inScope != u.DocInScope(d) || r.ownFields != rcFieldsAllInDoc(d) {
			t.Errorf("%s: %s: row %+v", name, docPath(d), r)
		}
		if !d.Summary {
			continue
		}
		light++
		full, rm := itemKeys(u, d)
		pair, pairOK := templatePair{}, false
		if d.Kind == lint.KindStory {
			pair, pairOK = lightStoryPair(d)
		}
		gotPair := templatePair{}
		if r.pairOK {
			gotPair = tb.pairs[r.pair]
		}
		if r.full != full || r.rm != rm || r.twoWords != poTwoWords(full) || gotPair != pair || r.pairOK != pairOK {
			t.Errorf("%s: %s: keys %q %q %v, pair %v %v; want %q %q %v, pair %v %v", name, docPath(d),
				r.full, r.rm, r.twoWords, gotPair, r.pairOK, full, rm, poTwoWords(full), pair, pairOK)
		}
	}
	seenPair := map[templatePair]bool{}
	for _, p := range tb.pairs {
		if seenPair[p] {
			t.Errorf("%s: pair %v numbered twice", name, p)
		}
		seenPair[p] = true
	}
	if len(numberOf) != len(tb.backlogs) {
		t.Errorf("%s: %d backlogs numbered, %d distinct", name, len(tb.backlogs), len(numberOf))
	}

	var owned []*lint.Doc
	for _, d := range u.Docs {
		if rcNeedsOwner(d) {
			owned = append(owned, d)
		}
	}
	if !slices.Equal(tb.owned, owned) {
		t.Errorf("%s: owned documents differ: %d, want %d", name, len(tb.owned), len(owned))
	}
	return light
}

func TestSetTableMatchesTheRulesQuestions(t *testing.T) {
	light := 0
	check := func(name string, files map[string][]byte, rng *rand.Rand) {
		var md []string
		for p := range files {
			if lint.IsMarkdown(p) {
				md = append(md, p)
			}
		}
		sort.Strings(md)
		for _, frac := range []int{1, 3, 10} {
			in := map[string]bool{}
			for _, p := range md {
				if rng.IntN(frac) == 0 {
					in[p] = true
				}
			}
			u := scopedRun(t, files, func(p string) bool { return in[p] })
			light += checkSetTable(t, fmt.Sprintf("%s, 1/%d in scope", name, frac), u)
			// Documents out of path order take the table's sort.
			rng.Shuffle(len(u.Docs), func(i, j int) { u.Docs[i], u.Docs[j] = u.Docs[j], u.Docs[i] })
			checkSetTable(t, name+", shuffled", u)
		}
	}
	rng := rand.New(rand.NewPCG(11, 13))
	for seed := uint64(1); seed <= 6; seed++ {
		check(fmt.Sprintf("seed %d", seed), genBacklog(rand.New(rand.NewPCG(seed, 7)), 30+int(seed)*5), rng)
	}
	eachRepoDir(t, testdataRepoDirs(), func(dir string, files map[string][]byte) { check(dir, files, rng) })
	if light < 200 {
		t.Errorf("only %d light items compared: the runs no longer make light documents", light)
	}
}

func TestKeySetIsAMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 9))
	word := func() string { return strings.Repeat("ab", rng.IntN(4)) + string(rune('a'+rng.IntN(3))) }
	for round := 0; round < 200; round++ {
		var s keySet
		m := map[string]bool{}
		for i := rng.IntN(6); i > 0; i-- {
			k := word()
			s.add(k)
			m[k] = true
		}
		for i := 0; i < 20; i++ {
			k := word()
			if s.has(k) != m[k] {
				t.Fatalf("keySet %v has(%q) = %v", m, k, s.has(k))
			}
		}
		if len(s.keys) != len(m) {
			t.Fatalf("keySet holds %d keys, want %d", len(s.keys), len(m))
		}
	}
}

// hookUniverse is a hook's run in small: n light stories in 100 folders,
// two of them in scope, and nothing memoised yet.
func hookUniverse(tb testing.TB, n int) *lint.Universe {
	files := map[string][]byte{}
	for i := 1; i <= n; i++ {
		files[fmt.Sprintf("backlog/f%d/US-%d.md", i%100, i)] = []byte(fmt.Sprintf(
			"---\ntype: story\nid: US-%d\nowner: \"@bob\"\nepic: EP-%d\npriority: high\nstatus: To Do\n---\n# US-%d Export grades %d\n\nAs a tutor, I want to export grades %d, so that I can upload them.\n",
			i, i%7, i, i%50, i%50))
	}
	in := map[string]bool{"backlog/f2/US-2.md": true, "backlog/f3/US-3.md": true}
	res, err := lint.Run(lint.Options{Source: &lint.MemSource{Data: files}, Rules: All(), Enable: scopedRules,
		InScope: func(p string) bool { return in[p] }, Now: fixtureNow, Jobs: 2})
	if err != nil {
		tb.Fatal(err)
	}
	return res.Universe
}

// BenchmarkScopedSetRules runs PO008, PO009, PO010, RC001 and RC002 on
// hookUniverse(6000) as a hook does: each iteration starts from a fresh
// universe, so that nothing is memoised.
func BenchmarkScopedSetRules(b *testing.B) {
	rules := []*lint.Rule{PO008, PO009, PO010, RC001, RC002}
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		u := hookUniverse(b, 6000)
		b.StartTimer()
		for _, r := range rules {
			pass := lint.NewPass(r, nil, u, nil, nil, fixtureNow, func(lint.Finding) {})
			r.CheckAll(pass)
		}
	}
}

func TestEachChunkCoversOnceAndRaisesPanicsOnTheCaller(t *testing.T) {
	for _, n := range []int{0, 1, 1023, 1024, 5000} {
		for _, k := range []int{1, 2, 3, 8} {
			seen := make([]int32, n)
			eachChunk(n, k, func(c, lo, hi int) {
				if c < 0 || c >= k {
					t.Errorf("n=%d k=%d: chunk %d out of range", n, k, c)
				}
				for i := lo; i < hi; i++ {
					seen[i]++
				}
			})
			for i, v := range seen {
				if v != 1 {
					t.Fatalf("n=%d k=%d: item %d visited %d times", n, k, i, v)
				}
			}
		}
	}
	got := func() (r any) {
		defer func() { r = recover() }()
		eachChunk(5000, 2, func(c, _, _ int) {
			if c == 1 {
				panic("boom")
			}
		})
		return nil
	}()
	if got != "boom" {
		t.Errorf("a panic in a chunk reached the caller as %v, want boom", got)
	}
}
