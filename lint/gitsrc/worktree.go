package gitsrc

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sync"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/rolelint/rolelint/lint"
)

// Worktree is the default view: the files git tracks plus the untracked files
// .gitignore does not exclude, read from disk. It lists the index entries and
// walks the directory once; it never asks git for a per-file status, so a
// 40,000-file worktree costs one readdir per directory and one lstat per file.
type Worktree struct {
	repo *Repo
	tree *diskTree

	mu  sync.Mutex
	pol *worktreePolicy
}

// Worktree returns the worktree view. It fails on a bare repository.
func (r *Repo) Worktree() (*Worktree, error) {
	if r.root == "" {
		return nil, userErrorf("the repository is bare: it has no worktree to lint; use --rev REV to lint a commit")
	}
	t, err := newDiskTree(r.root)
	if err != nil {
		return nil, err
	}
	return &Worktree{repo: r, tree: t}, nil
}

// Name implements lint.Source.
func (w *Worktree) Name() string { return "worktree" }

// Root implements lint.Source.
func (w *Worktree) Root() string { return w.tree.root }

// Files implements lint.Source; the listing is computed once.
func (w *Worktree) Files() ([]lint.File, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.pol == nil {
		pol, notes, err := w.repo.newWorktreePolicy()
		if err != nil {
			return nil, err
		}
		w.pol = pol
		w.tree.notes = append(w.tree.notes, notes...)
		// A file git would call unchanged has the blob id the index records.
		files, _ := w.tree.walk(pol)
		for i := range files {
			if h, ok := pol.cleanBlob(w.tree, files[i].Path); ok {
				files[i].Hash = h.String()
			}
		}
	}
	return w.tree.walk(w.pol)
}

// Read implements lint.Source.
func (w *Worktree) Read(rel string, limit int64) ([]byte, error) { return w.tree.read(rel, limit) }

// Notes implements lint.Source (complete after Files).
func (w *Worktree) Notes() []lint.SourceNote { return w.tree.notes }

// worktreePolicy keeps tracked files and untracked files that are not ignored.
type worktreePolicy struct {
	root        string
	tracked     map[string]bool // index paths (all stages)
	trackedDirs map[string]bool // every directory holding a tracked path
	submodules  map[string]bool // gitlinks: skipped
	ignore      ignoreStack

	// staged holds the stat data and blob of each regular file in the index
	// (stage 0), and indexTime the index file's mtime: what git's "is this
	// file unchanged?" test needs (see cleanBlob).
	staged    map[string]stagedStat
	indexTime time.Time
}

// stagedStat is what the index says of a regular file.
type stagedStat struct {
	hash  plumbing.Hash
	size  uint32 // the index keeps the size modulo 2^32
	mtime time.Time
}

func (r *Repo) newWorktreePolicy() (*worktreePolicy, []lint.SourceNote, error) {
	p := &worktreePolicy{
		root:        r.root,
		tracked:     map[string]bool{},
		trackedDirs: map[string]bool{},
		submodules:  map[string]bool{},
		staged:      map[string]stagedStat{},
	}
	// The index's own mtime is taken before reading it: if it is rewritten
	// meanwhile, the older time only makes more entries look racy (hashed).
	p.indexTime = r.indexModTime()
	idx, err := r.readIndex()
	if err != nil {
		return nil, nil, err
	}
	var notes []lint.SourceNote
	for _, e := range idx.Entries {
		if e.Mode == filemode.Submodule {
			if !p.submodules[e.Name] {
				notes = append(notes, lint.SourceNote{Path: e.Name, Message: noteSubmodule})
			}
			p.submodules[e.Name] = true
			continue
		}
		p.tracked[e.Name] = true
		if e.Stage == 0 && !e.IntentToAdd && (e.Mode == filemode.Regular || e.Mode == filemode.Executable) {
			p.staged[e.Name] = stagedStat{hash: e.Hash, size: e.Size, mtime: e.ModifiedAt}
		}
		for d := path.Dir(e.Name); d != "." && !p.trackedDirs[d]; d = path.Dir(d) {
			p.trackedDirs[d] = true
		}
	}
	p.ignore.patterns = r.basePatterns()
	return p, notes, nil
}

// readIndex reads .git/index; a repository without an index (no commit, no
// add yet) has an empty one.
func (r *Repo) readIndex() (*index.Index, error) {
	var idx *index.Index
	var err error
	if dir := r.GitDir(); dir != "" {
		// The worktree's own git directory (not the common one) holds it.
		var data []byte
		data, err = os.ReadFile(filepath.Join(dir, "index"))
		if err == nil {
			idx, err = decodeIndex(data)
		}
	} else {
		idx, err = r.git.Storer.Index()
	}
	if err != nil {
		if os.IsNotExist(err) {
			return &index.Index{Version: 2}, nil
		}
		return nil, &UserError{Code: 3, Msg: fmt.Sprintf("cannot read the git index (.git/index): %v; `git status` should repair or explain it", err)}
	}
	return idx, nil
}

// stagedIndex is the index the next commit will be made from. git points
// GIT_INDEX_FILE at a temporary index while a pre-commit hook runs for
// `git commit -a` or `git commit PATHS`; that one is read when set (a
// relative path is relative to the top of the worktree, where git runs hooks).
func (r *Repo) stagedIndex() (*index.Index, error) {
	p := os.Getenv("GIT_INDEX_FILE")
	if p == "" {
		return r.readIndex()
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(r.root, p)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, &UserError{Code: 3, Msg: fmt.Sprintf("cannot read the git index named by GIT_INDEX_FILE (%s): %v", p, err)}
	}
	idx, err := decodeIndex(data)
	if err != nil {
		return nil, &UserError{Code: 3, Msg: fmt.Sprintf("cannot read the git index named by GIT_INDEX_FILE (%s): %v", p, err)}
	}
	return idx, nil
}

// indexModTime is the mtime of the index file (the zero time when unknown,
// which makes every entry racy, so files are hashed: slower, never wrong).
func (r *Repo) indexModTime() time.Time {
	s, ok := r.storage()
	if !ok {
		return time.Time{}
	}
	fi, err := s.Filesystem().Stat("index")
	if err != nil {
		return time.Time{}
	}
	return fi.ModTime()
}

// cleanBlob returns the blob id the index records for rel when the file on
// disk is unchanged since it was staged, judged as git does, by stat data
// alone: same size and mtime as the index entry, and an mtime older than
// the index file itself (a file modified in the same instant the index was
// written is "racily clean" and could hide an edit of the same size, so it
// is not trusted). ok is false when the content has to be read and hashed.
// Call it after the walk.
func (p *worktreePolicy) cleanBlob(t *diskTree, rel string) (plumbing.Hash, bool) {
	e, ok := p.staged[rel]
	if !ok {
		return plumbing.ZeroHash, false
	}
	st, ok := t.stats[rel]
	if !ok || uint32(st.size) != e.size || !sameMtime(st.mtime, e.mtime) || !st.mtime.Before(p.indexTime) {
		return plumbing.ZeroHash, false
	}
	return e.hash, true
}

// sameMtime compares a file's mtime with the one the index stored; an index
// written without nanoseconds is compared to the second.
func sameMtime(file, staged time.Time) bool {
	if staged.Nanosecond() == 0 {
		return file.Unix() == staged.Unix()
	}
	return file.Equal(staged)
}

func (p *worktreePolicy) enterDir(rel, abs string, ignoredParent bool) (bool, bool, string) {
	if p.submodules[rel] {
		return false, false, "" // noted once, from the index
	}
	ignored := ignoredParent || p.ignore.ignored(rel, true)
	if p.trackedDirs[rel] {
		// Tracked files inside an ignored directory are still tracked.
		return true, ignored, ""
	}
	if ignored {
		return false, true, ""
	}
	if _, err := os.Lstat(filepath.Join(abs, ".git")); err == nil {
		// git does not descend into an embedded repository either.
		return false, false, noteNestedRepo
	}
	return true, false, ""
}

func (p *worktreePolicy) keepFile(rel string, ignoredParent bool) bool {
	if p.tracked[rel] {
		return true
	}
	return !ignoredParent && !p.ignore.ignored(rel, false)
}

func (p *worktreePolicy) push(rel string) int { return p.ignore.push(p.root, rel) }
func (p *worktreePolicy) pop(mark int)        { p.ignore.pop(mark) }
