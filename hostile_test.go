//go:build linux

package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"math/rand"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/rolelint/rolelint/lint"
	"github.com/rolelint/rolelint/lint/gitsrc"
	"github.com/rolelint/rolelint/rules"
)

// runLimit bounds every run of the binary on hostile input: a run that takes
// longer is a hang as far as a pre-commit hook is concerned.
const runLimit = 60 * time.Second

// runOpts are the knobs of one bounded run beyond its arguments.
type runOpts struct {
	env  []string            // extra environment (KEY=VALUE), after the clean defaults
	drop []string            // environment variables to remove (prefixes ending in _ drop a family)
	cred *syscall.Credential // run as this user (tests run as root in CI)
	bin  string              // another copy of the binary
	wrap []string            // run the binary under this command (unshare -n)
}

// boundedResult is a runResult plus the child's peak memory.
type boundedResult struct {
	runResult
	maxRSSKiB int64
}

// rolelintBounded runs the real binary like rolelint does, but fails the test
// if the run takes more than runLimit, and records the child's peak RSS.
func rolelintBounded(t *testing.T, dir string, o runOpts, args ...string) boundedResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), runLimit)
	defer cancel()
	bin := binary
	if o.bin != "" {
		bin = o.bin
	}
	argv := append(append(append([]string{}, o.wrap...), bin), args...)
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.WaitDelay = 5 * time.Second
	cmd.Env = append(filterEnv(os.Environ(), o.drop), "NO_COLOR=", "FORCE_COLOR=", "GITHUB_STEP_SUMMARY=")
	cmd.Env = append(cmd.Env, o.env...)
	if o.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: o.cred}
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("rolelint %s did not finish within %v (a hang)\nstderr:\n%s", strings.Join(args, " "), runLimit, tail(errb.String()))
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running rolelint: %v", err)
	}
	r := boundedResult{runResult: runResult{code: code, stdout: out.String(), stderr: errb.String()}}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.maxRSSKiB = ru.Maxrss // kilobytes on Linux
	}
	t.Logf("rolelint %s: exit %d in %v, max RSS %d KiB", strings.Join(args, " "), code, time.Since(start).Round(time.Millisecond), r.maxRSSKiB)
	return r
}

func filterEnv(env, drop []string) []string {
	var out []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		keep := true
		for _, d := range drop {
			if name == d || strings.HasSuffix(d, "_") && strings.HasPrefix(name, d) {
				keep = false
			}
		}
		if keep {
			out = append(out, kv)
		}
	}
	return out
}

func tail(s string) string {
	if len(s) > 4000 {
		return "…" + s[len(s)-4000:]
	}
	return s
}

// --- documents the catalog builds on ---

// storyNoAC is a story whose only fault is the missing acceptance criteria:
// PO003 on the title (line 7), so a finding proves the file was decoded and
// that line numbers survived.
const storyNoAC = "---\ntype: story\nowner: \"@omar\"\nepic: EPIC-1\npriority: high\n---\n# US-7 Share report\n\n" +
	"As a finance analyst, I want to share the monthly report, so that my manager can review it.\n"

// cleanRepo is a small repository without findings that every case starts from.
func cleanRepo() map[string]string {
	return map[string]string{"backlog/US-1.md": cleanStory, "backlog/EPIC-1.md": cleanEpic, "VISION.md": vision}
}

func with(base map[string]string, extra map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range extra {
		out[k] = v
	}
	return out
}

func utf16File(s string, bigEndian bool) string {
	units := utf16.Encode([]rune(s))
	var b bytes.Buffer
	if bigEndian {
		b.WriteString("\xfe\xff")
	} else {
		b.WriteString("\xff\xfe")
	}
	for _, u := range units {
		if bigEndian {
			b.WriteByte(byte(u >> 8))
			b.WriteByte(byte(u))
		} else {
			b.WriteByte(byte(u))
			b.WriteByte(byte(u >> 8))
		}
	}
	return b.String()
}

// randomBytes is deterministic binary junk.
func randomBytes(n int) string {
	r := rand.New(rand.NewSource(8))
	b := make([]byte, n)
	_, _ = r.Read(b)
	return string(b)
}

// specLinkingVision is a spec whose only link to the vision is dest.
func specLinkingVision(dest string) string {
	return "---\nkind: spec\nstatus: draft\nowner: \"@maya\"\n---\n# Export spec\n\nSee the [vision](" + dest + ").\n"
}

// yamlBomb is the "billion laughs": nine levels of nine aliases each.
func yamlBomb() string {
	var b strings.Builder
	b.WriteString("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "a%d: &a%d [", i, i)
		for j := 0; j < 9; j++ {
			if j > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, "*a%d", i-1)
		}
		b.WriteString("]\n")
	}
	return b.String()
}

// --- the catalog ---

// hostileCase is one bad input: a repository (files, optionally committed,
// plus a setup step for what writeFiles cannot make), arguments, and what
// the user must see.
type hostileCase struct {
	name   string
	files  map[string]string
	plain  bool                           // a plain folder instead of a git repository
	setup  func(t *testing.T, dir string) // symlinks, FIFOs, sparse files, ...
	runDir string                         // run in this subfolder of the repository
	args   []string
	opts   func(t *testing.T, dir string) runOpts
	code   int
	stdout string // regexp the standard output must match
	stderr string // regexp the standard error must match
	never  string // regexp neither output may match
	// knownBug, when set, skips the case: it names a bug in a file this
	// test's author does not own (see the report of issue 8).
	knownBug string
}

func hostileCatalog() []hostileCase {
	const summary = `no findings in \d+ documents`
	return []hostileCase{
		// Files that are not what they claim.
		{name: "binary data named .md", files: with(cleanRepo(), map[string]string{"backlog/x.md": "\x89PNG\r\n\x1a\n" + randomBytes(4096)}),
			code: 0, stdout: `backlog/x\.md:1:1: warning RL001 binary file`},
		{name: "UTF-16 LE with BOM", files: with(cleanRepo(), map[string]string{"backlog/US-7.md": utf16File(storyNoAC, false)}),
			code: 1, stdout: `backlog/US-7\.md:7:1: error PO003 `, never: `US-7\.md.*RL001`},
		{name: "UTF-16 BE with BOM", files: with(cleanRepo(), map[string]string{"backlog/US-7.md": utf16File(storyNoAC, true)}),
			code: 1, stdout: `backlog/US-7\.md:7:1: error PO003 `, never: `US-7\.md.*RL001`},
		{name: "UTF-8 BOM", files: with(cleanRepo(), map[string]string{"backlog/US-7.md": "\ufeff" + storyNoAC}),
			code: 1, stdout: `backlog/US-7\.md:7:1: error PO003 `},
		{name: "invalid UTF-8", files: with(cleanRepo(), map[string]string{"backlog/US-7.md": strings.Replace(storyNoAC, "report", "rep\xff\xfe\xc3(ort", 1)}),
			code: 1, stdout: `backlog/US-7\.md:7:1: error PO003 `},
		{name: "NUL bytes", files: with(cleanRepo(), map[string]string{"backlog/US-7.md": storyNoAC + "\x00\x00tail\n"}),
			code: 0, stdout: `backlog/US-7\.md:1:1: warning RL001 binary file`},
		{name: "CRLF line endings", files: with(cleanRepo(), map[string]string{"backlog/US-7.md": strings.ReplaceAll(storyNoAC, "\n", "\r\n")}),
			code: 1, stdout: `backlog/US-7\.md:7:1: error PO003 `},
		{name: "lone CR line endings", files: with(cleanRepo(), map[string]string{"backlog/US-7.md": strings.ReplaceAll(storyNoAC, "\n", "\r")}),
			code: 1, stdout: `backlog/US-7\.md:7:1: error PO003 `},
		{name: "control characters and ANSI escapes are not echoed", files: with(cleanRepo(), map[string]string{"backlog/US-7.md": strings.Replace(storyNoAC, "Share report", "Share \x1b[31mred\x1b[0m\x07 report", 1)}),
			args: []string{"--color", "never"}, code: 1, stdout: `backlog/US-7\.md:7:1: error PO003 `, never: "[\x1b\x07]"},
		{name: "newline in a file name cannot forge an output line", plain: true,
			files: with(cleanRepo(), map[string]string{"backlog/evil\nforged.md:1:1: error PO999 x.md": storyNoAC}),
			args:  []string{"--color", "never"}, code: 1, stdout: `backlog/evil\x{FFFD}forged\.md:1:1: error PO999 x\.md:7:1: error PO003 `, never: `(?m)^forged\.md`},
		{name: "binary CODEOWNERS", files: with(cleanRepo(), map[string]string{".rolelint.yml": "version: 1\nroles:\n  codeowners: true\n", ".github/CODEOWNERS": randomBytes(2048)}),
			code: 0, stdout: `\.github/CODEOWNERS: warning: \.github/CODEOWNERS:\d+: `},
		{name: "symlink to a file outside the repository", files: cleanRepo(),
			setup: func(t *testing.T, dir string) {
				outside := filepath.Join(t.TempDir(), "secret.md")
				must(t, os.WriteFile(outside, []byte(storyNoAC), 0o644))
				must(t, os.Symlink(outside, filepath.Join(dir, "backlog", "US-7.md")))
			},
			code: 0, stdout: `backlog/US-7\.md: note: symlink to outside the repository, not followed`, never: `PO003`},
		{name: "symlink loop", files: cleanRepo(),
			setup: func(t *testing.T, dir string) {
				must(t, os.Symlink("b.md", filepath.Join(dir, "backlog", "a.md")))
				must(t, os.Symlink("a.md", filepath.Join(dir, "backlog", "b.md")))
			},
			code: 0, stdout: `backlog/a\.md: note: broken symlink or symlink loop, not followed`},
		{name: "directory named x.md", files: with(cleanRepo(), map[string]string{"backlog/x.md/US-7.md": storyNoAC}),
			code: 1, stdout: `backlog/x\.md/US-7\.md:7:1: error PO003 `, never: `cannot read`},
		{name: "unreadable file (permission denied)", files: cleanRepo(),
			setup: func(t *testing.T, dir string) {
				p := filepath.Join(dir, "backlog", "US-7.md")
				must(t, os.WriteFile(p, []byte(storyNoAC), 0o644))
				must(t, os.Chmod(p, 0))
			},
			opts: unprivileged, code: 0, stdout: `backlog/US-7\.md: error: cannot read: .*permission denied`},
		{name: "FIFO named x.md is not opened", files: cleanRepo(),
			setup: func(t *testing.T, dir string) {
				must(t, syscall.Mkfifo(filepath.Join(dir, "backlog", "x.md"), 0o644))
			},
			code: 0, stdout: `backlog/x\.md: note: not a regular file \(FIFO`},
		{name: "file over --max-file-size", files: with(cleanRepo(), map[string]string{"backlog/US-7.md": storyNoAC + strings.Repeat("More words. ", 100)}),
			args: []string{"--max-file-size", "1000"}, code: 0,
			stdout: `backlog/US-7\.md: note: skipped: \d+ bytes is over the 1000-byte limit \(--max-file-size\)`},
		{name: "1 GB sparse big.md", files: cleanRepo(),
			setup: func(t *testing.T, dir string) { sparseFile(t, filepath.Join(dir, "big.md"), 1<<30) },
			code:  0, stdout: `big\.md: note: skipped: 1073741824 bytes is over the 4194304-byte limit`},
		{name: "10 MB line, over the default limit", files: with(cleanRepo(), map[string]string{"backlog/US-7.md": storyNoAC + strings.Repeat("x", 10<<20) + "\n"}),
			code: 0, stdout: `backlog/US-7\.md: note: skipped: \d+ bytes is over the 4194304-byte limit`},
		{name: "10 MB line, under a raised limit", files: with(cleanRepo(), map[string]string{"backlog/US-7.md": storyNoAC + "\n" + strings.Repeat("x", 10<<20) + "\n"}),
			args: []string{"--max-file-size", "20000000"}, code: 1, stdout: `backlog/US-7\.md:7:1: error PO003 `},
		{name: "10,000 nested lists", files: with(cleanRepo(), map[string]string{"backlog/US-7.md": storyNoAC + "\n" + strings.Repeat("- ", 10000) + "deep\n"}),
			code: 1, stdout: `backlog/US-7\.md:7:1: error PO003 `},
		{name: "10,000 nested ordered lists", files: with(cleanRepo(), map[string]string{"backlog/US-7.md": storyNoAC + "\n" + strings.Repeat("1. ", 10000) + "deep\n"}),
			code: 1, stdout: `backlog/US-7\.md:7:1: error PO003 `},
		{name: "10,000 nested block quotes", files: with(cleanRepo(), map[string]string{"backlog/US-7.md": storyNoAC + "\n" + strings.Repeat(">", 10000) + " deep\n"}),
			code: 1, stdout: `backlog/US-7\.md:7:1: error PO003 `},
		{name: "10,000 nested brackets and emphasis", files: with(cleanRepo(), map[string]string{"backlog/US-7.md": storyNoAC + "\n" + strings.Repeat("[*_", 10000) + "x" + strings.Repeat("_*](a)", 10000) + "\n"}),
			code: 1, stdout: `backlog/US-7\.md:7:1: error PO003 `},
		{name: "100,000 headings", files: with(cleanRepo(), map[string]string{"backlog/US-7.md": storyNoAC + "\n" + manyHeadings(100000)}),
			code: 1, stdout: `backlog/US-7\.md:7:1: error PO003 `},
		{name: "YAML bomb in front matter", files: with(cleanRepo(), map[string]string{"backlog/US-7.md": "---\n" + yamlBomb() + strings.TrimPrefix(storyNoAC, "---\n")}),
			code: 1, stdout: `backlog/US-7\.md:\d+:1: error PO003 `},
		{name: "front matter never closed", files: with(cleanRepo(), map[string]string{"backlog/US-7.md": "---\ntype: story\nowner: \"@omar\"\n# US-7 x\n"}),
			code: 1, stdout: `backlog/US-7\.md:\d+:\d+: `},

		// Configuration.
		{name: ".rolelint.yml YAML bomb", files: with(cleanRepo(), map[string]string{".rolelint.yml": yamlBomb()}),
			code: 2, stderr: `\.rolelint\.yml:\d+: .*aliases`},
		{name: "config is a list", files: with(cleanRepo(), map[string]string{".rolelint.yml": "- a\n- b\n"}),
			code: 2, stderr: `\.rolelint\.yml:1: the config must be a mapping`},
		{name: "config is a string", files: with(cleanRepo(), map[string]string{".rolelint.yml": "just words\n"}),
			code: 2, stderr: `\.rolelint\.yml:1: the config must be a mapping`},
		{name: "config indented with tabs", files: with(cleanRepo(), map[string]string{".rolelint.yml": "version: 1\nrules:\n\tPO003: off\n"}),
			code: 2, stderr: `\.rolelint\.yml:3: `},
		{name: "empty config", files: with(cleanRepo(), map[string]string{".rolelint.yml": ""}),
			code: 0, stdout: summary},
		{name: "config of comments only", files: with(cleanRepo(), map[string]string{".rolelint.yml": "# nothing yet\n"}),
			code: 0, stdout: summary},
		{name: "config not UTF-8", files: with(cleanRepo(), map[string]string{".rolelint.yml": "\xff\xfev\x00e\x00"}),
			code: 2, stderr: `\.rolelint\.yml:1: .*UTF-8`},
		{name: "config that is binary junk", files: with(cleanRepo(), map[string]string{".rolelint.yml": randomBytes(512)}),
			code: 2, stderr: `\.rolelint\.yml`},
		{name: "--config names a missing file", files: cleanRepo(), args: []string{"--config", "nope.yml"},
			code: 2, stderr: `nope\.yml`},
		{name: "--config names a directory", files: cleanRepo(), args: []string{"--config", "backlog"},
			code: 2, stderr: `backlog`},

		// Paths and links.
		{name: "path argument outside the repository", files: cleanRepo(),
			setup: func(t *testing.T, dir string) {
				must(t, os.WriteFile(filepath.Join(filepath.Dir(dir), "outside.md"), []byte(storyNoAC), 0o644))
			},
			args: []string{"backlog", "../outside.md"}, code: 2, stderr: `path \.\./outside\.md is outside the project`},
		{name: "missing path argument", files: cleanRepo(), args: []string{"nope/x.md"}, code: 2, stderr: `path nope/x\.md does not exist`},
		{name: "link with .. past the root", files: with(cleanRepo(), map[string]string{"docs/specs/export.md": specLinkingVision("../../../../VISION.md")}),
			args: []string{"--fail-on", "never"}, code: 0, stdout: `docs/specs/export\.md:\d+:\d+: warning PM005 `},
		{name: "link with %2e%2e past the root", files: with(cleanRepo(), map[string]string{"docs/specs/export.md": specLinkingVision("%2e%2e/%2e%2e/%2e%2e/%2e%2e/VISION.md")}),
			args: []string{"--fail-on", "never"}, code: 0, stdout: `docs/specs/export\.md:\d+:\d+: warning PM005 `},
		{name: "link with %2E%2E%2F past the root", files: with(cleanRepo(), map[string]string{"docs/specs/export.md": specLinkingVision("%2E%2E%2F%2E%2E%2F%2E%2E%2FVISION.md")}),
			args: []string{"--fail-on", "never"}, code: 0, stdout: `docs/specs/export\.md:\d+:\d+: warning PM005 `},
		{name: "link with a NUL byte", files: with(cleanRepo(), map[string]string{"docs/specs/export.md": specLinkingVision("../../VISION.md%00.txt")}),
			args: []string{"--fail-on", "never"}, code: 0, stdout: `docs/specs/export\.md:\d+:\d+: warning PM005 `},
		{name: "absolute link is relative to the repository root", files: with(cleanRepo(), map[string]string{"docs/specs/export.md": specLinkingVision("/VISION.md")}),
			args: []string{"--fail-on", "never"}, code: 0, stdout: `docs/specs/export\.md:6:1: error PM002 `, never: `PM005`},
		{name: "header reference past the root", files: with(cleanRepo(), map[string]string{"backlog/US-7.md": strings.Replace(storyNoAC, "epic: EPIC-1", "epic: ../../../../etc/passwd", 1)}),
			code: 1, stdout: `backlog/US-7\.md:4:1: error RC003 broken link: "\.\./\.\./\.\./\.\./etc/passwd" does not exist`},

		// Flags.
		{name: "SARIF to a missing directory", files: cleanRepo(), args: []string{"--format", "sarif=/nonexistent/dir/x.sarif"},
			code: 3, stderr: `cannot write the sarif report.*/nonexistent/dir/`},
		{name: "unknown --sets value", files: cleanRepo(), args: []string{"--sets", "po,xx"}, code: 2, stderr: `--sets "xx"`},
		{name: "--jobs 0 means the default", files: cleanRepo(), args: []string{"--jobs", "0"}, code: 0, stdout: summary},
		{name: "--jobs negative means the default", files: cleanRepo(), args: []string{"--jobs", "-4"}, code: 0, stdout: summary},
		{name: "--jobs not a number", files: cleanRepo(), args: []string{"--jobs", "many"}, code: 2, stderr: `jobs`},
		{name: "--staged with --rev", files: cleanRepo(), args: []string{"--staged", "--rev", "HEAD"}, code: 2, stderr: `--staged and --rev cannot be used together`},
		{name: "--new-only without --since", files: cleanRepo(), args: []string{"--new-only"}, code: 2, stderr: `--new-only needs --since`},
		{name: "--since outside git", plain: true, files: cleanRepo(), args: []string{"--since", "HEAD"}, code: 2, stderr: `need a git repository`},
		{name: "unknown --fail-on", files: cleanRepo(), args: []string{"--fail-on", "sometimes"}, code: 2, stderr: `--fail-on "sometimes"`},
		{name: "unknown --color", files: cleanRepo(), args: []string{"--color", "rainbow"}, code: 2, stderr: `--color "rainbow"`},
		{name: "two formats on standard output", files: cleanRepo(), args: []string{"--format", "json", "--format", "sarif"}, code: 2, stderr: `only one format`},
		{name: "missing baseline", files: cleanRepo(), args: []string{"--baseline", "nope.json"}, code: 2, stderr: `nope\.json`},
		{name: "baseline that is junk", files: with(cleanRepo(), map[string]string{"base.json": randomBytes(64)}), args: []string{"--baseline", "base.json"}, code: 2, stderr: `base\.json`},
		{name: "unknown revision", files: cleanRepo(), args: []string{"--rev", "no-such-branch"}, code: 3, stderr: `revision "no-such-branch" not found`},

		// Repositories that are not what they claim.
		{name: "shallow clone, --since beyond its history", files: cleanRepo(), setup: shallowClone, runDir: "shallow",
			args: []string{"--since", "HEAD~2"}, code: 3, stderr: `shallow`},
		{name: "SHA-256 repository", plain: true, files: cleanRepo(), setup: sha256Repo, code: 3, stderr: `SHA-256`},
		{name: "bare repository without --rev lints HEAD", files: cleanRepo(), setup: bareClone, runDir: "bare.git",
			code: 0, stdout: `no findings in 3 documents`},
		{name: "bare repository with --staged", files: cleanRepo(), setup: bareClone, runDir: "bare.git", args: []string{"--staged"},
			code: 2, stderr: `bare`},
		{name: ".git file pointing nowhere", plain: true, files: with(cleanRepo(), map[string]string{".git": "gitdir: /nonexistent/worktrees/x\n"}),
			code: 3, stderr: `\.git`},
		{name: "corrupt .git/index", files: cleanRepo(),
			setup: func(t *testing.T, dir string) {
				must(t, os.WriteFile(filepath.Join(dir, ".git", "index"), []byte("DIRC garbage"), 0o644))
			},
			code: 3, stderr: `\.git/index`},
		{name: "corrupt HEAD", files: cleanRepo(),
			setup: func(t *testing.T, dir string) {
				must(t, os.WriteFile(filepath.Join(dir, ".git", "HEAD"), []byte("junk\n"), 0o644))
			},
			args: []string{"--rev", "HEAD"}, code: 3, stderr: `HEAD`},
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func manyHeadings(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "## Section %d\n", i)
	}
	return b.String()
}

func sparseFile(t *testing.T, p string, size int64) {
	t.Helper()
	f, err := os.Create(p)
	must(t, err)
	must(t, f.Truncate(size))
	must(t, f.Close())
}

// unprivileged makes the binary run as nobody when the tests run as root
// (root reads a 0000 file, so the permission error would never happen) and
// lets nobody reach the repository and the binary.
func unprivileged(t *testing.T, dir string) runOpts {
	if os.Geteuid() != 0 {
		return runOpts{}
	}
	shared, err := os.MkdirTemp("", "rolelint-nobody")
	must(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(shared) })
	must(t, os.Chmod(shared, 0o755))
	bin := filepath.Join(shared, "rolelint")
	copyFile(t, binary, bin, 0o755)
	// Open the folders from the repository up to (not including) the
	// system temp folder, which must keep its own mode.
	tmp := filepath.Clean(os.TempDir())
	for d := dir; d != tmp && d != "/" && d != "."; d = filepath.Dir(d) {
		if !strings.HasPrefix(d, tmp+string(filepath.Separator)) {
			t.Fatalf("%s is not under %s: cannot open it to nobody safely", dir, tmp)
		}
		must(t, os.Chmod(d, 0o755))
	}
	_ = filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err == nil && e.IsDir() {
			_ = os.Chmod(p, 0o755)
		}
		return nil
	})
	return runOpts{bin: bin, cred: &syscall.Credential{Uid: 65534, Gid: 65534}}
}

func copyFile(t *testing.T, from, to string, mode os.FileMode) {
	t.Helper()
	in, err := os.Open(from)
	must(t, err)
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	must(t, err)
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	must(t, out.Close())
}

// needGit skips a case that needs the git binary (go-git cannot make
// shallow clones from a local path or SHA-256 repositories).
func needGit(t *testing.T) string {
	t.Helper()
	g, err := exec.LookPath("git")
	if err != nil {
		t.Skip("the git binary is needed to build this repository")
	}
	return g
}

func runGit(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command(needGit(t), args...)
	cmd.Dir = dir
	cmd.Env = append(filterEnv(os.Environ(), []string{"GIT_"}),
		"GIT_AUTHOR_NAME=T", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=T", "GIT_COMMITTER_EMAIL=t@example.com",
		"GIT_CONFIG_NOSYSTEM=1", "HOME="+t.TempDir())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// shallowClone adds two commits to the repository and clones it with depth 1 into dir/shallow.
func shallowClone(t *testing.T, dir string) {
	for i := 2; i <= 3; i++ {
		writeFiles(t, dir, map[string]string{fmt.Sprintf("notes/n%d.md", i): fmt.Sprintf("# Note %d\n", i)})
		commitAll(t, dir, fmt.Sprintf("commit %d", i))
	}
	runGit(t, dir, "clone", "--quiet", "--depth", "1", "file://"+dir, filepath.Join(dir, "shallow"))
}

// bareClone clones the repository bare into dir/bare.git.
func bareClone(t *testing.T, dir string) {
	_, err := git.PlainClone(filepath.Join(dir, "bare.git"), true, &git.CloneOptions{URL: dir})
	must(t, err)
}

// sha256Repo makes dir a SHA-256 repository with one commit.
func sha256Repo(t *testing.T, dir string) {
	runGit(t, dir, "init", "--quiet", "--object-format=sha256")
	runGit(t, dir, "add", ".")
	runGit(t, dir, "commit", "--quiet", "-m", "docs")
}

func commitAll(t *testing.T, dir, msg string) {
	t.Helper()
	repo, err := git.PlainOpen(dir)
	must(t, err)
	wt, err := repo.Worktree()
	must(t, err)
	must(t, wt.AddGlob("."))
	_, err = wt.Commit(msg, &git.CommitOptions{Author: &object.Signature{Name: "T", Email: "t@example.com", When: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)}})
	must(t, err)
}

// TestHostileInputs walks the catalog through the real binary: each case
// must end with its exit code and message, within runLimit, without a Go
// stack trace or an unprefixed error line on standard error.
func TestHostileInputs(t *testing.T) {
	cases := hostileCatalog()
	if len(cases) < 30 {
		t.Fatalf("the catalog has %d cases; issue 8 wants at least 30", len(cases))
	}
	seen := map[string]bool{}
	for _, tc := range cases {
		if seen[tc.name] {
			t.Fatalf("two cases named %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			if tc.knownBug != "" && os.Getenv("ROLELINT_KNOWN_BUGS") == "" {
				t.Skip("known bug (ROLELINT_KNOWN_BUGS=1 runs it): " + tc.knownBug)
			}
			var dir string
			if tc.plain {
				dir = t.TempDir()
				writeFiles(t, dir, tc.files)
			} else {
				dir = gitRepo(t, tc.files)
			}
			if tc.setup != nil {
				tc.setup(t, dir)
			}
			var o runOpts
			if tc.opts != nil {
				o = tc.opts(t, dir)
			}
			r := rolelintBounded(t, filepath.Join(dir, tc.runDir), o, tc.args...)
			checkHostile(t, tc, r.runResult)
		})
	}
}

func checkHostile(t *testing.T, tc hostileCase, r runResult) {
	t.Helper()
	if r.code != tc.code {
		t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tc.code, tail(r.stdout), tail(r.stderr))
	}
	if tc.stdout != "" && !regexp.MustCompile(tc.stdout).MatchString(r.stdout) {
		t.Errorf("stdout does not match %q:\n%s", tc.stdout, tail(r.stdout))
	}
	if tc.stderr != "" && !regexp.MustCompile(tc.stderr).MatchString(r.stderr) {
		t.Errorf("stderr does not match %q:\n%s", tc.stderr, tail(r.stderr))
	}
	if tc.never != "" {
		re := regexp.MustCompile(tc.never)
		if loc := re.FindStringIndex(r.stdout + r.stderr); loc != nil {
			t.Errorf("output holds %q, which it must not:\n%s", (r.stdout + r.stderr)[loc[0]:loc[1]], tail(r.stdout+r.stderr))
		}
	}
	assertCleanStderr(t, r.stderr)
}

// assertCleanStderr fails on a Go stack trace and on any error line that is
// not rolelint's own (a raw library error reaching the user).
func assertCleanStderr(t *testing.T, stderr string) {
	t.Helper()
	for _, bad := range []string{"goroutine ", "panic:", "runtime error", ".go:"} {
		if strings.Contains(stderr, bad) {
			t.Errorf("a stack trace or Go source position reached the user (%q):\n%s", bad, tail(stderr))
		}
	}
	for _, line := range strings.Split(strings.TrimRight(stderr, "\n"), "\n") {
		if line == "" || strings.HasPrefix(line, "rolelint: ") || strings.HasPrefix(line, "Run 'rolelint") ||
			strings.HasPrefix(line, "Incorrect Usage") {
			continue
		}
		t.Errorf("stderr line without the rolelint: prefix: %q", line)
	}
}

// TestTrackedFileMissingFromWorktree deletes a committed file from disk
// before the run: the worktree view no longer holds it (as git status would
// say, deleted), the index view still does.
func TestTrackedFileMissingFromWorktree(t *testing.T) {
	dir := gitRepo(t, with(cleanRepo(), map[string]string{"backlog/US-7.md": storyNoAC}))
	must(t, os.Remove(filepath.Join(dir, "backlog", "US-7.md")))
	r := rolelintBounded(t, dir, runOpts{})
	if r.code != 0 || !strings.Contains(r.stdout, "no findings in 3 documents") {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	assertCleanStderr(t, r.stderr)
	r = rolelintBounded(t, dir, runOpts{}, "--staged")
	if r.code != 1 || !strings.Contains(r.stdout, "backlog/US-7.md:7:1: error PO003") {
		t.Fatalf("--staged must lint the index copy of the deleted file; exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
}

// vanishingSource is a real directory source whose chosen file is deleted
// (or made unreadable) between the listing and the read, as when an editor
// or a checkout rewrites the tree during a run.
type vanishingSource struct {
	lint.Source
	root, victim string
	hit          func(path string) error
}

func (v *vanishingSource) Read(p string, limit int64) ([]byte, error) {
	if p == v.victim {
		if err := v.hit(filepath.Join(v.root, filepath.FromSlash(p))); err != nil {
			return nil, err
		}
	}
	return v.Source.Read(p, limit)
}

// TestFileVanishesMidRun deletes a file, and replaces another with a
// directory, after the run has listed it: the run names each in an error
// notification and still checks the other documents.
func TestFileVanishesMidRun(t *testing.T) {
	for _, tc := range []struct {
		name string
		hit  func(string) error
		want string
	}{
		{"deleted", os.Remove, "no such file or directory"},
		{"replaced by a directory", func(p string) error {
			if err := os.Remove(p); err != nil {
				return err
			}
			return os.Mkdir(p, 0o755)
		}, "not a regular file"},
		{"replaced by a symlink out of the repository", func(p string) error {
			if err := os.Remove(p); err != nil {
				return err
			}
			return os.Symlink("/etc/passwd", p)
		}, "outside the repository"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, with(cleanRepo(), map[string]string{"backlog/US-7.md": storyNoAC, "backlog/US-8.md": strings.Replace(storyNoAC, "US-7", "US-8", 1)}))
			d, err := gitsrc.NewDir(dir)
			must(t, err)
			src := &vanishingSource{Source: d, root: dir, victim: "backlog/US-7.md", hit: tc.hit}
			res, err := lint.Run(lint.Options{Source: src, Rules: rules.All(), Jobs: 2})
			if err != nil {
				t.Fatalf("the run stopped: %v", err)
			}
			var note *lint.Notification
			for i, n := range res.Notifications {
				if n.Path == "backlog/US-7.md" {
					note = &res.Notifications[i]
				}
			}
			if note == nil || note.Level != lint.SeverityError || !strings.Contains(note.Message, tc.want) {
				t.Fatalf("no error notification naming backlog/US-7.md with %q: %+v", tc.want, res.Notifications)
			}
			found := false
			for _, f := range res.Findings {
				if f.Path == "backlog/US-7.md" {
					t.Errorf("a finding on the vanished file: %+v", f)
				}
				found = found || f.Path == "backlog/US-8.md" && f.RuleID == "PO003"
			}
			if !found {
				t.Errorf("the other documents were not checked: no PO003 on backlog/US-8.md")
			}
		})
	}
}

// --- no side effects ---

// fileState is what a run must not change about one path.
type fileState struct {
	mode  fs.FileMode
	size  int64
	mtime time.Time
	hash  string
}

// snapshot records every file, directory and symlink under root, .git
// included, with content hashes and modification times.
func snapshot(t *testing.T, root string) map[string]fileState {
	t.Helper()
	out := map[string]fileState{}
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		st := fileState{mode: info.Mode(), size: info.Size(), mtime: info.ModTime()}
		if info.Mode().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(b)
			st.hash = hex.EncodeToString(sum[:])
		}
		if e.IsDir() {
			st.mtime = time.Time{} // listing is compared through the entries themselves
		}
		out[rel] = st
		return nil
	})
	must(t, err)
	return out
}

func diffSnapshots(before, after map[string]fileState) []string {
	var diffs []string
	for p, b := range before {
		a, ok := after[p]
		switch {
		case !ok:
			diffs = append(diffs, "removed: "+p)
		case a.hash != b.hash || a.size != b.size:
			diffs = append(diffs, "content changed: "+p)
		case a.mode != b.mode:
			diffs = append(diffs, fmt.Sprintf("mode changed: %s %v -> %v", p, b.mode, a.mode))
		case !a.mtime.Equal(b.mtime):
			diffs = append(diffs, fmt.Sprintf("mtime changed: %s %v -> %v", p, b.mtime, a.mtime))
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			diffs = append(diffs, "added: "+p)
		}
	}
	sort.Strings(diffs)
	return diffs
}

// TestNoSideEffects runs lint in every format and mode on a repository with
// staged, unstaged and untracked changes, and checks that nothing under the
// repository changed: not a byte, not a timestamp, not .git/index. With
// --no-cache (or ROLELINT_NO_CACHE=1) that holds for .git/rolelint too; with
// the cache on, the only changes are under .git/rolelint, where it lives.
func TestNoSideEffects(t *testing.T) {
	dir := gitRepo(t, with(cleanRepo(), map[string]string{"docs/specs/export.md": specLinkingVision("../../VISION.md")}))
	writeFiles(t, dir, map[string]string{"backlog/US-7.md": storyNoAC})
	commitAll(t, dir, "second")
	// A staged change, an unstaged change and an untracked file.
	writeFiles(t, dir, map[string]string{"backlog/US-8.md": strings.Replace(storyNoAC, "US-7", "US-8", 1)})
	repo, err := git.PlainOpen(dir)
	must(t, err)
	wt, err := repo.Worktree()
	must(t, err)
	_, err = wt.Add("backlog/US-8.md")
	must(t, err)
	writeFiles(t, dir, map[string]string{
		"backlog/US-7.md": storyNoAC + "\nMore text.\n",
		"backlog/US-9.md": strings.Replace(storyNoAC, "US-7", "US-9", 1),
	})
	// Give the index and the files a timestamp in the past, so that a
	// rewrite, even within the same second, shows.
	past := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	_ = filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			_ = os.Chtimes(p, past, past)
		}
		return nil
	})
	out := t.TempDir()
	before := snapshot(t, dir)
	cacheDir := filepath.Join(".git", "rolelint")
	outsideCache := func(diffs []string) []string {
		var rest []string
		for _, d := range diffs {
			_, p, _ := strings.Cut(d, ": ")
			if p != cacheDir && !strings.HasPrefix(p, cacheDir+string(filepath.Separator)) {
				rest = append(rest, d)
			}
		}
		return rest
	}
	// The cache switch of the caller's environment is dropped: each run
	// says whether it wants the cache.
	noEnv := runOpts{drop: []string{"ROLELINT_NO_CACHE"}}
	offEnv := runOpts{drop: noEnv.drop, env: []string{"ROLELINT_NO_CACHE=1"}}

	modes := [][]string{nil, {"--staged"}, {"--since", "HEAD~1"}, {"--since", "HEAD~1", "--new-only"}, {"--rev", "HEAD"}, {"--rev", "HEAD~1", "backlog"}}
	formats := []string{"text", "json", "sarif", "github", "markdown"}
	for _, mode := range modes {
		for _, format := range formats {
			args := append(append([]string{}, mode...), "--format", format,
				"--format", "sarif="+filepath.Join(out, "x.sarif"), "--summary", filepath.Join(out, "summary.md"),
				"--write-baseline", filepath.Join(out, "baseline.json"))
			// Without the cache: nothing changes, .git/rolelint included
			// (which earlier runs with the cache may have made).
			for _, off := range []struct {
				flags []string
				o     runOpts
			}{{[]string{"--no-cache"}, noEnv}, {nil, offEnv}} {
				cur := snapshot(t, dir)
				a := append(append([]string{}, off.flags...), args...)
				r := rolelintBounded(t, dir, off.o, a...)
				if r.code != 0 && r.code != 1 {
					t.Fatalf("rolelint %v %v: exit %d\n%s", off.o.env, a, r.code, r.stderr)
				}
				if diffs := diffSnapshots(cur, snapshot(t, dir)); len(diffs) > 0 {
					t.Fatalf("rolelint %v %v changed the repository:\n%s", off.o.env, a, strings.Join(diffs, "\n"))
				}
			}
			// With the cache: only .git/rolelint changes.
			r := rolelintBounded(t, dir, noEnv, args...)
			if r.code != 0 && r.code != 1 {
				t.Fatalf("rolelint %v: exit %d\n%s", args, r.code, r.stderr)
			}
			if diffs := outsideCache(diffSnapshots(before, snapshot(t, dir))); len(diffs) > 0 {
				t.Fatalf("rolelint %v changed the repository outside %s:\n%s", args, cacheDir, strings.Join(diffs, "\n"))
			}
		}
	}
	// The cache was written where it belongs, and only there.
	after := snapshot(t, dir)
	if _, ok := after[filepath.Join(cacheDir, "cache", "root")]; !ok {
		t.Errorf("runs with the cache on wrote no %s", filepath.Join(cacheDir, "cache", "root"))
	}
	for p := range after {
		if _, ok := before[p]; !ok && strings.Contains(filepath.Base(p), ".tmp") {
			t.Errorf("a temporary file was left behind: %s", p)
		}
	}
	for _, sub := range [][]string{{"rules"}, {"explain", "PO003"}, {"graph"}, {"version"}} {
		cur := snapshot(t, dir)
		rolelintBounded(t, dir, noEnv, sub...)
		if diffs := diffSnapshots(cur, snapshot(t, dir)); len(diffs) > 0 {
			t.Fatalf("rolelint %v changed the repository:\n%s", sub, strings.Join(diffs, "\n"))
		}
	}
}

// --- no network ---

// closedPort returns a local address nothing listens on: a connection
// attempt through a proxy there fails at once.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	addr := l.Addr().String()
	must(t, l.Close())
	return addr
}

// TestNoNetwork runs the binary with every proxy variable pointing at a
// closed port and the git environment removed, on a repository whose origin
// is an https URL; then, when unshare works (root on Linux), inside a fresh
// network namespace with no interfaces up. The output must be the same as
// an ordinary run's.
func TestNoNetwork(t *testing.T) {
	dir := gitRepo(t, with(cleanRepo(), map[string]string{"backlog/US-7.md": storyNoAC}))
	repo, err := git.PlainOpen(dir)
	must(t, err)
	cfg, err := repo.Config()
	must(t, err)
	cfg.Raw.Section("remote").Subsection("origin").SetOption("url", "https://github.com/rolelint/private.git")
	cfg.Raw.Section("remote").Subsection("origin").SetOption("fetch", "+refs/heads/*:refs/remotes/origin/*")
	must(t, repo.Storer.SetConfig(cfg))

	args := []string{"--format", "sarif", "--since", "HEAD"}
	want := rolelintBounded(t, dir, runOpts{}, args...)
	if want.code != 0 && want.code != 1 {
		t.Fatalf("baseline run: exit %d\n%s", want.code, want.stderr)
	}
	proxy := "http://" + closedPort(t)
	noNet := runOpts{
		drop: []string{"GIT_", "http_proxy", "https_proxy", "all_proxy", "no_proxy", "NO_PROXY"},
		env:  []string{"HTTP_PROXY=" + proxy, "HTTPS_PROXY=" + proxy, "ALL_PROXY=socks5://" + strings.TrimPrefix(proxy, "http://"), "http_proxy=" + proxy, "https_proxy=" + proxy},
	}
	got := rolelintBounded(t, dir, noNet, args...)
	if got.code != want.code || got.stdout != want.stdout {
		t.Fatalf("with a failing proxy: exit %d (want %d), output differs: %v\nstderr:\n%s", got.code, want.code, got.stdout != want.stdout, got.stderr)
	}

	unshare, err := exec.LookPath("unshare")
	if err != nil || exec.Command(unshare, "-n", "true").Run() != nil {
		t.Log("unshare -n is not available here: the network namespace part is skipped")
		return
	}
	noNet.wrap = []string{unshare, "-n"}
	got = rolelintBounded(t, dir, noNet, args...)
	if got.code != want.code || got.stdout != want.stdout {
		t.Fatalf("in a network namespace: exit %d (want %d), output differs: %v\nstderr:\n%s", got.code, want.code, got.stdout != want.stdout, got.stderr)
	}
}

// --- determinism on a generated repository ---

// generatedRepo writes n documents of every kind, with faults spread over
// them, cross links and a backlog file; deterministic for a given n.
func generatedRepo(t *testing.T, dir string, n int) {
	t.Helper()
	files := map[string]string{
		"VISION.md": vision,
		"BACKLOG.md": "---\nkind: backlog\nowner: \"@omar\"\n---\n# Backlog\n\n## US-900 Import\n\nAs a user, I want to import data, so that I save time.\n\n" +
			"## US-901 Import\n\nAs a user, I want to import data, so that I save time.\n",
	}
	for i := 0; i < n; i++ {
		switch i % 5 {
		case 0:
			files[fmt.Sprintf("docs/specs/spec-%03d.md", i)] = fmt.Sprintf("---\nkind: spec\nstatus: %s\nowner: \"@maya\"\n---\n# Spec %d\n\n## Problem\n\nPeople wait.\n\n"+
				"## Goals\n\n- faster by %d%%\n\nSee [vision](../../VISION.md) and [epic](../../backlog/EPIC-%03d.md).\n", []string{"draft", "approved", "tbd"}[i%3], i, i, i+1)
		case 1:
			files[fmt.Sprintf("backlog/EPIC-%03d.md", i)] = fmt.Sprintf("---\ntype: epic\nid: EPIC-%03d\nowner: \"@omar\"\npriority: high\nproduct_goal: ../VISION.md\n---\n# EPIC-%03d Area %d\n\nScope.\n", i, i, i)
		case 2:
			files[fmt.Sprintf("backlog/US-%03d.md", i)] = fmt.Sprintf("---\ntype: story\nowner: \"@omar\"\nepic: EPIC-%03d\npriority: low\n---\n# US-%03d Export\n\n"+
				"As a finance analyst, I want to export report %d, so that I can reconcile it.\n\n## Acceptance Criteria\n\n- [ ] It should be fast and user-friendly.\n", i-1, i, i)
		case 3:
			files[fmt.Sprintf("backlog/US-%03d.md", i)] = fmt.Sprintf("---\ntype: story\nowner: \"@omar\", \"@maya\"\n---\n# US-%03d Export\n\nExport things.\n\n<!-- rolelint-disable-next-line PO999 -->\n", i)
		default:
			files[fmt.Sprintf("bugs/BUG-%03d.md", i)] = fmt.Sprintf("---\ntype: bug\nowner: \"@omar\"\n---\n# BUG-%03d Crash\n\nIt crashes.\n", i)
		}
	}
	writeFiles(t, dir, files)
}

// TestDeterministicGenerated checks identical bytes in every format between
// --jobs 1 and --jobs 8, and between two runs, on a 100-document repository.
func TestDeterministicGenerated(t *testing.T) {
	dir := t.TempDir()
	generatedRepo(t, dir, 100)
	for _, format := range []string{"text", "json", "sarif", "github", "markdown"} {
		one := rolelintBounded(t, dir, runOpts{}, "--format", format, "--jobs", "1", "--color", "never")
		if one.code != 1 {
			t.Fatalf("%s: exit %d, want findings\n%s", format, one.code, one.stderr)
		}
		for run := 0; run < 2; run++ {
			eight := rolelintBounded(t, dir, runOpts{}, "--format", format, "--jobs", "8", "--color", "never")
			if eight.stdout != one.stdout {
				t.Fatalf("%s output differs between --jobs 1 and --jobs 8 (run %d):\n%s", format, run, firstDiff(one.stdout, eight.stdout))
			}
		}
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d lines", len(al), len(bl))
}

// --- peak memory ---

// peakRSSLimitKiB is issue 8's bound for a 1 GB sparse file plus 1,000 documents.
const peakRSSLimitKiB = 200 << 10

// TestPeakMemory lints 1,000 documents next to a 1 GB sparse big.md and
// asserts that rolelint's maximum resident set size stays under 200 MB.
//
// The child's rusage (cmd.ProcessState.SysUsage) is not enough on its own:
// the child is forked from this test process and Linux folds the memory it
// had before exec into its maxrss, so a big test process (under -race, the
// shadow memory alone is hundreds of MB) inflates the number. When
// /usr/bin/time is there, it runs rolelint as its own small child and its %M
// is rolelint's figure exactly; otherwise the rusage is used after shrinking
// this process's heap, an upper bound that can only overstate.
func TestPeakMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 1,000 documents")
	}
	dir := gitRepo(t, nil)
	generatedRepo(t, dir, 1000)
	commitAll(t, dir, "docs")
	sparseFile(t, filepath.Join(dir, "big.md"), 1<<30)
	runtime.GC()
	debug.FreeOSMemory()

	var o runOpts
	timeBin, haveTime := "/usr/bin/time", false
	if _, err := os.Stat(timeBin); err == nil {
		o.wrap, haveTime = []string{timeBin, "-f", "rolelint-maxrss-kib=%M"}, true
	}
	r := rolelintBounded(t, dir, o, "--format", "sarif")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1 (the generated documents have findings)\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "big.md") {
		t.Errorf("the SARIF output does not mention big.md (skipped with a note)")
	}
	peak, how := r.maxRSSKiB, "rusage of the child (an upper bound)"
	if haveTime {
		m := regexp.MustCompile(`rolelint-maxrss-kib=(\d+)`).FindStringSubmatch(r.stderr)
		if m == nil {
			t.Fatalf("no maximum RSS from %s in:\n%s", timeBin, r.stderr)
		}
		if _, err := fmt.Sscan(m[1], &peak); err != nil {
			t.Fatal(err)
		}
		how = timeBin
	}
	t.Logf("peak RSS: %d KiB (%.1f MiB), measured by %s", peak, float64(peak)/1024, how)
	if peak == 0 {
		t.Fatal("no peak RSS measured")
	}
	if peak >= peakRSSLimitKiB {
		t.Fatalf("peak RSS %d KiB, over the %d KiB limit", peak, peakRSSLimitKiB)
	}
}
