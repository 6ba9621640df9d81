package app

import (
	"path/filepath"
	"strings"
	"testing"
)

// An explicit --config file is read once, and the cache key covers the bytes
// that were parsed, even when the file changes between two reads: here
// every read returns another configuration.
func TestExplicitConfigReadOnce(t *testing.T) {
	dir, _ := cacheRepo(t, map[string]string{"a.md": "# A\n"})
	bodies := []string{"version: 1\n", "version: 1\nignore: [\"x/**\"]\n"}
	reads := 0
	old := readConfigBytes
	readConfigBytes = func(string) ([]byte, error) {
		b := bodies[min(reads, len(bodies)-1)]
		reads++
		return []byte(b), nil
	}
	defer func() { readConfigBytes = old }()

	p := openTestProject(t, dir, &Flags{Config: filepath.Join(dir, "cfg.yml")})
	if reads != 1 {
		t.Errorf("the config file was read %d times, want 1", reads)
	}
	if len(p.Config.Ignore) != 0 || !strings.HasSuffix(p.ConfigID, "\x00"+bodies[0]) {
		t.Errorf("parsed ignore %q, cache key %q: want both from %q", p.Config.Ignore, p.ConfigID, bodies[0])
	}
}
