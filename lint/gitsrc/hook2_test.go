package gitsrc

import (
	"bytes"
	"crypto/sha1"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// ChangedSince on the index keeps entries for the files of changed folders
// only: the 2,000 files of the 19 unchanged folders get none.
func TestHookChangedSinceKeepsChangedFoldersOnly(t *testing.T) {
	r, idx := hookAllocRepo(t, 2000)
	c, err := r.ChangedSince("HEAD", idx)
	must(t, err)
	if len(c.ents) > 50 {
		t.Errorf("%d entries for 50 files in the changed folder d00; want at most 50", len(c.ents))
	}
	wantEqual(t, "paths", c.Paths(), []string{"d00/doc0007.md"})
	for _, p := range []string{"d01/doc0000.md", "d19/doc0018.md", "d00/doc0006.md"} {
		if c.InScope(p) || c.IsNew(p) {
			t.Errorf("unchanged %s is in scope or new", p)
		}
	}
}

// Unchanged folders around a changed one, one holding symlinks in the base
// and the index (a symlink's view file has its target's blob, so it is
// compared, not skipped), with the view's other oddities (an intent-to-add
// entry, a gitlink) in unchanged folders too: the changes match the
// reference.
func TestHookUnchangedFoldersWithLinksMatchReference(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	hookGit(t, dir, "init", "-q", "-b", "main")
	hookGit(t, dir, "config", "core.symlinks", "true")
	for _, d := range []string{"a", "a-b", "a/b", "links", "z"} {
		for i := 0; i < 3; i++ {
			idxWrite(t, dir, fmt.Sprintf("%s/f%d.md", d, i), fmt.Sprintf("%s %d\nline\n", d, i))
		}
	}
	hookSymlink(t, dir, "f0.md", "links/to-f0.md")
	hookSymlink(t, dir, "../a/f1.md", "links/to-a.md")
	hookSymlink(t, dir, "nowhere.md", "links/broken.md")
	hookGit(t, dir, "add", "-A")
	hookGit(t, dir, "commit", "-q", "-m", "base")
	idxWrite(t, dir, "a/b/f1.md", "changed\n")
	idxWrite(t, dir, "z/new.md", "a/f2.md\nline\n")
	idxWrite(t, dir, "a-b/ita.md", "intent\n")
	hookGit(t, dir, "add", "a/b/f1.md", "z/new.md")
	hookGit(t, dir, "add", "-N", "a-b/ita.md")
	head := hookGit(t, dir, "rev-parse", "HEAD")
	hookGit(t, dir, "update-index", "--add", "--cacheinfo", "160000,"+head+",a-b/sub")
	r, err := Open(dir)
	must(t, err)
	x, err := r.Index()
	must(t, err)
	sameChanges(t, "links", r, "HEAD", x)
}

// The checksum of a large index is checked on another goroutine: a wrong
// one still sends the index to go-git's decoder, which refuses it, and a
// right one (or a zero trailer: skipHash) reads it.
func TestReadIndexLargeChecksum(t *testing.T) {
	var entries []craftEntry
	for i := 0; len(entries)*80 < 2*idxSumAsync; i++ {
		entries = append(entries, craftEntry{name: fmt.Sprintf("docs/folder-%03d/document-%05d.md", i/100, i), mode: 0o100644, hash: strings.Repeat("ab", 20)})
	}
	good := craftIndex(t, entries)
	if len(good) < idxSumAsync {
		t.Fatalf("index of %d bytes: not large enough", len(good))
	}
	idx, err := decodeIndex(good)
	if err != nil || len(idx.Entries) != len(entries) {
		t.Fatalf("good index: %v", err)
	}
	bad := bytes.Clone(good)
	bad[len(bad)-1] ^= 1
	if _, r := decodeIndexWhy(bad); r != fastFallback {
		t.Errorf("a large index with a wrong checksum was read (%v)", r)
	}
	if _, err := decodeIndex(bad); err == nil {
		t.Error("go-git read a large index with a wrong checksum")
	}
	body := bytes.Clone(good[:len(good)-idxHashLen])
	body[idxHeaderLen+40] ^= 1 // a blob id: the layout stays right
	if _, r := decodeIndexWhy(append(body, good[len(body):]...)); r != fastFallback {
		t.Errorf("a large index whose content does not match its checksum was read (%v)", r)
	}
	sum := sha1.Sum(body)
	if _, r := decodeIndexWhy(append(bytes.Clone(body), sum[:]...)); r != fastOK {
		t.Errorf("a large index with its checksum made right: %v", r)
	}
	if _, r := decodeIndexWhy(append(bytes.Clone(body), make([]byte, idxHashLen)...)); r != fastOK {
		t.Errorf("a large skipHash index: %v", r)
	}
	// And read as .git/index.
	isolate(t)
	dir := t.TempDir()
	hookGit(t, dir, "init", "-q")
	must(t, os.WriteFile(filepath.Join(dir, ".git", "index"), bad, 0o644))
	r, err := Open(dir)
	must(t, err)
	if _, err := r.Index(); err == nil || !strings.Contains(err.Error(), "cannot read the git index") {
		t.Errorf("Index of a large index with a wrong checksum: %v", err)
	}
}

// The index view shares its listing's blobs with what it read when there
// is no symlink to resolve: no second copy per file.
func TestHookIndexBytes(t *testing.T) {
	r, _ := hookAllocRepo(t, 2000)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	x, err := r.Index()
	must(t, err)
	runtime.ReadMemStats(&after)
	files, _ := x.Files()
	perFile := (after.TotalAlloc - before.TotalAlloc) / uint64(len(files))
	// The index file, its entries and names, the listing, the blob ids:
	// some 380 bytes a file (430 with a copy of the blobs).
	if perFile > 400 {
		t.Errorf("Index allocates %d bytes a file; want at most 400", perFile)
	}
}
