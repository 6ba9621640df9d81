package gitsrc

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"

	gitconfig "github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
)

// ignoreStack holds the gitignore patterns in force while walking a
// worktree, lowest priority first: core.excludesFile, .git/info/exclude, the
// root .gitignore, then one .gitignore per directory on the current path.
// Patterns of a nested .gitignore carry their directory as domain, so they
// only match below it; the last matching pattern decides, as in git.
type ignoreStack struct {
	patterns []gitignore.Pattern
}

// push reads dir/.gitignore (dir is repo-relative, "" for the root) and
// returns the stack height to pop back to.
func (s *ignoreStack) push(root, dir string) int {
	mark := len(s.patterns)
	data, err := readSmallRegular(filepath.Join(root, filepath.FromSlash(dir), ".gitignore"))
	if err != nil {
		return mark
	}
	s.patterns = append(s.patterns, parseIgnore(data, splitPath(dir))...)
	return mark
}

func (s *ignoreStack) pop(mark int) { s.patterns = s.patterns[:mark] }

// ignored reports whether the repo-relative path is ignored.
func (s *ignoreStack) ignored(rel string, isDir bool) bool {
	if len(s.patterns) == 0 {
		return false
	}
	parts := splitPath(rel)
	for i := len(s.patterns) - 1; i >= 0; i-- {
		switch s.patterns[i].Match(parts, isDir) {
		case gitignore.Exclude:
			return true
		case gitignore.Include:
			return false
		}
	}
	return false
}

// parseIgnore parses gitignore text. Blank lines and comments are skipped; a
// leading `\#` or `\!` stays escaped: filepath.Match reads it as a literal.
func parseIgnore(data []byte, domain []string) []gitignore.Pattern {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var ps []gitignore.Pattern
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSuffix(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		ps = append(ps, gitignore.ParsePattern(line, domain))
	}
	return ps
}

// splitPath splits a slash-separated relative path into its components.
func splitPath(rel string) []string {
	if rel == "" || rel == "." {
		return nil
	}
	return strings.Split(rel, "/")
}

// readSmallRegular reads a regular file (not a FIFO, not a directory) of at
// most 1 MiB; ignore files larger than that are not real ignore files.
func readSmallRegular(name string) ([]byte, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() || fi.Size() > 1<<20 {
		return nil, os.ErrInvalid
	}
	return os.ReadFile(name)
}

// basePatterns returns the patterns that apply to the whole worktree before
// any .gitignore: core.excludesFile (repository config first, then the user's
// global config, then git's default $XDG_CONFIG_HOME/git/ignore) and
// .git/info/exclude.
func (r *Repo) basePatterns() []gitignore.Pattern {
	var ps []gitignore.Pattern
	if file := r.excludesFile(); file != "" {
		if data, err := readSmallRegular(file); err == nil {
			ps = append(ps, parseIgnore(data, nil)...)
		}
	}
	if st, ok := r.storage(); ok {
		if f, err := st.Filesystem().Open("info/exclude"); err == nil {
			var buf bytes.Buffer
			_, _ = buf.ReadFrom(f)
			f.Close()
			ps = append(ps, parseIgnore(buf.Bytes(), nil)...)
		}
	}
	return ps
}

func (r *Repo) excludesFile() string {
	if cfg, err := r.git.Config(); err == nil {
		if v := cfg.Raw.Section("core").Option("excludesfile"); v != "" {
			return expandHome(v)
		}
	}
	if cfg, err := gitconfig.LoadConfig(gitconfig.GlobalScope); err == nil {
		if v := cfg.Raw.Section("core").Option("excludesfile"); v != "" {
			return expandHome(v)
		}
	}
	if xdg := os.Getenv("XDG_CONFIG_HOME"); xdg != "" {
		return filepath.Join(xdg, "git", "ignore")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".config", "git", "ignore")
	}
	return ""
}

func expandHome(p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, p[1:])
		}
	}
	return p
}
