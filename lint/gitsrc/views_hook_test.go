package gitsrc

import (
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/rolelint/rolelint/lint"
)

// Differential tests: the index view, the commit view and the changes since
// a revision must answer exactly as before the hook speed round
// (ref_hook_test.go keeps that code), on repositories made by the real git
// in every shape the views meet.

// hookGit runs the real git in dir (see idxGit) and fails on an error.
func hookGit(tb testing.TB, dir string, args ...string) string {
	tb.Helper()
	return idxGit(tb, dir, false, args...)
}

// hookOpenIndex opens dir afresh (go-git caches the objects it read) and
// reads its index view.
func hookOpenIndex(t *testing.T, dir string) (*Repo, *Index) {
	t.Helper()
	r, err := Open(dir)
	must(t, err)
	idx, err := r.Index()
	must(t, err)
	return r, idx
}

// hookSymlink makes (or replaces) a symlink in the worktree.
func hookSymlink(tb testing.TB, dir, target, rel string) {
	tb.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		tb.Fatal(err)
	}
	_ = os.Remove(p)
	if err := os.Symlink(target, p); err != nil {
		tb.Fatal(err)
	}
}

// Names chosen to test git's order: "a-b" < "a.b" < "a/" < "a0" in bytes,
// while a tree sorts folder "a" as "a/".
var hookDirs = []string{"", "a", "a-b", "a.b", "a/b", "a/b/c", "a0", "docs", "docs/specs", "docs/specs/deep", "ç ü", "z z"}
var hookNames = []string{"a.md", "a-b.md", "a", "b.md", "README.md", "x y.md", "é.md", "z.md", "a0.md"}

// hookLines makes a document of n numbered lines (rename detection
// compares lines).
func hookLines(rng *rand.Rand, n int) string {
	var b strings.Builder
	base := rng.Intn(1000)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "line %d of %d\n", i, base)
	}
	return b.String()
}

// hookRandomRepo builds a repository with the real git: a few commits of
// random files, then random staged and unstaged edits: changes, deletes,
// exact and edited renames, new files, mode changes, symlinks of every kind,
// intent-to-add entries and a gitlink. It returns the repository's folder.
func hookRandomRepo(t *testing.T, seed int64) string {
	t.Helper()
	rng := rand.New(rand.NewSource(seed))
	dir := t.TempDir()
	hookGit(t, dir, "init", "-q", "-b", "main")
	hookGit(t, dir, "config", "gc.auto", "0")
	hookGit(t, dir, "config", "core.symlinks", "true")
	files := map[string]bool{}
	randPath := func() string {
		d := hookDirs[rng.Intn(len(hookDirs))]
		n := hookNames[rng.Intn(len(hookNames))]
		if d == "" {
			return n
		}
		return d + "/" + n
	}
	// A path may not be both a file and a folder ("a" and "a/b.md").
	clash := func(p string) bool {
		for f := range files {
			if strings.HasPrefix(f, p+"/") || strings.HasPrefix(p, f+"/") {
				return true
			}
		}
		return false
	}
	write := func(p string) {
		if clash(p) {
			return
		}
		idxWrite(t, dir, p, hookLines(rng, 3+rng.Intn(30)))
		files[p] = true
	}
	for i := 0; i < 25; i++ {
		write(randPath())
	}
	list := func() []string {
		var out []string
		for p := range files {
			out = append(out, p)
		}
		sort.Strings(out)
		return out
	}
	hookGit(t, dir, "add", "-A")
	hookGit(t, dir, "commit", "-q", "-m", "c0")
	for c := 1; c <= 3; c++ {
		for i := 0; i < 4; i++ {
			ps := list()
			switch p := ps[rng.Intn(len(ps))]; rng.Intn(3) {
			case 0:
				write(p)
			case 1:
				hookGit(t, dir, "rm", "-q", "-f", p)
				delete(files, p)
			default:
				write(randPath())
			}
		}
		hookGit(t, dir, "add", "-A")
		hookGit(t, dir, "commit", "-q", "-m", fmt.Sprintf("c%d", c))
	}
	// Staged edits, and symlinks.
	ps := list()
	for i := 0; i < 6; i++ {
		p := ps[rng.Intn(len(ps))]
		if !files[p] {
			continue
		}
		switch rng.Intn(6) {
		case 0:
			write(p)
		case 1:
			hookGit(t, dir, "rm", "-q", "-f", p)
			delete(files, p)
		case 2: // an exact rename
			to := randPath()
			if !files[to] && !clash(to) {
				if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, to)), 0o755); err != nil {
					t.Fatal(err)
				}
				hookGit(t, dir, "mv", p, to)
				delete(files, p)
				files[to] = true
			}
		case 3: // a rename with an edit
			to := randPath()
			if !files[to] && !clash(to) {
				data, err := os.ReadFile(filepath.Join(dir, p))
				if err != nil {
					t.Fatal(err)
				}
				hookGit(t, dir, "rm", "-q", "-f", p)
				delete(files, p)
				idxWrite(t, dir, to, string(data)+"one more line\n")
				files[to] = true
			}
		case 4:
			must(t, os.Chmod(filepath.Join(dir, p), 0o755))
		default:
			write(randPath())
		}
	}
	ps = list()
	links := []string{
		ps[rng.Intn(len(ps))],         // a file, from the root
		"../" + ps[rng.Intn(len(ps))], // a file, from a folder
		"a", "docs",                   // maybe a folder
		"/etc/passwd", "../../outside.md", // outside
		"missing.md", "chain1.md", "chain2.md", // missing, chains and a loop
	}
	hookSymlink(t, dir, links[0], "link0.md")
	hookSymlink(t, dir, links[1], "docs/link1.md")
	hookSymlink(t, dir, links[2], "link-a")
	hookSymlink(t, dir, links[3], "docs/specs/link-docs")
	hookSymlink(t, dir, links[4], "abs.md")
	hookSymlink(t, dir, links[5], "docs/out.md")
	hookSymlink(t, dir, links[6], "broken.md")
	hookSymlink(t, dir, "chain2.md", "chain1.md")
	hookSymlink(t, dir, "link0.md", "chain2.md")
	hookSymlink(t, dir, "loop2.md", "loop1.md")
	hookSymlink(t, dir, "loop1.md", "loop2.md")
	hookGit(t, dir, "add", "-A")
	if seed%2 == 0 {
		// Symlinks in the base too, then changed.
		hookGit(t, dir, "commit", "-q", "-m", "links")
		hookSymlink(t, dir, ps[rng.Intn(len(ps))], "link0.md")
		hookGit(t, dir, "add", "link0.md")
	}
	// Not staged: intent-to-add, a gitlink, worktree-only edits.
	idxWrite(t, dir, "docs/ita.md", "intent to add\n")
	hookGit(t, dir, "add", "-N", "docs/ita.md")
	head := hookGit(t, dir, "rev-parse", "HEAD")
	hookGit(t, dir, "update-index", "--add", "--cacheinfo", "160000,"+head+",docs/sub")
	for i := 0; i < 3; i++ {
		p := ps[rng.Intn(len(ps))]
		if _, err := os.Lstat(filepath.Join(dir, p)); err == nil && files[p] {
			idxWrite(t, dir, p, hookLines(rng, 5))
		}
	}
	idxWrite(t, dir, "untracked.md", "untracked\n")
	return dir
}

// errText is an error's text and exit code, for comparing errors.
func errText(err error) string {
	if err == nil {
		return ""
	}
	var ue *UserError
	if errors.As(err, &ue) {
		return fmt.Sprintf("exit %d: %s", ue.Code, ue.Msg)
	}
	return err.Error()
}

// sameView compares a view with the reference view of the same content.
func sameView(t *testing.T, what string, got lint.Source, want *refBlobView) {
	t.Helper()
	gf, _ := got.Files()
	wf, _ := want.Files()
	if len(gf) == 0 && len(wf) == 0 {
		gf, wf = nil, nil
	}
	if !reflect.DeepEqual(gf, wf) {
		t.Errorf("%s: files\n got %v\nwant %v", what, gf, wf)
	}
	gn, wn := got.Notes(), want.Notes()
	if len(gn) == 0 && len(wn) == 0 {
		gn, wn = nil, nil
	}
	if !reflect.DeepEqual(gn, wn) {
		t.Errorf("%s: notes\n got %v\nwant %v", what, gn, wn)
	}
	asked := []string{"", "nope.md", "a", "docs", "docs/sub", "docs/ita.md", "broken.md", "loop1.md"}
	for _, f := range wf {
		asked = append(asked, f.Path)
	}
	for _, p := range asked {
		for _, limit := range []int64{0, 40} {
			g, gerr := got.Read(p, limit)
			w, werr := want.Read(p, limit)
			if string(g) != string(w) || errText(gerr) != errText(werr) {
				t.Errorf("%s: Read(%q, %d) = %q, %v; want %q, %v", what, p, limit, g, gerr, w, werr)
			}
		}
	}
}

// sameChanges compares ChangedSince with the reference on every path of
// the view and the base, and some that are in neither.
func sameChanges(t *testing.T, what string, r *Repo, rev string, view lint.Source) {
	t.Helper()
	got, gerr := r.ChangedSince(rev, view)
	want, werr := refChangedSince(r, rev, view)
	if errText(gerr) != errText(werr) {
		t.Fatalf("%s: ChangedSince(%s) error\n got %v\nwant %v", what, rev, gerr, werr)
	}
	if werr != nil {
		return
	}
	if got.Base() != want.base.Hash {
		t.Errorf("%s: base %s, want %s", what, got.Base(), want.base.Hash)
	}
	asked := map[string]bool{"": true, "nope.md": true, "a": true, "docs": true, "docs/sub": true, "docs/ita.md": true, "untracked.md": true}
	for p := range want.inView {
		asked[p] = true
	}
	for p := range want.inBase {
		asked[p] = true
	}
	for p := range asked {
		if g, w := got.InScope(p), want.InScope(p); g != w {
			t.Errorf("%s: InScope(%q) = %v, want %v", what, p, g, w)
		}
		if g, w := got.IsNew(p), want.IsNew(p); g != w {
			t.Errorf("%s: IsNew(%q) = %v, want %v", what, p, g, w)
		}
		if g, w := lineSet(got.AddedLines(p)), lineSet(want.AddedLines(p)); !reflect.DeepEqual(g, w) {
			t.Errorf("%s: AddedLines(%q) = %v, want %v", what, p, g, w)
		}
		for _, line := range []int{0, 1, 2, 5, 40} {
			if g, w := got.KeepLine(p, line), want.KeepLine(p, line); g != w {
				t.Errorf("%s: KeepLine(%q, %d) = %v, want %v", what, p, line, g, w)
			}
		}
	}
	if g, w := got.Paths(), want.Paths(); !reflect.DeepEqual(g, w) {
		t.Errorf("%s: Paths\n got %v\nwant %v", what, g, w)
	}
	if g, w := got.Renames(), want.Renames(); !reflect.DeepEqual(g, w) {
		t.Errorf("%s: Renames\n got %v\nwant %v", what, g, w)
	}
}

// sameEverything compares every view of dir and the changes since each
// commit, for each view.
func sameEverything(t *testing.T, what, dir string) {
	t.Helper()
	r, err := Open(dir)
	must(t, err)
	idx, err := r.Index()
	ref, rerr := refIndex(r)
	if errText(err) != errText(rerr) {
		t.Fatalf("%s: Index error %v, want %v", what, err, rerr)
	}
	if err != nil {
		return
	}
	sameView(t, what+" index", idx, ref)
	revs := strings.Fields(hookGit(t, dir, "rev-list", "HEAD"))
	for i, rev := range revs {
		if i > 0 && i < len(revs)-1 && i != 2 {
			continue
		}
		rv, err := r.Rev(rev)
		must(t, err)
		refRv, err := refRev(r, rev)
		must(t, err)
		sameView(t, fmt.Sprintf("%s rev %d", what, i), rv, refRv)
	}
	wt, err := r.Worktree()
	must(t, err)
	prev, err := r.Rev(revs[len(revs)/2])
	must(t, err)
	for _, rev := range []string{"HEAD", "HEAD~1", revs[len(revs)-1], "main", "nope"} {
		sameChanges(t, what+" index since "+rev, r, rev, idx)
		sameChanges(t, what+" worktree since "+rev, r, rev, wt)
		sameChanges(t, what+" rev since "+rev, r, rev, prev)
	}
}

func TestHookViewsMatchReference(t *testing.T) {
	isolate(t)
	seeds := 12
	if testing.Short() {
		seeds = 3
	}
	for seed := int64(1); seed <= int64(seeds); seed++ {
		dir := hookRandomRepo(t, seed)
		sameEverything(t, fmt.Sprintf("seed %d", seed), dir)
		// The same index in version 4, then written by go-git's encoder
		// (as the bench corpus's: no TREE extension).
		hookGit(t, dir, "update-index", "--index-version", "4")
		sameEverything(t, fmt.Sprintf("seed %d v4", seed), dir)
		r, err := Open(dir)
		must(t, err)
		gi, err := r.git.Storer.Index()
		must(t, err)
		must(t, r.git.Storer.SetIndex(gi))
		sameEverything(t, fmt.Sprintf("seed %d go-git", seed), dir)
	}
}

// A merge in conflict: unmerged entries (stages 1 to 3) in the index.
func TestHookViewsMatchReferenceInConflict(t *testing.T) {
	isolate(t)
	dir := idxRepo(t)
	hookGit(t, dir, "checkout", "-q", "-b", "side")
	idxWrite(t, dir, "docs/a.md", "side\n")
	idxWrite(t, dir, "docs/b/c.md", "side\n")
	hookGit(t, dir, "commit", "-q", "-am", "side")
	hookGit(t, dir, "checkout", "-q", "main")
	idxWrite(t, dir, "docs/a.md", "main\n")
	idxWrite(t, dir, "docs/b/c.md", "main\n")
	idxWrite(t, dir, "other/o.md", "o\n")
	hookGit(t, dir, "add", "-A")
	hookGit(t, dir, "commit", "-q", "-m", "main")
	idxGit(t, dir, true, "merge", "-q", "side")
	sameEverything(t, "conflict", dir)
	idxWrite(t, dir, "docs/a.md", "resolved\n")
	hookGit(t, dir, "add", "docs/a.md")
	sameEverything(t, "conflict, one resolved", dir)
}

// treesOf lists the ids and folders of every tree reachable in dir.
func treesOf(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, line := range strings.Split(hookGit(t, dir, "rev-list", "--objects", "--all"), "\n") {
		id, name, _ := strings.Cut(line, " ")
		if id != "" && strings.TrimSpace(hookGit(t, dir, "cat-file", "-t", id)) == "tree" {
			out[id] = name
		}
	}
	return out
}

// hookNestedRepo has nested folders over two commits, the second leaving
// some folders alone, and a staged change in one folder.
func hookNestedRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	hookGit(t, dir, "init", "-q", "-b", "main")
	hookGit(t, dir, "config", "gc.auto", "0")
	for _, p := range []string{"README.md", "a/x.md", "a/b/y.md", "a/b/c/z.md", "a-b/w.md", "docs/specs/s.md", "docs/specs/deep/d.md", "docs/t.md", "zz/last.md"} {
		idxWrite(t, dir, p, p+"\n")
	}
	hookGit(t, dir, "add", "-A")
	hookGit(t, dir, "commit", "-q", "-m", "one")
	idxWrite(t, dir, "docs/t.md", "edited\n")
	idxWrite(t, dir, "a/b/new.md", "new\n")
	hookGit(t, dir, "add", "-A")
	hookGit(t, dir, "commit", "-q", "-m", "two")
	idxWrite(t, dir, "a/b/c/z.md", "staged\n")
	hookGit(t, dir, "add", "-A")
	return dir
}

// A tree missing from the object store fails --since as the full walk did,
// with the same error, whether its folder changed or not.
func TestHookMissingTreeMatchesReference(t *testing.T) {
	isolate(t)
	dir := hookNestedRepo(t)
	failed := 0
	for id, folder := range treesOf(t, dir) {
		loose := filepath.Join(dir, ".git", "objects", id[:2], id[2:])
		aside := loose + ".aside"
		must(t, os.Rename(loose, aside))
		r, idx := hookOpenIndex(t, dir)
		wt, err := r.Worktree()
		must(t, err)
		for _, rev := range []string{"HEAD", "HEAD~1"} {
			what := fmt.Sprintf("tree of %q missing, since %s", folder, rev)
			got, gerr := r.ChangedSince(rev, idx)
			want, werr := refChangedSince(r, rev, idx)
			if errText(gerr) != errText(werr) {
				t.Errorf("%s: error\n got %v\nwant %v", what, gerr, werr)
			}
			if werr != nil {
				failed++
			} else if gerr == nil && !reflect.DeepEqual(got.Paths(), want.Paths()) {
				t.Errorf("%s: in scope %v, want %v", what, got.Paths(), want.Paths())
			}
			sameChanges(t, what+" (worktree)", r, rev, wt)
		}
		must(t, os.Rename(aside, loose))
	}
	if failed < 8 {
		t.Errorf("only %d of the cases failed for a missing tree", failed)
	}
}

// The folders whose tree is the same in the index and the base are listed
// from the index: their tree objects are not read (a damaged one, present
// but unreadable, goes unnoticed there, while one that is missing fails as
// above). The answers are those of the full walk.
func TestHookUnchangedFoldersAreNotRead(t *testing.T) {
	isolate(t)
	dir := hookNestedRepo(t)
	for _, rev := range []string{"HEAD", "HEAD~1"} {
		// A fresh Repo each time: go-git keeps the objects it read in a cache.
		r, idx := hookOpenIndex(t, dir)
		before, err := refChangedSince(r, rev, idx)
		must(t, err)
		// Unchanged since HEAD~1 and in the index: docs/specs.
		id := strings.TrimSpace(hookGit(t, dir, "rev-parse", rev+":docs/specs"))
		loose := filepath.Join(dir, ".git", "objects", id[:2], id[2:])
		data, err := os.ReadFile(loose)
		must(t, err)
		must(t, os.Chmod(loose, 0o644))
		must(t, os.WriteFile(loose, []byte("not zlib"), 0o644))
		r, idx = hookOpenIndex(t, dir)
		if _, err := refChangedSince(r, rev, idx); err == nil {
			t.Fatalf("since %s: the full walk reads the damaged tree of docs/specs without an error", rev)
		}
		r, idx = hookOpenIndex(t, dir)
		got, err := r.ChangedSince(rev, idx)
		if err != nil {
			t.Fatalf("since %s: %v; the tree of docs/specs (unchanged) was read", rev, err)
		}
		if g, w := got.Paths(), before.Paths(); !reflect.DeepEqual(g, w) {
			t.Errorf("since %s: in scope %v, want %v", rev, g, w)
		}
		for p := range before.inBase {
			if got.IsNew(p) != before.IsNew(p) || got.InScope(p) != before.InScope(p) {
				t.Errorf("since %s: %s: IsNew %v InScope %v, want %v %v", rev, p, got.IsNew(p), got.InScope(p), before.IsNew(p), before.InScope(p))
			}
		}
		must(t, os.WriteFile(loose, data, 0o444))
	}
}

// git's cache-tree (the index's TREE extension) is not used: the folders'
// ids are computed from the entries. A TREE extension that is valid, partly
// invalidated by `git add`, absent, or lying (it claims a folder unchanged
// whose entries changed) gives the same answers as the full walk.
func TestHookCacheTreeIsNotTrusted(t *testing.T) {
	isolate(t)
	dir := hookNestedRepo(t)
	indexFile := filepath.Join(dir, ".git", "index")
	// Valid: right after a commit (git writes the whole cache-tree).
	hookGit(t, dir, "commit", "-q", "-m", "three")
	valid, err := os.ReadFile(indexFile)
	must(t, err)
	if !bytes.Contains(valid, []byte("TREE")) {
		t.Fatal("git wrote no TREE extension after a commit")
	}
	sameEverything(t, "valid cache-tree", dir)
	// Partly invalidated: a.md staged in two folders.
	idxWrite(t, dir, "docs/specs/s.md", "staged\n")
	idxWrite(t, dir, "zz/new.md", "new\n")
	hookGit(t, dir, "add", "-A")
	sameEverything(t, "invalidated cache-tree", dir)
	staged, err := os.ReadFile(indexFile)
	must(t, err)
	// Lying: the staged entries with the TREE extension from before.
	lying := withTreeExtension(t, staged, treeExtension(t, valid))
	must(t, os.WriteFile(indexFile, lying, 0o644))
	// (git itself trusts it: `git diff --cached` no longer lists the change.)
	blob := hookGit(t, dir, "hash-object", "docs/specs/s.md")
	if out := hookGit(t, dir, "ls-files", "-s", "docs/specs/s.md"); !strings.Contains(out, blob) {
		t.Fatalf("the index lost the staged blob %s: %q", blob, out)
	}
	sameEverything(t, "lying cache-tree", dir)
	r, idx := hookOpenIndex(t, dir)
	c, err := r.ChangedSince("HEAD", idx)
	must(t, err)
	if g, w := c.Paths(), []string{"docs/specs/s.md", "zz/new.md"}; !reflect.DeepEqual(g, w) {
		t.Errorf("lying cache-tree: in scope %v, want %v", g, w)
	}
	// Absent: written without extensions.
	must(t, os.WriteFile(indexFile, withTreeExtension(t, staged, nil), 0o644))
	sameEverything(t, "no cache-tree", dir)
}

// treeExtension returns the TREE extension (signature, length and data) of
// an index.
func treeExtension(t *testing.T, data []byte) []byte {
	t.Helper()
	i := bytes.LastIndex(data, []byte("TREE"))
	if i < 0 {
		t.Fatal("no TREE extension")
	}
	n := binary.BigEndian.Uint32(data[i+4:])
	return data[i : i+8+int(n)]
}

// withTreeExtension replaces the index's TREE extension with ext (nil:
// none), and makes its checksum right.
func withTreeExtension(t *testing.T, data, ext []byte) []byte {
	t.Helper()
	old := treeExtension(t, data)
	i := bytes.LastIndex(data, old)
	out := append(append(bytes.Clone(data[:i]), ext...), data[i+len(old):len(data)-idxHashLen]...)
	sum := sha1.Sum(out)
	return append(out, sum[:]...)
}

// craftIndex writes a version 2 index of the given entries, in the order
// given (git would sort them; a damaged index need not be).
type craftEntry struct {
	name  string
	mode  uint32
	hash  string
	stage int
}

func craftIndex(t *testing.T, entries []craftEntry) []byte {
	t.Helper()
	var b bytes.Buffer
	b.WriteString("DIRC")
	_ = binary.Write(&b, binary.BigEndian, uint32(2))
	_ = binary.Write(&b, binary.BigEndian, uint32(len(entries)))
	for _, e := range entries {
		start := b.Len()
		b.Write(make([]byte, 24)) // times, dev, ino
		_ = binary.Write(&b, binary.BigEndian, e.mode)
		b.Write(make([]byte, 12)) // uid, gid, size
		h, err := hex.DecodeString(e.hash)
		if err != nil || len(h) != 20 {
			t.Fatalf("bad hash %q", e.hash)
		}
		b.Write(h)
		_ = binary.Write(&b, binary.BigEndian, uint16(e.stage<<12|len(e.name)))
		b.WriteString(e.name)
		n := b.Len() - start
		b.Write(make([]byte, 8-n%8))
	}
	sum := sha1.Sum(b.Bytes())
	return append(b.Bytes(), sum[:]...)
}

// An index out of git's order, with one path twice (a damaged index, which
// go-git reads as it is): the view and the changes are as before, the last
// entry of a path counting.
func TestHookUnsortedIndexMatchesReference(t *testing.T) {
	isolate(t)
	dir := hookNestedRepo(t)
	blob := func(content string) string {
		p := filepath.Join(t.TempDir(), "blob")
		must(t, os.WriteFile(p, []byte(content), 0o644))
		return hookGit(t, dir, "hash-object", "-w", p)
	}
	readme := strings.TrimSpace(hookGit(t, dir, "rev-parse", "HEAD:README.md"))
	x := strings.TrimSpace(hookGit(t, dir, "rev-parse", "HEAD:a/x.md"))
	entries := []craftEntry{
		{"zz/last.md", 0o100644, blob("zz/last.md\n"), 0},
		{"README.md", 0o100644, readme, 0},
		{"a/x.md", 0o100644, blob("first\n"), 0},
		{"a/b/y.md", 0o100644, blob("a/b/y.md\n"), 0},
		{"a/x.md", 0o100644, x, 0},
		{"link.md", 0o120000, blob("README.md"), 0},
		{"docs/t.md", 0o100644, blob("other\n"), 0},
		{"docs/t.md", 0o100644, blob("edited\n"), 0},
	}
	must(t, os.WriteFile(filepath.Join(dir, ".git", "index"), craftIndex(t, entries), 0o644))
	sameEverything(t, "unsorted index", dir)
	// The same entries in order: the folders' trees are computed.
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].name < entries[j].name })
	must(t, os.WriteFile(filepath.Join(dir, ".git", "index"), craftIndex(t, entries), 0o644))
	sameEverything(t, "sorted index, duplicates", dir)
	// Names git would not write, in order.
	for _, name := range []string{"/abs.md", "a//b.md", "a/./b.md", "a/../b.md", "trailing/", "a/b/c/", "docs/t.md/", "nul\x00.md"} {
		odd := append([]craftEntry{{name, 0o100644, readme, 0}}, entries...)
		sort.SliceStable(odd, func(i, j int) bool { return odd[i].name < odd[j].name })
		must(t, os.WriteFile(filepath.Join(dir, ".git", "index"), craftIndex(t, odd), 0o644))
		sameEverything(t, fmt.Sprintf("index with %q", name), dir)
	}
}

// A commit whose tree has entries out of order and one name twice (go-git
// reads it as it is): the commit's view and the changes since it are as
// before.
func TestHookUnsortedTreeMatchesReference(t *testing.T) {
	isolate(t)
	r := newTestRepo(t)
	r.write("a.md", "a\n")
	r.write("sub/x.md", "x\n")
	r.commitAll("one")
	store := r.git.Storer
	blob := func(content string) plumbing.Hash {
		o := store.NewEncodedObject()
		o.SetType(plumbing.BlobObject)
		w, err := o.Writer()
		must(t, err)
		_, err = w.Write([]byte(content))
		must(t, err)
		must(t, w.Close())
		h, err := store.SetEncodedObject(o)
		must(t, err)
		return h
	}
	// Written by hand: go-git's encoder refuses entries out of order.
	tree := func(entries ...object.TreeEntry) plumbing.Hash {
		o := store.NewEncodedObject()
		o.SetType(plumbing.TreeObject)
		w, err := o.Writer()
		must(t, err)
		for _, e := range entries {
			_, err = fmt.Fprintf(w, "%o %s\x00%s", uint32(e.Mode), e.Name, e.Hash[:])
			must(t, err)
		}
		must(t, w.Close())
		h, err := store.SetEncodedObject(o)
		must(t, err)
		return h
	}
	sub := tree(object.TreeEntry{Name: "x.md", Mode: filemode.Regular, Hash: blob("x\n")})
	root := tree(
		object.TreeEntry{Name: "b.md", Mode: filemode.Regular, Hash: blob("b\n")},
		object.TreeEntry{Name: "a.md", Mode: filemode.Regular, Hash: blob("a, first\n")},
		object.TreeEntry{Name: "sub", Mode: filemode.Dir, Hash: sub},
		object.TreeEntry{Name: "a.md", Mode: filemode.Regular, Hash: blob("a\n")},
		object.TreeEntry{Name: "l.md", Mode: filemode.Symlink, Hash: blob("b.md")},
	)
	head, err := r.git.Head()
	must(t, err)
	sig := object.Signature{Name: "T", Email: "t@example.org", When: r.tick}
	commit := &object.Commit{Author: sig, Committer: sig, Message: "odd", TreeHash: root, ParentHashes: []plumbing.Hash{head.Hash()}}
	o := store.NewEncodedObject()
	must(t, commit.Encode(o))
	id, err := store.SetEncodedObject(o)
	must(t, err)
	must(t, store.SetReference(plumbing.NewHashReference(head.Name(), id)))
	sameEverything(t, "unsorted tree", r.dir)

	// Names git never writes fail the walk of the base as before, in a
	// folder that changed or not.
	for _, name := range []string{"..", ".", "a/b", ""} {
		bad := tree(object.TreeEntry{Name: name, Mode: filemode.Regular, Hash: blob("x\n")})
		for _, root := range []plumbing.Hash{
			tree(object.TreeEntry{Name: name, Mode: filemode.Regular, Hash: blob("x\n")}),
			tree(object.TreeEntry{Name: "a.md", Mode: filemode.Regular, Hash: blob("a\n")}, object.TreeEntry{Name: "sub", Mode: filemode.Dir, Hash: bad}),
		} {
			commit := &object.Commit{Author: sig, Committer: sig, Message: "bad", TreeHash: root, ParentHashes: []plumbing.Hash{head.Hash()}}
			o := store.NewEncodedObject()
			must(t, commit.Encode(o))
			id, err := store.SetEncodedObject(o)
			must(t, err)
			must(t, store.SetReference(plumbing.NewHashReference(head.Name(), id)))
			repo := r.open()
			idx, err := repo.Index()
			must(t, err)
			sameChanges(t, fmt.Sprintf("base with %q", name), repo, "HEAD", idx)
			if _, err := repo.ChangedSince("HEAD", idx); err == nil {
				t.Errorf("base with %q: no error", name)
			}
		}
	}
}

// reversed is a view that lists its files in reverse order.
type reversed struct{ lint.Source }

func (v reversed) Files() ([]lint.File, error) {
	files, err := v.Source.Files()
	out := make([]lint.File, len(files))
	for i, f := range files {
		out[len(files)-1-i] = f
	}
	return out, err
}

// A view that does not list its files in order (none of rolelint's, but
// ChangedSince takes any): the changes are as before.
func TestHookUnsortedViewMatchesReference(t *testing.T) {
	isolate(t)
	dir := hookRandomRepo(t, 7)
	r, err := Open(dir)
	must(t, err)
	wt, err := r.Worktree()
	must(t, err)
	for _, rev := range []string{"HEAD", "HEAD~1", "HEAD~3"} {
		sameChanges(t, "reversed worktree since "+rev, r, rev, reversed{wt})
	}
}

// An intent-to-add entry (`git add -N`) is in no tree: its folder can be
// unchanged, and the entry is no file of the base then (it would pair as a
// rename with a new empty file, whose blob it records).
func TestHookIntentToAddInUnchangedFolder(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	hookGit(t, dir, "init", "-q", "-b", "main")
	idxWrite(t, dir, "docs/a.md", "a\n")
	idxWrite(t, dir, "other/b.md", "b\n")
	hookGit(t, dir, "add", "-A")
	hookGit(t, dir, "commit", "-q", "-m", "one")
	idxWrite(t, dir, "docs/ita.md", "intent\n")
	hookGit(t, dir, "add", "-N", "docs/ita.md")
	idxWrite(t, dir, "other/empty.md", "")
	hookGit(t, dir, "add", "other/empty.md")
	sameEverything(t, "i-t-a", dir)
	r, idx := hookOpenIndex(t, dir)
	c, err := r.ChangedSince("HEAD", idx)
	must(t, err)
	if !c.IsNew("other/empty.md") || len(c.Renames()) != 0 {
		t.Errorf("other/empty.md: IsNew %v, renames %v; want a new file", c.IsNew("other/empty.md"), c.Renames())
	}
}

// hookTreeObject writes a tree object by hand with the real git (names git
// itself refuses included) and returns its id.
func hookTreeObject(t *testing.T, dir string, entries ...string) string {
	t.Helper()
	var b bytes.Buffer
	for i := 0; i+2 < len(entries); i += 3 {
		id, err := hex.DecodeString(entries[i+2])
		must(t, err)
		fmt.Fprintf(&b, "%s %s\x00%s", entries[i], entries[i+1], id)
	}
	p := filepath.Join(t.TempDir(), "tree")
	must(t, os.WriteFile(p, b.Bytes(), 0o644))
	return hookGit(t, dir, "hash-object", "-t", "tree", "--literally", "-w", p)
}

// Index names git would not write ("/a", "a//b", "a/./b") next to a HEAD
// whose trees would hash the same if those names were taken apart as
// folders: the folders are read from the base, as before.
func TestHookOddIndexNamesAgainstOddTrees(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	hookGit(t, dir, "init", "-q", "-b", "main")
	idxWrite(t, dir, "b/x.md", "x\n")
	hookGit(t, dir, "add", "-A")
	hookGit(t, dir, "commit", "-q", "-m", "one")
	blob := strings.TrimSpace(hookGit(t, dir, "rev-parse", "HEAD:b/x.md"))
	bTree := strings.TrimSpace(hookGit(t, dir, "rev-parse", "HEAD:b"))
	for _, c := range []struct {
		index string   // the odd name in the index, next to b/x.md
		tree  []string // the root tree of HEAD that "matches" it
	}{
		{"/abs.md", []string{"100644", "abs.md", blob, "40000", "b", bTree}},
		{"a//y.md", []string{"40000", "a", hookTreeObject(t, dir, "40000", "", hookTreeObject(t, dir, "100644", "y.md", blob)), "40000", "b", bTree}},
		{"a/./y.md", []string{"40000", "a", hookTreeObject(t, dir, "40000", ".", hookTreeObject(t, dir, "100644", "y.md", blob)), "40000", "b", bTree}},
		{"a/../y.md", []string{"40000", "a", hookTreeObject(t, dir, "40000", "..", hookTreeObject(t, dir, "100644", "y.md", blob)), "40000", "b", bTree}},
	} {
		root := hookTreeObject(t, dir, c.tree...)
		commit := hookGit(t, dir, "commit-tree", "-p", "HEAD", "-m", "odd", root)
		hookGit(t, dir, "update-ref", "refs/heads/odd", commit)
		entries := []craftEntry{{c.index, 0o100644, blob, 0}, {"b/x.md", 0o100644, blob, 0}}
		sort.Slice(entries, func(i, j int) bool { return entries[i].name < entries[j].name })
		must(t, os.WriteFile(filepath.Join(dir, ".git", "index"), craftIndex(t, entries), 0o644))
		r, idx := hookOpenIndex(t, dir)
		hookGit(t, dir, "symbolic-ref", "HEAD", "refs/heads/odd")
		sameChanges(t, "index with "+c.index, r, "HEAD", idx)
		hookGit(t, dir, "symbolic-ref", "HEAD", "refs/heads/main")
	}
}

// InScope is asked by a run's workers at once; each answer, computed
// unlocked, is the same for every caller and the same as the reference's.
func TestHookInScopeConcurrent(t *testing.T) {
	isolate(t)
	dir := hookRandomRepo(t, 3)
	r, err := Open(dir)
	must(t, err)
	wt, err := r.Worktree()
	must(t, err)
	idx, err := r.Index()
	must(t, err)
	for _, view := range []lint.Source{wt, idx} {
		want, err := refChangedSince(r, "HEAD~2", view)
		must(t, err)
		got, err := r.ChangedSince("HEAD~2", view)
		must(t, err)
		files, _ := view.Files()
		const workers = 8
		answers := make([][]bool, workers)
		done := make(chan int)
		for w := 0; w < workers; w++ {
			go func() {
				for i := range files {
					f := files[(i+w*7)%len(files)]
					answers[w] = append(answers[w], got.InScope(f.Path))
					got.AddedLines(f.Path)
				}
				done <- w
			}()
		}
		for w := 0; w < workers; w++ {
			<-done
		}
		for w := 0; w < workers; w++ {
			for i, a := range answers[w] {
				f := files[(i+w*7)%len(files)]
				if a != want.InScope(f.Path) {
					t.Errorf("%s: worker %d: InScope(%s) = %v, want %v", view.Name(), w, f.Path, a, !a)
				}
			}
		}
	}
}
