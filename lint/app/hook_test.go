package app

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/rolelint/rolelint/rules"
)

// hookRepo makes a git repository (go-git) with one commit, isolated from
// the user's global git config.
func hookRepo(t *testing.T) (string, *git.Repository) {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	dir := t.TempDir()
	g, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte("# x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	wt, _ := g.Worktree()
	if _, err := wt.Add("README.md"); err != nil {
		t.Fatal(err)
	}
	sig := &object.Signature{Name: "t", Email: "t@example.invalid", When: time.Unix(1700000000, 0)}
	if _, err := wt.Commit("init", &git.CommitOptions{Author: sig, Committer: sig}); err != nil {
		t.Fatal(err)
	}
	return dir, g
}

func readHook(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestHookInstallFresh(t *testing.T) {
	dir, _ := hookRepo(t)
	var out bytes.Buffer
	if err := HookInstall(HookOptions{Dir: dir, Binary: "/opt/role lint/rolelint", Out: &out}); err != nil {
		t.Fatal(err)
	}
	hook := filepath.Join(dir, ".git", "hooks", "pre-commit")
	text := readHook(t, hook)
	for _, want := range []string{"#!/bin/sh\n", HookMarker, `ROLELINT='/opt/role lint/rolelint'`,
		"if git rev-parse --verify --quiet HEAD", `exec "$ROLELINT" --staged --since HEAD` + "\n", `exec "$ROLELINT" --staged` + "\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("hook lacks %q:\n%s", want, text)
		}
	}
	st, _ := os.Stat(hook)
	if st.Mode().Perm()&0o111 == 0 {
		t.Errorf("hook is not executable: %v", st.Mode())
	}
	if !strings.Contains(out.String(), "installed the pre-commit hook "+hook) {
		t.Errorf("install did not say what it did: %q", out.String())
	}
	// Installing again updates our own hook without --force.
	out.Reset()
	if err := HookInstall(HookOptions{Dir: filepath.Join(dir), Binary: "rolelint", Out: &out}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "updated") || !strings.Contains(readHook(t, hook), "ROLELINT='rolelint'") {
		t.Errorf("reinstall: %q", out.String())
	}
}

func TestHookRefusesForeignHookUnlessForced(t *testing.T) {
	dir, _ := hookRepo(t)
	hook := filepath.Join(dir, ".git", "hooks", "pre-commit")
	foreign := "#!/bin/sh\nmake lint\n"
	if err := os.MkdirAll(filepath.Dir(hook), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(hook, []byte(foreign), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err := HookInstall(HookOptions{Dir: dir, Binary: "rolelint", Out: &out})
	if err == nil || !strings.Contains(err.Error(), "--force") || !strings.Contains(err.Error(), hook) {
		t.Fatalf("want a refusal naming the hook and --force, got %v", err)
	}
	if readHook(t, hook) != foreign {
		t.Fatal("the foreign hook was changed")
	}
	if err := HookUninstall(HookOptions{Dir: dir, Out: &out}); err == nil {
		t.Fatal("uninstall removed a hook rolelint did not write")
	}
	if readHook(t, hook) != foreign {
		t.Fatal("uninstall changed the foreign hook")
	}

	out.Reset()
	if err := HookInstall(HookOptions{Dir: dir, Force: true, Binary: "rolelint", Out: &out}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(readHook(t, hook), HookMarker) {
		t.Fatal("--force did not replace the hook")
	}
	if readHook(t, hook+".rolelint-backup") != foreign {
		t.Error("the replaced hook was not kept")
	}
	if !strings.Contains(out.String(), "kept the previous hook") {
		t.Errorf("install did not mention the backup: %q", out.String())
	}
	if st, _ := os.Stat(hook); st.Mode().Perm()&0o111 == 0 {
		t.Errorf("a replaced hook must be executable even when the old one was not: %v", st.Mode())
	}
}

func TestHookUninstall(t *testing.T) {
	dir, _ := hookRepo(t)
	var out bytes.Buffer
	if err := HookUninstall(HookOptions{Dir: dir, Out: &out}); err != nil || !strings.Contains(out.String(), "nothing to remove") {
		t.Fatalf("uninstall without a hook: %v %q", err, out.String())
	}
	if err := HookInstall(HookOptions{Dir: dir, Binary: "rolelint", Out: &out}); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := HookUninstall(HookOptions{Dir: dir, Out: &out}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".git", "hooks", "pre-commit")); !os.IsNotExist(err) {
		t.Errorf("hook still there: %v", err)
	}
	if !strings.Contains(out.String(), "removed the pre-commit hook") {
		t.Errorf("uninstall did not say what it did: %q", out.String())
	}
}

func TestHookHonoursCoreHooksPath(t *testing.T) {
	dir, g := hookRepo(t)
	cfg, err := g.Config()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Raw.Section("core").SetOption("hooksPath", ".githooks")
	if err := g.SetConfig(cfg); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	sub := filepath.Join(dir, "docs")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	// From a subfolder: a relative hooksPath is relative to the worktree root.
	if err := HookInstall(HookOptions{Dir: sub, Binary: "rolelint", Out: &out}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(readHook(t, filepath.Join(dir, ".githooks", "pre-commit")), HookMarker) {
		t.Fatal("hook not written into core.hooksPath")
	}
	if _, err := os.Stat(filepath.Join(dir, ".git", "hooks", "pre-commit")); !os.IsNotExist(err) {
		t.Error("hook written into .git/hooks although core.hooksPath is set")
	}
	if !strings.Contains(out.String(), "core.hooksPath") {
		t.Errorf("install did not say why it chose that folder: %q", out.String())
	}
}

func TestHookGlobalHooksPath(t *testing.T) {
	dir, _ := hookRepo(t)
	global := filepath.Join(t.TempDir(), "hooks")
	home, _ := os.UserHomeDir()
	if err := os.WriteFile(filepath.Join(home, ".gitconfig"), []byte("[core]\n\thooksPath = "+global+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := HookInstall(HookOptions{Dir: dir, Binary: "rolelint", Out: &out}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(readHook(t, filepath.Join(global, "pre-commit")), HookMarker) {
		t.Fatalf("hook not written into the global core.hooksPath: %s", out.String())
	}
}

// A linked worktree runs the hooks of the main repository's git directory.
func TestHookLinkedWorktree(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git binary needed for `git worktree add` (go-git cannot)")
	}
	dir, _ := hookRepo(t)
	wt := filepath.Join(t.TempDir(), "wt")
	cmd := exec.Command("git", "-C", dir, "worktree", "add", "-q", "-b", "side", wt)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git worktree add: %v\n%s", err, b)
	}
	var out bytes.Buffer
	if err := HookInstall(HookOptions{Dir: wt, Binary: "rolelint", Out: &out}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(readHook(t, filepath.Join(dir, ".git", "hooks", "pre-commit")), HookMarker) {
		t.Fatalf("hook not in the common git dir's hooks: %s", out.String())
	}
}

func TestHookOutsideRepository(t *testing.T) {
	err := HookInstall(HookOptions{Dir: t.TempDir(), Binary: "rolelint", Out: &bytes.Buffer{}})
	if err == nil || !strings.Contains(err.Error(), "not inside a git repository") {
		t.Fatalf("got %v", err)
	}
}

// runHook installs the hook with a fake rolelint that records its arguments
// and exits 1, runs the hook in dir, and returns the arguments it got.
func runHook(t *testing.T, dir string) string {
	t.Helper()
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	fake := filepath.Join(t.TempDir(), "fake rolelint")
	argsFile := filepath.Join(t.TempDir(), "args")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\necho \"$@\" > '"+argsFile+"'\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := HookInstall(HookOptions{Dir: dir, Binary: fake, Out: &bytes.Buffer{}}); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(sh, filepath.Join(dir, ".git", "hooks", "pre-commit"))
	cmd.Dir = dir
	err = cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("hook exit = %v, want the binary's exit 1", err)
	}
	return strings.TrimSpace(readHook(t, argsFile))
}

// needGit skips a test that runs the hook's `git rev-parse` for real.
func needGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git binary needed: the hook asks git whether HEAD exists")
	}
}

// With a commit, the hook reports on what the commit changes.
func TestHookScriptRunsSinceHead(t *testing.T) {
	needGit(t)
	dir, _ := hookRepo(t)
	if got := runHook(t, dir); got != "--staged --since HEAD" {
		t.Errorf("binary got %q, want --staged --since HEAD", got)
	}
}

// Before the first commit there is no HEAD to compare with: plain --staged.
func TestHookScriptRunsStagedWithoutCommits(t *testing.T) {
	needGit(t)
	t.Setenv("HOME", t.TempDir())
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	dir := t.TempDir()
	if _, err := git.PlainInit(dir, false); err != nil {
		t.Fatal(err)
	}
	if got := runHook(t, dir); got != "--staged" {
		t.Errorf("binary got %q, want --staged", got)
	}
}

// The hook fails the commit with a clear message when the binary is gone.
func TestHookScriptMissingBinary(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	dir, _ := hookRepo(t)
	gone := filepath.Join(t.TempDir(), "rolelint")
	if err := HookInstall(HookOptions{Dir: dir, Binary: gone, Out: &bytes.Buffer{}}); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(sh, filepath.Join(dir, ".git", "hooks", "pre-commit"))
	cmd.Dir = dir
	b, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(b), "not found") {
		t.Errorf("missing binary: err=%v output=%q", err, b)
	}
}

// What the hook runs, `--staged --since HEAD`, through the real lint flow:
// only the staged documents are reported on, and their findings are the
// ones a whole-index run gives them, because the whole index is still the
// universe that cross-document rules (links to the epic, duplicates) read.
func TestStagedSinceHeadReportsTheCommit(t *testing.T) {
	dir, g := hookRepo(t)
	write := func(rel, content string) { writeFiles(t, dir, map[string]string{rel: content}) }
	story := func(id, title string) string {
		return "---\ntype: story\nowner: \"@omar\"\nepic: EPIC-1\npriority: low\n---\n# " + id + " " + title +
			"\n\nAs a finance analyst, I want to " + strings.ToLower(title) + ", so that I can compare two years side by side.\n"
	}
	write("VISION.md", "---\nkind: vision\nowner: \"@maya\"\n---\n# Vision\n\nFinance closes the month in one day.\n")
	write("backlog/EPIC-1.md", "---\ntype: epic\nid: EPIC-1\nowner: \"@omar\"\npriority: high\nproduct_goal: ../VISION.md\n---\n# EPIC-1 Reporting\n\nReporting for finance.\n")
	write("backlog/US-2.md", story("US-2", "Import the report"))
	wt, err := g.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		t.Fatal(err)
	}
	sig := &object.Signature{Name: "t", Email: "t@example.invalid", When: time.Unix(1700003600, 0)}
	if _, err := wt.Commit("docs", &git.CommitOptions{Author: sig, Committer: sig}); err != nil {
		t.Fatal(err)
	}
	// The commit being made adds US-5; US-2 is unchanged (and has the same
	// finding, which must not be reported).
	write("backlog/US-5.md", story("US-5", "Import the budget"))
	if _, err := wt.Add("backlog/US-5.md"); err != nil {
		t.Fatal(err)
	}

	run := func(since string) (int, string) {
		var out, errOut bytes.Buffer
		code := Lint(&Flags{Paths: []string{dir}, Staged: true, Since: since, Color: "never",
			Stdout: &out, Stderr: &errOut}, rules.All())
		if errOut.Len() > 0 {
			t.Logf("stderr (since %q): %s", since, errOut.String())
		}
		return code, out.String()
	}
	findingsOf := func(report, rel string) []string {
		var out []string
		for _, l := range strings.Split(report, "\n") {
			if strings.HasPrefix(l, rel+":") {
				out = append(out, l)
			}
		}
		return out
	}
	code, hookRun := run("HEAD")
	_, wholeIndex := run("")
	if code != ExitFindings || len(findingsOf(hookRun, "backlog/US-5.md")) == 0 {
		t.Fatalf("--staged --since HEAD: exit %d, want findings on the staged US-5:\n%s", code, hookRun)
	}
	if got := findingsOf(hookRun, "backlog/US-2.md"); len(got) > 0 {
		t.Errorf("--staged --since HEAD reports the unchanged US-2: %v", got)
	}
	if len(findingsOf(wholeIndex, "backlog/US-2.md")) == 0 {
		t.Fatalf("the fixture is wrong: US-2 should have findings in a whole-index run:\n%s", wholeIndex)
	}
	wantEqualLines(t, "US-5's findings", findingsOf(hookRun, "backlog/US-5.md"), findingsOf(wholeIndex, "backlog/US-5.md"))
}

func wantEqualLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s differ:\n got %q\nwant %q", what, got, want)
	}
}
