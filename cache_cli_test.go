package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// The cache (docs/performance.md) through the real binary: it lives in
// <git dir>/rolelint/cache, only ever saves time, and never changes what a
// run reports.

// cachedRolelint runs the binary in dir like rolelint does, with the cache
// switch of the caller's environment dropped and env added.
func cachedRolelint(t *testing.T, dir string, env []string, args ...string) runResult {
	t.Helper()
	cmd := cacheCmd(dir, env, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	return finish(t, cmd, cmd.Run(), &out, &errb)
}

func cacheCmd(dir string, env []string, args ...string) *exec.Cmd {
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "ROLELINT_NO_CACHE=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(append(cmd.Env, "NO_COLOR=", "FORCE_COLOR=", "GITHUB_STEP_SUMMARY="), env...)
	return cmd
}

func finish(t *testing.T, cmd *exec.Cmd, err error, out, errb *bytes.Buffer) runResult {
	t.Helper()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running rolelint %v: %v", cmd.Args[1:], err)
	}
	return runResult{code: code, stdout: out.String(), stderr: errb.String()}
}

// sameRun fails unless two runs exited alike and printed the same bytes.
func sameRun(t *testing.T, what string, got, want runResult) {
	t.Helper()
	if got.code != want.code || got.stdout != want.stdout || got.stderr != want.stderr {
		t.Errorf("%s: exit %d, want %d; stdout and stderr differ from the reference: %s\nstderr: %s",
			what, got.code, want.code, firstLineDiff(got.stdout, want.stdout), got.stderr)
	}
}

func firstLineDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(la) || i < len(lb); i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y || i >= len(la) || i >= len(lb) {
			return fmt.Sprintf("line %d: got %q, want %q", i+1, clip(x), clip(y))
		}
	}
	return "(stdout equal)"
}

func clip(s string) string {
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}

// smallRepo is a clean story, its epic and the vision, plus extra.
func smallRepo(extra map[string]string) map[string]string {
	out := map[string]string{"backlog/US-1.md": cleanStory, "backlog/EPIC-1.md": cleanEpic, "VISION.md": vision}
	for p, c := range extra {
		out[p] = c
	}
	return out
}

// demoFiles returns testdata/demo as a map, for gitRepo.
func demoFiles(t *testing.T) map[string]string {
	t.Helper()
	root := filepath.Join("testdata", "demo")
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil || len(out) == 0 {
		t.Fatalf("reading the demo: %v (%d files)", err, len(out))
	}
	return out
}

// rolelintDir is where a repository's cache lives.
func rolelintDir(repo string) string { return filepath.Join(repo, ".git", "rolelint") }

// cacheState lists every path under .git/rolelint with its bytes ("<dir>"
// for a folder); nil when there is no .git/rolelint.
func cacheState(t *testing.T, repo string) map[string]string {
	t.Helper()
	root := rolelintDir(repo)
	if _, err := os.Lstat(root); os.IsNotExist(err) {
		return nil
	}
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if e.IsDir() {
			out[rel] = "<dir>"
			return nil
		}
		b, err := os.ReadFile(p)
		out[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func cacheFileNames(state map[string]string) []string {
	var out []string
	for p, c := range state {
		if c != "<dir>" {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// TestCacheWarmRunsMatch: the first run writes the cache under the git
// dir, the second reads it and prints the same bytes, in every format, as
// a run without cache.
func TestCacheWarmRunsMatch(t *testing.T) {
	dir := gitRepo(t, demoFiles(t))
	first := cachedRolelint(t, dir, nil, "--format", "json", ".")
	if first.code != 1 || !strings.Contains(first.stdout, `"rule": "PO003"`) {
		t.Fatalf("first run: exit %d, want 1 with findings\n%s%s", first.code, first.stdout, first.stderr)
	}
	state := cacheState(t, dir)
	names := cacheFileNames(state)
	var shards, results int
	for _, n := range names {
		switch {
		case strings.HasPrefix(n, filepath.Join("cache", "root", "docs-")):
			shards++
		case n == filepath.Join("cache", "root", "result"):
			results++
		default:
			t.Errorf("unexpected file in the cache: %s", n)
		}
	}
	if shards == 0 || results != 1 {
		t.Fatalf("the first run did not write the cache: %q", names)
	}
	second := cachedRolelint(t, dir, nil, "--format", "json", ".")
	sameRun(t, "second run", second, first)
	third := cachedRolelint(t, dir, nil, "--format", "json", ".")
	sameRun(t, "third run", third, first)
	if after := cacheState(t, dir); len(cacheFileNames(after)) != len(names) {
		t.Errorf("warm runs changed the cache's files: %q, then %q", names, cacheFileNames(after))
	}

	for _, format := range []string{"text", "json", "github", "markdown"} {
		cachedRolelint(t, dir, nil, "--format", format, ".") // warm for this format's run
		warm := cachedRolelint(t, dir, nil, "--format", format, ".")
		before := cacheState(t, dir)
		none := cachedRolelint(t, dir, nil, "--no-cache", "--format", format, ".")
		sameRun(t, format+" with a warm cache", warm, none)
		// --no-cache neither reads nor writes it.
		if after := cacheState(t, dir); !mapsEqual(before, after) {
			t.Errorf("--no-cache changed .git/rolelint")
		}
	}
	// The summary file reads the documents of the universe.
	sum1, sum2 := filepath.Join(t.TempDir(), "a.md"), filepath.Join(t.TempDir(), "b.md")
	cachedRolelint(t, dir, nil, "--summary", sum1, ".")
	cachedRolelint(t, dir, nil, "--no-cache", "--summary", sum2, ".")
	if a, b := readFile(t, sum1), readFile(t, sum2); a != b || a == "" {
		t.Errorf("the summary differs with a warm cache:\n%s\n---\n%s", a, b)
	}
	// So does the baseline (fingerprints).
	base1, base2 := filepath.Join(t.TempDir(), "a.json"), filepath.Join(t.TempDir(), "b.json")
	cachedRolelint(t, dir, nil, "--write-baseline", base1, ".")
	cachedRolelint(t, dir, nil, "--no-cache", "--write-baseline", base2, ".")
	if a, b := readFile(t, base1), readFile(t, base2); a != b || a == "" {
		t.Errorf("the baseline differs with a warm cache: %s", firstLineDiff(a, b))
	}
}

// TestCacheWarmSARIF: SARIF results carry a context region of the lines
// around each finding, read from the full document, which a reused result
// (light documents only) does not have.
func TestCacheWarmSARIF(t *testing.T) {
	dir := gitRepo(t, demoFiles(t))
	none := cachedRolelint(t, dir, nil, "--no-cache", "--format", "sarif", ".")
	if !strings.Contains(none.stdout, `"contextRegion"`) {
		t.Fatal("no context region to compare")
	}
	cachedRolelint(t, dir, nil, "--format", "sarif", ".")
	cachedRolelint(t, dir, nil, "--format", "json", ".") // a reusable result
	warm := cachedRolelint(t, dir, nil, "--format", "sarif", ".")
	sameRun(t, "sarif with a warm cache", warm, none)
	// SARIF as a second output, beside a format that does not need text.
	out := t.TempDir()
	cachedRolelint(t, dir, nil, "--format", "json", "--format", "sarif="+filepath.Join(out, "warm.sarif"), ".")
	cachedRolelint(t, dir, nil, "--no-cache", "--format", "json", "--format", "sarif="+filepath.Join(out, "none.sarif"), ".")
	if a, b := readFile(t, filepath.Join(out, "warm.sarif")), readFile(t, filepath.Join(out, "none.sarif")); a != b {
		t.Errorf("the SARIF file differs with a warm cache: %s", firstLineDiff(a, b))
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) || (a == nil) != (b == nil) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestCacheOff: --no-cache and ROLELINT_NO_CACHE=1 leave no trace in the
// git dir, and print what a run with the cache prints.
func TestCacheOff(t *testing.T) {
	files := smallRepo(map[string]string{"backlog/US-2.md": storyWithoutAC})
	for _, tc := range []struct {
		name string
		env  []string
		args []string
	}{
		{"--no-cache", nil, []string{"--no-cache"}},
		{"ROLELINT_NO_CACHE=1", []string{"ROLELINT_NO_CACHE=1"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := gitRepo(t, files)
			off := cachedRolelint(t, dir, tc.env, append(tc.args, "--format", "json", ".")...)
			if off.code != 1 || !strings.Contains(off.stdout, "backlog/US-2.md") {
				t.Fatalf("exit %d, want 1 with a finding on US-2:\n%s%s", off.code, off.stdout, off.stderr)
			}
			if _, err := os.Lstat(rolelintDir(dir)); !os.IsNotExist(err) {
				t.Fatalf("%s created .git/rolelint (%v)", tc.name, err)
			}
			on := cachedRolelint(t, dir, nil, "--format", "json", ".")
			sameRun(t, "with the cache", on, off)
			if cacheState(t, dir) == nil {
				t.Fatal("a run with the cache on wrote no cache")
			}
		})
	}
}

// TestCacheSeesEdits: an edited document is never judged by its cached
// form, whether it is in scope or read by a rule on another document.
func TestCacheSeesEdits(t *testing.T) {
	us2 := strings.NewReplacer("US-1 Export report", "US-2 Import budget",
		"export the monthly report as CSV", "import the yearly budget as XLS").Replace(cleanStory)
	dir := gitRepo(t, smallRepo(map[string]string{"backlog/US-2.md": us2}))
	check := func(what, wantIn string, args ...string) runResult {
		t.Helper()
		args = append([]string{"--format", "json"}, args...)
		got := cachedRolelint(t, dir, nil, args...)
		none := cachedRolelint(t, dir, nil, append([]string{"--no-cache"}, args...)...)
		sameRun(t, what, got, none)
		if wantIn != "" && !strings.Contains(got.stdout, wantIn) {
			t.Errorf("%s: no %s in\n%s", what, wantIn, got.stdout)
		}
		if wantIn == "" && got.code != 0 {
			t.Errorf("%s: exit %d, want 0\n%s", what, got.code, got.stdout)
		}
		return got
	}
	clean := check("clean", "", ".")
	check("clean again", "", ".")
	check("clean, US-2 only", "", "backlog/US-2.md")

	// An edit that changes the size: the acceptance criteria are gone.
	noAC := strings.Split(cleanStory, "## Acceptance Criteria")[0]
	writeFiles(t, dir, map[string]string{"backlog/US-1.md": noAC})
	check("criteria removed", `"rule": "PO003"`, ".")
	// An edit of the same size: the section is no longer acceptance criteria.
	sameSize := strings.Replace(cleanStory, "Acceptance Criteria", "Acceptance Kriteria", 1)
	if len(sameSize) != len(cleanStory) {
		t.Fatal("the edit changes the size")
	}
	writeFiles(t, dir, map[string]string{"backlog/US-1.md": sameSize})
	check("same-size edit", `"rule": "PO003"`, ".")
	// Back to the committed bytes: the first output again.
	writeFiles(t, dir, map[string]string{"backlog/US-1.md": cleanStory})
	sameRun(t, "restored", check("restored", "", "."), clean)

	// A rule on US-2 reads US-1, out of scope, from the cache: US-1 now
	// duplicates US-2's story, which makes US-2 the later copy (PO008).
	check("US-2 only, warm", "", "backlog/US-2.md")
	dup := strings.Replace(us2, "US-2 Import budget", "US-1 Export report", 1)
	writeFiles(t, dir, map[string]string{"backlog/US-1.md": dup})
	check("US-1 duplicates US-2", `"rule": "PO008"`, "backlog/US-2.md")
}

// TestCacheCorrupt: whatever is in .git/rolelint/cache, the output and the
// exit code are those of a run without cache.
func TestCacheCorrupt(t *testing.T) {
	dir := gitRepo(t, demoFiles(t))
	want := cachedRolelint(t, dir, nil, "--no-cache", "--format", "json", ".")
	if want.code != 1 {
		t.Fatalf("exit %d, want 1", want.code)
	}
	damage := map[string]func(p string, b []byte) []byte{
		"garbage":   func(p string, b []byte) []byte { return bytes.Repeat([]byte("\xff\x00garbage"), 50) },
		"empty":     func(p string, b []byte) []byte { return nil },
		"truncated": func(p string, b []byte) []byte { return b[:len(b)/2] },
		"flipped": func(p string, b []byte) []byte {
			c := append([]byte(nil), b...)
			c[len(c)-1] ^= 0xff
			return c
		},
	}
	for _, name := range []string{"garbage", "empty", "truncated", "flipped"} {
		t.Run(name, func(t *testing.T) {
			sameRun(t, "warming", cachedRolelint(t, dir, nil, "--format", "json", "."), want)
			state := cacheState(t, dir)
			names := cacheFileNames(state)
			if len(names) < 2 {
				t.Fatalf("no cache to damage: %q", names)
			}
			for _, n := range names {
				p := filepath.Join(rolelintDir(dir), n)
				if err := os.WriteFile(p, damage[name](p, []byte(state[n])), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			sameRun(t, "damaged cache", cachedRolelint(t, dir, nil, "--format", "json", "."), want)
			sameRun(t, "rewritten cache", cachedRolelint(t, dir, nil, "--format", "json", "."), want)
			if now := cacheState(t, dir); now[filepath.Join("cache", "root", "result")] == string(damage[name]("", []byte(state[filepath.Join("cache", "root", "result")]))) {
				t.Error("the damaged result file was not rewritten")
			}
		})
	}
	// A cache folder that cannot be made: a file where it should be.
	t.Run("blocked", func(t *testing.T) {
		if err := os.RemoveAll(rolelintDir(dir)); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(rolelintDir(dir), []byte("not a folder"), 0o644); err != nil {
			t.Fatal(err)
		}
		sameRun(t, "unwritable cache", cachedRolelint(t, dir, nil, "--format", "json", "."), want)
		if readFile(t, rolelintDir(dir)) != "not a folder" {
			t.Error("the file in the cache's place was changed")
		}
	})
}

// TestCacheConcurrentRuns starts runs at the same time on a cold cache,
// then on a warm one, then after an edit: every run succeeds and prints
// what a run without cache prints.
func TestCacheConcurrentRuns(t *testing.T) {
	dir := gitRepo(t, demoFiles(t))
	story := "backlog/stories/US-101-scan-receipt.md"
	for round, edit := range []string{"", "", "\nOne more line, [broken](nowhere.md).\n", ""} {
		if edit != "" {
			writeFiles(t, dir, map[string]string{story: demoFiles(t)[story] + edit})
		}
		want := cachedRolelint(t, dir, nil, "--no-cache", "--format", "json", ".")
		const n = 3
		cmds := make([]*exec.Cmd, n)
		outs, errs := make([]bytes.Buffer, n), make([]bytes.Buffer, n)
		for i := range cmds {
			cmds[i] = cacheCmd(dir, nil, "--format", "json", ".")
			cmds[i].Stdout, cmds[i].Stderr = &outs[i], &errs[i]
			if err := cmds[i].Start(); err != nil {
				t.Fatal(err)
			}
		}
		for i, cmd := range cmds {
			got := finish(t, cmd, cmd.Wait(), &outs[i], &errs[i])
			sameRun(t, fmt.Sprintf("round %d, run %d", round, i), got, want)
		}
		if round == 0 && cacheState(t, dir) == nil {
			t.Fatal("concurrent runs wrote no cache")
		}
		for _, name := range cacheFileNames(cacheState(t, dir)) {
			if strings.HasPrefix(filepath.Base(name), ".tmp") {
				t.Errorf("a temporary file was left behind: %s", name)
			}
		}
	}
}

// TestCacheStagedSince: a scoped run over the index (--staged --since
// HEAD) with a warm cache prints what it prints without cache.
func TestCacheStagedSince(t *testing.T) {
	dir := gitRepo(t, demoFiles(t))
	cachedRolelint(t, dir, nil, "--format", "json", ".") // warm
	story := "backlog/stories/US-102-edit-prefill.md"
	staged := strings.SplitN(demoFiles(t)[story], "## Acceptance", 2)[0] + "\nSee [the receipt story](US-101-scan-receipt.md).\n"
	writeFiles(t, dir, map[string]string{story: staged, "backlog/stories/US-150-new.md": strings.Replace(storyWithoutAC, "US-2 Import report", "US-150 Import budget", 1)})
	wt := worktreeOf(t, dir)
	for _, p := range []string{story, "backlog/stories/US-150-new.md"} {
		if _, err := wt.Add(p); err != nil {
			t.Fatal(err)
		}
	}
	// The worktree moves on after staging: --staged must not see it.
	writeFiles(t, dir, map[string]string{story: demoFiles(t)[story]})
	args := []string{"--format", "json", "--staged", "--since", "HEAD"}
	none := cachedRolelint(t, dir, nil, append([]string{"--no-cache"}, args...)...)
	if none.code != 1 || !strings.Contains(none.stdout, "US-150-new.md") || !strings.Contains(none.stdout, "US-102-edit-prefill.md") {
		t.Fatalf("--staged --since HEAD: exit %d, want findings on the staged files\n%s%s", none.code, none.stdout, none.stderr)
	}
	for i := 0; i < 3; i++ {
		sameRun(t, "--staged --since HEAD, warm", cachedRolelint(t, dir, nil, args...), none)
	}
	// And a plain run after it judges the worktree, not the index.
	sameRun(t, "worktree after --staged", cachedRolelint(t, dir, nil, "--format", "json", "."),
		cachedRolelint(t, dir, nil, "--no-cache", "--format", "json", "."))
}

// TestCacheSymlinkTarget: a document reached through a symlink is keyed by
// what it reads, not by the link: its target edited, a rule on another
// document sees the new text. a.md -> z/target.md; US-2 is a later copy of
// a.md (by path) once the target duplicates it (PO008).
func TestCacheSymlinkTarget(t *testing.T) {
	us2 := strings.NewReplacer("US-1 Export report", "US-2 Import budget",
		"export the monthly report as CSV", "import the yearly budget as XLS").Replace(cleanStory)
	target := strings.NewReplacer("US-1 Export report", "US-9 Print summary",
		"export the monthly report as CSV, so that I can reconcile it in my spreadsheet",
		"print the quarterly summary as PDF, so that I can file it on paper").Replace(cleanStory)
	dir := gitRepo(t, smallRepo(map[string]string{"backlog/US-2.md": us2, "z/target.md": target}))
	if err := os.Symlink(filepath.Join("z", "target.md"), filepath.Join(dir, "a.md")); err != nil {
		t.Skipf("no symlinks here: %v", err)
	}
	wt := worktreeOf(t, dir)
	if _, err := wt.Add("a.md"); err != nil {
		t.Fatal(err)
	}
	if _, err := wt.Commit("link", &git.CommitOptions{Author: &object.Signature{Name: "T", Email: "t@example.com", When: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)}}); err != nil {
		t.Fatal(err)
	}
	args := []string{"--format", "json", "backlog/US-2.md"}
	first := cachedRolelint(t, dir, nil, args...)
	if first.code != 0 {
		t.Fatalf("exit %d before the edit:\n%s%s", first.code, first.stdout, first.stderr)
	}
	writeFiles(t, dir, map[string]string{"z/target.md": strings.Replace(us2, "US-2 Import budget", "US-9 Print summary", 1)})
	got := cachedRolelint(t, dir, nil, args...)
	sameRun(t, "target edited", got, cachedRolelint(t, dir, nil, append([]string{"--no-cache"}, args...)...))
	if !strings.Contains(got.stdout, "(a.md:7)") {
		t.Errorf("no PO008 naming a.md:\n%s", got.stdout)
	}
}

// TestCacheViewNotes: what the view skips is said in notes, which are part
// of the reused result: a symlink pointing out of the repository, added
// after a run, must be said on the next one.
func TestCacheViewNotes(t *testing.T) {
	dir := gitRepo(t, smallRepo(nil))
	before := cachedRolelint(t, dir, nil, "--format", "json", ".")
	if err := os.Symlink(filepath.Join(t.TempDir(), "elsewhere.md"), filepath.Join(dir, "out.md")); err != nil {
		t.Skipf("no symlinks here: %v", err)
	}
	got := cachedRolelint(t, dir, nil, "--format", "json", ".")
	sameRun(t, "symlink added", got, cachedRolelint(t, dir, nil, "--no-cache", "--format", "json", "."))
	if got.stdout == before.stdout || !strings.Contains(got.stdout, "out.md") {
		t.Errorf("the new symlink's note is missing:\n%s", got.stdout)
	}
}

// worktreeOf opens the worktree of the repository at dir (go-git).
func worktreeOf(t *testing.T, dir string) *git.Worktree {
	t.Helper()
	repo, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	return wt
}
