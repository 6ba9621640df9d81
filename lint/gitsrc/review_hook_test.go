package gitsrc

import (
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Index entry names with an empty folder part are not git's, and must not
// make the folder computation loop (it did, until memory ran out, on "/a/b").
func TestIndexTreesOddNames(t *testing.T) {
	for _, names := range [][]string{{"/a/b"}, {"//b"}, {"a//b"}, {"a/"}, {"/x"}, {"a/b", "a//c"}} {
		var es []*index.Entry
		for _, n := range names {
			es = append(es, &index.Entry{Name: n, Mode: filemode.Regular})
		}
		done := make(chan *indexTrees, 1)
		go func() { done <- computeIndexTrees(es) }()
		select {
		case tr := <-done:
			if tr != nil {
				t.Errorf("%q: folder ids computed for names git does not write", names)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%q: computeIndexTrees does not return", names)
		}
	}
}

// A deep path costs memory in proportion to its length, not its square.
func TestIndexTreesDeepPathIsLinear(t *testing.T) {
	name := strings.Repeat("a/", 20000) + "x.md"
	es := []*index.Entry{{Name: name, Mode: filemode.Regular}}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if computeIndexTrees(es) == nil {
		t.Fatal("no folder ids")
	}
	runtime.ReadMemStats(&after)
	if n := after.TotalAlloc - before.TotalAlloc; n > 50<<20 {
		t.Errorf("a %d-byte path allocated %d MB", len(name), n>>20)
	}
}

// A folder that holds only intent-to-add entries is not in the tree git
// writes, so its parent's id leaves it out too.
func TestIndexTreesIntentToAddFolder(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	hookGit(t, dir, "init", "-q")
	must(t, os.MkdirAll(filepath.Join(dir, "docs", "new"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "docs", "a.md"), []byte("a\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "docs", "new", "b.md"), []byte("b\n"), 0o644))
	hookGit(t, dir, "add", "docs/a.md")
	hookGit(t, dir, "add", "-N", "docs/new/b.md")
	want := strings.TrimSpace(hookGit(t, dir, "write-tree"))
	idx, err := decodeIndexFile(filepath.Join(dir, ".git", "index"))
	must(t, err)
	tr := computeIndexTrees(idx.Entries)
	if tr == nil || !tr.dirs[0].ok || tr.dirs[0].id.String() != want {
		t.Fatalf("root id %v, git write-tree %s", tr.dirs[0].id, want)
	}
}

func decodeIndexFile(p string) (*index.Index, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	return decodeIndex(b)
}

// A version-4 index whose names would take far more memory than the file
// (prefix compression: each entry repeats a long name) is refused before
// anything is allocated for them.
func TestIndexV4NamesBounded(t *testing.T) {
	const n, long = 2000, 20000
	b := []byte("DIRC\x00\x00\x00\x04")
	b = binary.BigEndian.AppendUint32(b, n)
	entry := func(strip int, name string) {
		fixed := make([]byte, 62)
		binary.BigEndian.PutUint32(fixed[24:], 0o100644)
		binary.BigEndian.PutUint16(fixed[60:], uint16(min(len(name), 0xfff)))
		b = append(b, fixed...)
		b = binary.AppendUvarint(b, uint64(strip))
		b = append(b, name...)
		b = append(b, 0)
	}
	entry(0, strings.Repeat("a", long))
	for i := 1; i < n; i++ {
		entry(1, string(rune('b'+i%20)))
	}
	sum := sha1.Sum(b)
	b = append(b, sum[:]...)
	start := time.Now()
	_, err := decodeIndex(b)
	if !errors.Is(err, errIndexNames) {
		t.Fatalf("decodeIndex: %v, want errIndexNames", err)
	}
	t.Logf("refused in %v", time.Since(start))
}

// Folders nested deeper than maxTreeDepth fail the walk (exit 3) instead of
// costing memory in the square of the depth.
func TestTreeTooDeep(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	repo, err := git.PlainInit(dir, false)
	must(t, err)
	store := func(o interface {
		Encode(plumbing.EncodedObject) error
	}) plumbing.Hash {
		obj := repo.Storer.NewEncodedObject()
		must(t, o.Encode(obj))
		h, err := repo.Storer.SetEncodedObject(obj)
		must(t, err)
		return h
	}
	blob := repo.Storer.NewEncodedObject()
	blob.SetType(plumbing.BlobObject)
	w, _ := blob.Writer()
	_, _ = w.Write([]byte("# deep\n"))
	_ = w.Close()
	bh, err := repo.Storer.SetEncodedObject(blob)
	must(t, err)
	tree := store(&object.Tree{Entries: []object.TreeEntry{{Name: "x.md", Mode: filemode.Regular, Hash: bh}}})
	for i := 0; i < maxTreeDepth+5; i++ {
		tree = store(&object.Tree{Entries: []object.TreeEntry{{Name: "d", Mode: filemode.Dir, Hash: tree}}})
	}
	sig := object.Signature{Name: "T", Email: "t@example.com", When: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	c := store(&object.Commit{Author: sig, Committer: sig, Message: "deep", TreeHash: tree})
	must(t, repo.Storer.SetReference(plumbing.NewHashReference(plumbing.NewBranchReferenceName("master"), c)))
	r, err := Open(dir)
	must(t, err)
	_, err = r.Rev("HEAD")
	var ue *UserError
	if !errors.As(err, &ue) || ue.Code != 3 || !strings.Contains(ue.Msg, "nest more than 1024 deep") {
		t.Fatalf("Rev of a %d-deep tree: %v", maxTreeDepth+5, err)
	}
}
