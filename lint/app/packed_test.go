package app

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolelint/rolelint/rules"
)

// TestPackedRepository lints a repository whose objects are all in a pack
// (as in any clone) in every view: blobs are read from the pack by parallel
// workers while the history walk (PM013) reads commits and trees in the
// background. Under -race (CI runs -race -short) this checks that go-git's
// object store is made ready before concurrent readers (Repo.objectsReady);
// the findings must not depend on the cache or on the number of workers.
func TestPackedRepository(t *testing.T) {
	needGit(t)
	t.Setenv("ROLELINT_NO_CACHE", "")
	dir := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.invalid",
			"-c", "commit.gpgsign=false"}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(p, text string) {
		t.Helper()
		writeFiles(t, dir, map[string]string{p: text})
	}
	git("init", "-q")
	for c := 0; c < 3; c++ {
		for i := 0; i < 40; i++ {
			write(fmt.Sprintf("docs/specs/s%02d.md", i), fmt.Sprintf("---\ntype: spec\nstatus: draft\nowner: \"@pm\"\n---\n# Spec %d\n\n## Problem\n\nRevision %d.\n", i, c))
			write(fmt.Sprintf("backlog/US-%d.md", i), fmt.Sprintf("---\ntype: story\n---\n# US-%d Export %d\n\nAs a user, I want to export %d, so that I can share it.\n", i, i, c))
		}
		git("add", "-A")
		git("commit", "-q", "-m", fmt.Sprintf("c%d", c))
	}
	git("gc", "-q")
	if loose, _ := filepath.Glob(filepath.Join(dir, ".git", "objects", "??", "*")); len(loose) > 0 {
		t.Fatalf("git gc left %d loose objects", len(loose))
	}
	write("backlog/US-1.md", "---\ntype: story\n---\n# US-1 Export\n\nExport it.\n")
	git("add", "backlog/US-1.md")

	run := func(f Flags) string {
		t.Helper()
		var out, errb bytes.Buffer
		f.Paths, f.Formats, f.HistoryDepth = []string{dir}, []string{"json"}, 1000
		f.FailOn, f.Stdout, f.Stderr = "never", &out, &errb
		if code := Lint(&f, rules.All()); code != ExitClean {
			t.Fatalf("%+v: exit %d: %s", f, code, errb.String())
		}
		return out.String()
	}
	for _, tc := range []Flags{{}, {Staged: true}, {Rev: "HEAD"}, {Staged: true, Since: "HEAD"}, {Since: "HEAD~1"}} {
		off := tc
		off.NoCache = true
		want := run(off)
		// The staged story has no criteria and no story sentence; HEAD's
		// documents are clean.
		if got := strings.Contains(want, `"path": "backlog/US-1.md"`); got != (tc.Rev == "") {
			t.Fatalf("%+v: findings on the edited story: %v, want %v:\n%s", tc, got, tc.Rev == "", want)
		}
		for _, jobs := range []int{1, 4} {
			on := tc
			on.Jobs = jobs
			for i := 0; i < 2; i++ {
				if got := run(on); got != want {
					t.Errorf("%+v (run %d): differs from --no-cache:\n%s\nwant\n%s", on, i, got, want)
				}
			}
		}
	}
}
