package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
)

var update = flag.Bool("update", false, "rewrite golden files")

// binary is the real rolelint, built once for the CLI tests.
var binary string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "rolelint-cli")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "rolelint")
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		panic("building rolelint: " + err.Error())
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type runResult struct {
	code           int
	stdout, stderr string
}

// rolelint runs the binary in dir with a clean, color-free environment.
func rolelint(t *testing.T, dir string, args ...string) runResult {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=", "FORCE_COLOR=", "GITHUB_STEP_SUMMARY=")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running rolelint: %v", err)
	}
	return runResult{code: code, stdout: out.String(), stderr: errb.String()}
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, content := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// gitRepo makes a repository in a temp dir holding files, committed.
func gitRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, files)
	if len(files) == 0 {
		return dir
	}
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	if err := wt.AddGlob("."); err != nil {
		t.Fatal(err)
	}
	_, err = wt.Commit("docs", &git.CommitOptions{Author: &object.Signature{Name: "T", Email: "t@example.com", When: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

const cleanStory = `---
type: story
owner: "@omar"
epic: EPIC-1
priority: high
---
# US-1 Export report

As a finance analyst, I want to export the monthly report as CSV, so that I can reconcile it in my spreadsheet.

## Acceptance Criteria

- [ ] The CSV has one row per expense with date, merchant and amount.
- [ ] The export of 1,000 expenses completes within 10 s.
`

const cleanEpic = `---
type: epic
id: EPIC-1
owner: "@omar"
priority: high
product_goal: ../VISION.md
---
# EPIC-1 Reporting

Reporting for finance.
`

const vision = `---
kind: vision
owner: "@maya"
---
# Vision

Finance closes the month in one day.
`

const storyWithoutAC = `---
type: story
owner: "@omar"
epic: EPIC-1
priority: low
---
# US-2 Import report

As a finance analyst, I want to import last year's report, so that I can compare two years side by side.
`

func TestExitCodes(t *testing.T) {
	clean := map[string]string{"backlog/US-1.md": cleanStory, "backlog/EPIC-1.md": cleanEpic, "VISION.md": vision}
	tests := []struct {
		name     string
		files    map[string]string
		git      bool
		args     []string
		code     int
		stderrRe string
		stdoutRe string
	}{
		{name: "clean git repo", files: clean, git: true, code: 0, stdoutRe: `no findings in 3 documents`},
		{name: "clean plain folder", files: clean, code: 0, stdoutRe: `no findings in 3 documents`},
		{name: "findings", files: map[string]string{"backlog/US-1.md": cleanStory, "backlog/EPIC-1.md": cleanEpic, "backlog/US-2.md": storyWithoutAC},
			git: true, code: 1, stdoutRe: `backlog/US-2.md:7:1: error PO003 `},
		{name: "fail-on never", files: map[string]string{"backlog/EPIC-1.md": cleanEpic, "backlog/US-2.md": storyWithoutAC},
			args: []string{"--fail-on", "never"}, code: 0, stdoutRe: `PO003`},
		{name: "unknown config key", files: map[string]string{"backlog/US-1.md": cleanStory, ".rolelint.yml": "version: 1\nrulez:\n  PO003: off\n"},
			git: true, code: 2, stderrRe: `\.rolelint\.yml:2:.*unknown key "rulez".*did you mean "rules"`},
		{name: "unknown rule in config", files: map[string]string{"backlog/US-1.md": cleanStory, ".rolelint.yml": "version: 1\nrules:\n  PO03: off\n"},
			code: 2, stderrRe: `\.rolelint\.yml:3:.*PO03.*PO003`},
		{name: "unknown flag", files: clean, args: []string{"--frobnicate"}, code: 2, stderrRe: `frobnicate`},
		{name: "missing path", files: clean, args: []string{"no/such/dir"}, code: 2, stderrRe: `path no/such/dir does not exist`},
		{name: "unknown revision", files: clean, git: true, args: []string{"--rev", "nope"}, code: 3, stderrRe: `nope`},
		{name: "staged without git", files: clean, args: []string{"--staged"}, code: 2, stderrRe: `need a git repository`},
		{name: "broken front matter, run goes on", git: true, files: map[string]string{
			"backlog/US-1.md":   cleanStory,
			"backlog/EPIC-1.md": cleanEpic,
			"backlog/US-3.md":   "---\ntype: story\nowner: @omar\nepic: EPIC-1\n---\n# US-3 Broken\n\nAs a user, I want to log in, so that I see my data.\n",
			"backlog/US-2.md":   storyWithoutAC,
		}, code: 1, stdoutRe: `(?s)backlog/US-2.md:7:1: error PO003.*backlog/US-3.md:3:\d+: warning RL001 .*backlog/US-3.md:6:1: error PO003`},
		{name: "binary file named x.md", git: true, files: map[string]string{
			"backlog/US-1.md": cleanStory, "backlog/EPIC-1.md": cleanEpic, "backlog/x.md": "\x00\x01\x02PNG\x00\x00binary",
		}, code: 0, stdoutRe: `backlog/x.md:1:1: warning RL001 .*binary`},
		{name: "empty repo", git: true, files: map[string]string{}, code: 0, stdoutRe: `no findings in 0 documents`},
		{name: "bad format", files: clean, args: []string{"--format", "xml"}, code: 2, stderrRe: `--format "xml"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, ok := tc.files["backlog/EPIC-1.md"]; ok {
				tc.files["VISION.md"] = vision
			}
			var dir string
			if tc.git {
				dir = gitRepo(t, tc.files)
			} else {
				dir = t.TempDir()
				writeFiles(t, dir, tc.files)
			}
			r := rolelint(t, dir, tc.args...)
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tc.code, r.stdout, r.stderr)
			}
			if tc.stderrRe != "" && !regexp.MustCompile(tc.stderrRe).MatchString(r.stderr) {
				t.Errorf("stderr does not match %q:\n%s", tc.stderrRe, r.stderr)
			}
			if tc.stdoutRe != "" && !regexp.MustCompile(tc.stdoutRe).MatchString(r.stdout) {
				t.Errorf("stdout does not match %q:\n%s", tc.stdoutRe, r.stdout)
			}
			if strings.Contains(r.stderr, "goroutine ") || strings.Contains(r.stderr, "panic:") {
				t.Errorf("a stack trace reached the user:\n%s", r.stderr)
			}
		})
	}
}

// TestFlagsAfterPaths checks that flags may follow the paths.
func TestFlagsAfterPaths(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"backlog/EPIC-1.md": cleanEpic, "backlog/US-2.md": storyWithoutAC})
	r := rolelint(t, dir, "backlog", "--fail-on", "never", "--quiet")
	if r.code != 0 || strings.Contains(r.stdout, "documents") {
		t.Fatalf("exit %d stdout %s stderr %s", r.code, r.stdout, r.stderr)
	}
}

func TestDemoHasFindingsForHeadlineRules(t *testing.T) {
	r := rolelint(t, ".", "testdata/demo")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, id := range []string{"RC001", "PO003", "PM005", "RC003"} {
		if !strings.Contains(r.stdout, " "+id+" ") {
			t.Errorf("demo output has no %s finding", id)
		}
	}
}

func TestExplain(t *testing.T) {
	r := rolelint(t, ".", "explain", "PO003")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"PO003 acceptance-criteria-present", "Bad:", "Good:", "Acceptance Criteria"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("explain PO003 lacks %q:\n%s", want, r.stdout)
		}
	}
	if r := rolelint(t, ".", "explain", "PO999"); r.code != 2 {
		t.Errorf("explain of an unknown rule: exit %d, want 2", r.code)
	}
	r = rolelint(t, ".", "explain", "RC002")
	if !strings.Contains(r.stdout, "product-owners") || !strings.Contains(r.stdout, "codeowners") {
		t.Errorf("explain RC002 does not show how to configure the roles registry:\n%s", r.stdout)
	}
}

func TestRulesListsCatalog(t *testing.T) {
	r := rolelint(t, ".", "rules")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 32 {
		t.Errorf("rolelint rules lists %d rules, want 32", len(lines))
	}
}

// copyDemo copies testdata/demo to a temp folder outside any repository so
// that outputs do not depend on this repository's commit.
func copyDemo(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.Walk(filepath.Join("testdata", "demo"), func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(filepath.Join("testdata", "demo"), p)
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestGoldenDemo compares every output format on testdata/demo with the
// files in testdata/golden (go test -run TestGoldenDemo -update rewrites them).
func TestGoldenDemo(t *testing.T) {
	dir := copyDemo(t)
	cases := []struct {
		name string
		args []string
	}{
		{"demo.txt", []string{"--color", "never"}},
		{"demo.color.txt", []string{"--color", "always"}},
		{"demo.json", []string{"--format", "json"}},
		{"demo.sarif", []string{"--format", "sarif"}},
		{"demo.github.txt", []string{"--format", "github"}},
		{"demo.md", []string{"--format", "markdown"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := rolelint(t, dir, tc.args...)
			if r.code != 1 {
				t.Fatalf("exit %d, want 1: %s", r.code, r.stderr)
			}
			got := normalizeTemp(r.stdout, dir)
			golden := filepath.Join("testdata", "golden", tc.name)
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestGoldenDemo -update)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from the golden file; run go test -run TestGoldenDemo -update and review the diff.\ngot:\n%s", tc.name, got)
			}
		})
	}
}

// TestDeterministic runs the demo with 1 and 8 workers and expects identical bytes.
func TestDeterministic(t *testing.T) {
	dir := copyDemo(t)
	for _, format := range []string{"text", "json", "sarif", "github", "markdown"} {
		a := rolelint(t, dir, "--format", format, "--jobs", "1", "--color", "never")
		b := rolelint(t, dir, "--format", format, "--jobs", "8", "--color", "never")
		if a.stdout != b.stdout {
			t.Errorf("%s output differs between --jobs 1 and --jobs 8", format)
		}
	}
}

func normalizeTemp(s, dir string) string {
	s = strings.ReplaceAll(s, filepath.ToSlash(dir), "/DEMO")
	return strings.ReplaceAll(s, dir, "/DEMO")
}

// TestBaselineRoundTrip records the findings, then hides them; a new finding
// still shows, and a fixed one makes its entry stale.
func TestBaselineRoundTrip(t *testing.T) {
	dir := gitRepo(t, map[string]string{"VISION.md": vision, "backlog/EPIC-1.md": cleanEpic, "backlog/US-2.md": storyWithoutAC})
	base := filepath.Join(t.TempDir(), "baseline.json")
	if r := rolelint(t, dir, "--write-baseline", base); r.code != 1 {
		t.Fatalf("write-baseline: exit %d: %s", r.code, r.stderr)
	}
	r := rolelint(t, dir, "--baseline", base)
	if r.code != 0 || strings.Contains(r.stdout, "PO003") {
		t.Fatalf("baseline did not hide the findings: exit %d\n%s", r.code, r.stdout)
	}
	writeFiles(t, dir, map[string]string{"backlog/US-4.md": strings.Replace(storyWithoutAC, "US-2 Import report", "US-4 Import budget", 1)})
	r = rolelint(t, dir, "--baseline", base)
	if r.code != 1 || !strings.Contains(r.stdout, "backlog/US-4.md:7:1:") || strings.Contains(r.stdout, "backlog/US-2.md:7:1:") {
		t.Fatalf("new finding not reported or old one not hidden: exit %d\n%s", r.code, r.stdout)
	}
	writeFiles(t, dir, map[string]string{"backlog/US-2.md": cleanStory})
	r = rolelint(t, dir, "--baseline", base, "backlog/US-2.md")
	if !regexp.MustCompile(`stale`).MatchString(r.stdout) {
		t.Errorf("summary does not mention the stale baseline entry:\n%s", r.stdout)
	}
}

// TestStagedJudgesIndex stages a story without acceptance criteria, then
// fixes it only in the worktree: --staged still reports it, a plain run does not.
func TestStagedJudgesIndex(t *testing.T) {
	dir := gitRepo(t, map[string]string{"VISION.md": vision, "backlog/EPIC-1.md": cleanEpic, "backlog/US-1.md": cleanStory})
	writeFiles(t, dir, map[string]string{"backlog/US-2.md": storyWithoutAC})
	repo, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	wt, _ := repo.Worktree()
	if _, err := wt.Add("backlog/US-2.md"); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{"backlog/US-2.md": strings.Replace(cleanStory, "US-1 Export", "US-2 Import", 1)})
	if r := rolelint(t, dir, "--staged"); r.code != 1 || !strings.Contains(r.stdout, "backlog/US-2.md:7:1: error PO003") {
		t.Errorf("--staged: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := rolelint(t, dir); strings.Contains(r.stdout, "PO003") {
		t.Errorf("worktree run reports the staged content:\n%s", r.stdout)
	}
}

// TestSinceScope reports only on documents changed since the base.
func TestSinceScope(t *testing.T) {
	dir := gitRepo(t, map[string]string{"VISION.md": vision, "backlog/EPIC-1.md": cleanEpic, "backlog/US-2.md": storyWithoutAC})
	writeFiles(t, dir, map[string]string{"backlog/US-5.md": strings.Replace(storyWithoutAC, "US-2 Import report", "US-5 Import budget", 1)})
	r := rolelint(t, dir, "--since", "HEAD")
	if r.code != 1 || !strings.Contains(r.stdout, "backlog/US-5.md:7:1:") || strings.Contains(r.stdout, "backlog/US-2.md:7:1:") {
		t.Errorf("--since HEAD: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestFingerprintsSurviveEdits inserts ten lines at the top of a document:
// every finding keeps its SARIF fingerprint while its line moves; changing
// the text of a finding's own line changes its fingerprint.
func TestFingerprintsSurviveEdits(t *testing.T) {
	story := "---\ntype: story\nowner: \"@omar\"\nepic: EPIC-1\npriority: high\n---\n# US-9 Budget alerts\n\n" +
		"As a manager, I want an alert at 80 % of the budget, so that I can act before the month ends.\n\n" +
		"## Acceptance Criteria\n\n- [ ] The alert works properly and is fast.\n- [ ] The alert names the team and the amount spent.\n"
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"VISION.md": vision, "backlog/EPIC-1.md": cleanEpic, "backlog/US-9.md": story})
	type fp struct {
		line int
		id   string
	}
	collect := func() map[string]fp {
		r := rolelint(t, dir, "--format", "json", "--fail-on", "never", "--enable", "PO004")
		var out struct {
			Findings []struct {
				Rule, Path, Message, Fingerprint string
				Line                             int
			}
		}
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
			t.Fatalf("json: %v\n%s", err, r.stdout)
		}
		m := map[string]fp{}
		for _, f := range out.Findings {
			if f.Path == "backlog/US-9.md" {
				m[f.Rule+" "+f.Message] = fp{f.Line, f.Fingerprint}
			}
		}
		return m
	}
	before := collect()
	if len(before) < 2 {
		t.Fatalf("want at least two findings on the story, got %v", before)
	}
	moved := strings.Replace(story, "# US-9 Budget alerts\n", "# US-9 Budget alerts\n"+strings.Repeat("Context line.\n", 10), 1)
	writeFiles(t, dir, map[string]string{"backlog/US-9.md": moved})
	after := collect()
	for k, b := range before {
		a, ok := after[k]
		if !ok {
			t.Errorf("finding %q disappeared after inserting lines", k)
			continue
		}
		if a.id != b.id {
			t.Errorf("fingerprint of %q changed when only its line moved (%d -> %d)", k, b.line, a.line)
		}
		if b.line > 7 && a.line != b.line+10 {
			t.Errorf("finding %q: line %d -> %d, want +10", k, b.line, a.line)
		}
	}
	edited := strings.Replace(moved, "The alert works properly and is fast.", "The alert works properly and is quick.", 1)
	writeFiles(t, dir, map[string]string{"backlog/US-9.md": edited})
	final := collect()
	for k, b := range before {
		if !strings.Contains(k, "works") {
			continue
		}
		if a, ok := final[k]; ok && a.id == b.id {
			t.Errorf("fingerprint of %q did not change when its own line changed", k)
		}
	}
}

// TestSummaryFile writes the Markdown job summary with any format, and
// appends to what the file already holds.
func TestSummaryFile(t *testing.T) {
	dir := copyDemo(t)
	summary := filepath.Join(t.TempDir(), "summary.md")
	if err := os.WriteFile(summary, []byte("earlier step\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := rolelint(t, dir, "--quiet", "--summary", summary)
	if r.code != 1 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	b, err := os.ReadFile(summary)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if !strings.HasPrefix(s, "earlier step\n") || !strings.Contains(s, "## rolelint") || !strings.Contains(s, "```mermaid") {
		t.Errorf("summary file lacks the appended summary or its graph:\n%s", s)
	}
	r = rolelint(t, dir, "--summary", filepath.Join(dir, "no", "such", "dir", "s.md"))
	if r.code != 3 || !strings.Contains(r.stderr, "cannot write the job summary") {
		t.Errorf("unwritable summary: exit %d: %s", r.code, r.stderr)
	}
}

// TestInitPicksPresetOnCorpora runs `rolelint init` on a copy of each shared
// corpus (when ../shared/corpus is there) and checks the preset it picks.
func TestInitPicksPresetOnCorpora(t *testing.T) {
	want := map[string]string{
		"backlog-md": "backlog-md", "flux-rfcs": "rfc", "golang-proposal": "go-proposal",
		"prometheus-proposals": "rfc", "semantic-kernel-adrs": "adr",
	}
	root := filepath.Join("..", "shared", "corpus")
	if _, err := os.Stat(root); err != nil {
		t.Skip("no shared corpus beside the repository")
	}
	for name, preset := range want {
		t.Run(name, func(t *testing.T) {
			dst := t.TempDir()
			if err := os.CopyFS(dst, os.DirFS(filepath.Join(root, name))); err != nil {
				t.Fatal(err)
			}
			if r := rolelint(t, dst, "init"); r.code != 0 {
				t.Fatalf("init: exit %d: %s", r.code, r.stderr)
			}
			b, err := os.ReadFile(filepath.Join(dst, ".rolelint.yml"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), "extends: ["+preset+"]") {
				t.Errorf("init picked the wrong preset, want %s:\n%s", preset, b)
			}
			if r := rolelint(t, dst, "--fail-on", "never", "--quiet"); r.code != 0 || r.stderr != "" {
				t.Errorf("lint with the written config: exit %d: %s", r.code, r.stderr)
			}
		})
	}
}
