package app_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolelint/rolelint/lint"
	"github.com/rolelint/rolelint/lint/app"
	"github.com/rolelint/rolelint/rules"
)

var update = flag.Bool("update", false, "rewrite generated documentation")

const (
	tableBegin = "<!-- rules:begin (generated from the rule values; go test ./lint/app -update) -->"
	tableEnd   = "<!-- rules:end -->"
)

// TestGeneratedDocs fails when docs/rules.md or the README's rule table is
// not what the rule values render; -update rewrites them.
func TestGeneratedDocs(t *testing.T) {
	root := filepath.Join("..", "..")
	var all []*lint.Rule
	all = append(all, rules.All()...)
	all = append(all, lint.MetaRules()...)

	var doc bytes.Buffer
	app.RulesMarkdown(&doc, all)
	checkGenerated(t, filepath.Join(root, "docs", "rules.md"), doc.String())

	var table bytes.Buffer
	if err := app.WriteRules(&table, "markdown", rules.All(), nil); err != nil {
		t.Fatal(err)
	}
	readmePath := filepath.Join(root, "README.md")
	readme, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	s := string(readme)
	i, j := strings.Index(s, tableBegin), strings.Index(s, tableEnd)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the markers %q … %q", tableBegin, tableEnd)
	}
	want := s[:i] + tableBegin + "\n" + table.String() + s[j:]
	checkGenerated(t, readmePath, want)
}

func checkGenerated(t *testing.T, path, want string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./lint/app -update)", err)
	}
	if string(got) != want {
		t.Errorf("%s is stale: run go test ./lint/app -run TestGeneratedDocs -update", path)
	}
}

// TestEveryRuleIsDocumented checks the structured documentation of each rule.
func TestEveryRuleIsDocumented(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range rules.All() {
		if seen[r.ID] || seen[r.Name] {
			t.Errorf("%s: duplicate ID or name", r.ID)
		}
		seen[r.ID], seen[r.Name] = true, true
		if r.Title == "" || len(r.Doc) < 200 || r.Bad == "" || r.Good == "" || r.Precision == "" || r.Severity == lint.SeverityOff {
			t.Errorf("%s: incomplete documentation (title, doc ≥ 200 chars, bad, good, precision, severity)", r.ID)
		}
		if r.Check == nil && r.CheckAll == nil {
			t.Errorf("%s: no check", r.ID)
		}
		for _, o := range r.Options {
			if o.Name == "" || o.Type == "" || o.Doc == "" {
				t.Errorf("%s: option %q is not documented", r.ID, o.Name)
			}
		}
	}
	if n := len(rules.All()); n != 32 {
		t.Errorf("the catalog has %d rules, want 32", n)
	}
}
