package rules

import (
	"testing"
	"time"

	"github.com/rolelint/rolelint/lint"
)

func TestParseDocDate(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	cases := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2025-06-02", day(2025, 6, 2), true},
		{"`2023-12-08`", day(2023, 12, 8), true},
		{"2021/3/4", day(2021, 3, 4), true},
		{"15 September 2021", day(2021, 9, 15), true},
		{"August 20, 2021", day(2021, 8, 20), true},
		{"Aug 27th, 2018", day(2018, 8, 27), true},
		{"02-Jan-2006", day(2006, 1, 2), true},
		{"december 2022", day(2022, 12, 1), true},
		{"2024-03-13 (after the review)", day(2024, 3, 13), true},
		{"2020-07-01T10:00:00Z", time.Date(2020, 7, 1, 10, 0, 0, 0, time.UTC), true},
		{"YYYY-MM-DD", time.Time{}, false},
		{"yesterday", time.Time{}, false},
		{"", time.Time{}, false},
	}
	for _, c := range cases {
		got, ok := pmParseDate(c.in)
		if ok != c.ok || !got.Equal(c.want) {
			t.Errorf("pmParseDate(%q) = %v %v, want %v %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestIsVisionTarget(t *testing.T) {
	for _, p := range []string{"VISION.md", "docs/Vision.md", "ROADMAP.md", "product/strategy.md",
		"docs/strategy/2025.md", "docs/vision/north-star.md", "team/a/product-goal.md"} {
		if !pmIsVisionTarget(nil, p) {
			t.Errorf("%s must be a built-in vision target", p)
		}
	}
	for _, p := range []string{"docs/prd/checkout.md", "visionary.md", "docs/strategies.md", ""} {
		if pmIsVisionTarget(nil, p) {
			t.Errorf("%s must not be a vision target", p)
		}
	}
	cfg := &lint.Config{Vision: []string{"./docs/NORTH-STAR.md", "okrs/**"}}
	if !pmIsVisionTarget(cfg, "docs/north-star.md") || !pmIsVisionTarget(cfg, "okrs/2025/q3.md") {
		t.Error("configured vision targets must match case-insensitively")
	}
	if pmIsVisionTarget(cfg, "VISION.md") {
		t.Error("a configured vision list replaces the built-ins")
	}
}

func TestLinkVisionPath(t *testing.T) {
	cases := []struct {
		l    lint.Link
		want string
	}{
		{lint.Link{Target: "docs/VISION.md"}, "docs/VISION.md"},
		{lint.Link{Wiki: true, Dest: "Roadmap|our roadmap"}, "Roadmap.md"},
		{lint.Link{External: true, Dest: "https://github.com/acme/app/blob/main/docs/VISION.md#goals"}, "docs/VISION.md"},
		{lint.Link{External: true, Dest: "https://example.com/vision"}, ""},
	}
	for _, c := range cases {
		if got := pmLinkVisionPath(c.l); got != c.want {
			t.Errorf("pmLinkVisionPath(%+v) = %q, want %q", c.l, got, c.want)
		}
	}
}

func TestIsTemplateDoc(t *testing.T) {
	for _, p := range []string{"0000-template.md", "docs/decisions/adr-template.md", "rfcs/RFC-0000/README.md",
		"keps/NNNN-kep-template/README.md", "design/TEMPLATE.md", "rfcs/0000.md"} {
		if !pmIsTemplateDoc(&lint.Doc{Path: p}) {
			t.Errorf("%s must be a template", p)
		}
	}
	for _, p := range []string{"rfcs/0000-my-feature.md", "rfcs/0001-authorization/README.md", "docs/prd/templating.md"} {
		if pmIsTemplateDoc(&lint.Doc{Path: p}) {
			t.Errorf("%s must not be a template", p)
		}
	}
}

func pmDocFrom(path, src string) *lint.Doc {
	d := &lint.Doc{Path: path, Src: []byte(src), Lines: lint.NewLineIndex([]byte(src)), TitleLine: 1}
	d.StartLine, d.EndLine = 1, d.Lines.Count()
	return d
}

func TestIsRedirectStub(t *testing.T) {
	if !pmIsRedirectStub(pmDocFrom("proposals/x.md", "> IMPORTANT: This document was moved to [here](https://x.org/p).\n")) {
		t.Error("a moved-to line must be a redirect stub")
	}
	if !pmIsRedirectStub(pmDocFrom("design/40307-fuzzing.md", "Moved to [golang.org/s/draft-fuzzing-design](https://golang.org/s/draft-fuzzing-design).\n")) {
		t.Error("a bare Moved to line must be a redirect stub")
	}
	long := "# T\n\nThe service moved to Kafka.\n\nIt scales.\n\nIt is fast.\n\nIt is cheap.\n"
	if pmIsRedirectStub(pmDocFrom("x.md", long)) {
		t.Error("a document with more text is not a stub even if it says moved to")
	}
}

func TestSeverityFor(t *testing.T) {
	r := &lint.Rule{ID: "PM003", Severity: lint.SeverityError}
	pass := func(c *lint.Config) *lint.Pass {
		return lint.NewPass(r, nil, nil, c, nil, time.Time{}, func(lint.Finding) {})
	}
	if got := severityFor(pass(nil), lint.SeverityWarning); got != lint.SeverityWarning {
		t.Errorf("no config: natural severity expected, got %v", got)
	}
	same := &lint.Config{Effective: map[string]lint.Severity{"PM003": lint.SeverityError}}
	if got := severityFor(pass(same), lint.SeverityWarning); got != lint.SeverityWarning {
		t.Errorf("default kept: natural severity expected, got %v", got)
	}
	lowered := &lint.Config{Effective: map[string]lint.Severity{"PM003": lint.SeverityNote}}
	if got := severityFor(pass(lowered), lint.SeverityError); got != lint.SeverityNote {
		t.Errorf("lowered to note: note expected, got %v", got)
	}
	r2 := &lint.Rule{ID: "PM012", Severity: lint.SeverityWarning}
	raised := &lint.Config{Rules: map[string]lint.RuleConfig{"PM012": {Severity: lint.SeverityError, HasSeverity: true}}}
	p := lint.NewPass(r2, nil, nil, raised, nil, time.Time{}, func(lint.Finding) {})
	if got := severityFor(p, lint.SeverityNote); got != lint.SeverityError {
		t.Errorf("raised to error: error expected for every finding, got %v", got)
	}
}

func TestPMRulesDocumented(t *testing.T) {
	rules := pmRules()
	if len(rules) != 13 {
		t.Fatalf("pmRules() has %d rules, want 13", len(rules))
	}
	for i, r := range rules {
		if i > 0 && rules[i-1].ID >= r.ID {
			t.Errorf("pmRules not in ID order at %s", r.ID)
		}
		if r.Set != lint.SetPM || r.Name == "" || r.Title == "" || r.Doc == "" || r.Bad == "" || r.Good == "" ||
			r.Check == nil || r.Precision == "" || r.Severity == lint.SeverityOff {
			t.Errorf("%s is incompletely documented", r.ID)
		}
	}
}
