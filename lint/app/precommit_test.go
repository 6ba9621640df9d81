package app

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"go.yaml.in/yaml/v3"
)

// precommit-check.sh runs the hooks with the real pre-commit; this test
// pins what the issue asks of the manifest itself.
func TestPreCommitHooksManifest(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var hooks []map[string]any
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatal(err)
	}
	byID := map[string]map[string]any{}
	for _, h := range hooks {
		id, _ := h["id"].(string)
		byID[id] = h
		if h["language"] != "golang" {
			t.Errorf("%s: language %v, want golang", id, h["language"])
		}
		if _, ok := h["language_version"]; ok {
			t.Errorf("%s: language_version makes pre-commit download Go; leave it out", id)
		}
	}
	lint, staged := byID["rolelint"], byID["rolelint-staged"]
	if lint == nil || staged == nil {
		t.Fatalf("hooks rolelint and rolelint-staged are both needed, got %v", hooks)
	}
	if lint["entry"] != "rolelint" || !slices.Contains(toStrings(lint["types"]), "markdown") || lint["pass_filenames"] == false {
		t.Errorf("rolelint hook: %v", lint)
	}
	if staged["entry"] != "rolelint --staged" || staged["pass_filenames"] != false {
		t.Errorf("rolelint-staged hook: %v", staged)
	}
}

func toStrings(v any) []string {
	var out []string
	if list, ok := v.([]any); ok {
		for _, x := range list {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}
