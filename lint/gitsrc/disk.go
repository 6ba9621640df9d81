package gitsrc

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/rolelint/rolelint/lint"
)

// Notes a disk walk may leave.
const (
	noteSymlinkOutside = "symlink to outside the repository, not followed"
	noteSymlinkBroken  = "broken symlink or symlink loop, not followed"
	noteSymlinkDir     = "symlink to a directory, not followed"
	noteNotRegular     = "not a regular file (FIFO, socket or device), not read"
	noteSubmodule      = "git submodule, skipped (lint it in its own repository)"
	noteNestedRepo     = "untracked nested git repository, skipped"
	noteUnreadableDir  = "directory cannot be read, skipped"
)

// diskTree is what a disk walk finds, shared by Worktree and Dir: the files
// (sorted), the notes, and how to read a file safely.
type diskTree struct {
	root     string // absolute, as given
	realRoot string // root with symlinks resolved, for containment checks

	once  sync.Once
	files []lint.File
	notes []lint.SourceNote
	err   error
	// stats holds the lstat data of the regular files the walk found (not
	// of symlinks), so that Worktree can tell unchanged files from the index
	// without a second stat.
	stats map[string]fileStat
}

// fileStat is what the walk saw of a regular file.
type fileStat struct {
	size  int64
	mtime time.Time
}

func newDiskTree(root string) (*diskTree, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("resolve %s: %w", root, err)
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, fmt.Errorf("resolve %s: %w", abs, err)
	}
	return &diskTree{root: abs, realRoot: real}, nil
}

// inside reports whether an absolute, symlink-free path is within the root.
func (d *diskTree) inside(p string) bool {
	if p == d.realRoot {
		return true
	}
	rel, err := filepath.Rel(d.realRoot, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

func (d *diskTree) note(rel, msg string) {
	d.notes = append(d.notes, lint.SourceNote{Path: rel, Message: msg})
}

// walkPolicy decides, during a walk, which entries count.
type walkPolicy interface {
	// enterDir is called for a directory (not the root); it returns whether
	// to descend, whether everything below is ignored, and a note to leave
	// about the directory ("" for none).
	enterDir(rel, abs string, ignoredParent bool) (descend, ignored bool, note string)
	// keepFile reports whether a file (or a symlink to a file) is in the view.
	keepFile(rel string, ignoredParent bool) bool
	// push and pop bracket a directory's walk (for per-directory ignore files).
	push(rel string) int
	pop(mark int)
}

// walk lists the tree once; later calls return the same result.
func (d *diskTree) walk(p walkPolicy) ([]lint.File, error) {
	d.once.Do(func() {
		st := newStatPool()
		d.walkDir(p, "", false, st)
		d.finishStats(st)
		sort.Slice(d.files, func(i, j int) bool { return d.files[i].Path < d.files[j].Path })
		sort.SliceStable(d.notes, func(i, j int) bool { return d.notes[i].Path < d.notes[j].Path })
	})
	return d.files, d.err
}

// statBatchSize is how many regular files go to a stat worker at once: big
// enough to make the channel cost nothing next to the lstat calls.
const statBatchSize = 256

// statBatch is a run of regular files whose lstat (DirEntry.Info) a worker
// does while the walk goes on; the walk reads infos only after the pool ends.
type statBatch struct {
	idx   []int         // positions in d.files
	ents  []fs.DirEntry // what to lstat
	infos []fs.FileInfo // filled by the worker; nil: vanished during the walk
}

func (b *statBatch) run() {
	b.infos = make([]fs.FileInfo, len(b.ents))
	for i, e := range b.ents {
		if info, err := e.Info(); err == nil {
			b.infos[i] = info
		}
	}
}

// statPool spreads the lstat of every regular file over GOMAXPROCS workers,
// as git does with core.preloadIndex: on a large worktree the stats, not the
// directory reads, are most of the walk. The walk itself (readdir, ignore
// rules, notes) stays serial and in order, so the listing is unchanged.
type statPool struct {
	workers int
	ch      chan *statBatch // nil until the first batch is full
	wg      sync.WaitGroup
	cur     *statBatch
	done    []*statBatch // every batch, in walk order
}

func newStatPool() *statPool {
	return &statPool{workers: runtime.GOMAXPROCS(0)}
}

func (s *statPool) add(idx int, e fs.DirEntry) {
	if s.cur == nil {
		s.cur = &statBatch{}
	}
	s.cur.idx = append(s.cur.idx, idx)
	s.cur.ents = append(s.cur.ents, e)
	if len(s.cur.ents) == statBatchSize {
		s.flush()
	}
}

// flush hands the current batch to a worker, starting the workers on the
// first call; with one CPU the walk does the stats itself.
func (s *statPool) flush() {
	b := s.cur
	if b == nil {
		return
	}
	s.cur = nil
	s.done = append(s.done, b)
	if s.workers < 2 {
		b.run()
		return
	}
	if s.ch == nil {
		s.ch = make(chan *statBatch, s.workers)
		for range s.workers {
			s.wg.Go(func() {
				for b := range s.ch {
					b.run()
				}
			})
		}
	}
	s.ch <- b
}

// finishStats waits for the stats and fills in sizes and stat data; files
// that vanished before their lstat are dropped, as the serial walk did.
func (d *diskTree) finishStats(s *statPool) {
	if s.ch == nil {
		s.workers = 1 // a small tree: flush runs the last batch itself
	}
	s.flush()
	if s.ch != nil {
		close(s.ch)
		s.wg.Wait()
	}
	gone := false
	for _, b := range s.done {
		for i, info := range b.infos {
			f := &d.files[b.idx[i]]
			if info == nil {
				f.Path = "" // vanished: removed below
				gone = true
				continue
			}
			f.Size = info.Size()
			if d.stats == nil {
				d.stats = make(map[string]fileStat, len(d.files))
			}
			d.stats[f.Path] = fileStat{size: info.Size(), mtime: info.ModTime()}
		}
	}
	if gone {
		d.files = slices.DeleteFunc(d.files, func(f lint.File) bool { return f.Path == "" })
	}
}

func (d *diskTree) walkDir(p walkPolicy, rel string, ignoredParent bool, st *statPool) {
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
		// path.Join(rel, name), without its Clean: rel is clean and a
		// directory entry's name is never "", ".", ".." nor holds a "/".
		childRel := name
		if rel != "" {
			childRel = rel + "/" + name
		}
		switch t := e.Type(); {
		case t.IsDir():
			descend, ignored, note := p.enterDir(childRel, filepath.Join(abs, name), ignoredParent)
			if note != "" {
				d.note(childRel, note)
			}
			if descend {
				d.walkDir(p, childRel, ignored, st)
			}
		case t&fs.ModeSymlink != 0:
			d.addSymlink(p, childRel, filepath.Join(abs, name), ignoredParent)
		case t.IsRegular():
			if !p.keepFile(childRel, ignoredParent) {
				continue
			}
			d.files = append(d.files, lint.File{Path: childRel})
			st.add(len(d.files)-1, e)
		default:
			if p.keepFile(childRel, ignoredParent) {
				d.note(childRel, noteNotRegular)
			}
		}
	}
}

// addSymlink keeps a symlink that resolves to a regular file inside the
// repository (read through the link); anything else is noted, never followed.
func (d *diskTree) addSymlink(p walkPolicy, rel, abs string, ignoredParent bool) {
	if !p.keepFile(rel, ignoredParent) {
		return
	}
	target, err := filepath.EvalSymlinks(abs)
	if err != nil {
		d.note(rel, noteSymlinkBroken)
		return
	}
	if !d.inside(target) {
		d.note(rel, noteSymlinkOutside)
		return
	}
	fi, err := os.Stat(target)
	switch {
	case err != nil:
		d.note(rel, noteSymlinkBroken)
	case fi.IsDir():
		d.note(rel, noteSymlinkDir)
	case !fi.Mode().IsRegular():
		d.note(rel, noteNotRegular)
	default:
		d.files = append(d.files, lint.File{Path: rel, Size: fi.Size()})
	}
}

// read returns the bytes of a repo-relative file, refusing anything that is
// not a regular file inside the root (symlinks are resolved and checked), and
// files over limit (limit <= 0: no limit) without reading them.
func (d *diskTree) read(rel string, limit int64) ([]byte, error) {
	if err := checkRel(rel); err != nil {
		return nil, err
	}
	abs := filepath.Join(d.root, filepath.FromSlash(rel))
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", rel, err)
	}
	if !d.inside(real) {
		return nil, fmt.Errorf("read %s: %s", rel, noteSymlinkOutside)
	}
	fi, err := os.Stat(real)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", rel, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("read %s: not a regular file", rel)
	}
	if limit > 0 && fi.Size() > limit {
		return nil, tooLarge(rel, fi.Size(), limit)
	}
	f, err := os.Open(real)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", rel, err)
	}
	defer f.Close()
	return readAtMost(f, rel, fi.Size(), limit)
}

// readAtMost reads r, failing with ErrTooLarge once more than limit bytes
// come (a file that grew after its size was checked). hint sizes the buffer.
func readAtMost(r io.Reader, rel string, hint, limit int64) ([]byte, error) {
	lr := r
	if limit > 0 {
		lr = io.LimitReader(r, limit+1)
	}
	buf := make([]byte, 0, max(hint, 0)+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", rel, err)
		}
	}
	if limit > 0 && int64(len(buf)) > limit {
		return nil, tooLarge(rel, int64(len(buf)), limit)
	}
	return buf, nil
}

func tooLarge(rel string, size, limit int64) error {
	return fmt.Errorf("%s: %d bytes, over the limit of %d bytes: %w", rel, size, limit, lint.ErrTooLarge)
}

// checkRel refuses paths that could leave the view: absolute, "..", not clean.
func checkRel(rel string) error {
	if rel == "" || strings.HasPrefix(rel, "/") || strings.ContainsRune(rel, 0) || path.Clean(rel) != rel ||
		rel == ".." || strings.HasPrefix(rel, "../") || strings.Contains(rel, "\\") && filepath.Separator == '\\' {
		return fmt.Errorf("read %q: not a clean repository-relative path", rel)
	}
	return nil
}

// Dir is a plain directory walk, for when there is no git repository. It
// skips .git, node_modules and vendor directories; symlinks, FIFOs and devices
// follow the same rules as in Worktree.
type Dir struct{ tree *diskTree }

// NewDir returns the Dir source rooted at root.
func NewDir(root string) (*Dir, error) {
	t, err := newDiskTree(root)
	if err != nil {
		return nil, err
	}
	return &Dir{tree: t}, nil
}

// Name implements lint.Source.
func (d *Dir) Name() string { return "dir" }

// Root implements lint.Source.
func (d *Dir) Root() string { return d.tree.root }

// Files implements lint.Source; the walk runs once.
func (d *Dir) Files() ([]lint.File, error) { return d.tree.walk(dirPolicy{}) }

// Read implements lint.Source.
func (d *Dir) Read(rel string, limit int64) ([]byte, error) { return d.tree.read(rel, limit) }

// Notes implements lint.Source (complete after Files).
func (d *Dir) Notes() []lint.SourceNote { return d.tree.notes }

// skippedDirs are never walked by Dir: VCS data and vendored dependencies.
var skippedDirs = map[string]bool{".git": true, "node_modules": true, "vendor": true, ".hg": true, ".svn": true}

type dirPolicy struct{}

func (dirPolicy) enterDir(rel, _ string, _ bool) (bool, bool, string) {
	return !skippedDirs[path.Base(rel)], false, ""
}
func (dirPolicy) keepFile(string, bool) bool { return true }
func (dirPolicy) push(string) int            { return 0 }
func (dirPolicy) pop(int)                    {}
