package lint

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestDetectPresets checks each convention from a file list shaped like the
// real repositories, with the file heads that tell them apart.
func TestDetectPresets(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"kep", map[string]string{
			"keps/sig-apps/1234-foo/README.md": "# KEP-1234: Foo\n", "keps/sig-apps/1234-foo/kep.yaml": "title: Foo\n",
			"README.md": "# enhancements\n"}, []string{PresetKEP}},
		{"backlog-md", map[string]string{
			"backlog/config.yml":               "project_name: x\n",
			"backlog/tasks/task-1 - Add-x.md":  "---\nid: task-1\n---\n",
			"backlog/tasks/task-2 - Fix-y.md":  "---\nid: task-2\n---\n",
			"backlog/docs/doc-1 - Overview.md": "# Overview\n"}, []string{PresetBacklogMD}},
		{"go-proposal", map[string]string{
			"design/12345-foo.md": "# Proposal: Foo\n\nAuthor(s): Ann\n\nDiscussion at https://go.dev/issue/12345.\n",
			"design/23456-bar.md": "# Proposal: Bar\n\nAuthor: Bob\n\nLast updated: 2020-01-01\n",
			"design/TEMPLATE.md":  "# Proposal: [Title]\n\nAuthor(s): [Author Name]\n"}, []string{PresetGoProposal}},
		{"flux-style rfc", map[string]string{
			"rfcs/0001-auth/README.md": "# RFC-0001 Auth\n\n**Status:** implemented\n\n## Summary\n",
			"rfcs/0002-oci/README.md":  "# RFC-0002 OCI\n\n**Status:** provisional\n\n## Summary\n",
			"rfcs/README.md":           "# RFCs\n"}, []string{PresetRFC}},
		{"prometheus-style proposals", map[string]string{
			"proposals/0001-a.md": "## A\n\n* **Owners:**\n  * @ann\n\n* **Implementation Status:** Implemented\n\n## Why\n",
			"proposals/0002-b.md": "## B\n\n* **Owners:**\n  * @bob\n\n## Why\n"}, []string{PresetRFC}},
		{"madr", map[string]string{
			"docs/decisions/0001-use-madr.md": "---\nstatus: accepted\n---\n# Use MADR\n\n## Context and Problem Statement\n",
			"docs/decisions/0002-use-go.md":   "---\nstatus: proposed\n---\n# Use Go\n\n## Considered Options\n",
			"docs/decisions/adr-template.md":  "# {title}\n\n## Context and Problem Statement\n"}, []string{PresetADR}},
		{"nygard", map[string]string{
			"doc/adr/0001-record-decisions.md": "# 1. Record decisions\n\n## Status\n\nAccepted\n\n## Context\n\n## Decision\n",
			"doc/adr/0002-use-postgres.md":     "# 2. Use Postgres\n\n## Status\n\nProposed\n\n## Context\n\n## Decision\n"}, []string{PresetADR}},
		{"issue forms", map[string]string{
			".github/ISSUE_TEMPLATE/user-story.yml": "name: User story\n",
			"stories/checkout.md":                   "# Checkout\n\nAs a shopper, I want to pay as a guest so that I save time.\n\n## Acceptance Criteria\n"},
			[]string{PresetIssueForms}},
		{"two conventions, most documents first", map[string]string{
			"docs/adr/0001-a.md": "# A\n\n## Status\n\nAccepted\n\n## Context\n\n## Decision\n",
			"docs/adr/0002-b.md": "# B\n\n## Status\n\nAccepted\n\n## Context\n\n## Decision\n",
			"docs/adr/0003-c.md": "# C\n\n## Status\n\nAccepted\n\n## Context\n\n## Decision\n",
			"rfcs/0001-x.md":     "# X\n\n## Summary\n",
			"rfcs/0002-y.md":     "# Y\n\n## Summary\n"}, []string{PresetADR, PresetRFC}},
		{"nothing known", map[string]string{"README.md": "# hi\n", "docs/guide.md": "# Guide\n", "rfcs/0001-x.md": "# X\n"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var paths []string
			for p := range tc.files {
				paths = append(paths, p)
			}
			got := DetectPresets(paths, func(p string) ([]byte, bool) {
				s, ok := tc.files[p]
				return []byte(s), ok
			})
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("DetectPresets = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestDetectPresetsUnreadable: a reader that fails must not break detection
// by path, and must not panic.
func TestDetectPresetsUnreadable(t *testing.T) {
	got := DetectPresets([]string{"backlog/config.yml", "docs/adr/0001-a.md", "docs/adr/0002-b.md"},
		func(string) ([]byte, bool) { return nil, false })
	want := []string{PresetADR, PresetBacklogMD}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got := DetectPresets(nil, nil); got != nil {
		t.Errorf("empty repository: got %v", got)
	}
}

// TestDetectPresetsCorpora runs detection on the shared corpora when
// ROLELINT_CORPORA names their folder (corpus name -> expected preset).
func TestDetectPresetsCorpora(t *testing.T) {
	root := os.Getenv("ROLELINT_CORPORA")
	if root == "" {
		t.Skip("set ROLELINT_CORPORA to the folder holding the shared corpora")
	}
	want := map[string]string{"backlog-md": PresetBacklogMD, "golang-proposal": PresetGoProposal,
		"prometheus-proposals": PresetRFC, "semantic-kernel-adrs": PresetADR, "flux-rfcs": PresetRFC}
	for name, preset := range want {
		dir := filepath.Join(root, name)
		var paths []string
		err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
			if err == nil && !e.IsDir() {
				rel, _ := filepath.Rel(dir, p)
				paths = append(paths, filepath.ToSlash(rel))
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		got := DetectPresets(paths, func(p string) ([]byte, bool) {
			b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
			return b, err == nil
		})
		if len(got) == 0 || got[0] != preset {
			t.Errorf("%s: DetectPresets = %v, want %s first", name, got, preset)
		}
	}
}

// TestConventionPresets checks every convention preset: a description,
// recommended's class caps, a reason for each rule it turns off, and
// options only for rules' declared options.
func TestConventionPresets(t *testing.T) {
	for _, name := range []string{PresetKEP, PresetRFC, PresetGoProposal, PresetADR, PresetBacklogMD, PresetIssueForms} {
		p, ok := PresetByName(name)
		if !ok {
			t.Fatalf("preset %s missing", name)
		}
		if len(p.Description) < 40 {
			t.Errorf("%s: description too short: %q", name, p.Description)
		}
		if !reflect.DeepEqual(p.ClassCap, recommendedCaps()) {
			t.Errorf("%s: class caps %v, want recommended's", name, p.ClassCap)
		}
		for id, r := range p.Rules {
			if r.Severity == SeverityOff && strings.TrimSpace(r.Reason) == "" {
				t.Errorf("%s turns %s off without a reason", name, id)
			}
		}
	}
}

// TestPresetLexiconMerged: a preset's lexicon allow-list reaches the config.
func TestPresetLexiconMerged(t *testing.T) {
	c := &Config{}
	p, _ := PresetByName(PresetBacklogMD)
	c.applyPreset(p)
	if !reflect.DeepEqual(c.Lexicon.Allow, backlogMDAllow) {
		t.Errorf("Lexicon.Allow = %v", c.Lexicon.Allow)
	}
	if len(c.Statuses.Done) == 0 || len(c.Ignore) == 0 {
		t.Errorf("statuses or ignore globs not merged: %+v", c)
	}
}

// TestPresetDiff: the diff names exactly the rules a preset changes, with
// the reason of each rule turned off.
func TestPresetDiff(t *testing.T) {
	catalog := []*Rule{
		{ID: "PM001", Severity: SeverityError},
		{ID: "PM004", Severity: SeverityError},
		{ID: "PO004", Severity: SeverityWarning, Precision: PrecisionLexical},
	}
	p, _ := PresetByName(PresetGoProposal)
	got := PresetDiff(p, catalog)
	want := []PresetChange{
		{RuleID: "PM001", From: SeverityError, To: SeverityOff, Reason: p.Rules["PM001"].Reason},
		{RuleID: "PM004", From: SeverityError, To: SeverityOff, Reason: p.Rules["PM004"].Reason},
		{RuleID: "PO004", From: SeverityWarning, To: SeverityNote},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("PresetDiff = %+v\nwant %+v", got, want)
	}
	if PresetDiff(nil, catalog) != nil {
		t.Error("nil preset must give no changes")
	}
}
