package lint

import "testing"

func TestIsMarkdown(t *testing.T) {
	for p, want := range map[string]bool{
		"a.md": true, "A.MD": true, "x/y.markdown": true, "z.mdown": true, "w.mkd": true,
		"a.txt": false, "md": false, "a.md.bak": false, "backlog/config.yml": false,
	} {
		if got := IsMarkdown(p); got != want {
			t.Errorf("IsMarkdown(%q) = %v", p, got)
		}
	}
}

func TestClassifyByPath(t *testing.T) {
	tests := []struct {
		path string
		src  string
		kind Kind
		sub  string
		by   string
		id   string
	}{
		// items
		{"backlog/tasks/task-12 - Add export.md", "## Description\n", KindStory, "", KindByPath, "task-12"},
		{"backlog/completed/back-4.1 - cli-task-create.md", "---\nlabels: [bug, cli]\n---\n", KindBug, "", KindByPath, "back-4.1"},
		{"backlog/tasks/x.md", "---\nlabels:\n  - epic\n---\n", KindEpic, "", KindByPath, ""},
		{"stories/US-7 export.md", "# US-7 Export report\n", KindStory, "", KindByPath, "US-7"},
		{"team/backlog.md", "# Backlog\n", KindBacklog, "", KindByPath, ""},
		{"BACKLOG.md", "# Backlog\n", KindBacklog, "", KindByPath, ""},
		// Backlog.md non-item folders
		{"backlog/milestones/m-1 - cli.md", "---\nid: m-1\n---\n", KindEpic, "", KindByPath, "m-1"},
		{"backlog/archive/milestones/m-2 - ui.md", "# UI\n", KindEpic, "", KindByPath, "m-2"},
		{"backlog/decisions/decision-1 - Use-X.md", "# Use X\n", KindSpec, "adr", KindByPath, "decision-1"},
		{"backlog/docs/doc-001 - Guide.md", "# Guide\n", KindUnknown, "", "", "doc-001"},
		{"backlog/readme.md", "# Backlog files\n\n## Acceptance Criteria\n", KindUnknown, "", "", ""},
		{"backlog/tasks/readme.md", "# Tasks\n", KindUnknown, "", "", ""},
		// specs
		{"docs/prd/export.md", "# Export\n", KindSpec, "prd", KindByPath, ""},
		{"prd/x.md", "# X\n", KindSpec, "prd", KindByPath, ""},
		{"rfcs/0004-insecure-http/README.md", "# RFC-0004 Block\n", KindSpec, "rfc", KindByPath, "RFC-0004"},
		{"rfcs/README.md", "# Flux RFCs\n", KindUnknown, "", "", ""},
		{"keps/sig-apps/1234-x/README.md", "# KEP-1234: X\n", KindSpec, "kep", KindByPath, "KEP-1234"},
		{"keps/README.md", "# KEPs\n", KindUnknown, "", "", ""},
		{"proposals/0045-direct-io.md", "# Direct I/O\n", KindSpec, "", KindByPath, ""},
		{"design/12914-monotonic.md", "# P\n\nAuthor: Russ Cox\n\n## Abstract\n", KindSpec, "go-proposal", KindByPath, ""},
		{"design/draft.md", "# P\n\nAuthor(s): A\n\nLast updated: 2019-01-01\n", KindSpec, "go-proposal", KindByPath, ""},
		{"specs/a.md", "# A\n", KindSpec, "", KindByPath, ""},
		{"docs/specs/a.md", "# A\n", KindSpec, "", KindByPath, ""},
		{"beps/b.md", "# B\n", KindSpec, "bep", KindByPath, ""},
		// ADRs
		{"docs/decisions/0004-error-handling.md", "---\nstatus: accepted\n---\n# E\n", KindSpec, "adr", KindByPath, ""},
		{"docs/adr/0001-x.md", "# X\n", KindSpec, "adr", KindByPath, ""},
		{"adr/0001-x.md", "# X\n", KindSpec, "adr", KindByPath, ""},
		// vision (case-insensitive base names)
		{"VISION.md", "# Vision\n", KindVision, "", KindByPath, ""},
		{"docs/Roadmap.md", "# Roadmap\n", KindVision, "", KindByPath, ""},
		{"strategy.md", "# S\n", KindVision, "", KindByPath, ""},
		{"docs/strategy/2026.md", "# S\n", KindVision, "", KindByPath, ""},
		// templates and project files are not documents
		{"docs/decisions/adr-template.md", "# {title}\n", KindUnknown, "", "", ""},
		{"0000-template.md", "# Template\n\n## Motivation\n", KindUnknown, "", "", ""},
		{"rfcs/RFC-0000/README.md", "# RFC-NNNN Title\n", KindUnknown, "", "", ""},
		{"design/TEMPLATE.md", "# Proposal: [Title]\n", KindUnknown, "", "", ""},
		{"README.md", "# Project\n\n## Motivation\n", KindUnknown, "", "", ""},
		{"docs/CONTRIBUTING.md", "# How\n\n## Acceptance Criteria\n", KindUnknown, "", "", ""},
		{"pkg/x/CHANGELOG.md", "# Changes\n", KindUnknown, "", "", ""},
		{"backlog/completed/back-29 - add-github-templates.md", "## Description\n", KindStory, "", KindByPath, "back-29"},
		{"notes/random.md", "# Notes\n", KindUnknown, "", "", ""},
	}
	p := NewParser(nil)
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			d := p.Parse(tc.path, []byte(tc.src))
			if d.Kind != tc.kind || d.SubKind != tc.sub || d.KindBy != tc.by || d.ID != tc.id {
				t.Errorf("got %q/%q by %q id %q, want %q/%q by %q id %q", d.Kind, d.SubKind, d.KindBy, d.ID, tc.kind, tc.sub, tc.by, tc.id)
			}
		})
	}
}

func TestClassifyByFrontMatterAndContent(t *testing.T) {
	tests := []struct {
		name, path, src string
		kind            Kind
		sub, by         string
	}{
		{"kind adr", "notes/a.md", "---\nkind: adr\n---\n", KindSpec, "adr", KindByFrontMatter},
		{"type prd", "notes/a.md", "---\ntype: prd\n---\n", KindSpec, "prd", KindByFrontMatter},
		{"kind item type bug", "notes/a.md", "---\nkind: item\ntype: bug\n---\n", KindBug, "", KindByFrontMatter},
		{"type spike", "notes/a.md", "---\ntype: spike\n---\n", KindTask, "", KindByFrontMatter},
		{"front matter beats path", "backlog/tasks/a.md", "---\nkind: spec\n---\nAuthor: A\nLast updated: B\n", KindSpec, "go-proposal", KindByFrontMatter},
		{"unknown type falls through", "backlog/tasks/task-1 - x.md", "---\ntype: enhancement\n---\n", KindStory, "", KindByPath},
		{"front matter kind beats labels", "backlog/tasks/a.md", "---\ntype: story\nlabels: [bug]\n---\n", KindStory, "", KindByFrontMatter},
		{"kep sidecar keys", "notes/a.md", "---\nkep-number: 12\n---\n", KindSpec, "kep", KindByContent},
		{"rust rfc", "text/0001-x.md", "- Feature Name: x\n- Start Date: 2014\n\n# Summary\n", KindSpec, "rfc", KindByContent},
		{"pep", "peps/pep-8.md", "PEP: 8\nPost-History: 2001\n\n## Abstract\n", KindSpec, "pep", KindByContent},
		{"go proposal", "notes/p.md", "# P\n\nAuthor(s): A\n\nLast updated: 2019\n\n## Abstract\n", KindSpec, "go-proposal", KindByContent},
		{"discussion at", "notes/p.md", "# P\n\nDiscussion at https://go.dev/issue/1\n", KindSpec, "go-proposal", KindByContent},
		{"backlog.md name", "work/task-3 - Do it.md", "## Description\n", KindStory, "", KindByContent},
		{"acceptance criteria", "notes/s.md", "# S\n\n## Acceptance Criteria\n", KindStory, "", KindByContent},
		{"non-goals", "notes/s.md", "# S\n\n## Non-Goals\n\n## Acceptance Criteria\n", KindSpec, "", KindByContent},
		{"success metrics", "notes/s.md", "# S\n\n## Success Metrics\n", KindSpec, "", KindByContent},
		{"motivation", "notes/s.md", "# S\n\n## Motivation\n", KindSpec, "", KindByContent},
		{"bold label is no signature", "notes/s.md", "# S\n\n**Motivation**\n", KindUnknown, "", ""},
	}
	p := NewParser(nil)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := p.Parse(tc.path, []byte(tc.src))
			if d.Kind != tc.kind || d.SubKind != tc.sub || d.KindBy != tc.by {
				t.Errorf("got %q/%q by %q, want %q/%q by %q", d.Kind, d.SubKind, d.KindBy, tc.kind, tc.sub, tc.by)
			}
		})
	}
}

func TestClassifyByConfig(t *testing.T) {
	cfg := &Config{
		Documents: []DocumentGlob{
			{Kind: KindEpic, Paths: []string{"plan/epics/**"}},
			{Kind: KindSpec, Paths: []string{"plan/**/*.md"}},
		},
		Vision: []string{"company/north-star.md"},
	}
	p := NewParser(cfg)
	tests := []struct {
		path string
		kind Kind
		by   string
	}{
		{"plan/epics/e1.md", KindEpic, KindByConfig}, // first match wins
		{"plan/x/y.md", KindSpec, KindByConfig},
		{"company/north-star.md", KindVision, KindByPath},
		{"VISION.md", KindUnknown, ""}, // a vision: list replaces the built-in vision paths
		{"backlog/tasks/a.md", KindStory, KindByPath},
	}
	for _, tc := range tests {
		d := p.Parse(tc.path, []byte("# T\n"))
		if d.Kind != tc.kind || d.KindBy != tc.by {
			t.Errorf("%s: got %q by %q, want %q by %q", tc.path, d.Kind, d.KindBy, tc.kind, tc.by)
		}
	}
	// front matter still beats config
	if d := p.Parse("plan/epics/e2.md", []byte("---\nkind: vision\n---\n")); d.Kind != KindVision || d.KindBy != KindByFrontMatter {
		t.Errorf("got %q by %q", d.Kind, d.KindBy)
	}
}

func TestLeadingID(t *testing.T) {
	for title, want := range map[string]string{
		"US-7 Export report": "US-7",
		"BUG-9: crash":       "BUG-9",
		"[PROJ-12] Refactor": "PROJ-12",
		"#12 Crash":          "#12",
		"RFC-0004 Block":     "RFC-0004",
		"back-4.1":           "back-4.1",
		"Export report":      "",
		"#12abc":             "",
		"":                   "",
	} {
		if got := leadingID(title); got != want {
			t.Errorf("leadingID(%q) = %q, want %q", title, got, want)
		}
	}
}

// TestGoDesignNotes: under the go-proposal preset a document of design/
// without the marks of a Go proposal is a design note (KindUnknown), and a
// proposal without an `Author(s):` line still gets the go-proposal sub-kind.
func TestGoDesignNotes(t *testing.T) {
	tests := []struct {
		name, path, src string
		kind            Kind
		sub             string
	}{
		{"discussion at", "design/1-x.md", "# X\n\nDiscussion at https://go.dev/issue/1.\n", KindSpec, "go-proposal"},
		{"proposal title, byline", "design/2-x.md", "# Proposal: X\n\nRuss Cox\\\nMarch 2019\n\n## Background\n\nWhy.\n", KindSpec, "go-proposal"},
		{"type parameters proposal", "design/3-x.md", "# Type Parameters Proposal\n\n## Abstract\n", KindSpec, "go-proposal"},
		{"author and template section", "design/4-x.md", "# Additions to go/ast\n\nAuthors: A, B\n\n## Abstract\n\nWhy.\n", KindSpec, "go-proposal"},
		{"issue-numbered with background", "design/70257-memory-regions.md", "# Memory regions\n\n## Background\n\nWhy.\n", KindSpec, "go-proposal"},
		{"principles with author only", "design/cryptography-principles.md", "# Cryptography Principles\n\nAuthor: F\n\nText.\n", KindUnknown, ""},
		{"pre-process plan", "design/go13linker.md", "# Go 1.3 Linker Overhaul\n\nRuss Cox \\\nNovember 2013\n\n## Abstract\n\n## Background\n", KindUnknown, ""},
		{"implementation note", "design/generics-implementation-stenciling.md", "# Generics implementation - Stenciling\n\nThis document describes.\n", KindUnknown, ""},
		{"draft design with author", "design/draft-fuzzing.md", "# Design Draft: First Class Fuzzing\n\nAuthor: K\n\n## Abstract\n\n## Background\n", KindUnknown, ""},
		{"problem overview", "design/go2draft-generics-overview.md", "# Generics — Problem Overview\n", KindUnknown, ""},
		{"dated historical note", "design/15292/2013-10-gen.md", "# Generalized Types In Go\n\n## Background\n", KindUnknown, ""},
		{"pre-process numbered copy", "design/25719-go15vendor.md", "# Go 1.5 Vendor Experiment\n\nRuss Cox\\\nJuly 2015\n\n## Proposal\n", KindUnknown, ""},
		{"H2 proposal title", "design/40276-go-install.md", "## Proposal: `go install` versions\n\nAuthors: J\n\n## Abstract\n", KindSpec, "go-proposal"},
		{"docs/design too", "docs/design/notes.md", "# Notes\n\nText.\n", KindUnknown, ""},
		{"other folders untouched", "docs/prd/export.md", "# Export\n", KindSpec, "prd"},
	}
	p := NewParser(&Config{Extends: []string{PresetRecommended, PresetGoProposal}})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := p.Parse(tc.path, []byte(tc.src))
			if d.Kind != tc.kind || d.SubKind != tc.sub {
				t.Errorf("got %q/%q, want %q/%q", d.Kind, d.SubKind, tc.kind, tc.sub)
			}
		})
	}
	// Without the preset, design/ keeps its old behaviour: every document is a spec.
	d := NewParser(&Config{Extends: []string{PresetRecommended}}).Parse("design/go13linker.md", []byte("# Go 1.3 Linker Overhaul\n"))
	if d.Kind != KindSpec {
		t.Errorf("without go-proposal: got %q, want spec", d.Kind)
	}
}
