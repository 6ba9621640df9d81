package app

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/rolelint/rolelint/lint"
	"github.com/rolelint/rolelint/rules"
)

// cacheRepo makes a repository with files, committed (go-git, isolated from
// the user's git config).
func cacheRepo(t *testing.T, files map[string]string) (string, *git.Repository) {
	t.Helper()
	dir, g := hookRepo(t)
	commitFiles(t, dir, g, files)
	return dir, g
}

func commitFiles(t *testing.T, dir string, g *git.Repository, files map[string]string) {
	t.Helper()
	writeFiles(t, dir, files)
	wt, err := g.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	if err := wt.AddGlob("."); err != nil {
		t.Fatal(err)
	}
	sig := &object.Signature{Name: "t", Email: "t@example.invalid", When: time.Unix(1700000000, 0)}
	if _, err := wt.Commit("docs", &git.CommitOptions{Author: sig, Committer: sig}); err != nil {
		t.Fatal(err)
	}
}

func openTestProject(t *testing.T, dir string, f *Flags) *Project {
	t.Helper()
	p, err := OpenProject(dir, f, rules.All())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// underGitDir reports whether p is rel under dir/.git (dir as given or
// with its symlinks resolved: the cache's folder does not exist yet).
func underGitDir(t *testing.T, dir, p string, rel ...string) bool {
	t.Helper()
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{dir, real} {
		if p == filepath.Join(append([]string{d, ".git"}, rel...)...) {
			return true
		}
	}
	return false
}

// TestOpenCacheWhere: the cache lives in <git dir>/rolelint/cache, one
// folder per project of the repository; it is off with --no-cache,
// ROLELINT_NO_CACHE, or without a worktree's git dir.
func TestOpenCacheWhere(t *testing.T) {
	t.Setenv("ROLELINT_NO_CACHE", "")
	dir, _ := cacheRepo(t, map[string]string{"VISION.md": "# Vision\n", "sub/.rolelint.yml": "version: 1\n", "sub/a.md": "# A\n",
		"other/.rolelint.yml": "version: 1\n"})
	f := &Flags{}
	c := openCache(openTestProject(t, dir, f), f)
	if c == nil {
		t.Fatal("no cache for a worktree")
	}
	if !underGitDir(t, dir, c.Dir(), "rolelint", "cache", "root") {
		t.Errorf("cache in %s, want .git/rolelint/cache/root", c.Dir())
	}
	sub := openCache(openTestProject(t, filepath.Join(dir, "sub"), f), f)
	other := openCache(openTestProject(t, filepath.Join(dir, "other"), f), f)
	if sub == nil || other == nil {
		t.Fatal("no cache for a sub-project")
	}
	subDir := regexp.MustCompile(`^sub-[0-9a-f]{16}$`)
	if !subDir.MatchString(filepath.Base(sub.Dir())) || filepath.Dir(sub.Dir()) != filepath.Dir(c.Dir()) {
		t.Errorf("sub-project cache in %s", sub.Dir())
	}
	if sub.Dir() == other.Dir() {
		t.Errorf("two sub-projects share %s", sub.Dir())
	}
	// Staged and --rev runs share the project's cache (blob ids are ids).
	for _, fl := range []*Flags{{Staged: true}, {Rev: "HEAD"}} {
		if c2 := openCache(openTestProject(t, dir, fl), fl); c2 == nil || c2.Dir() != c.Dir() {
			t.Errorf("%+v: cache %v, want %s", fl, c2, c.Dir())
		}
	}

	off := map[string]*Flags{
		"--no-cache":                 {NoCache: true},
		"ROLELINT_NO_CACHE (Getenv)": {Getenv: func(k string) string { return map[string]string{"ROLELINT_NO_CACHE": "1"}[k] }},
	}
	for name, fl := range off {
		if c := openCache(openTestProject(t, dir, fl), fl); c != nil {
			t.Errorf("%s: cache in %s", name, c.Dir())
		}
	}
	t.Setenv("ROLELINT_NO_CACHE", "1")
	if c := openCache(openTestProject(t, dir, f), f); c != nil {
		t.Errorf("ROLELINT_NO_CACHE=1 in the environment: cache in %s", c.Dir())
	}
	// Getenv, when set, is the environment.
	on := &Flags{Getenv: func(string) string { return "" }}
	if c := openCache(openTestProject(t, dir, on), on); c == nil {
		t.Error("Getenv without ROLELINT_NO_CACHE: no cache")
	}
	t.Setenv("ROLELINT_NO_CACHE", "")

	// No git: no cache (nowhere to keep it but the worktree).
	plain := writeTree(t, map[string]string{"a.md": "# A\n"})
	if c := openCache(openTestProject(t, plain, f), f); c != nil {
		t.Errorf("a folder without git has a cache in %s", c.Dir())
	}
	// A bare repository: no cache.
	bare := filepath.Join(t.TempDir(), "bare.git")
	if _, err := git.PlainClone(bare, true, &git.CloneOptions{URL: dir}); err != nil {
		t.Fatal(err)
	}
	if c := openCache(openTestProject(t, bare, f), f); c != nil {
		t.Errorf("a bare repository has a cache in %s", c.Dir())
	}
}

// TestCacheKeyFollowsConfig: what one configuration cached is not read
// under another, and is read again when the configuration comes back.
func TestCacheKeyFollowsConfig(t *testing.T) {
	t.Setenv("ROLELINT_NO_CACHE", "")
	dir, _ := cacheRepo(t, map[string]string{".rolelint.yml": "version: 1\n", "a.md": "# A\n"})
	f := &Flags{}
	light := lint.NewParser(nil).Parse("a.md", []byte("# A\n")).Light(nil)
	c := openCache(openTestProject(t, dir, f), f)
	c.Store("a.md", "h", light)
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	if openCache(openTestProject(t, dir, f), f).Lookup("a.md", "h") == nil {
		t.Fatal("the same configuration misses")
	}
	cfg := filepath.Join(dir, ".rolelint.yml")
	if err := os.WriteFile(cfg, []byte("version: 1\nignore: [\"x/**\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if openCache(openTestProject(t, dir, f), f).Lookup("a.md", "h") != nil {
		t.Error("another configuration reads the cache")
	}
	explicit := filepath.Join(t.TempDir(), "cfg.yml")
	if err := os.WriteFile(explicit, []byte("version: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fe := &Flags{Config: explicit}
	if openCache(openTestProject(t, dir, fe), fe).Lookup("a.md", "h") != nil {
		t.Error("a --config file reads the cache of the project's file")
	}
	if err := os.WriteFile(cfg, []byte("version: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if openCache(openTestProject(t, dir, f), f).Lookup("a.md", "h") == nil {
		t.Error("the first configuration, back, misses")
	}
}

// TestResultKey: the result key changes with what Run cannot see: the
// view, the revision, the history depth, the commit, CODEOWNERS.
func TestResultKey(t *testing.T) {
	t.Setenv("ROLELINT_NO_CACHE", "")
	dir, g := cacheRepo(t, map[string]string{".rolelint.yml": "version: 1\nroles:\n  codeowners: true\n", "a.md": "# A\n",
		".github/CODEOWNERS": "* @alice\n"})
	key := func(f *Flags) string {
		p := openTestProject(t, dir, f)
		_, head, _ := p.Repo.Provenance()
		return resultKey(p, f, head)
	}
	base := key(&Flags{HistoryDepth: 1000})
	if base != key(&Flags{HistoryDepth: 1000}) {
		t.Fatal("the result key is not stable")
	}
	seen := map[string]string{base: "worktree"}
	for name, f := range map[string]*Flags{
		"staged":        {Staged: true, HistoryDepth: 1000},
		"rev":           {Rev: "HEAD", HistoryDepth: 1000},
		"history depth": {HistoryDepth: 10},
	} {
		k := key(f)
		if prev, ok := seen[k]; ok {
			t.Errorf("%s has the result key of %s", name, prev)
		}
		seen[k] = name
	}
	// CODEOWNERS changes, uncommitted: another key.
	if err := os.WriteFile(filepath.Join(dir, ".github", "CODEOWNERS"), []byte("* @bob\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	owners := key(&Flags{HistoryDepth: 1000})
	if owners == base {
		t.Error("a changed CODEOWNERS keeps the result key")
	}
	// A new commit (history, PM013): another key.
	commitFiles(t, dir, g, map[string]string{"b.md": "# B\n"})
	if key(&Flags{HistoryDepth: 1000}) == owners {
		t.Error("a new commit keeps the result key")
	}
}

// TestLintWritesCacheOnce: a lint run in process writes the cache, a second
// one prints the same; with the cache off nothing is written.
func TestLintWritesCacheOnce(t *testing.T) {
	t.Setenv("ROLELINT_NO_CACHE", "")
	dir, _ := cacheRepo(t, map[string]string{"backlog/US-1.md": "---\ntype: story\nowner: \"@o\"\n---\n# US-1 Export\n\nAs a user, I want to export, so that I can share.\n"})
	run := func(f Flags) (int, string) {
		var out, errb bytes.Buffer
		f.Paths = []string{dir}
		f.Formats = []string{"json"}
		f.HistoryDepth = 1000
		f.Stdout, f.Stderr = &out, &errb
		code := Lint(&f, rules.All())
		return code, out.String() + errb.String()
	}
	cacheDir := filepath.Join(dir, ".git", "rolelint")
	code, off := run(Flags{NoCache: true})
	if code != ExitFindings || !strings.Contains(off, "PO003") {
		t.Fatalf("exit %d, want findings:\n%s", code, off)
	}
	if _, err := os.Stat(cacheDir); !os.IsNotExist(err) {
		t.Fatalf("--no-cache wrote %s", cacheDir)
	}
	for i := 0; i < 2; i++ {
		if code2, on := run(Flags{}); code2 != code || on != off {
			t.Errorf("run %d with the cache: exit %d, output differs:\n%s\nwant\n%s", i, code2, on, off)
		}
		if _, err := os.Stat(filepath.Join(cacheDir, "cache", "root", "result")); err != nil {
			t.Errorf("run %d: no result file: %v", i, err)
		}
	}
}
