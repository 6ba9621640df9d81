package gitsrc

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"syscall"
	"testing"

	"github.com/rolelint/rolelint/lint"
)

// serialWalk is the walk as it was before the stats went to workers: the
// reference the parallel walk must match exactly.
func serialWalk(d *diskTree, p walkPolicy) {
	serialWalkDir(d, p, "", false)
	sort.Slice(d.files, func(i, j int) bool { return d.files[i].Path < d.files[j].Path })
	sort.SliceStable(d.notes, func(i, j int) bool { return d.notes[i].Path < d.notes[j].Path })
}

func serialWalkDir(d *diskTree, p walkPolicy, rel string, ignoredParent bool) {
	abs := filepath.Join(d.root, filepath.FromSlash(rel))
	entries, err := os.ReadDir(abs)
	if err != nil {
		if rel == "" {
			d.err = fmt.Errorf("list %s: %w", abs, err)
			return
		}
		d.note(rel, noteUnreadableDir+": "+err.Error())
		return
	}
	mark := p.push(rel)
	defer p.pop(mark)
	for _, e := range entries {
		name := e.Name()
		if name == ".git" {
			continue
		}
		childRel := path.Join(rel, name)
		childAbs := filepath.Join(abs, name)
		switch t := e.Type(); {
		case t.IsDir():
			descend, ignored, note := p.enterDir(childRel, childAbs, ignoredParent)
			if note != "" {
				d.note(childRel, note)
			}
			if descend {
				serialWalkDir(d, p, childRel, ignored)
			}
		case t&fs.ModeSymlink != 0:
			d.addSymlink(p, childRel, childAbs, ignoredParent)
		case t.IsRegular():
			if !p.keepFile(childRel, ignoredParent) {
				continue
			}
			info, err := e.Info()
			if err != nil {
				continue
			}
			d.files = append(d.files, lint.File{Path: childRel, Size: info.Size()})
			if d.stats == nil {
				d.stats = map[string]fileStat{}
			}
			d.stats[childRel] = fileStat{size: info.Size(), mtime: info.ModTime()}
		default:
			if p.keepFile(childRel, ignoredParent) {
				d.note(childRel, noteNotRegular)
			}
		}
	}
}

// walkBothWays lists root with the walk and with the serial reference, each
// with a fresh policy, and fails on any difference.
func walkBothWays(t *testing.T, root string, policy func() walkPolicy) *diskTree {
	t.Helper()
	got, err := newDiskTree(root)
	must(t, err)
	want, err := newDiskTree(root)
	must(t, err)
	_, _ = got.walk(policy())
	serialWalk(want, policy())
	sameList(t, "files", got.files, want.files)
	sameList(t, "notes", got.notes, want.notes)
	if len(got.stats) != len(want.stats) {
		t.Errorf("stats: %d entries, want %d", len(got.stats), len(want.stats))
	}
	for p, w := range want.stats {
		if g, ok := got.stats[p]; !ok || g.size != w.size || !g.mtime.Equal(w.mtime) {
			t.Errorf("stats[%s] = %v, %v; want %v", p, g, ok, w)
			break
		}
	}
	wantEqual(t, "error", fmt.Sprint(got.err), fmt.Sprint(want.err))
	return got
}

// sameList reports the first difference only: the lists are long.
func sameList[E comparable](t *testing.T, what string, got, want []E) {
	t.Helper()
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			t.Errorf("%s[%d] = %+v, want %+v", what, i, got[i], want[i])
			return
		}
	}
	if len(got) != len(want) {
		t.Errorf("%s: %d entries, want %d", what, len(got), len(want))
	}
}

// buildWalkTree makes a worktree with every case the walk treats apart, and
// enough files per folder to fill several stat batches.
func buildWalkTree(t *testing.T) (*testRepo, bool) {
	r := newTestRepo(t)
	r.write(".gitignore", "*.log\nbuild/\n!keep.log\n")
	for _, dir := range []string{"big", "docs/a/b/c", "docs/a"} {
		for i := range 3*statBatchSize/2 + 7 {
			r.write(fmt.Sprintf("%s/f%04d.md", dir, i), fmt.Sprintf("# %d\n%s", i, make([]byte, i%13)))
			if i%50 == 0 {
				r.write(fmt.Sprintf("%s/x%04d.log", dir, i), "ignored")
			}
		}
	}
	r.write("docs/a/.gitignore", "*.tmp\n")
	r.write("docs/a/b/skip.tmp", "ignored by the nested .gitignore")
	r.write("docs/keep.log", "un-ignored")
	r.write("build/out.md", "ignored dir")
	r.write("build/tracked.md", "tracked in an ignored dir")
	r.write("sub/inner.md", "inside a submodule")
	r.write("empty-parent/README.md", "x")
	must(t, os.MkdirAll(filepath.Join(r.dir, "empty/deeper"), 0o755))
	outside := t.TempDir()
	must(t, os.WriteFile(filepath.Join(outside, "o.md"), []byte("outside"), 0o644))
	for link, target := range map[string]string{
		"links/file.md":    "../big/f0001.md",
		"links/dir":        "../docs",
		"links/outside.md": filepath.Join(outside, "o.md"),
		"links/outdir":     outside,
		"links/broken.md":  "nowhere.md",
		"links/loop.md":    "loop.md",
		"links/x.log":      "../big/f0002.md",
	} {
		must(t, os.MkdirAll(filepath.Dir(filepath.Join(r.dir, link)), 0o755))
		must(t, os.Symlink(target, filepath.Join(r.dir, link)))
	}
	gitBin(t, r.dir, "add", "-A")
	gitBin(t, r.dir, "add", "-f", "build/tracked.md")
	gitBin(t, r.dir, "rm", "-r", "-q", "--cached", "sub")
	gitBin(t, r.dir, "commit", "-q", "-m", "init")
	head := gitBin(t, r.dir, "rev-parse", "HEAD")
	gitBin(t, r.dir, "update-index", "--add", "--cacheinfo", "160000,"+head[:40]+",sub")
	r.write("nested/.git/HEAD", "ref: refs/heads/main\n") // after the add: untracked
	r.write("nested/x.md", "in a nested repository")
	if err := syscall.Mkfifo(filepath.Join(r.dir, "big/pipe.md"), 0o644); err != nil {
		t.Logf("no FIFO: %v", err)
	}
	r.write("big/untracked.md", "untracked, not ignored")

	locked := filepath.Join(r.dir, "locked")
	r.write("locked/secret.md", "x")
	must(t, os.Chmod(locked, 0))
	t.Cleanup(func() { _ = os.Chmod(locked, 0o755) })
	// Listable but not searchable: readdir works, every lstat fails.
	noSearch := filepath.Join(r.dir, "nosearch")
	r.write("nosearch/a.md", "x")
	must(t, os.Chmod(noSearch, 0o644))
	t.Cleanup(func() { _ = os.Chmod(noSearch, 0o755) })
	_, err := os.ReadDir(locked)
	return r, err != nil
}

func TestWalkParallelMatchesSerial(t *testing.T) {
	r, lockedWorks := buildWalkTree(t)
	for _, procs := range []int{1, 2, 4} {
		t.Run(fmt.Sprintf("GOMAXPROCS=%d", procs), func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			repo := r.open()
			wt := walkBothWays(t, r.dir, func() walkPolicy {
				p, _, err := repo.newWorktreePolicy()
				must(t, err)
				return p
			})
			walkBothWays(t, r.dir, func() walkPolicy { return dirPolicy{} })

			// The cases are really there, so the comparison means something.
			if n := len(wt.files); n < 3*(3*statBatchSize/2) {
				t.Errorf("only %d files listed", n)
			}
			notes := map[string]string{}
			for _, n := range wt.notes {
				notes[n.Path] = n.Message
			}
			for p, want := range map[string]string{
				"links/dir": noteSymlinkDir, "links/outside.md": noteSymlinkOutside,
				"links/broken.md": noteSymlinkBroken, "nested": noteNestedRepo,
			} {
				if notes[p] != want {
					t.Errorf("note for %s = %q, want %q", p, notes[p], want)
				}
			}
			if lockedWorks && notes["locked"] == "" {
				t.Errorf("no note for the unreadable folder: %v", notes)
			}
			if _, ok := wt.stats["build/tracked.md"]; !ok {
				t.Errorf("tracked file in an ignored folder missing")
			}
			if _, ok := wt.stats["big/x0000.log"]; ok {
				t.Errorf("ignored file listed")
			}
		})
	}
	if !lockedWorks {
		t.Log("running as a user who can read a chmod 000 folder: unreadable case not covered")
	}
}

// An unreadable root fails the walk with the same error as before.
func TestWalkParallelUnreadableRoot(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "root")
	must(t, os.MkdirAll(root, 0o755))
	must(t, os.WriteFile(filepath.Join(root, "a.md"), nil, 0o644))
	must(t, os.Chmod(root, 0))
	t.Cleanup(func() { _ = os.Chmod(root, 0o755) })
	if _, err := os.ReadDir(root); err == nil {
		t.Skip("this user can read a chmod 000 folder")
	}
	d := walkBothWays(t, root, func() walkPolicy { return dirPolicy{} })
	if d.err == nil {
		t.Fatal("no error for an unreadable root")
	}
}
