package app

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

type actionFile struct {
	Inputs  map[string]struct{ Default string } `yaml:"inputs"`
	Outputs map[string]struct{ Value string }   `yaml:"outputs"`
	Runs    struct {
		Using string `yaml:"using"`
		Steps []struct {
			ID   string            `yaml:"id"`
			Uses string            `yaml:"uses"`
			If   string            `yaml:"if"`
			Run  string            `yaml:"run"`
			With map[string]string `yaml:"with"`
			Env  map[string]string `yaml:"env"`
		} `yaml:"steps"`
	} `yaml:"runs"`
}

// The contract of issue 6 for action.yml that action-check.sh (which runs
// the steps) does not state: names, defaults and the hardening rules.
func TestActionContract(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var a actionFile
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatal(err)
	}
	if a.Runs.Using != "composite" {
		t.Fatalf("runs.using = %q, want composite", a.Runs.Using)
	}
	defaults := map[string]string{
		"paths": "", "config": "", "fail-on": "error", "new-only": "false", "sarif-file": "rolelint.sarif",
		"annotations": "true", "summary": "true", "upload-sarif": "false",
		"since": "${{ github.base_ref && format('origin/{0}', github.base_ref) || '' }}",
	}
	for name, want := range defaults {
		in, ok := a.Inputs[name]
		if !ok {
			t.Errorf("input %s missing", name)
			continue
		}
		if in.Default != want {
			t.Errorf("input %s default = %q, want %q", name, in.Default, want)
		}
	}
	for _, out := range []string{"findings", "errors", "sarif-file"} {
		if !strings.Contains(a.Outputs[out].Value, "steps.run.outputs."+out) {
			t.Errorf("output %s = %q", out, a.Outputs[out].Value)
		}
	}
	inputsInScript := regexp.MustCompile(`\$\{\{[^}]*inputs\.`)
	var setupGo, upload, runs bool
	for _, s := range a.Runs.Steps {
		if inputsInScript.MatchString(s.Run) {
			t.Errorf("step %q pastes an input into its script; pass it through env:", s.ID)
		}
		switch {
		case strings.HasPrefix(s.Uses, "actions/setup-go@"):
			setupGo = s.With["go-version-file"] == "${{ github.action_path }}/go.mod" && s.With["cache"] == "true"
		case strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif@"):
			upload = strings.Contains(s.If, "inputs.upload-sarif == 'true'")
		case s.ID == "run":
			runs = strings.Count(s.Run, `"$bin" "${args[@]}"`) == 1 &&
				strings.Contains(s.Run, "--format github") && strings.Contains(s.Run, "sarif=$ROLELINT_SARIF") &&
				strings.Contains(s.Run, `--summary "$GITHUB_STEP_SUMMARY"`)
		}
	}
	if !setupGo {
		t.Error("setup-go must use go-version-file ${{ github.action_path }}/go.mod with cache")
	}
	if !upload {
		t.Error("the upload-sarif step must be conditional on the upload-sarif input")
	}
	if !runs {
		t.Error("one rolelint run must write the annotations, the SARIF file and the job summary")
	}
}
