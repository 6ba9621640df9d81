package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolelint/rolelint/lint"
)

// TestPresetFixtures runs every rule, under the fixture's own .rolelint.yml
// (which extends one convention preset), on each repository in
// testdata/presets/<preset>, and compares all findings with the
// `<!-- want RULE -->` expectations: a finding without a want, or a want
// without a finding, fails.
func TestPresetFixtures(t *testing.T) {
	root := filepath.Join("..", "testdata", "presets")
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	catalog := All()
	seen := 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		seen++
		name := e.Name()
		t.Run(name, func(t *testing.T) {
			if _, ok := lint.PresetByName(name); !ok {
				t.Fatalf("testdata/presets/%s names no preset", name)
			}
			runPresetFixture(t, filepath.Join(root, name), name, catalog)
		})
	}
	if seen < 6 {
		t.Errorf("want a fixture repository per convention preset, have %d", seen)
	}
}

func runPresetFixture(t *testing.T, dir, preset string, catalog []*lint.Rule) {
	data, err := loadFixtureDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	b, ok := data[".rolelint.yml"]
	if !ok {
		t.Fatalf("%s: no .rolelint.yml", dir)
	}
	cfg, err := lint.LoadConfig(filepath.Join(dir, ".rolelint.yml"), b, catalog)
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	if len(cfg.Extends) == 0 || cfg.Extends[len(cfg.Extends)-1] != preset {
		t.Fatalf("%s/.rolelint.yml must extend [%s], has %v", dir, preset, cfg.Extends)
	}
	docs := 0
	for p := range data {
		// a README.md at the root or in a top folder is an index, not a document
		index := strings.EqualFold(filepath.Base(p), "README.md") && strings.Count(p, "/") < 2
		if lint.IsMarkdown(p) && !index && !strings.Contains(strings.ToLower(p), "template") && !strings.Contains(p, "0000") {
			docs++
		}
	}
	if docs < 8 {
		t.Errorf("%s: %d documents, want at least 8", dir, docs)
	}
	res, err := lint.Run(lint.Options{
		Source: &lint.MemSource{Data: data},
		Config: cfg,
		Rules:  catalog,
		Jobs:   2,
		Git:    fixtureHistory{},
		Now:    fixtureNow,
	})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	checkWants(t, data, res.Findings, "")
}
