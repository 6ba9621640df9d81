package gitsrc

import (
	"fmt"
	"runtime"
	"testing"
)

// hookAllocRepo is a repository of n files in 19 folders that do not
// change, and 50 in a folder d00 that changes in the index: the pre-commit
// hook's git work must not allocate per file of the unchanged folders.
func hookAllocRepo(t *testing.T, n int) (*Repo, *Index) {
	t.Helper()
	isolate(t)
	dir := t.TempDir()
	hookGit(t, dir, "init", "-q", "-b", "main")
	hookGit(t, dir, "config", "gc.auto", "0")
	for i := 0; i < 50; i++ {
		idxWrite(t, dir, fmt.Sprintf("d00/doc%04d.md", i), fmt.Sprintf("doc %d\n", i))
	}
	for i := 0; i < n; i++ {
		idxWrite(t, dir, fmt.Sprintf("d%02d/doc%04d.md", 1+i%19, i), fmt.Sprintf("doc %d\n", i))
	}
	hookGit(t, dir, "add", "-A")
	hookGit(t, dir, "commit", "-q", "-m", "one")
	idxWrite(t, dir, "d00/doc0007.md", "changed\n")
	hookGit(t, dir, "add", "-A")
	return hookOpenIndex(t, dir)
}

func TestHookIndexAllocations(t *testing.T) {
	const n = 2000
	r, _ := hookAllocRepo(t, n)
	// One listing, one string of blob ids, the decoded index: not one
	// allocation a file (a map of every path, an id string a file).
	if a := testing.AllocsPerRun(5, func() { _, _ = r.Index() }); a > 50 {
		t.Errorf("Index of %d files makes %.0f allocations; want at most 50", n, a)
	}
}

func TestHookChangedSinceAllocations(t *testing.T) {
	// The root's tree and d00's are read; the other folders are listed
	// from the index, with no allocation per file.
	allocs := func(n int) float64 {
		r, idx := hookAllocRepo(t, n)
		return testing.AllocsPerRun(5, func() { _, _ = r.ChangedSince("HEAD", idx) })
	}
	small, large := allocs(200), allocs(2000)
	if large > small+100 {
		t.Errorf("ChangedSince makes %.0f allocations with 200 files in unchanged folders, %.0f with 2000; want about the same", small, large)
	}
}

func TestHookInScopeAllocations(t *testing.T) {
	const n = 2000
	r, idx := hookAllocRepo(t, n)
	c, err := r.ChangedSince("HEAD", idx)
	must(t, err)
	files, _ := idx.Files()
	in := 0
	ask := func() {
		in = 0
		for _, f := range files {
			if c.InScope(f.Path) {
				in++
			}
			c.IsNew(f.Path)
		}
	}
	ask()
	if in != 1 || !c.InScope("d00/doc0007.md") {
		t.Fatalf("%d files in scope, want d00/doc0007.md alone", in)
	}
	// Answered and cached: asking again allocates nothing.
	if a := testing.AllocsPerRun(5, ask); a > 0 {
		t.Errorf("InScope and IsNew of %d files make %.0f allocations; want none", n, a)
	}
	// Nor does the first answer (counted by hand: AllocsPerRun would
	// count a second, cached, one).
	c, err = r.ChangedSince("HEAD", idx)
	must(t, err)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for _, f := range files {
		c.InScope(f.Path)
	}
	runtime.ReadMemStats(&after)
	if a := after.Mallocs - before.Mallocs; a > 10 {
		t.Errorf("InScope first asked for %d files makes %d allocations; want none", n, a)
	}
}
