package gitsrc

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sync"

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
}

func (r *Repo) newWorktreePolicy() (*worktreePolicy, []lint.SourceNote, error) {
	p := &worktreePolicy{
		root:        r.root,
		tracked:     map[string]bool{},
		trackedDirs: map[string]bool{},
		submodules:  map[string]bool{},
	}
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
	idx, err := r.git.Storer.Index()
	if err != nil {
		if os.IsNotExist(err) {
			return &index.Index{Version: 2}, nil
		}
		return nil, &UserError{Code: 3, Msg: fmt.Sprintf("cannot read the git index (.git/index): %v; `git status` should repair or explain it", err)}
	}
	return idx, nil
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
