package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rolelint/rolelint/lint/bench"
)

// gcLines runs the binary in dir with args, the collector's trace on and
// extra settings in env, and returns how many collections it reported.
func gcLines(t *testing.T, dir string, args []string, env ...string) int {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"--no-cache", "--format", "json", "--fail-on", "never"}, args...)...)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GOGC=") && !strings.HasPrefix(kv, "GOMEMLIMIT=") && !strings.HasPrefix(kv, "GODEBUG=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "GODEBUG=gctrace=1")
	cmd.Env = append(cmd.Env, env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("rolelint: %v\n%s", err, errb.String())
	}
	if !strings.Contains(out.String(), `"findings"`) {
		t.Fatalf("no report on stdout:\n%s", out.String())
	}
	return len(regexp.MustCompile(`(?m)^gc \d+ @`).FindAllString(errb.String(), -1))
}

// A run on the changes since a revision, or on the files it is given,
// starts quietly (memlimit.go): it
// allocates too little for the collector to be worth running. One
// collection may still happen while packages are initialised, before main
// can turn it off. The same run with the user's GOGC, which turns the quiet
// start off, collects many times. (Which runs are scoped:
// lint/app's TestReportsOnEverything.)
func TestQuietStartOnlyForScopedRuns(t *testing.T) {
	dir := t.TempDir()
	if err := bench.Generate(dir, 300, 1, 1); err != nil {
		t.Fatal(err)
	}
	since := []string{"--since", "HEAD"}
	if n := gcLines(t, dir, since); n > 1 {
		t.Errorf("--since HEAD over 300 documents collected %d times, want at most 1 (at start-up)", n)
	}
	if n := gcLines(t, dir, since, "GOGC=100"); n < 3 {
		t.Errorf("with GOGC=100, --since HEAD collected %d times: the test cannot tell a quiet start from a normal one", n)
	}
	// The pre-commit hook names the files being committed.
	files, err := filepath.Glob(filepath.Join(dir, "backlog", "*", "*", "*.md"))
	if err != nil || len(files) < 3 {
		t.Fatalf("no backlog files to name: %v %v", files, err)
	}
	if n := gcLines(t, dir, files[:3]); n > 1 {
		t.Errorf("a run on 3 files collected %d times, want at most 1", n)
	}
}
