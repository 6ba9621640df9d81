package gitsrc

import (
	"errors"
	"io"
	"sort"
	"sync"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// DefaultHistoryDepth bounds the history walk of History.
const DefaultHistoryDepth = 1000

// HistoryOptions tune History.
type HistoryOptions struct {
	// Start is the revision whose history is read ("" = HEAD).
	Start string
	// MaxCommits bounds the walk (<= 0: DefaultHistoryDepth).
	MaxCommits int
	// FullLog walks every commit (newest committer time first) instead of the
	// first-parent chain. A merge then counts as touching a path only when the
	// path differs from every parent, as in `git log`.
	FullLog bool
}

// History implements lint.GitFacts: the time of the last commit that touched
// each path. It walks history once, on the first question, newest commit
// first, diffing each commit's tree with its parent's by comparing tree ids
// top-down (identical subtrees are skipped; no patch is computed), and stops
// early once every file of the start commit has been seen. It is safe for
// concurrent use.
type History struct {
	repo *Repo
	opts HistoryOptions

	once      sync.Once
	trees     treeCache
	last      map[string]time.Time
	walked    int
	truncated bool
	err       error
}

// History returns the lazily computed history facts of the repository.
func (r *Repo) History(opts HistoryOptions) *History {
	if opts.MaxCommits <= 0 {
		opts.MaxCommits = DefaultHistoryDepth
	}
	return &History{repo: r, opts: opts}
}

// LastChange implements lint.GitFacts. It reports false for a path not seen
// within the walked history (the walk hit its depth bound or a shallow
// clone's boundary before the path's last change, or there is no history).
func (h *History) LastChange(path string) (time.Time, bool) {
	h.once.Do(h.compute)
	t, ok := h.last[path]
	return t, ok
}

// Prefetch starts the history walk in the background, so that it overlaps
// with reading and parsing the documents; LastChange waits for it.
func (h *History) Prefetch() {
	go h.once.Do(h.compute)
}

// Stats reports how many commits the walk read, whether it stopped before
// seeing every file (depth bound or shallow clone), and any error.
func (h *History) Stats() (commits int, truncated bool, err error) {
	h.once.Do(h.compute)
	return h.walked, h.truncated, h.err
}

func (h *History) compute() {
	h.last = map[string]time.Time{}
	rev := h.opts.Start
	if rev == "" {
		if _, ok := h.repo.headCommitHash(); !ok {
			return // no commit yet: no history
		}
		rev = "HEAD"
	}
	start, err := h.repo.resolveCommit(rev)
	if err != nil {
		h.err = err
		return
	}
	pending, err := h.filesOf(start)
	if err != nil {
		h.err = err
		return
	}
	if h.opts.FullLog {
		h.err = h.walkAll(start, pending)
	} else {
		h.err = h.walkFirstParent(start, pending)
	}
}

// filesOf lists the files of a commit's tree: the walk can stop once all of
// them have a time.
func (h *History) filesOf(c *object.Commit) (map[string]bool, error) {
	files := map[string]bool{}
	err := h.repo.eachTreeEntry(c, "commit "+short(c.Hash), func(name string, e object.TreeEntry) {
		if e.Mode.IsFile() {
			files[name] = true
		}
	})
	if err != nil {
		return nil, err
	}
	return files, nil
}

func (h *History) record(path string, when time.Time, pending map[string]bool) {
	if _, seen := h.last[path]; seen {
		return
	}
	h.last[path] = when
	delete(pending, path)
}

func (h *History) walkFirstParent(c *object.Commit, pending map[string]bool) error {
	for ; c != nil; h.walked++ {
		if len(pending) == 0 {
			return nil
		}
		if h.walked >= h.opts.MaxCommits {
			h.truncated = true
			return nil
		}
		var parent *object.Commit
		if len(c.ParentHashes) > 0 {
			p, err := h.repo.git.CommitObject(c.ParentHashes[0])
			if err != nil {
				// Shallow boundary: the parent is not here; nothing can be
				// said about what this commit changed.
				h.truncated = true
				return nil
			}
			parent = p
		}
		changed, err := h.changedPaths(parent, c)
		if err != nil {
			return err
		}
		for _, p := range changed {
			h.record(p, c.Committer.When, pending)
		}
		h.trees.age()
		c = parent
	}
	return nil
}

// treeCache keeps the trees decoded for the last two commits: walking the
// first-parent chain, a parent's trees are the "old" side of one diff and the
// "new" side of the next, so each tree is read from the object store once.
type treeCache struct {
	cur, prev map[plumbing.Hash]*object.Tree
}

func (tc *treeCache) get(r *Repo, h plumbing.Hash) (*object.Tree, error) {
	if t, ok := tc.cur[h]; ok {
		return t, nil
	}
	if t, ok := tc.prev[h]; ok {
		tc.put(h, t)
		return t, nil
	}
	t, err := r.git.TreeObject(h)
	if err != nil {
		return nil, err
	}
	tc.put(h, t)
	return t, nil
}

func (tc *treeCache) put(h plumbing.Hash, t *object.Tree) {
	if tc.cur == nil {
		tc.cur = map[plumbing.Hash]*object.Tree{}
	}
	tc.cur[h] = t
}

// age starts a new generation; trees unused for two commits are dropped.
func (tc *treeCache) age() {
	tc.prev, tc.cur = tc.cur, nil
}

func (h *History) walkAll(start *object.Commit, pending map[string]bool) error {
	iter := object.NewCommitIterCTime(start, nil, nil)
	defer iter.Close()
	for {
		if len(pending) == 0 {
			return nil
		}
		if h.walked >= h.opts.MaxCommits {
			h.truncated = true
			return nil
		}
		c, err := iter.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			h.truncated = true // a missing parent: shallow clone
			return nil
		}
		h.walked++
		changed, complete, err := h.changedVsAllParents(c)
		if err != nil {
			return err
		}
		if !complete {
			h.truncated = true
			continue
		}
		for _, p := range changed {
			h.record(p, c.Committer.When, pending)
		}
		h.trees.age()
	}
}

// changedVsAllParents lists the paths a commit changed with respect to every
// one of its parents; complete is false when a parent is missing.
func (h *History) changedVsAllParents(c *object.Commit) (paths []string, complete bool, err error) {
	if len(c.ParentHashes) == 0 {
		paths, err = h.changedPaths(nil, c)
		return paths, true, err
	}
	var common map[string]bool
	for _, ph := range c.ParentHashes {
		p, err := h.repo.git.CommitObject(ph)
		if err != nil {
			return nil, false, nil
		}
		changed, err := h.changedPaths(p, c)
		if err != nil {
			return nil, false, err
		}
		set := map[string]bool{}
		for _, x := range changed {
			if common == nil || common[x] {
				set[x] = true
			}
		}
		common = set
	}
	for p := range common {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return paths, true, nil
}

// changedPaths lists the files added or modified from parent to c (parent nil:
// every file of c).
func (h *History) changedPaths(parent, c *object.Commit) ([]string, error) {
	var oldHash plumbing.Hash
	oldIn, newIn := "", "commit "+short(c.Hash)
	if parent != nil {
		oldHash = parent.TreeHash
		oldIn = "commit " + short(parent.Hash)
	}
	var out []string
	if err := h.diffTrees("", oldHash, c.TreeHash, oldIn, newIn, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// diffTrees appends the files under prefix that differ between the trees
// old (zero: empty) and new, descending only into subtrees whose ids differ.
// oldIn and newIn name the commits of the two sides in errors: a tree that
// cannot be read fails the walk (see treeError).
func (h *History) diffTrees(prefix string, old, new plumbing.Hash, oldIn, newIn string, out *[]string) error {
	if old == new {
		return nil
	}
	if err := checkTreeDepth(prefix, newIn); err != nil {
		return err
	}
	newTree, err := h.trees.get(h.repo, new)
	if err != nil {
		return h.repo.treeError(new, prefix, newIn, err)
	}
	oldEntries := map[string]object.TreeEntry{}
	if !old.IsZero() {
		oldTree, err := h.trees.get(h.repo, old)
		if err != nil {
			return h.repo.treeError(old, prefix, oldIn, err)
		}
		for _, e := range oldTree.Entries {
			oldEntries[e.Name] = e
		}
	}
	for _, e := range newTree.Entries {
		p := e.Name
		if prefix != "" {
			p = prefix + "/" + e.Name
		}
		prev, had := oldEntries[e.Name]
		if had && prev.Hash == e.Hash && prev.Mode == e.Mode {
			continue
		}
		switch {
		case e.Mode == filemode.Dir:
			var oldSub plumbing.Hash
			if had && prev.Mode == filemode.Dir {
				oldSub = prev.Hash
			}
			if err := h.diffTrees(p, oldSub, e.Hash, oldIn, newIn, out); err != nil {
				return err
			}
		case e.Mode.IsFile():
			*out = append(*out, p)
		}
	}
	return nil
}
