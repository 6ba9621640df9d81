package app

import (
	"os"
	"path/filepath"
	"testing"
)

func TestReportsOnEverything(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.md")
	if err := os.WriteFile(file, []byte("# A\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		f    Flags
		want bool
	}{
		{Flags{}, true},
		{Flags{Paths: []string{"."}}, true},
		{Flags{Paths: []string{dir}}, true},
		{Flags{Paths: []string{file, dir}}, true},
		{Flags{Paths: []string{filepath.Join(dir, "missing.md")}}, true},
		{Flags{Paths: []string{file}}, false},
		{Flags{Paths: []string{file, file}}, false},
		{Flags{Since: "HEAD"}, false},
		{Flags{Since: "HEAD", Paths: []string{dir}}, false},
	} {
		if got := reportsOnEverything(&tc.f); got != tc.want {
			t.Errorf("reportsOnEverything(since %q, paths %q) = %v, want %v", tc.f.Since, tc.f.Paths, got, tc.want)
		}
	}
}

// reportsOnEverything is statPaths' first answer: whether a run reports on
// every document of its view.
func reportsOnEverything(f *Flags) bool {
	everything, _ := statPaths(f)
	return everything
}
