package gitsrc

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/rolelint/rolelint/lint"
)

// isolate keeps the user's global git config (core.excludesFile) out of a test.
func isolate(t *testing.T) {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_AUTHOR_NAME", "T")
	t.Setenv("GIT_AUTHOR_EMAIL", "t@example.org")
	t.Setenv("GIT_COMMITTER_NAME", "T")
	t.Setenv("GIT_COMMITTER_EMAIL", "t@example.org")
}

// testRepo is a repository in t.TempDir() built with go-git.
type testRepo struct {
	t    *testing.T
	dir  string
	git  *git.Repository
	tick time.Time
}

func newTestRepo(t *testing.T) *testRepo {
	t.Helper()
	isolate(t)
	dir := t.TempDir()
	g, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	return &testRepo{t: t, dir: dir, git: g, tick: time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)}
}

func (r *testRepo) write(rel, content string) {
	r.t.Helper()
	p := filepath.Join(r.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

func (r *testRepo) remove(rel string) {
	r.t.Helper()
	if err := os.Remove(filepath.Join(r.dir, filepath.FromSlash(rel))); err != nil {
		r.t.Fatal(err)
	}
}

func (r *testRepo) wt() *git.Worktree {
	r.t.Helper()
	w, err := r.git.Worktree()
	if err != nil {
		r.t.Fatal(err)
	}
	return w
}

func (r *testRepo) add(paths ...string) {
	r.t.Helper()
	for _, p := range paths {
		if _, err := r.wt().Add(p); err != nil {
			r.t.Fatalf("add %s: %v", p, err)
		}
	}
}

// commitAll stages everything (deletions too) and commits one hour after the
// previous commit.
func (r *testRepo) commitAll(msg string) plumbing.Hash {
	r.t.Helper()
	if err := r.wt().AddWithOptions(&git.AddOptions{All: true}); err != nil {
		r.t.Fatal(err)
	}
	return r.commit(msg)
}

func (r *testRepo) commit(msg string, parents ...plumbing.Hash) plumbing.Hash {
	r.t.Helper()
	r.tick = r.tick.Add(time.Hour)
	sig := &object.Signature{Name: "T", Email: "t@example.org", When: r.tick}
	h, err := r.wt().Commit(msg, &git.CommitOptions{Author: sig, Committer: sig, Parents: parents, AllowEmptyCommits: true})
	if err != nil {
		r.t.Fatal(err)
	}
	return h
}

func (r *testRepo) open() *Repo {
	r.t.Helper()
	repo, err := Open(r.dir)
	if err != nil {
		r.t.Fatal(err)
	}
	return repo
}

func paths(t *testing.T, src lint.Source) []string {
	t.Helper()
	files, err := src.Files()
	if err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for _, f := range files {
		out = append(out, f.Path)
	}
	return out
}

func notesOf(src lint.Source) map[string]string {
	out := map[string]string{}
	for _, n := range src.Notes() {
		out[n.Path] = n.Message
	}
	return out
}

func read(t *testing.T, src lint.Source, rel string) string {
	t.Helper()
	data, err := src.Read(rel, 1<<20)
	if err != nil {
		t.Fatalf("read %s: %v", rel, err)
	}
	return string(data)
}

func wantEqual(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %#v\nwant %#v", what, got, want)
	}
}

// gitBin runs the real git binary (tests only, for what go-git cannot do)
// and skips the test when git is absent.
func gitBin(t testing.TB, dir string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git binary not installed")
	}
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}
