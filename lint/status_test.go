package lint

import (
	"reflect"
	"testing"
)

func TestNormStatus(t *testing.T) {
	cases := map[string]string{
		"Implementable":                "implementable",
		"  proposed ":                  "proposed",
		"{ accepted }":                 "accepted",
		"`Implemented` (experimental)": "implemented",
		"implemented (partially)":      "implemented",
		"Partially implemented":        "partially implemented",
		"superseded by [ADR-0038](0038-completion-service-selection.md)": "superseded",
		"Replaced by KEP-12": "replaced",
		"In-Review":          "in review",
		"**Draft**":          "draft",
		"":                   "",
		"N/A":                "n/a",
	}
	for in, want := range cases {
		if got := NormStatus(in); got != want {
			t.Errorf("NormStatus(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStatusMenu(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"provisional|implementable|implemented", []string{"provisional", "implementable", "implemented"}},
		{"Draft / Review / Approved", []string{"Draft", "Review", "Approved"}},
		{"{proposed | rejected | accepted | deprecated | … | superseded by [ADR-0001](0001-madr-architecture-decisions.md)}",
			[]string{"proposed", "rejected", "accepted", "deprecated", "…", "superseded by ADR-0001"}},
		{"implementable", nil},
		{"superseded by [ADR-1](../adr/0001-x.md)", nil},
		{"N/A", nil},
		{"", nil},
	}
	for _, c := range cases {
		if got := StatusMenu(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("StatusMenu(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func docWithFields(fields ...Field) *Doc {
	d := &Doc{Path: "docs/prd/x.md"}
	for _, f := range fields {
		f.Norm = NormKey(f.Key)
		d.Header.Fields = append(d.Header.Fields, f)
	}
	return d
}

func TestSpecStatus(t *testing.T) {
	d := docWithFields(Field{Key: "Owner", Value: "@a", Line: 2}, Field{Key: "Document Status", Value: " Draft ", Line: 3})
	v, f, ok := SpecStatus(d)
	if !ok || v != "Draft" || f.Line != 3 {
		t.Fatalf("SpecStatus = %q %+v %v, want Draft at line 3", v, f, ok)
	}
	// Prometheus: the implementation status stands in only when no lifecycle key exists.
	d = docWithFields(Field{Key: "Implementation Status", Value: "`Implemented`", Line: 5})
	if v, _, ok := SpecStatus(d); !ok || v != "`Implemented`" {
		t.Fatalf("SpecStatus(implementation status) = %q %v", v, ok)
	}
	d = docWithFields(Field{Key: "Implementation Status", Value: "Not implemented", Line: 5}, Field{Key: "status", Value: "accepted", Line: 7})
	if v, _, _ := SpecStatus(d); v != "accepted" {
		t.Fatalf("lifecycle status must win over implementation status, got %q", v)
	}
	// stage is maturity, not status.
	if _, _, ok := SpecStatus(docWithFields(Field{Key: "stage", Value: "beta"})); ok {
		t.Fatal("stage must not be read as a status")
	}
	if _, _, ok := SpecStatus(nil); ok {
		t.Fatal("nil doc has no status")
	}
}

func TestSpecStatusClasses(t *testing.T) {
	cfg := &Config{Statuses: StatusConfig{SpecActive: []string{"RFC"}, SpecApproved: []string{"Signed Off"}}}
	approved := []string{"approved", "Accepted", "implementable", "`Implemented` (experimental)", "{ accepted }", "signed-off"}
	for _, s := range approved {
		if !IsApproved(cfg, s) || IsActive(cfg, s) {
			t.Errorf("%q must be approved and not active", s)
		}
	}
	active := []string{"draft", "Provisional", "proposed", "In Review", "rfc"}
	for _, s := range active {
		if !IsActive(cfg, s) || IsApproved(cfg, s) {
			t.Errorf("%q must be active and not approved", s)
		}
	}
	closed := []string{"rejected", "superseded by [ADR-0042](0042-samples-restructure.md)", "Withdrawn", "not implemented"}
	for _, s := range closed {
		if IsActive(cfg, s) || IsApproved(cfg, s) || !IsKnownSpecStatus(cfg, s) {
			t.Errorf("%q must be known but neither active nor approved", s)
		}
	}
	for _, s := range []string{"experimental", "", "banana", "draft|approved"} {
		if IsKnownSpecStatus(nil, s) {
			t.Errorf("%q must not be a known status", s)
		}
	}
	if IsActive(nil, "rfc") {
		t.Error("config statuses must not leak into a nil config")
	}
}

func TestItemStatus(t *testing.T) {
	d := docWithFields(Field{Key: "status", Value: "Sprint Ready"})
	if got := ItemStatus(d); got != "Sprint Ready" {
		t.Fatalf("ItemStatus = %q", got)
	}
	if got := ItemStatus(docWithFields()); got != "" {
		t.Fatalf("ItemStatus of a doc without status = %q", got)
	}
	cfg := &Config{Statuses: StatusConfig{Ready: []string{"Groomed"}, Done: []string{"Live"}}}
	for _, s := range []string{"Ready", "sprint-ready", "groomed"} {
		if !IsReady(cfg, s) {
			t.Errorf("%q must be ready", s)
		}
	}
	for _, s := range []string{"Done", "Completed", "live"} {
		if !IsDone(cfg, s) {
			t.Errorf("%q must be done", s)
		}
	}
	for _, s := range []string{"To Do", "In Progress", "Won't Do", ""} {
		if IsReady(cfg, s) || IsDone(cfg, s) {
			t.Errorf("%q must be neither ready nor done", s)
		}
	}
}

func TestSpecStatusSection(t *testing.T) {
	src := []byte("# ADR 7: Use Postgres\n\n## Status\n\n<!-- proposed, accepted -->\nAccepted\n\n## Context\n\nWe need a store.\n")
	d := &Doc{Path: "docs/adr/0007.md", Src: src, Lines: NewLineIndex(src)}
	d.Headings = []*Heading{
		{Level: 1, Text: "ADR 7: Use Postgres", Norm: "adr 7: use postgres", Line: 1, BodyLine: 2, EndLine: 10},
		{Level: 2, Text: "Status", Norm: "status", Line: 3, BodyLine: 4, EndLine: 7},
		{Level: 2, Text: "Context", Norm: "context", Line: 8, BodyLine: 9, EndLine: 10},
	}
	v, f, ok := SpecStatus(d)
	if !ok || v != "Accepted" || f.Line != 6 || f.From != "section" || f.Col != 1 {
		t.Fatalf("SpecStatus(## Status) = %q %+v %v, want Accepted at 6:1", v, f, ok)
	}
	d.Headings[1].EndLine, d.Headings[2].Line = 5, 6
	src2 := []byte("# T\n\n## Status\n\n<!-- x -->\n## Context\n")
	d2 := &Doc{Path: "a.md", Src: src2, Lines: NewLineIndex(src2), Headings: []*Heading{
		{Level: 2, Text: "Status", Norm: "status", Line: 3, BodyLine: 4, EndLine: 5},
	}}
	if v, f, ok := SpecStatus(d2); !ok || v != "" || f.Line != 3 {
		t.Fatalf("empty ## Status = %q %+v %v, want empty value on the heading line", v, f, ok)
	}
}

func TestSpecStatusRawValue(t *testing.T) {
	src := []byte("---\nstatus: { accepted }\ndate: 2024-01-01\n---\n# ADR\n")
	d := &Doc{Path: "docs/decisions/0025.md", Src: src, Lines: NewLineIndex(src)}
	d.Header.Fields = []Field{{Key: "status", Norm: "status", Value: "", Line: 2, Col: 1, From: "front-matter"}}
	if v, _, ok := SpecStatus(d); !ok || v != "{ accepted }" || !IsApproved(nil, v) {
		t.Fatalf("SpecStatus(status: { accepted }) = %q %v, want the raw braces", v, ok)
	}
	src = []byte("## Remove copyright dates\n\n* **Implementation**: Accepted\n")
	d = &Doc{Path: "proposals/0050.md", Src: src, Lines: NewLineIndex(src)}
	d.Header.Fields = []Field{{Key: "Implementation", Norm: "implementation", Value: "Accepted", Line: 3, Col: 3, From: "bullets"}}
	if v, _, ok := SpecStatus(d); !ok || v != "Accepted" {
		t.Fatalf("SpecStatus(**Implementation**: Accepted) = %q %v", v, ok)
	}
	d.Header.Fields[0].Value = "@bob"
	if _, _, ok := SpecStatus(d); ok {
		t.Fatal("an `Implementation:` field that is not a status must not count")
	}
}
