package gitsrc

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/rolelint/rolelint/lint"
)

// Limits of rename detection by content similarity (exact renames are
// always found): beyond these, an added file simply counts as new.
const (
	renameMaxPairs    = 100_000
	renameMaxFileSize = 1 << 20
	renameMinScore    = 0.5 // git's default: 50% similar
)

// Changes are the files of a view that differ from the merge base of a
// revision and HEAD (for --since), and the lines they add (for --new-only).
// Its methods are safe for concurrent use; per-file answers are computed on
// first use and cached.
type Changes struct {
	rev     string
	base    *object.Commit
	repo    *Repo
	view    lint.Source
	inView  map[string]lint.File
	inBase  map[string]blobEntry
	renames map[string]string // old path -> new path
	fromOld map[string]string // new path -> old path

	mu      sync.Mutex
	changed map[string]bool
	lines   map[string]map[int]bool
}

// ChangedSince compares view with the merge base of rev and HEAD (with the
// commit of view instead of HEAD when view is a Rev). Errors are *UserError
// when the user can fix them: an unknown revision, a shallow clone that lacks
// the merge base, an empty repository.
func (r *Repo) ChangedSince(rev string, view lint.Source) (*Changes, error) {
	revCommit, err := r.resolveCommit(rev)
	if err != nil {
		return nil, err
	}
	head, err := r.viewCommit(view)
	if err != nil {
		return nil, err
	}
	base, err := r.mergeBase(rev, revCommit, head)
	if err != nil {
		return nil, err
	}
	c := &Changes{
		rev: rev, base: base, repo: r, view: view,
		inView: map[string]lint.File{}, inBase: map[string]blobEntry{},
		renames: map[string]string{}, fromOld: map[string]string{},
		changed: map[string]bool{}, lines: map[string]map[int]bool{},
	}
	if err := c.loadBase(); err != nil {
		return nil, err
	}
	files, err := view.Files()
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		c.inView[f.Path] = f
	}
	c.detectRenames(files)
	return c, nil
}

// viewCommit is the commit the view stands on: the Rev's commit, else HEAD.
func (r *Repo) viewCommit(view lint.Source) (*object.Commit, error) {
	if rv, ok := view.(*Rev); ok {
		return rv.commit, nil
	}
	h, ok := r.headCommitHash()
	if !ok {
		return nil, userErrorf("HEAD has no commit yet (an empty repository or an unborn branch), so there is nothing to compare with; make a first commit or drop --since")
	}
	c, err := r.git.CommitObject(h)
	if err != nil {
		return nil, r.missingObject("the HEAD commit "+short(h), err)
	}
	return c, nil
}

func (r *Repo) mergeBase(rev string, revCommit, head *object.Commit) (*object.Commit, error) {
	shallowMsg := fmt.Sprintf("the merge base of %s and HEAD is not in this clone (it is shallow). Fetch more history: `git fetch --deepen=100` or, in GitHub Actions, `actions/checkout` with `fetch-depth: 0`", rev)
	bases, err := revCommit.MergeBase(head)
	if err != nil {
		if r.Shallow() || errors.Is(err, plumbing.ErrObjectNotFound) {
			return nil, &UserError{Code: 3, Msg: shallowMsg}
		}
		return nil, userErrorf("cannot compute the merge base of %s and HEAD: %v", rev, err)
	}
	if len(bases) == 0 {
		if r.Shallow() {
			return nil, &UserError{Code: 3, Msg: shallowMsg}
		}
		return nil, userErrorf("%s and HEAD have no common history (no merge base); pass a revision that shares history with HEAD", rev)
	}
	// Several bases (criss-cross merges): take the newest, deterministically.
	sort.Slice(bases, func(i, j int) bool {
		if !bases[i].Committer.When.Equal(bases[j].Committer.When) {
			return bases[i].Committer.When.After(bases[j].Committer.When)
		}
		return bases[i].Hash.String() < bases[j].Hash.String()
	})
	return bases[0], nil
}

func (c *Changes) loadBase() error {
	return c.repo.eachTreeEntry(c.base, "the merge base "+short(c.base.Hash), func(name string, e object.TreeEntry) {
		if e.Mode.IsFile() {
			c.inBase[name] = blobEntry{hash: e.Hash, mode: e.Mode, size: -1}
		}
	})
}

// Base is the merge base commit.
func (c *Changes) Base() plumbing.Hash { return c.base.Hash }

// IsNew reports whether path did not exist in the merge base (and is not the
// new name of a renamed file).
func (c *Changes) IsNew(path string) bool {
	if _, ok := c.inView[path]; !ok {
		return false
	}
	if _, ok := c.inBase[path]; ok {
		return false
	}
	_, renamed := c.fromOld[path]
	return !renamed
}

// Renames maps old paths to new paths of the files renamed since the base.
func (c *Changes) Renames() map[string]string {
	out := make(map[string]string, len(c.renames))
	for k, v := range c.renames {
		out[k] = v
	}
	return out
}

// InScope reports whether path exists in the view and was added or modified
// since the merge base (a renamed file counts as changed).
//
// The lock guards only the cache: the comparison itself (which may read and
// hash a file) runs outside it, so that a run's workers, which all ask
// InScope, are not serialised behind one another's reads (see cached).
func (c *Changes) InScope(path string) bool {
	f, ok := c.inView[path]
	if !ok {
		return false
	}
	if _, ok := c.inBase[path]; !ok {
		return true
	}
	return cached(&c.mu, c.changed, path, func() bool { return c.differs(f) })
}

// cached returns m[key], computing it on a miss. The lock guards only the
// map: compute runs outside it, and when two callers compute the same key,
// the first answer stored wins, so that every caller sees the same value.
func cached[V any](mu *sync.Mutex, m map[string]V, key string, compute func() V) V {
	mu.Lock()
	v, ok := m[key]
	mu.Unlock()
	if ok {
		return v
	}
	v = compute()
	mu.Lock()
	defer mu.Unlock()
	if prev, ok := m[key]; ok {
		return prev
	}
	m[key] = v
	return v
}

// differs compares a view file with the base blob of the same path. The blob
// id decides when the view knows it: from the index or a tree, or, in the
// worktree, from the index entry when the file's stat data shows it is
// unchanged since it was staged (as git decides). Otherwise different sizes
// decide, and only then is the file read and hashed.
func (c *Changes) differs(f lint.File) bool {
	be := c.inBase[f.Path]
	if f.Hash != "" {
		return f.Hash != be.hash.String()
	}
	if size, err := c.repo.objectSize(be.hash); err == nil && size != f.Size {
		return true
	}
	data, err := c.view.Read(f.Path, 0)
	if err != nil {
		return true // unreadable now: let the run report it
	}
	return plumbing.ComputeHash(plumbing.BlobObject, data) != be.hash
}

// Paths lists every path in scope, sorted.
func (c *Changes) Paths() []string {
	var out []string
	for p := range c.inView {
		if c.InScope(p) {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// AddedLines returns the line numbers (1-based) of path in the view that are
// added or changed since the merge base: every line of a new file, none of
// an unchanged one, and the inserted lines of a line diff otherwise (against
// the old path for a renamed file).
func (c *Changes) AddedLines(path string) map[int]bool {
	if !c.InScope(path) {
		return map[int]bool{}
	}
	// The diff runs unlocked, like differs; every caller sees the same map.
	return cached(&c.mu, c.lines, path, func() map[int]bool { return c.computeAddedLines(path) })
}

func (c *Changes) computeAddedLines(path string) map[int]bool {
	newData, err := c.view.Read(path, 0)
	if err != nil {
		return map[int]bool{}
	}
	oldPath := path
	if o, ok := c.fromOld[path]; ok {
		oldPath = o
	}
	be, ok := c.inBase[oldPath]
	if !ok {
		return AddedLineNumbers("", string(newData))
	}
	oldData, err := c.repo.readBlob(be.hash, 0)
	if err != nil {
		return AddedLineNumbers("", string(newData))
	}
	return AddedLineNumbers(string(oldData), string(newData))
}

// KeepLine is lint.Options.KeepLine for --new-only.
func (c *Changes) KeepLine(path string, line int) bool { return c.AddedLines(path)[line] }

// detectRenames pairs files added in the view with files deleted from the
// base: same blob first, then at least 50% of lines in common.
func (c *Changes) detectRenames(files []lint.File) {
	var deleted []string
	byHash := map[plumbing.Hash][]string{}
	for p, e := range c.inBase {
		if _, ok := c.inView[p]; !ok && e.mode != filemode.Submodule {
			deleted = append(deleted, p)
		}
	}
	if len(deleted) == 0 {
		return
	}
	sort.Strings(deleted)
	for _, p := range deleted {
		h := c.inBase[p].hash
		byHash[h] = append(byHash[h], p)
	}
	used := map[string]bool{}
	var added []lint.File
	for _, f := range files {
		if _, ok := c.inBase[f.Path]; !ok {
			added = append(added, f)
		}
	}
	var unmatched []lint.File
	for _, f := range added {
		h, ok := c.viewHash(f)
		if !ok {
			continue
		}
		if old := firstUnused(byHash[h], used); old != "" {
			c.pair(old, f.Path, used)
			continue
		}
		unmatched = append(unmatched, f)
	}
	if len(unmatched)*len(deleted) > renameMaxPairs {
		return
	}
	c.similarRenames(unmatched, deleted, used)
}

func (c *Changes) similarRenames(added []lint.File, deleted []string, used map[string]bool) {
	oldLines := map[string][]string{}
	for _, p := range deleted {
		if data, err := c.repo.readBlob(c.inBase[p].hash, renameMaxFileSize); err == nil {
			oldLines[p] = splitLines(string(data))
		}
	}
	for _, f := range added {
		data, err := c.view.Read(f.Path, renameMaxFileSize)
		if err != nil {
			continue
		}
		newLines := splitLines(string(data))
		best, bestScore := "", renameMinScore
		for _, p := range deleted {
			if used[p] {
				continue
			}
			if s := similarity(oldLines[p], newLines); s >= bestScore && (best == "" || s > bestScore) {
				best, bestScore = p, s
			}
		}
		if best != "" {
			c.pair(best, f.Path, used)
		}
	}
}

func (c *Changes) pair(old, new string, used map[string]bool) {
	used[old] = true
	c.renames[old] = new
	c.fromOld[new] = old
}

// viewHash is the blob id of a view file (hashing its content if needed).
func (c *Changes) viewHash(f lint.File) (plumbing.Hash, bool) {
	if f.Hash != "" {
		return plumbing.NewHash(f.Hash), true
	}
	if f.Size > 64<<20 {
		return plumbing.ZeroHash, false // not worth hashing to find a rename
	}
	data, err := c.view.Read(f.Path, 0)
	if err != nil {
		return plumbing.ZeroHash, false
	}
	return plumbing.ComputeHash(plumbing.BlobObject, data), true
}

func firstUnused(paths []string, used map[string]bool) string {
	for _, p := range paths {
		if !used[p] {
			return p
		}
	}
	return ""
}

// similarity is the share of lines two texts have in common (as multisets):
// 2*common / (len(a)+len(b)); blank lines do not count.
func similarity(a, b []string) float64 {
	count := map[string]int{}
	total := 0
	for _, l := range a {
		if strings.TrimSpace(l) != "" {
			count[l]++
			total++
		}
	}
	common := 0
	for _, l := range b {
		if strings.TrimSpace(l) == "" {
			continue
		}
		total++
		if count[l] > 0 {
			count[l]--
			common++
		}
	}
	if total == 0 {
		return 0
	}
	return 2 * float64(common) / float64(total)
}
