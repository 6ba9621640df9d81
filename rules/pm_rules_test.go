package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/rolelint/rolelint/lint"
)

// lintFiles lints in-memory files with the whole catalog, under config
// (a .rolelint.yml, "" for the default), with the rest of opts as given.
func lintFiles(t *testing.T, files map[string]string, config string, opts lint.Options) *lint.Result {
	t.Helper()
	data := map[string][]byte{}
	for p, s := range files {
		data[p] = []byte(s)
	}
	cfg := lint.DefaultConfig()
	if config != "" {
		var err error
		cfg, err = lint.LoadConfig(".rolelint.yml", []byte(config), All())
		if err != nil {
			t.Fatalf("config: %v", err)
		}
	}
	opts.Source, opts.Config, opts.Rules, opts.Jobs = &lint.MemSource{Data: data}, cfg, All(), 1
	opts.Now = time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)
	res, err := lint.Run(opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// runPM lints an in-memory repository with one PM rule enabled.
func runPM(t *testing.T, id string, files map[string]string, config string, git lint.GitFacts) []lint.Finding {
	t.Helper()
	res := lintFiles(t, files, config, lint.Options{Enable: []string{id}, Git: git})
	var out []lint.Finding
	for _, f := range res.Findings {
		if f.RuleID == id {
			out = append(out, f)
		}
	}
	return out
}

const specWithoutLinks = "---\ntype: prd\nstatus: draft\n---\n# Guest checkout\n\n## Goals\n\n- Pay without an account.\n"

func TestPM005SilentWithoutVision(t *testing.T) {
	got := runPM(t, "PM005", map[string]string{"docs/prd/a.md": specWithoutLinks}, "", nil)
	if len(got) != 0 {
		t.Fatalf("a repository without any vision doc must not get PM005 findings, got %v", got)
	}
}

func TestPM005RequireOption(t *testing.T) {
	files := map[string]string{"docs/prd/a.md": specWithoutLinks, "ROADMAP.md": "# Roadmap\n\nQ3: checkout.\n"}
	got := runPM(t, "PM005", files, "", nil)
	if len(got) != 1 || got[0].Severity != lint.SeverityWarning {
		t.Fatalf("default: want one warning, got %v", got)
	}
	got = runPM(t, "PM005", files, "version: 1\nrules:\n  PM005: {require: true}\n", nil)
	if len(got) != 1 || got[0].Severity != lint.SeverityError {
		t.Fatalf("require: true: want one error, got %v", got)
	}
}

func TestPM005ConfiguredVision(t *testing.T) {
	files := map[string]string{
		"docs/prd/a.md":        strings.Replace(specWithoutLinks, "## Goals", "## Goals\n\nServes [the north star](../north-star.md).", 1),
		"docs/prd/b.md":        specWithoutLinks,
		"docs/north-star.md":   "# North star\n",
		"docs/other/VISION.md": "# Not the configured vision\n",
	}
	got := runPM(t, "PM005", files, "version: 1\nvision: [docs/north-star.md]\n", nil)
	if len(got) != 1 || got[0].Path != "docs/prd/b.md" {
		t.Fatalf("configured vision: want one finding on b.md, got %v", got)
	}
}

func TestPM013(t *testing.T) {
	doc := func(status, updated string) string {
		return "---\ntype: kep\nstatus: " + status + "\nlast-updated: " + updated + "\n---\n# KEP-9: Quotas\n\n## Summary\n\nQuotas.\n"
	}
	files := map[string]string{
		"keps/stale.md":       doc("in review", "2025-06-01"),
		"keps/fresh.md":       doc("in review", "2026-01-02"),
		"keps/approved.md":    doc("implementable", "2024-01-01"),
		"keps/mismatch.md":    doc("draft", "2024-01-01"),
		"keps/uncommitted.md": doc("draft", "2020-01-01"),
	}
	day := func(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }
	git := fixtureHistory{
		"keps/stale.md":    day("2025-06-01"),
		"keps/fresh.md":    day("2026-01-02"),
		"keps/approved.md": day("2024-01-01"),
		"keps/mismatch.md": day("2026-01-10"),
	}
	got := runPM(t, "PM013", files, "", git)
	var lines []string
	for _, f := range got {
		lines = append(lines, f.Path+": "+f.Message)
	}
	joined := strings.Join(lines, "\n")
	if len(got) != 2 || !strings.Contains(joined, "keps/stale.md: spec is \"in review\" but its last commit was 228 days ago") ||
		!strings.Contains(joined, "keps/mismatch.md: header date \"2024-01-01\" is 740 days from the last commit") {
		t.Fatalf("PM013 findings:\n%s", joined)
	}
	if got := runPM(t, "PM013", files, "", nil); len(got) != 0 {
		t.Fatalf("without git PM013 must be silent, got %v", got)
	}
	if got := runPM(t, "PM013", files, "version: 1\nrules:\n  PM013: {max-age-days: 1000}\n", git); len(got) != 0 {
		t.Fatalf("max-age-days 1000 must silence both, got %v", got)
	}
}
