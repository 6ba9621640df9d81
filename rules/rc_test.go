package rules

import (
	"strconv"
	"strings"
	"testing"

	"github.com/rolelint/rolelint/lint"
	"github.com/rolelint/rolelint/lint/gitsrc"
)

// rcRun runs one rule over in-memory files with a config and optional
// CODEOWNERS, and returns its unsuppressed findings as "path:line: severity message".
func rcRun(t *testing.T, id, config string, codeowners string, files map[string]string) []string {
	t.Helper()
	opts := lint.Options{Enable: []string{id}}
	if codeowners != "" {
		co, notes := gitsrc.ParseCodeOwners(".github/CODEOWNERS", []byte(codeowners))
		if len(notes) > 0 {
			t.Fatalf("CODEOWNERS notes: %v", notes)
		}
		opts.Owners = co
	}
	res := lintFiles(t, files, config, opts)
	var out []string
	for _, f := range res.Findings {
		if f.RuleID == id && f.Suppressed == nil {
			out = append(out, f.Path+":"+strconv.Itoa(f.Line)+": "+f.Severity.String()+" "+f.Message)
		}
	}
	return out
}

const rcRolesConfig = `version: 1
roles:
  product-managers: ["@alice"]
  product-owners: ["@bob"]
  aliases: {"@acme/pm-team": "@alice"}
  codeowners: true
`

func TestRC002CodeOwners(t *testing.T) {
	files := map[string]string{
		"docs/prd/checkout.md": "---\ntype: prd\nowner: \"@alice\"\n---\n# Checkout\n",
		"docs/prd/search.md":   "---\ntype: prd\nowner: \"@alice\"\n---\n# Search\n",
		"docs/prd/loyalty.md":  "---\ntype: prd\nowner: \"@alice\"\n---\n# Loyalty\n",
		"notes/prd.md":         "---\ntype: prd\nowner: \"@alice\"\n---\n# Unowned path\n",
	}
	codeowners := "docs/prd/ @alice\ndocs/prd/search.md @carol\ndocs/prd/loyalty.md @acme/pm-team\n"
	got := rcRun(t, "RC002", rcRolesConfig, codeowners, files)
	if len(got) != 1 || !strings.HasPrefix(got[0], "docs/prd/search.md:3: warning owner @alice is not among the CODEOWNERS owners") {
		t.Fatalf("findings = %q, want one CODEOWNERS warning on search.md (loyalty's team maps to @alice, notes/ has no pattern)", got)
	}
}

func TestRC002SilentWithoutRegistry(t *testing.T) {
	files := map[string]string{"docs/prd/checkout.md": "---\ntype: prd\nowner: \"@bob\"\n---\n# Checkout\n"}
	if got := rcRun(t, "RC002", "", "", files); len(got) != 0 {
		t.Fatalf("findings without a registry = %q, want none", got)
	}
}

func TestRC002SpecRolesOption(t *testing.T) {
	config := rcRolesConfig + "rules:\n  RC002:\n    spec-roles: {rfc: [PM]}\n"
	files := map[string]string{
		"rfcs/0001-bus.md": "---\ntype: rfc\nowner: \"@bob\"\n---\n# Event bus\n",
		"rfcs/0002-log.md": "---\ntype: rfc\nowner: \"@alice\"\n---\n# Log\n",
	}
	got := rcRun(t, "RC002", config, "", files)
	if len(got) != 1 || !strings.Contains(got[0], "rfcs/0001-bus.md:3:") || !strings.Contains(got[0], "registered as product owner") {
		t.Fatalf("findings = %q, want the PO-owned RFC reported once spec-roles narrows RFCs to PM", got)
	}
}

// TestRC003RC004ManyItems runs the set-level rules over 4,400 items: every
// item traces up through its epic, and the spec, which lists nothing, gets
// one warning naming the epics that link up to it.
func TestRC003RC004ManyItems(t *testing.T) {
	files := map[string]string{"docs/prd/p.md": "---\ntype: prd\nowner: \"@a\"\nstatus: approved\n---\n# P\n"}
	for e := 0; e < 400; e++ {
		files["backlog/tasks/task-"+strconv.Itoa(e+1)+" - Epic.md"] = "---\nid: task-" + strconv.Itoa(e+1) + "\ntype: epic\nspec: docs/prd/p.md\n---\n# Epic\n"
	}
	for i := 0; i < 4000; i++ {
		files["backlog/tasks/task-"+strconv.Itoa(1000+i)+" - Item.md"] = "---\nid: task-" + strconv.Itoa(1000+i) + "\nparent_task_id: task-" + strconv.Itoa(i%400+1) + "\n---\n# Item\n"
	}
	if got := rcRun(t, "RC003", "", "", files); len(got) != 0 {
		t.Fatalf("RC003 findings = %d, first %q", len(got), got[0])
	}
	got := rcRun(t, "RC004", "", "", files)
	if len(got) != 1 || !strings.Contains(got[0], "task-1, task-10, task-100 and 397 more link up to it") {
		t.Fatalf("RC004 findings = %q", got)
	}
}
