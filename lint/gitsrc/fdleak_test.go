package gitsrc

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"sort"
	"testing"
	"time"
)

// openFDs counts this process's open file descriptors (Linux); the test is
// skipped elsewhere.
func openFDs(t *testing.T) int {
	t.Helper()
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip("no /proc/self/fd to count open files")
	}
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatalf("cannot count open files (%v): descriptors have run out", err)
	}
	return len(ents)
}

// noGC stops the collector for the rest of the test, so that a leaked
// *os.File is not closed by its finalizer before the count.
func noGC(t *testing.T) {
	old := debug.SetGCPercent(-1)
	t.Cleanup(func() { debug.SetGCPercent(old) })
}

// fdsGrowth runs fn and fails when it leaves more than a few descriptors open.
func fdsGrowth(t *testing.T, what string, fn func()) {
	t.Helper()
	before := openFDs(t)
	fn()
	if after := openFDs(t); after-before > 4 {
		t.Errorf("%s left %d more files open (%d -> %d): a descriptor leak", what, after-before, before, after)
	}
}

// Regression: go-git's EncodedObjectSize leaks one descriptor per loose
// object; called for every worktree file by --since, it exhausted the fd
// limit on a large repository, reads failed, and failed reads counted as
// changes, so thousands of unchanged documents entered the scope.
func TestSinceOnManyLooseObjectsLeaksNoFiles(t *testing.T) {
	const docs, edited = 3000, 10
	r := newTestRepo(t)
	name := func(i int) string { return fmt.Sprintf("area%02d/doc%04d.md", i%15, i) }
	for i := 0; i < docs; i++ {
		r.write(name(i), fmt.Sprintf("# Document %d\n\nSome text.\n", i))
	}
	r.commitAll("import")
	var want []string
	for i := 0; i < edited; i++ {
		p := name(i * 97)
		r.write(p, fmt.Sprintf("# Document %d\n\nSome text, revised.\n", i*97))
		want = append(want, p)
	}
	r.commitAll("revise ten")
	repo := r.open()
	noGC(t)
	// Fewer descriptors than files: a leak of one per file fails reads.
	limitOpenFiles(t, 1000)

	scope := func(what string) {
		t.Helper()
		wt, err := repo.Worktree()
		must(t, err)
		fdsGrowth(t, what, func() {
			ch, err := repo.ChangedSince("HEAD~1", wt)
			must(t, err)
			wantEqual(t, what+": paths in scope", ch.Paths(), sortedCopy(want))
		})
	}
	// Stat data matches the index: blob ids come from the index.
	scope("--since HEAD~1, worktree as committed")

	// Every file touched (same content, new mtime): the stat test fails for
	// all of them, so each is compared by size and hashed.
	later := time.Now().Add(time.Hour)
	for i := 0; i < docs; i++ {
		must(t, os.Chtimes(filepath.Join(r.dir, filepath.FromSlash(name(i))), later, later))
	}
	scope("--since HEAD~1, every file touched")

	// --rev reads the size of every blob, and --staged reads with a limit.
	fdsGrowth(t, "--rev HEAD", func() {
		rv, err := repo.Rev("HEAD")
		must(t, err)
		files, err := rv.Files()
		must(t, err)
		if len(files) != docs || files[0].Size <= 0 {
			t.Errorf("rev view: %d files, first size %d", len(files), files[0].Size)
		}
	})
	fdsGrowth(t, "reading the index view", func() {
		idx, err := repo.Index()
		must(t, err)
		files, err := idx.Files()
		must(t, err)
		for _, f := range files {
			if _, err := idx.Read(f.Path, 1<<20); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func sortedCopy(s []string) []string {
	out := append([]string{}, s...)
	sort.Strings(out)
	return out
}

// The worktree's "unchanged" test is git's: an edit that keeps the size is
// still seen when the file's mtime differs from the index entry's, or when
// the file is racily clean (not older than the index file itself).
func TestWorktreeStatTestIsGitLike(t *testing.T) {
	r := newTestRepo(t)
	r.write("a.md", "alpha\n")
	r.write("b.md", "bravo\n")
	r.commitAll("base")
	repo := r.open()
	entryTime := func(rel string) time.Time {
		fi, err := os.Stat(filepath.Join(r.dir, rel))
		must(t, err)
		return fi.ModTime()
	}
	staged := entryTime("a.md") // go-git's Add stored the file's mtime
	// Same size, new content; a.md keeps the staged mtime, b.md does not.
	r.write("a.md", "ALPHA\n")
	must(t, os.Chtimes(filepath.Join(r.dir, "a.md"), staged, staged))
	r.write("b.md", "BRAVO\n")
	indexFile := filepath.Join(r.dir, ".git", "index")

	inScope := func() []string {
		wt, err := repo.Worktree()
		must(t, err)
		ch, err := repo.ChangedSince("HEAD", wt)
		must(t, err)
		return ch.Paths()
	}
	// The index written in the same instant as a.md's mtime: racy, hashed.
	must(t, os.Chtimes(indexFile, staged, staged))
	wantEqual(t, "racily clean a.md is hashed", inScope(), []string{"a.md", "b.md"})

	// The index written later: a.md's stat data is trusted, as git trusts
	// it (`git status` would not see this edit either); b.md's mtime moved.
	later := staged.Add(time.Hour)
	must(t, os.Chtimes(indexFile, later, later))
	wantEqual(t, "stat-clean a.md is taken from the index", inScope(), []string{"b.md"})
}

// TestIndexHonoursGitIndexFile reads the temporary index git names in
// GIT_INDEX_FILE while a hook runs for `git commit -a`.
func TestIndexHonoursGitIndexFile(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@e", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@e")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	run("init", "-q")
	if err := os.WriteFile(filepath.Join(dir, "a.md"), []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run("add", "a.md")
	run("commit", "-qm", "one")
	// A second index that stages new content, as `git commit -a` builds one.
	if err := os.WriteFile(filepath.Join(dir, "a.md"), []byte("new\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	alt := filepath.Join(dir, ".git", "alt-index")
	cmd := exec.Command("git", "add", "a.md")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_INDEX_FILE="+alt)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git add: %v\n%s", err, out)
	}
	repo, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	read := func() string {
		t.Helper()
		x, err := repo.Index()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := x.Files(); err != nil {
			t.Fatal(err)
		}
		b, err := x.Read("a.md", 0)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if got := read(); got != "old\n" {
		t.Fatalf("default index: %q, want the committed content", got)
	}
	t.Setenv("GIT_INDEX_FILE", ".git/alt-index")
	if got := read(); got != "new\n" {
		t.Fatalf("GIT_INDEX_FILE index: %q, want the content staged there", got)
	}
}
