// Package gitsrc implements lint.Source over a git repository (worktree,
// index, a commit's tree) and over a plain directory, plus the git facts a run
// needs: the files changed since a revision, the lines they added, CODEOWNERS,
// the last change of each path and the provenance of the checkout. It reads
// git only through go-git; it never runs the git binary.
package gitsrc

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"

	git "github.com/go-git/go-git/v5"
	gitconfig "github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	formatcfg "github.com/go-git/go-git/v5/plumbing/format/config"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// ErrNoRepo means the directory is not inside a git repository; the caller
// then lints a plain directory (NewDir) and says that git-only features are off.
var ErrNoRepo = errors.New("not inside a git repository")

// UserError is a problem the user can fix (a missing revision, a shallow
// clone without the needed history). Code is the process exit code (3: could
// not run). Msg is a complete sentence that says what is missing and what to do.
type UserError struct {
	Msg  string
	Code int
}

func (e *UserError) Error() string { return e.Msg }

func userErrorf(format string, args ...any) *UserError {
	return &UserError{Msg: fmt.Sprintf(format, args...), Code: 3}
}

// Repo is an opened repository.
type Repo struct {
	git  *git.Repository
	root string // worktree root on disk; "" for a bare repository

	warm sync.Once // see objectsReady
}

// objectsReady makes the object store ready for concurrent readers. go-git
// fills some of its object store's state on first use (the pack index map,
// whether an incoming-objects folder exists) without a lock; one lookup
// made once, before any concurrent read (parallel blob reads, the history
// walk in the background), fills it, and later readers only read it. It is
// called where object reads start: readBlob, objectSize and resolveCommit
// (every commit and tree this package reads comes after a resolveCommit).
func (r *Repo) objectsReady() {
	r.warm.Do(func() { _ = r.git.Storer.HasEncodedObject(plumbing.ZeroHash) })
}

// Open finds the repository that contains dir, walking up to the first
// directory holding `.git` (a directory, or a file as in linked worktrees and
// submodules). dir itself may also be a bare repository. It returns ErrNoRepo
// when there is none.
func Open(dir string) (*Repo, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("open repository at %s: %w", dir, err)
	}
	if looksBare(abs) {
		return openBare(abs)
	}
	g, err := git.PlainOpenWithOptions(abs, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if errors.Is(err, git.ErrRepositoryNotExists) {
		if bad := danglingDotGit(abs); bad != "" {
			return nil, userErrorf("%s names a git directory that does not exist (%s): the worktree or submodule was moved or deleted; run `git worktree prune` in the main repository, or remove the .git file", bad, gitdirOf(bad))
		}
		return nil, ErrNoRepo
	}
	if err != nil {
		return nil, openError(abs, err)
	}
	if err := checkObjectFormat(g, abs); err != nil {
		return nil, err
	}
	r := &Repo{git: g}
	wt, err := g.Worktree()
	switch {
	case errors.Is(err, git.ErrIsBareRepository):
	case err != nil:
		return nil, openError(abs, err)
	default:
		r.root = wt.Filesystem.Root()
	}
	return r, nil
}

// danglingDotGit returns the nearest `.git` file from dir upwards when it
// points at a git directory that does not exist ("" otherwise): go-git then
// reports no repository, and linting the folder as plain files would
// silently lose --staged and the history.
func danglingDotGit(dir string) string {
	for d := dir; ; {
		p := filepath.Join(d, ".git")
		if st, err := os.Lstat(p); err == nil {
			if st.Mode().IsRegular() {
				target := gitdirOf(p)
				if target == "" {
					return p
				}
				if _, err := os.Stat(target); err != nil {
					return p
				}
			}
			return ""
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}

// gitdirOf reads the target of a `.git` file ("gitdir: PATH"), resolved
// against the file's folder; "" when the file does not say.
func gitdirOf(dotGit string) string {
	b, err := os.ReadFile(dotGit)
	if err != nil {
		return ""
	}
	line := strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0])
	target, ok := strings.CutPrefix(line, "gitdir:")
	if !ok {
		return ""
	}
	target = strings.TrimSpace(target)
	if !filepath.IsAbs(target) {
		target = filepath.Join(filepath.Dir(dotGit), target)
	}
	return target
}

// looksBare reports whether dir is itself a git directory (HEAD, objects/ and
// refs/ inside): a bare repository, or the .git directory that server-side
// hooks run in.
func looksBare(dir string) bool {
	for _, name := range []string{"HEAD", "objects", "refs"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			return false
		}
	}
	// A .git directory of a non-bare repository: open its worktree instead.
	f, err := os.Open(filepath.Join(dir, "config"))
	if err != nil {
		return true
	}
	defer f.Close()
	cfg, err := gitconfig.ReadConfig(f)
	return err != nil || cfg.Core.IsBare
}

func openBare(dir string) (*Repo, error) {
	g, err := git.PlainOpen(dir)
	if err != nil {
		return nil, openError(dir, err)
	}
	if err := checkObjectFormat(g, dir); err != nil {
		return nil, err
	}
	return &Repo{git: g}, nil
}

func openError(dir string, err error) error {
	if isSHA256(dir) {
		return sha256Error(dir)
	}
	return &UserError{Code: 3, Msg: fmt.Sprintf("cannot read the git repository at %s: %v (is it a valid repository? `git status` there should work)", dir, err)}
}

// checkObjectFormat refuses SHA-256 repositories with a clear message: this
// build of go-git reads SHA-1 object names only.
func checkObjectFormat(g *git.Repository, dir string) error {
	cfg, err := g.Config()
	if err != nil {
		return openError(dir, err)
	}
	if cfg.Extensions.ObjectFormat == formatcfg.SHA256 || strings.EqualFold(cfg.Raw.Section("extensions").Option("objectformat"), "sha256") {
		return sha256Error(dir)
	}
	return nil
}

func sha256Error(dir string) error {
	return userErrorf("the repository at %s uses SHA-256 object names (extensions.objectFormat = sha256), which rolelint's git library cannot read yet; lint a SHA-1 clone, or a copy of the files outside git", dir)
}

// isSHA256 looks for extensions.objectFormat = sha256 in the config of the
// repository containing dir (go-git refuses to open such a repository, so
// its config is read here directly).
func isSHA256(dir string) bool {
	for d := dir; ; d = filepath.Dir(d) {
		for _, cand := range []string{filepath.Join(d, ".git", "config"), filepath.Join(d, "config")} {
			data, err := os.ReadFile(cand)
			if err != nil {
				continue
			}
			raw := formatcfg.New()
			if formatcfg.NewDecoder(strings.NewReader(string(data))).Decode(raw) == nil &&
				strings.EqualFold(raw.Section("extensions").Option("objectformat"), "sha256") {
				return true
			}
		}
		if filepath.Dir(d) == d {
			return false
		}
	}
}

// Root is the worktree root ("" for a bare repository).
func (r *Repo) Root() string { return r.root }

// Bare reports whether the repository has no worktree.
func (r *Repo) Bare() bool { return r.root == "" }

// Git returns the underlying go-git repository.
func (r *Repo) Git() *git.Repository { return r.git }

// Shallow reports whether the repository is a shallow clone.
func (r *Repo) Shallow() bool {
	hs, err := r.git.Storer.Shallow()
	return err == nil && len(hs) > 0
}

// headCommitHash returns the commit HEAD points to; ok is false in an empty
// repository (no commit yet).
func (r *Repo) headCommitHash() (plumbing.Hash, bool) {
	ref, err := r.git.Head()
	if err != nil {
		return plumbing.ZeroHash, false
	}
	return ref.Hash(), true
}

// Provenance returns facts for SARIF's versionControlProvenance: origin's URL
// without credentials ("" without a remote named origin, or the first remote
// otherwise), the HEAD commit ("" in an empty repository) and the branch name
// ("" when HEAD is detached).
func (r *Repo) Provenance() (remoteURL, revision, branch string) {
	if h, ok := r.headCommitHash(); ok {
		revision = h.String()
	}
	if ref, err := r.git.Reference(plumbing.HEAD, false); err == nil && ref.Type() == plumbing.SymbolicReference && ref.Target().IsBranch() {
		branch = ref.Target().Short()
	}
	if cfg, err := r.git.Config(); err == nil {
		remoteURL = pickRemoteURL(cfg)
	}
	return remoteURL, revision, branch
}

func pickRemoteURL(cfg *gitconfig.Config) string {
	rc := cfg.Remotes["origin"]
	if rc == nil {
		// Deterministic: the remote whose name sorts first.
		first := ""
		for name := range cfg.Remotes {
			if first == "" || name < first {
				first = name
			}
		}
		rc = cfg.Remotes[first]
	}
	if rc == nil || len(rc.URLs) == 0 {
		return ""
	}
	return StripCredentials(rc.URLs[0])
}

// StripCredentials removes user:password@ (or a token@) from a URL with a
// scheme, so that a SARIF file never carries a secret. scp-like addresses
// (git@host:org/repo) keep their user, which is not a secret.
func StripCredentials(raw string) string {
	if !strings.Contains(raw, "://") {
		return raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		// Unparseable: drop everything up to the last @ of the authority.
		scheme, rest, _ := strings.Cut(raw, "://")
		host, path, _ := strings.Cut(rest, "/")
		if i := strings.LastIndex(host, "@"); i >= 0 {
			host = host[i+1:]
		}
		return scheme + "://" + host + "/" + path
	}
	u.User = nil
	return u.String()
}

// storageFS returns the billy filesystem of the git directory (common dir
// aware), for files such as info/exclude.
func (r *Repo) storage() (*filesystem.Storage, bool) {
	s, ok := r.git.Storer.(*filesystem.Storage)
	return s, ok
}

// GitDir is the absolute path of the git directory ("" when the storage is
// not on disk).
func (r *Repo) GitDir() string {
	s, ok := r.storage()
	if !ok {
		return ""
	}
	return s.Filesystem().Root()
}
