package app

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolelint/rolelint/rules"
)

func TestCacheCommand(t *testing.T) {
	t.Setenv("ROLELINT_NO_CACHE", "")
	dir, _ := cacheRepo(t, map[string]string{"backlog/US-1.md": "---\ntype: story\n---\n# US-1 Export\n\nAs a user, I want to export, so that I can share.\n"})
	root := filepath.Join(dir, ".git", "rolelint")
	status := func() string {
		var out bytes.Buffer
		if err := CacheStatus(dir, &out); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	if got := status(); !strings.Contains(got, "no cache yet") || !strings.Contains(got, root) {
		t.Errorf("status before a run = %q", got)
	}
	var out, errb bytes.Buffer
	f := Flags{Paths: []string{dir}, Formats: []string{"json"}, HistoryDepth: 1000, Stdout: &out, Stderr: &errb}
	Lint(&f, rules.All())
	if got := status(); !strings.Contains(got, root+": ") || !strings.Contains(got, " files, ") || strings.Contains(got, "no cache") {
		t.Errorf("status after a run = %q", got)
	}
	var cleaned bytes.Buffer
	if err := CacheClean(dir, &cleaned); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(cleaned.String(), "deleted "+root) {
		t.Errorf("clean said %q", cleaned.String())
	}
	if _, err := os.Stat(root); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s still there after clean: %v", root, err)
	}
	cleaned.Reset()
	if err := CacheClean(dir, &cleaned); err != nil || !strings.Contains(cleaned.String(), "no cache to delete") {
		t.Errorf("second clean: %v, %q", err, cleaned.String())
	}
	// Outside a repository: a usage error naming the folder.
	plain := t.TempDir()
	err := CacheStatus(plain, &out)
	var ae *Error
	if !errors.As(err, &ae) || ae.Code != ExitUsage || !strings.Contains(ae.Msg, plain) {
		t.Errorf("status outside a repository: %v", err)
	}
}
