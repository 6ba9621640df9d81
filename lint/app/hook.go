package app

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	gitconfig "github.com/go-git/go-git/v5/config"

	"github.com/rolelint/rolelint/lint/gitsrc"
)

// HookMarker marks a pre-commit hook written by `rolelint hook install`;
// install replaces and uninstall removes only hooks that carry it.
const HookMarker = "# installed by rolelint"

// HookOptions are the inputs of HookInstall and HookUninstall.
type HookOptions struct {
	Dir    string // a directory inside the repository
	Force  bool   // replace a pre-commit hook rolelint did not write
	Binary string // how the hook calls rolelint: "rolelint" or an absolute path
	Out    io.Writer
}

// HookBinary is how a hook should call this program: plain "rolelint" when
// that name is on PATH, else the absolute path of the running executable.
func HookBinary() string {
	if _, err := exec.LookPath("rolelint"); err == nil {
		return "rolelint"
	}
	exe, err := os.Executable()
	if err != nil {
		return "rolelint"
	}
	if real, err := filepath.EvalSymlinks(exe); err == nil {
		exe = real
	}
	if abs, err := filepath.Abs(exe); err == nil {
		return abs
	}
	return exe
}

// hookScript is the POSIX sh pre-commit hook. Git runs it at the top of the
// worktree; it lints what the index holds, so what is checked is what is
// committed. Once HEAD has a commit, it adds --since HEAD: the whole index
// is still read (cross-document rules such as links and duplicates see every
// document), but findings are reported only for the documents the commit
// adds or changes, which is also what makes the hook fast. Before the first
// commit there is nothing to compare with, so every document is in scope.
// The HEAD test uses git itself, which is always there when git runs a hook
// (git's own sample hooks do the same); if it cannot answer, the hook falls
// back to the plain --staged run.
func hookScript(binary string) string {
	return `#!/bin/sh
` + HookMarker + ` (rolelint hook install); "rolelint hook uninstall" removes it.
# Lints the product documents as the git index holds them, before each commit,
# and reports on the documents the commit adds or changes.
# "git commit --no-verify" skips it once.
ROLELINT=` + shellQuote(binary) + `
if ! command -v "$ROLELINT" >/dev/null 2>&1; then
  echo "rolelint pre-commit hook: $ROLELINT not found; install rolelint, or run 'rolelint hook uninstall'" >&2
  exit 1
fi
if git rev-parse --verify --quiet HEAD >/dev/null 2>&1; then
  exec "$ROLELINT" --staged --since HEAD
fi
# No commit yet: every staged document is new.
exec "$ROLELINT" --staged
`
}

// shellQuote quotes s for POSIX sh.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// HookInstall writes the pre-commit hook. It refuses to replace a hook
// without the marker unless opts.Force; a replaced foreign hook is kept
// beside it as pre-commit.rolelint-backup.
func HookInstall(opts HookOptions) error {
	dir, why, err := hooksDir(opts.Dir)
	if err != nil {
		return err
	}
	hook := filepath.Join(dir, "pre-commit")
	old, err := os.ReadFile(hook)
	exists := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return cannotf("cannot read the existing hook %s: %v", hook, err)
	}
	ours := exists && bytes.Contains(old, []byte(HookMarker))
	if exists && !ours && !opts.Force {
		return usagef("%s already exists and was not written by rolelint; leaving it alone. Call `rolelint --staged --since HEAD` from it, or rerun with --force to replace it (it is kept as pre-commit.rolelint-backup)", hook)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return cannotf("cannot create the hooks folder %s: %v", dir, err)
	}
	if exists && !ours {
		backup := hook + ".rolelint-backup"
		if err := os.WriteFile(backup, old, 0o755); err != nil {
			return cannotf("cannot keep the old hook as %s: %v", backup, err)
		}
		fmt.Fprintf(opts.Out, "kept the previous hook as %s\n", backup)
	}
	binary := opts.Binary
	if binary == "" {
		binary = HookBinary()
	}
	if err := os.WriteFile(hook, []byte(hookScript(binary)), 0o755); err != nil {
		return cannotf("cannot write %s: %v", hook, err)
	}
	// WriteFile keeps the mode of an existing file: make it executable.
	if err := os.Chmod(hook, 0o755); err != nil {
		return cannotf("cannot make %s executable: %v", hook, err)
	}
	verb := "installed"
	if ours {
		verb = "updated"
	}
	fmt.Fprintf(opts.Out, "%s the pre-commit hook %s (%s); before each commit it runs `%s --staged --since HEAD` (plain --staged until the first commit)\n", verb, hook, why, binary)
	return nil
}

// HookUninstall removes the pre-commit hook if rolelint wrote it.
func HookUninstall(opts HookOptions) error {
	dir, _, err := hooksDir(opts.Dir)
	if err != nil {
		return err
	}
	hook := filepath.Join(dir, "pre-commit")
	old, err := os.ReadFile(hook)
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(opts.Out, "no pre-commit hook at %s: nothing to remove\n", hook)
		return nil
	}
	if err != nil {
		return cannotf("cannot read %s: %v", hook, err)
	}
	if !bytes.Contains(old, []byte(HookMarker)) {
		return usagef("%s was not written by rolelint; leaving it alone (delete it yourself if you mean to)", hook)
	}
	if err := os.Remove(hook); err != nil {
		return cannotf("cannot remove %s: %v", hook, err)
	}
	fmt.Fprintf(opts.Out, "removed the pre-commit hook %s\n", hook)
	if _, err := os.Stat(hook + ".rolelint-backup"); err == nil {
		fmt.Fprintf(opts.Out, "the hook it replaced is still in %s.rolelint-backup; rename it to pre-commit to restore it\n", hook)
	}
	return nil
}

// hooksDir returns the folder git runs hooks from, and why: core.hooksPath
// when set (local, then global, then system config), else the hooks folder
// of the common git directory (shared by all linked worktrees).
func hooksDir(dir string) (string, string, error) {
	if dir == "" {
		dir = "."
	}
	repo, err := openRepo(dir, "run `git init` first, or use the pre-commit framework")
	if err != nil {
		return "", "", err
	}
	if repo.Bare() {
		return "", "", usagef("the repository at %s is bare: commits are not made there, so a pre-commit hook would never run", dir)
	}
	root := repo.Root()
	if p, scope := configuredHooksPath(repo); p != "" {
		p = expandHome(p)
		if !filepath.IsAbs(p) {
			p = filepath.Join(root, p)
		}
		return filepath.Clean(p), "core.hooksPath in the " + scope + " git config", nil
	}
	common, err := commonGitDir(root)
	if err != nil {
		return "", "", cannotf("cannot find the git directory of %s: %v", root, err)
	}
	return filepath.Join(common, "hooks"), "the repository's hooks folder", nil
}

func configuredHooksPath(repo *gitsrc.Repo) (string, string) {
	if cfg, err := repo.Git().Config(); err == nil && cfg.Raw != nil {
		if p := cfg.Raw.Section("core").Option("hooksPath"); p != "" {
			return p, "repository"
		}
	}
	for _, s := range []struct {
		scope gitconfig.Scope
		name  string
	}{{gitconfig.GlobalScope, "global"}, {gitconfig.SystemScope, "system"}} {
		cfg, err := gitconfig.LoadConfig(s.scope)
		if err != nil || cfg.Raw == nil {
			continue
		}
		if p := cfg.Raw.Section("core").Option("hooksPath"); p != "" {
			return p, s.name
		}
	}
	return "", ""
}

func expandHome(p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, strings.TrimPrefix(p, "~"))
		}
	}
	return p
}

// commonGitDir follows root/.git: a folder is the git directory; a file
// ("gitdir: ...") names a linked worktree's private git directory, whose
// commondir file names the shared one where hooks live.
func commonGitDir(root string) (string, error) {
	dotgit := filepath.Join(root, ".git")
	st, err := os.Stat(dotgit)
	if err != nil {
		return "", err
	}
	if st.IsDir() {
		return dotgit, nil
	}
	data, err := os.ReadFile(dotgit)
	if err != nil {
		return "", err
	}
	line := strings.TrimSpace(string(data))
	if !strings.HasPrefix(line, "gitdir:") {
		return "", fmt.Errorf("%s is neither a folder nor a gitdir: file", dotgit)
	}
	gitdir := strings.TrimSpace(strings.TrimPrefix(line, "gitdir:"))
	if !filepath.IsAbs(gitdir) {
		gitdir = filepath.Join(root, gitdir)
	}
	common, err := os.ReadFile(filepath.Join(gitdir, "commondir"))
	if err != nil {
		return gitdir, nil // a submodule: its git dir is its own
	}
	c := strings.TrimSpace(string(common))
	if !filepath.IsAbs(c) {
		c = filepath.Join(gitdir, c)
	}
	return filepath.Clean(c), nil
}
