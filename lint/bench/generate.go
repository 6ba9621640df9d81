package bench

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage"
)

// ChangedPerCommit is how many documents each commit after the first edits;
// the last commit edits exactly this many, so `--since HEAD~1` scopes to 10.
const ChangedPerCommit = 10

// Epoch is the author date of the first commit; commit k is k days later.
var Epoch = time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)

// Generate writes n documents into a new git repository at dir (which must
// not exist or be empty) with a history of commits commits: the first adds
// every file, each later one edits ChangedPerCommit documents. The worktree
// and the index match HEAD. The same arguments always give the same commits.
func Generate(dir string, n, commits int, seed int64) error {
	if n < 10 {
		return fmt.Errorf("bench.Generate: n = %d; use at least 10 documents", n)
	}
	if commits < 1 {
		commits = 1
	}
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		return fmt.Errorf("bench.Generate: %s is not empty; pass a new directory", dir)
	}
	repo, err := git.PlainInitWithOptions(dir, &git.PlainInitOptions{
		InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName("main")},
	})
	if err != nil {
		return fmt.Errorf("bench.Generate: init %s: %w", dir, err)
	}
	c := newCorpus(n, seed)
	c.generate()
	w := &writer{st: repo.Storer, root: newTreeNode()}
	docs := c.editable()
	var parent plumbing.Hash
	for k := 0; k < commits; k++ {
		msg := "Import the product documents"
		changed := sortedKeys(c.files)
		if k > 0 {
			msg = fmt.Sprintf("Revise %d documents (round %d)", ChangedPerCommit, k)
			changed = pickDistinct(docs, ChangedPerCommit, c)
			for _, p := range changed {
				c.edit(p, k)
			}
		}
		if parent, err = w.commit(c.files, changed, msg, Epoch.Add(time.Duration(k)*24*time.Hour), parent); err != nil {
			return fmt.Errorf("bench.Generate: commit %d: %w", k+1, err)
		}
	}
	if err := repo.Storer.SetReference(plumbing.NewHashReference(plumbing.NewBranchReferenceName("main"), parent)); err != nil {
		return fmt.Errorf("bench.Generate: set main: %w", err)
	}
	if err := writeFiles(dir, c.files); err != nil {
		return err
	}
	return writeIndex(repo.Storer, dir, w.blobs)
}

// editable lists the documents later commits edit (sorted, so that the
// choice is deterministic).
func (c *corpus) editable() []string {
	var out []string
	for _, list := range [][]docRef{c.specs, c.stories, c.bugs} {
		for _, d := range list {
			out = append(out, d.path)
		}
	}
	sort.Strings(out)
	return out
}

// Stage edits, on disk and in the index (a `git add` without the git
// binary), the documents the HEAD commit changed, so that the index is
// ChangedPerCommit documents ahead of HEAD (the state a pre-commit hook sees)
// and `--since HEAD~1` still scopes to the same ChangedPerCommit documents.
// It returns the staged paths. It is meant to be called once per repository.
func Stage(dir string) ([]string, error) {
	repo, err := git.PlainOpen(dir)
	if err != nil {
		return nil, fmt.Errorf("bench.Stage: open %s: %w", dir, err)
	}
	paths, err := headChanges(repo)
	if err != nil {
		return nil, fmt.Errorf("bench.Stage: %s: %w", dir, err)
	}
	idx, err := repo.Storer.Index()
	if err != nil {
		return nil, fmt.Errorf("bench.Stage: read the index of %s: %w", dir, err)
	}
	for _, p := range paths {
		e, err := idx.Entry(p)
		if err != nil {
			return nil, fmt.Errorf("bench.Stage: %s is not in the index: %w", p, err)
		}
		abs := filepath.Join(dir, filepath.FromSlash(p))
		data, err := os.ReadFile(abs)
		if err != nil {
			return nil, fmt.Errorf("bench.Stage: %w", err)
		}
		data = append(data, []byte("\n- [ ] Staged criterion: the total updates within 2 s.\n")...)
		if err := os.WriteFile(abs, data, 0o644); err != nil {
			return nil, fmt.Errorf("bench.Stage: %w", err)
		}
		if e.Hash, err = writeBlob(repo.Storer, data); err != nil {
			return nil, fmt.Errorf("bench.Stage: %w", err)
		}
		if err := statEntry(e, abs); err != nil {
			return nil, err
		}
	}
	if err := repo.Storer.SetIndex(idx); err != nil {
		return nil, fmt.Errorf("bench.Stage: write the index: %w", err)
	}
	return paths, nil
}

// headChanges lists the paths the HEAD commit changed against its parent.
func headChanges(repo *git.Repository) ([]string, error) {
	ref, err := repo.Head()
	if err != nil {
		return nil, err
	}
	head, err := repo.CommitObject(ref.Hash())
	if err != nil {
		return nil, err
	}
	if head.NumParents() == 0 {
		return nil, fmt.Errorf("HEAD has no parent: generate at least 2 commits")
	}
	parent, err := head.Parent(0)
	if err != nil {
		return nil, err
	}
	from, err := parent.Tree()
	if err != nil {
		return nil, err
	}
	to, err := head.Tree()
	if err != nil {
		return nil, err
	}
	changes, err := object.DiffTree(from, to)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, ch := range changes {
		out = append(out, ch.To.Name)
	}
	sort.Strings(out)
	return out, nil
}

// writer writes blobs, trees and commits straight into the object store:
// go-git's Worktree.Add would cost a status of the whole tree per call.
type writer struct {
	st    storage.Storer
	root  *treeNode
	blobs map[string]plumbing.Hash // path -> blob of the last commit
}

func sortedKeys(m map[string][]byte) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// pickDistinct picks k different paths of list (all of it when shorter).
func pickDistinct(list []string, k int, c *corpus) []string {
	if k >= len(list) {
		return append([]string{}, list...)
	}
	seen := map[int]bool{}
	var out []string
	for len(out) < k {
		i := c.rng.IntN(len(list))
		if !seen[i] {
			seen[i] = true
			out = append(out, list[i])
		}
	}
	sort.Strings(out)
	return out
}

type treeNode struct {
	files map[string]plumbing.Hash
	dirs  map[string]*treeNode
	hash  plumbing.Hash
	dirty bool
}

func newTreeNode() *treeNode {
	return &treeNode{files: map[string]plumbing.Hash{}, dirs: map[string]*treeNode{}, dirty: true}
}

func (w *writer) commit(files map[string][]byte, changed []string, msg string, when time.Time, parent plumbing.Hash) (plumbing.Hash, error) {
	if w.blobs == nil {
		w.blobs = map[string]plumbing.Hash{}
	}
	for _, p := range changed {
		data := files[p]
		h := plumbing.ComputeHash(plumbing.BlobObject, data)
		if w.blobs[p] == h {
			continue
		}
		if _, err := writeBlob(w.st, data); err != nil {
			return plumbing.ZeroHash, err
		}
		w.blobs[p] = h
		w.put(p, h)
	}
	tree, err := w.writeTree(w.root)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	sig := object.Signature{Name: "Rolelint Bench", Email: "bench@rolelint.invalid", When: when}
	cm := &object.Commit{Author: sig, Committer: sig, Message: msg + "\n", TreeHash: tree}
	if !parent.IsZero() {
		cm.ParentHashes = []plumbing.Hash{parent}
	}
	obj := w.st.NewEncodedObject()
	if err := cm.Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	return w.st.SetEncodedObject(obj)
}

// put records a file's blob and marks the folders above it for rewriting.
func (w *writer) put(p string, h plumbing.Hash) {
	node := w.root
	node.dirty = true
	parts := strings.Split(p, "/")
	for _, d := range parts[:len(parts)-1] {
		next := node.dirs[d]
		if next == nil {
			next = newTreeNode()
			node.dirs[d] = next
		}
		next.dirty = true
		node = next
	}
	node.files[parts[len(parts)-1]] = h
}

// writeTree writes the dirty trees below node, bottom up, in git's order
// (a folder sorts as if its name ended with "/").
func (w *writer) writeTree(node *treeNode) (plumbing.Hash, error) {
	if !node.dirty {
		return node.hash, nil
	}
	var entries []object.TreeEntry
	for name, h := range node.files {
		entries = append(entries, object.TreeEntry{Name: name, Mode: filemode.Regular, Hash: h})
	}
	for name, sub := range node.dirs {
		h, err := w.writeTree(sub)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		entries = append(entries, object.TreeEntry{Name: name, Mode: filemode.Dir, Hash: h})
	}
	key := func(e object.TreeEntry) string {
		if e.Mode == filemode.Dir {
			return e.Name + "/"
		}
		return e.Name
	}
	sort.Slice(entries, func(i, j int) bool { return key(entries[i]) < key(entries[j]) })
	obj := w.st.NewEncodedObject()
	if err := (&object.Tree{Entries: entries}).Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	h, err := w.st.SetEncodedObject(obj)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	node.hash, node.dirty = h, false
	return h, nil
}

func writeBlob(st storage.Storer, data []byte) (plumbing.Hash, error) {
	obj := st.NewEncodedObject()
	obj.SetType(plumbing.BlobObject)
	obj.SetSize(int64(len(data)))
	wr, err := obj.Writer()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if _, err := wr.Write(data); err != nil {
		return plumbing.ZeroHash, err
	}
	if err := wr.Close(); err != nil {
		return plumbing.ZeroHash, err
	}
	return st.SetEncodedObject(obj)
}

func writeFiles(dir string, files map[string][]byte) error {
	made := map[string]bool{}
	for p, data := range files {
		abs := filepath.Join(dir, filepath.FromSlash(p))
		if d := filepath.Dir(abs); !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return fmt.Errorf("bench.Generate: %w", err)
			}
			made[d] = true
		}
		if err := os.WriteFile(abs, data, 0o644); err != nil {
			return fmt.Errorf("bench.Generate: %w", err)
		}
	}
	return nil
}

// writeIndex writes .git/index for the files of HEAD, with their stat data,
// so that the repository is clean for git as well as for rolelint.
func writeIndex(st storage.Storer, dir string, blobs map[string]plumbing.Hash) error {
	idx := &index.Index{Version: 2}
	names := make([]string, 0, len(blobs))
	for p := range blobs {
		names = append(names, p)
	}
	sort.Strings(names)
	for _, p := range names {
		e := &index.Entry{Name: p, Hash: blobs[p], Mode: filemode.Regular}
		if err := statEntry(e, filepath.Join(dir, filepath.FromSlash(p))); err != nil {
			return err
		}
		idx.Entries = append(idx.Entries, e)
	}
	if err := st.SetIndex(idx); err != nil {
		return fmt.Errorf("bench.Generate: write the index: %w", err)
	}
	return nil
}

func statEntry(e *index.Entry, abs string) error {
	fi, err := os.Stat(abs)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	e.Size = uint32(fi.Size())
	e.ModifiedAt = fi.ModTime()
	e.CreatedAt = fi.ModTime()
	return nil
}

// CorpusDir returns a cached benchmark corpus for (n, commits, seed) under
// cacheDir: Generate, then Stage. It is generated on first use (into a temporary folder renamed into place, so
// that an interrupted generation is never mistaken for a finished one).
func CorpusDir(cacheDir string, n, commits int, seed int64) (string, error) {
	dir := filepath.Join(cacheDir, fmt.Sprintf("corpus-v%d-n%d-c%d-s%d", Version, n, commits, seed))
	if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
		return dir, nil
	}
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(cacheDir, "partial-")
	if err != nil {
		return "", err
	}
	if err := Generate(tmp, n, commits, seed); err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	if _, err := Stage(tmp); err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.RemoveAll(tmp)
		if _, statErr := os.Stat(filepath.Join(dir, ".git")); statErr == nil {
			return dir, nil // another process won the race
		}
		return "", err
	}
	return dir, nil
}

// Version changes whenever the generator's output changes, so that cached
// corpora of an older generator are not reused.
const Version = 1

// Summary describes a generated corpus in one line (for logs).
func Summary(dir string) (string, error) {
	var files, bytesTotal int64
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if !d.IsDir() && path.Ext(d.Name()) == ".md" {
			fi, err := d.Info()
			if err != nil {
				return err
			}
			files++
			bytesTotal += fi.Size()
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d Markdown files, %.1f MB", files, float64(bytesTotal)/1e6), nil
}
