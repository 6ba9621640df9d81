package gitsrc

// The index view and the changes since a revision as they were computed
// before the hook speed round (maps of every path, rebuilt per use): the
// reference that the differential tests in views_hook_test.go compare with.

import (
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/rolelint/rolelint/lint"
)

// refBlobView is the old blobView: a map of every path.
type refBlobView struct {
	repo    *Repo
	entries map[string]blobEntry // regular and executable files, and resolved symlinks
	files   []lint.File
	notes   []lint.SourceNote
}

func newRefBlobView(r *Repo) *refBlobView {
	return &refBlobView{repo: r, entries: map[string]blobEntry{}}
}

// finish resolves symlinks against the view's own files and sorts the listing.
func (v *refBlobView) finish(raw map[string]blobEntry) {
	for p, e := range raw {
		if e.mode != filemode.Symlink {
			v.entries[p] = e
		}
	}
	for p, e := range raw {
		if e.mode != filemode.Symlink {
			continue
		}
		if target, ok := v.resolveLink(raw, p); ok {
			v.entries[p] = raw[target]
		}
	}
	for p, e := range v.entries {
		v.files = append(v.files, lint.File{Path: p, Size: e.size, Hash: e.hash.String()})
	}
	sort.Slice(v.files, func(i, j int) bool { return v.files[i].Path < v.files[j].Path })
	sort.SliceStable(v.notes, func(i, j int) bool { return v.notes[i].Path < v.notes[j].Path })
}

// resolveLink follows a symlink (its blob is the target path) through at
// most 8 hops, staying inside the view.
func (v *refBlobView) resolveLink(raw map[string]blobEntry, link string) (string, bool) {
	cur := link
	for hops := 0; hops < 8; hops++ {
		e := raw[cur]
		if e.mode != filemode.Symlink {
			return cur, true
		}
		data, err := v.blob(e.hash, 4096)
		if err != nil {
			v.notes = append(v.notes, lint.SourceNote{Path: link, Message: noteSymlinkBroken})
			return "", false
		}
		target := string(data)
		if strings.HasPrefix(target, "/") {
			v.notes = append(v.notes, lint.SourceNote{Path: link, Message: noteSymlinkOutside})
			return "", false
		}
		next := path.Join(path.Dir(cur), target)
		if next == ".." || strings.HasPrefix(next, "../") {
			v.notes = append(v.notes, lint.SourceNote{Path: link, Message: noteSymlinkOutside})
			return "", false
		}
		if _, ok := raw[next]; !ok {
			v.notes = append(v.notes, lint.SourceNote{Path: link, Message: "symlink to a directory or a missing file, not followed"})
			return "", false
		}
		cur = next
	}
	v.notes = append(v.notes, lint.SourceNote{Path: link, Message: noteSymlinkBroken})
	return "", false
}

// Files lists the view.
func (v *refBlobView) Files() ([]lint.File, error) { return v.files, nil }

// Notes lists what the view skipped.
func (v *refBlobView) Notes() []lint.SourceNote { return v.notes }

// Read returns a file's blob, checking its size before inflating it.
func (v *refBlobView) Read(rel string, limit int64) ([]byte, error) {
	e, ok := v.entries[rel]
	if !ok {
		return nil, fmt.Errorf("read %s: no such file in this view", rel)
	}
	data, err := v.blob(e.hash, limit)
	if err != nil {
		if errors.Is(err, lint.ErrTooLarge) {
			return nil, fmt.Errorf("%s: %w", rel, err)
		}
		return nil, fmt.Errorf("read %s (blob %s): %w", rel, e.hash, err)
	}
	return data, nil
}

// blob reads one blob of at most limit bytes (limit <= 0: no limit).
func (v *refBlobView) blob(h plumbing.Hash, limit int64) ([]byte, error) {
	return v.repo.readBlob(h, limit)
}

// Index reads the index view.
func refIndex(r *Repo) (*refBlobView, error) {
	if r.root == "" {
		return nil, userErrorf("the repository is bare: it has no index to lint; use --rev REV to lint a commit")
	}
	idx, err := r.stagedIndex()
	if err != nil {
		return nil, err
	}
	v := newRefBlobView(r)
	raw := map[string]blobEntry{}
	unmerged := map[string]bool{}
	for _, e := range idx.Entries {
		switch {
		case e.Stage != 0:
			if !unmerged[e.Name] {
				v.notes = append(v.notes, lint.SourceNote{Path: e.Name, Message: "unmerged (merge conflict), skipped until it is resolved and staged"})
			}
			unmerged[e.Name] = true
		case e.Mode == filemode.Submodule:
			v.notes = append(v.notes, lint.SourceNote{Path: e.Name, Message: noteSubmodule})
		case e.IntentToAdd:
			// `git add -N`: the content is not staged yet.
		default:
			raw[e.Name] = blobEntry{hash: e.Hash, mode: e.Mode, size: int64(e.Size)}
		}
	}
	v.finish(raw)
	return v, nil
}

type refChanges struct {
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
func refChangedSince(r *Repo, rev string, view lint.Source) (*refChanges, error) {
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
	c := &refChanges{
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

func (c *refChanges) loadBase() error {
	err := c.repo.eachTreeEntry(c.base, "the merge base "+short(c.base.Hash), func(name string, e object.TreeEntry) {
		if e.Mode.IsFile() {
			c.inBase[name] = blobEntry{hash: e.Hash, mode: e.Mode, size: -1}
		}
	})
	if err != nil {
		return err
	}
	// A symlink of the base has the entry of the file it points to, as a
	// view's symlink has; one that does not resolve keeps its own.
	resolved := map[string]blobEntry{}
	for name, e := range c.inBase {
		cur := name
		for hops := 0; hops < 8 && e.mode == filemode.Symlink; hops++ {
			data, err := c.repo.readBlob(e.hash, 4096)
			if err != nil || strings.HasPrefix(string(data), "/") {
				break
			}
			cur = path.Join(path.Dir(cur), string(data))
			next, ok := c.inBase[cur]
			if !ok || cur == ".." || strings.HasPrefix(cur, "../") {
				break
			}
			if e = next; e.mode != filemode.Symlink {
				resolved[name] = e
			}
		}
	}
	for name, e := range resolved {
		c.inBase[name] = e
	}
	return nil
}

func (c *refChanges) IsNew(path string) bool {
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
func (c *refChanges) Renames() map[string]string {
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
func (c *refChanges) InScope(path string) bool {
	f, ok := c.inView[path]
	if !ok {
		return false
	}
	if _, ok := c.inBase[path]; !ok {
		return true
	}
	return cached(&c.mu, c.changed, path, func() bool { return c.differs(f) })
}

// differs compares a view file with the base blob of the same path. The blob
// id decides when the view knows it: from the index or a tree, or, in the
// worktree, from the index entry when the file's stat data shows it is
// unchanged since it was staged (as git decides). Otherwise different sizes
// decide, and only then is the file read and hashed.
func (c *refChanges) differs(f lint.File) bool {
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
func (c *refChanges) Paths() []string {
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
func (c *refChanges) AddedLines(path string) map[int]bool {
	if !c.InScope(path) {
		return map[int]bool{}
	}
	// The diff runs unlocked, like differs; every caller sees the same map.
	return cached(&c.mu, c.lines, path, func() map[int]bool { return c.computeAddedLines(path) })
}

func (c *refChanges) computeAddedLines(path string) map[int]bool {
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
func (c *refChanges) KeepLine(path string, line int) bool { return c.AddedLines(path)[line] }

// detectRenames pairs files added in the view with files deleted from the
// base: same blob first, then at least 50% of lines in common.
func (c *refChanges) detectRenames(files []lint.File) {
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

func (c *refChanges) similarRenames(added []lint.File, deleted []string, used map[string]bool) {
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

func (c *refChanges) pair(old, new string, used map[string]bool) {
	used[old] = true
	c.renames[old] = new
	c.fromOld[new] = old
}

// viewHash is the blob id of a view file (hashing its content if needed).
func (c *refChanges) viewHash(f lint.File) (plumbing.Hash, bool) {
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

// refRev is the old Rev view.
func refRev(r *Repo, rev string) (*refBlobView, error) {
	c, err := r.resolveCommit(rev)
	if err != nil {
		return nil, err
	}
	v := newRefBlobView(r)
	raw := map[string]blobEntry{}
	err = r.eachTreeEntry(c, "commit "+short(c.Hash), func(name string, e object.TreeEntry) {
		switch e.Mode {
		case filemode.Submodule:
			v.notes = append(v.notes, lint.SourceNote{Path: name, Message: noteSubmodule})
		case filemode.Regular, filemode.Executable, filemode.Deprecated, filemode.Symlink:
			raw[name] = blobEntry{hash: e.Hash, mode: e.Mode, size: -1}
		}
	})
	if err != nil {
		return nil, err
	}
	v.finish(raw)
	for i := range v.files {
		if v.files[i].Size >= 0 {
			continue
		}
		if size, err := v.repo.objectSize(plumbing.NewHash(v.files[i].Hash)); err == nil {
			v.files[i].Size = size
		}
	}
	return v, nil
}
