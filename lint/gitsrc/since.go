package gitsrc

import (
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
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
//
// Every path of the view and of the base has one entry, found through one
// map: InScope is asked once per document (40,000 times on the pre-commit
// hook), and a map per question (view, base, answers) cost a lookup each,
// and a lock, per call.
type Changes struct {
	rev     string
	base    *object.Commit
	repo    *Repo
	view    lint.Source
	at      map[string]int32 // path -> its entry in ents
	ents    []changeEntry
	renames map[string]string // old path -> new path
	fromOld map[string]string // new path -> old path

	mu    sync.Mutex
	lines map[string]map[int]bool
}

// changeEntry is one path, in the view, the base or both.
type changeEntry struct {
	file   lint.File // the view's file (when inView); file.Path is always the path
	base   blobEntry // the base's blob (when inBase)
	inView bool
	inBase bool
	// differs caches differs(file): 0 not known yet, else differsNo or
	// differsYes; the first answer stored wins.
	differs atomic.Uint32
}

const (
	differsNo = 1 + iota
	differsYes
)

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
		renames: map[string]string{}, fromOld: map[string]string{},
		lines: map[string]map[int]bool{},
	}
	// The view is listed first, to size what is built, but the base is
	// read (and its errors returned) first, as before.
	files, filesErr := view.Files()
	inBase, same, err := c.baseFiles(len(files))
	if err != nil {
		return nil, err
	}
	if filesErr != nil {
		return nil, filesErr
	}
	files = same.drop(files)
	c.merge(inBase, files)
	c.detectRenames(files)
	return c, nil
}

// sameSpans are runs of index entries, entries[lo:hi] each, that are the
// whole of a folder whose tree is the same in the index and the base and
// that holds no symlink: each of its files is then in the view and in the
// base with the same blob, so it is in no scope, not new, and neither added
// nor deleted for rename detection. Changes keeps no entry for them (a
// path it has no entry for answers as such a file does), so that the
// pre-commit hook builds and searches entries for the changed folders only,
// not for all 40,000 files.
type sameSpans struct {
	entries []*index.Entry
	spans   [][2]int // sorted by lo
}

// lookup returns the entry of a file of the spans: it is the same in the
// index and the base.
func (s *sameSpans) lookup(name string) (blobEntry, bool) {
	if s == nil {
		return blobEntry{}, false
	}
	i, ok := sort.Find(len(s.entries), func(i int) int { return strings.Compare(name, s.entries[i].Name) })
	if !ok {
		return blobEntry{}, false
	}
	for _, sp := range s.spans {
		if sp[0] <= i && i < sp[1] {
			e := s.entries[i]
			return blobEntry{hash: e.Hash, mode: e.Mode, size: -1}, true // as a tree entry: no size
		}
	}
	return blobEntry{}, false
}

// drop returns files (sorted by path) without the files of the spans. A
// span's files are its regular index entries, which the index view lists
// under their own names, so they are the view's files from the span's
// first name to its last.
func (s *sameSpans) drop(files []lint.File) []lint.File {
	if s == nil || len(s.spans) == 0 {
		return files
	}
	slices.SortFunc(s.spans, func(a, b [2]int) int { return a[0] - b[0] })
	var out []lint.File
	j := 0
	for _, sp := range s.spans {
		first, last := s.entries[sp[0]].Name, s.entries[sp[1]-1].Name
		lo := j + sort.Search(len(files)-j, func(i int) bool { return files[j+i].Path >= first })
		hi := lo + sort.Search(len(files)-lo, func(i int) bool { return files[lo+i].Path > last })
		out = append(out, files[j:lo]...)
		j = hi
	}
	return append(out, files[j:]...)
}

// entry returns path's entry, adding it when it is new.
func (c *Changes) entry(path string) *changeEntry {
	if i, ok := c.at[path]; ok {
		return &c.ents[i]
	}
	c.at[path] = int32(len(c.ents))
	c.ents = append(c.ents, changeEntry{})
	return &c.ents[len(c.ents)-1]
}

// lookup returns path's entry, nil when neither the view nor the base has it.
func (c *Changes) lookup(path string) *changeEntry {
	if i, ok := c.at[path]; ok {
		return &c.ents[i]
	}
	return nil
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

// baseFiles lists the files of the merge base, sorted by path (of several
// entries of one path, the last). With the index view, the folders whose
// tree is the same in the index and in the base are listed from the index
// (see indexTrees), not read from the object store; the walk is otherwise
// eachTreeEntry's, with the same checks and errors.
//
// The files of such folders that hold no symlink are not listed but given
// as sameSpans (see there); nil without the index view.
func (c *Changes) baseFiles(sizeHint int) ([]rawEntry, *sameSpans, error) {
	var trees *indexTrees
	var same *sameSpans
	if x, ok := c.view.(*Index); ok {
		trees = computeIndexTrees(x.entries)
		if trees != nil {
			same = &sameSpans{entries: trees.entries}
			sizeHint = 0 // most folders are the same
		}
	}
	out := make([]rawEntry, 0, sizeHint)
	err := c.walkBase(c.base.TreeHash, "", "the merge base "+short(c.base.Hash), trees, same, &out)
	if err != nil {
		return nil, nil, err
	}
	out = sortedUnique(out)
	c.resolveBaseLinks(out, same)
	return out, same, nil
}

// resolveBaseLinks gives each symlink of the base the entry of the file it
// points to in the base, as the views give a symlink its target's blob
// (blobView.finish), so that a symlinked document counts as changed when
// what is read through it changed, not always. A link that does not
// resolve in the base keeps its own blob, which no view file has.
func (c *Changes) resolveBaseLinks(raw []rawEntry, same *sameSpans) {
	for i := range raw {
		if raw[i].mode == filemode.Symlink {
			if e, ok := c.resolveBaseLink(raw, same, raw[i].path); ok {
				raw[i].blobEntry = e
			}
		}
	}
}

// resolveBaseLink follows the base's symlink link through at most 8 hops
// inside the repository (blobView.resolveLink's rules) to a file's entry.
func (c *Changes) resolveBaseLink(raw []rawEntry, same *sameSpans, link string) (blobEntry, bool) {
	e, note := followLink(link, func(p string) (blobEntry, bool) {
		if e, ok := lookupRaw(raw, p); ok {
			return e, true
		}
		return same.lookup(p)
	}, c.repo.readBlob)
	return e, note == ""
}

// walkBase lists the files of tree h, the folder dir of what, and below.
func (c *Changes) walkBase(h plumbing.Hash, dir, what string, trees *indexTrees, same *sameSpans, out *[]rawEntry) error {
	if k, ok := trees.same(dir, h); ok {
		// The objects are not read, but a missing one fails as the walk
		// would: the first in walk order, with readTree's error.
		err := trees.subtrees(k, func(d indexDir) error {
			if c.repo.hasObject(d.id) {
				return nil
			}
			_, err := c.repo.readTree(d.id, d.path, what) // in an alternate store, say
			return err
		})
		if err != nil {
			return err
		}
		if d := trees.dirs[k]; d.hi > d.lo && !trees.hasLink(k) {
			same.spans = append(same.spans, [2]int{d.lo, d.hi})
			return nil
		}
		*out = trees.files(k, *out)
		return nil
	}
	t, err := c.repo.readTree(h, dir, what)
	if err != nil {
		return err
	}
	for _, e := range t.Entries {
		name, err := entryPath(t, dir, what, e)
		if err != nil {
			return err
		}
		if e.Mode.IsFile() {
			*out = append(*out, rawEntry{name, blobEntry{hash: e.Hash, mode: e.Mode, size: -1}})
		}
		if e.Mode != filemode.Dir {
			continue
		}
		if err := c.walkBase(e.Hash, name, what, trees, same, out); err != nil {
			return err
		}
	}
	return nil
}

// hasObject reports whether object h is in the object store: a loose
// object's file is looked for first (go-git's HasEncodedObject costs some
// 30 allocations a call in path handling), then go-git's store. false is
// not final: go-git's HasEncodedObject does not look in alternates.
func (r *Repo) hasObject(h plumbing.Hash) bool {
	if s, ok := r.storage(); ok {
		if fi, err := s.Filesystem().Stat(looseObjectPath(h)); err == nil && fi.Mode().IsRegular() {
			return true
		}
	}
	return r.git.Storer.HasEncodedObject(h) == nil
}

// merge makes the entries of the base's files and the view's, both sorted
// by path (a view that is not is merged through the map instead).
func (c *Changes) merge(base []rawEntry, files []lint.File) {
	sorted := true
	for i := 1; i < len(files); i++ {
		if files[i-1].Path >= files[i].Path {
			sorted = false
			break
		}
	}
	c.ents = make([]changeEntry, 0, max(len(files), len(base)))
	i, j := 0, 0
	for sorted && (i < len(base) || j < len(files)) {
		c.ents = append(c.ents, changeEntry{})
		e := &c.ents[len(c.ents)-1]
		switch {
		case j == len(files) || i < len(base) && base[i].path < files[j].Path:
			e.file.Path, e.base, e.inBase = base[i].path, base[i].blobEntry, true
			i++
		case i == len(base) || files[j].Path < base[i].path:
			e.file, e.inView = files[j], true
			j++
		default:
			e.file, e.inView = files[j], true
			e.base, e.inBase = base[i].blobEntry, true
			i++
			j++
		}
	}
	c.at = make(map[string]int32, cap(c.ents))
	for k := range c.ents {
		c.at[c.ents[k].file.Path] = int32(k)
	}
	if sorted {
		return
	}
	for _, b := range base {
		e := c.entry(b.path)
		e.file.Path, e.base, e.inBase = b.path, b.blobEntry, true
	}
	for _, f := range files {
		e := c.entry(f.Path)
		e.file, e.inView = f, true
	}
}

// Base is the merge base commit.
func (c *Changes) Base() plumbing.Hash { return c.base.Hash }

// IsNew reports whether path did not exist in the merge base (and is not the
// new name of a renamed file).
func (c *Changes) IsNew(path string) bool {
	e := c.lookup(path)
	if e == nil || !e.inView || e.inBase {
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
// No lock is taken: the comparison (which may read and hash a file) runs
// unlocked, so that a run's workers, which all ask InScope, are not
// serialised behind one another's reads, and its answer is kept in the
// entry; when two callers compute it, the first answer stored wins, so
// that every caller sees the same value.
func (c *Changes) InScope(path string) bool {
	return c.inScope(c.lookup(path))
}

// inScope is InScope for path's entry e (nil when it has none).
func (c *Changes) inScope(e *changeEntry) bool {
	if e == nil || !e.inView {
		return false
	}
	if !e.inBase {
		return true
	}
	if d := e.differs.Load(); d != 0 {
		return d == differsYes
	}
	d := uint32(differsNo)
	if c.differs(e) {
		d = differsYes
	}
	e.differs.CompareAndSwap(0, d)
	return e.differs.Load() == differsYes
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
func (c *Changes) differs(e *changeEntry) bool {
	f, be := e.file, e.base
	if f.Hash != "" {
		return !isHex(f.Hash, be.hash)
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

// isHex reports whether s is h.String(), without making that string.
func isHex(s string, h plumbing.Hash) bool {
	var buf [2 * len(plumbing.ZeroHash)]byte
	hex.Encode(buf[:], h[:])
	return s == string(buf[:])
}

// Paths lists every path in scope, sorted.
func (c *Changes) Paths() []string {
	var out []string
	for i := range c.ents {
		if e := &c.ents[i]; c.inScope(e) {
			out = append(out, e.file.Path)
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
	e := c.lookup(oldPath)
	if e == nil || !e.inBase {
		return AddedLineNumbers("", string(newData))
	}
	oldData, err := c.repo.readBlob(e.base.hash, 0)
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
	for i := range c.ents {
		if e := &c.ents[i]; e.inBase && !e.inView && e.base.mode != filemode.Submodule {
			deleted = append(deleted, e.file.Path)
		}
	}
	if len(deleted) == 0 {
		return
	}
	sort.Strings(deleted)
	for _, p := range deleted {
		h := c.lookup(p).base.hash
		byHash[h] = append(byHash[h], p)
	}
	used := map[string]bool{}
	var added []lint.File
	for _, f := range files {
		if !c.lookup(f.Path).inBase {
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
		if data, err := c.repo.readBlob(c.lookup(p).base.hash, renameMaxFileSize); err == nil {
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
