package gitsrc

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/rolelint/rolelint/lint"
)

var _ lint.GitFacts = (*History)(nil)

func TestHistoryLastChange(t *testing.T) {
	r := newTestRepo(t)
	r.write("docs/a.md", "a1\n")
	r.write("docs/b.md", "b1\n")
	r.write("top.md", "t\n")
	r.commitAll("one")
	t1 := r.tick
	r.write("docs/b.md", "b2\n")
	r.commitAll("two")
	t2 := r.tick
	main := r.commitAll("empty") // touches nothing
	// A side branch changes side.md, then is merged with a merge commit.
	must(t, r.wt().Checkout(&git.CheckoutOptions{Hash: main, Branch: "refs/heads/side", Create: true}))
	r.write("side.md", "side\n")
	side := r.commitAll("side work")
	tSide := r.tick
	must(t, r.wt().Checkout(&git.CheckoutOptions{Branch: "refs/heads/master"}))
	r.write("docs/a.md", "a2\n")
	mainWork := r.commitAll("main work")
	tA := r.tick
	r.write("side.md", "side\n")
	r.add("side.md")
	r.commit("merge side", mainWork, side)
	tMerge := r.tick

	repo := r.open()
	first := repo.History(HistoryOptions{})
	full := repo.History(HistoryOptions{FullLog: true})
	for _, c := range []struct {
		h     *History
		path  string
		want  time.Time
		found bool
	}{
		{first, "top.md", t1, true},
		{first, "docs/b.md", t2, true},
		{first, "docs/a.md", tA, true},
		{first, "side.md", tMerge, true}, // first-parent: when it landed
		{full, "side.md", tSide, true},   // full log: when it was written
		{full, "docs/a.md", tA, true},
		{full, "top.md", t1, true},
		{first, "missing.md", time.Time{}, false},
	} {
		got, ok := c.h.LastChange(c.path)
		if ok != c.found || !got.Equal(c.want) {
			t.Errorf("LastChange(%q) full=%v = %v, %v; want %v, %v", c.path, c.h.opts.FullLog, got, ok, c.want, c.found)
		}
	}
	// Depth bound: one commit only sees what the merge changed.
	short := repo.History(HistoryOptions{MaxCommits: 1})
	if _, ok := short.LastChange("top.md"); ok {
		t.Error("top.md found within a one-commit walk")
	}
	if n, truncated, _ := short.Stats(); n != 1 || !truncated {
		t.Errorf("Stats = %d, %v; want 1, true", n, truncated)
	}
	// Concurrent first use computes once, without races.
	h := repo.History(HistoryOptions{})
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); h.LastChange("docs/a.md") }()
	}
	wg.Wait()
}

// buildLinearHistory writes n commits straight into the object store (no
// worktree, no index): a tree of dirs x filesPerDir files, each commit
// rewriting one file. It returns the bare repository and its directory.
func buildLinearHistory(tb testing.TB, n, dirs, filesPerDir int) (*Repo, string) {
	tb.Helper()
	dir := tb.TempDir()
	g, err := git.PlainInit(dir, true)
	if err != nil {
		tb.Fatal(err)
	}
	st := g.Storer
	put := func(o interface {
		Encode(plumbing.EncodedObject) error
	}) plumbing.Hash {
		eo := st.NewEncodedObject()
		if err := o.Encode(eo); err != nil {
			tb.Fatal(err)
		}
		h, err := st.SetEncodedObject(eo)
		if err != nil {
			tb.Fatal(err)
		}
		return h
	}
	blob := func(content string) plumbing.Hash {
		eo := st.NewEncodedObject()
		eo.SetType(plumbing.BlobObject)
		w, _ := eo.Writer()
		_, _ = w.Write([]byte(content))
		_ = w.Close()
		h, err := st.SetEncodedObject(eo)
		if err != nil {
			tb.Fatal(err)
		}
		return h
	}
	files := make([][]plumbing.Hash, dirs)
	subtrees := make([]plumbing.Hash, dirs)
	subtree := func(d int) plumbing.Hash {
		t := &object.Tree{}
		for f := 0; f < filesPerDir; f++ {
			t.Entries = append(t.Entries, object.TreeEntry{Name: fmt.Sprintf("f%03d.md", f), Mode: filemode.Regular, Hash: files[d][f]})
		}
		return put(t)
	}
	root := func() plumbing.Hash {
		t := &object.Tree{}
		for d := 0; d < dirs; d++ {
			t.Entries = append(t.Entries, object.TreeEntry{Name: fmt.Sprintf("d%03d", d), Mode: filemode.Dir, Hash: subtrees[d]})
		}
		return put(t)
	}
	for d := 0; d < dirs; d++ {
		files[d] = make([]plumbing.Hash, filesPerDir)
		for f := range files[d] {
			files[d][f] = blob(fmt.Sprintf("d%d f%d v0\n", d, f))
		}
		subtrees[d] = subtree(d)
	}
	when := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	var parent plumbing.Hash
	for i := 0; i < n; i++ {
		if i > 0 {
			d, f := (i*7)%dirs, (i*13)%filesPerDir
			files[d][f] = blob(fmt.Sprintf("d%d f%d v%d\n", d, f, i))
			subtrees[d] = subtree(d)
		}
		sig := object.Signature{Name: "B", Email: "b@example.org", When: when.Add(time.Duration(i) * time.Minute)}
		c := &object.Commit{Author: sig, Committer: sig, Message: "c", TreeHash: root()}
		if i > 0 {
			c.ParentHashes = []plumbing.Hash{parent}
		}
		parent = put(c)
	}
	if err := st.SetReference(plumbing.NewHashReference("refs/heads/master", parent)); err != nil {
		tb.Fatal(err)
	}
	return &Repo{git: g}, dir
}

func TestHistoryOnGeneratedRepository(t *testing.T) {
	repo, _ := buildLinearHistory(t, 100, 10, 10)
	h := repo.History(HistoryOptions{})
	got, ok := h.LastChange("d000/f000.md")
	if !ok {
		t.Fatal("d000/f000.md not found")
	}
	// Commit i rewrites d(i*7 % 10)/f(i*13 % 10): the last i < 100 with both
	// indexes 0 is the last multiple of 10 below 100.
	want := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(90 * time.Minute)
	if !got.Equal(want) {
		t.Errorf("LastChange = %v; want %v", got, want)
	}
}

// BenchmarkHistory10kCommits measures the first LastChange on a repository of
// 10,000 commits (200 files in 20 directories, one file rewritten per commit,
// loose objects): the whole walk, since some files are touched only early.
func BenchmarkHistory10kCommits(b *testing.B) {
	repo, _ := buildLinearHistory(b, 10_000, 20, 10)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h := repo.History(HistoryOptions{MaxCommits: 10_000})
		if _, ok := h.LastChange("d000/f000.md"); !ok {
			b.Fatal("not found")
		}
		if n, _, _ := h.Stats(); i == 0 {
			b.ReportMetric(float64(n), "commits")
		}
	}
}

// BenchmarkHistory10kCommitsPacked is the same walk after `git repack -adf`,
// as in a real clone (skipped without the git binary).
func BenchmarkHistory10kCommitsPacked(b *testing.B) {
	_, dir := buildLinearHistory(b, 10_000, 20, 10)
	gitBin(b, dir, "repack", "-adq")
	packed, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h := packed.History(HistoryOptions{MaxCommits: 10_000})
		if _, ok := h.LastChange("d000/f000.md"); !ok {
			b.Fatal("not found")
		}
	}
}

// BenchmarkWorktreeList10k lists a worktree of 10,000 tracked files in 100
// directories plus a .gitignore.
func BenchmarkWorktreeList10k(b *testing.B) {
	dir := b.TempDir()
	g, err := git.PlainInit(dir, false)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".gitignore"), []byte("*.log\nbuild/\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	idx, err := g.Storer.Index()
	if err != nil {
		b.Fatal(err)
	}
	for d := 0; d < 100; d++ {
		sub := filepath.Join(dir, fmt.Sprintf("dir%03d", d))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			b.Fatal(err)
		}
		for f := 0; f < 100; f++ {
			name := fmt.Sprintf("dir%03d/doc%03d.md", d, f)
			if err := os.WriteFile(filepath.Join(dir, name), []byte("# doc\n"), 0o644); err != nil {
				b.Fatal(err)
			}
			if f%2 == 0 { // half tracked, half untracked
				idx.Entries = append(idx.Entries, &index.Entry{Name: name, Mode: filemode.Regular})
			}
		}
	}
	if err := g.Storer.SetIndex(idx); err != nil {
		b.Fatal(err)
	}
	repo, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w, err := repo.Worktree()
		if err != nil {
			b.Fatal(err)
		}
		files, err := w.Files()
		if err != nil || len(files) != 10_001 {
			b.Fatalf("files = %d, %v", len(files), err)
		}
	}
}
