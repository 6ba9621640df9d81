package lint

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// walkMarkdown calls fn with every .md file under each root that exists (a
// missing root is logged and skipped) and returns how many it read. fn may
// return fs.SkipAll to leave the rest of that root.
func walkMarkdown(t *testing.T, roots []string, fn func(root, path string, src []byte) error) int {
	t.Helper()
	files := 0
	for _, root := range roots {
		if _, err := os.Stat(root); err != nil {
			t.Logf("skipping %s: %v", root, err)
			continue
		}
		err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() || !strings.HasSuffix(path, ".md") {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			files++
			return fn(root, path, src)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return files
}
