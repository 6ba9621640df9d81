package app

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/rolelint/rolelint/lint"
	"github.com/rolelint/rolelint/rules"
)

func TestGraphCommandFormats(t *testing.T) {
	root := writeTree(t, map[string]string{
		"VISION.md":         "---\nkind: vision\n---\n# Vision\n",
		"docs/prd/a.md":     "---\nkind: spec\n---\n# PRD A\n\nServes the [vision](../../VISION.md).\n",
		"backlog/US-1-x.md": "---\ntype: story\nid: US-1\nspec: docs/prd/a.md\n---\n# US-1 X\n",
		"backlog/US-2-y.md": "---\ntype: story\nid: US-2\nepic: EPIC-404\n---\n# US-2 Y\n",
		"README.md":         "# Project\n",
		".rolelint.yml":     "version: 1\n",
	})
	out, err := Graph(GraphOptions{Dir: root, Format: "json"}, rules.All())
	if err != nil {
		t.Fatal(err)
	}
	var g struct {
		Nodes   []map[string]any `json:"nodes"`
		Edges   []map[string]any `json:"edges"`
		Summary map[string]int   `json:"summary"`
	}
	if err := json.Unmarshal(out, &g); err != nil {
		t.Fatalf("graph --format json is not JSON: %v\n%s", err, out)
	}
	if g.Summary["nodes"] != 4 || g.Summary["orphans"] != 1 || g.Summary["missing"] != 1 || g.Summary["edges"] != 3 {
		t.Errorf("summary = %v, want 4 nodes, 3 edges (vision->spec, spec->US-1, US-2->missing), 1 orphan, 1 missing", g.Summary)
	}
	for format, want := range map[string]string{"mermaid": "flowchart TD", "dot": "digraph traceability {", "": "```mermaid"} {
		out, err := Graph(GraphOptions{Dir: root, Format: format}, rules.All())
		if err != nil || !strings.Contains(string(out), want) {
			t.Errorf("format %q: err=%v, output lacks %q", format, err, want)
		}
	}
	if _, err := Graph(GraphOptions{Dir: root, Format: "svg"}, rules.All()); err == nil || !strings.Contains(err.Error(), "mermaid, dot, json") {
		t.Errorf("unknown format: %v", err)
	}
	if _, err := Graph(GraphOptions{Dir: root, Rev: "HEAD"}, rules.All()); err == nil {
		t.Error("--rev outside a git repository must fail")
	}
}

func TestSummaryGraphLimit(t *testing.T) {
	if SummaryGraph(nil) != "" || SummaryGraph(lint.NewUniverse(nil, nil)) != "" {
		t.Error("no documents must give no graph section")
	}
	small := storyUniverse(t, 3)
	if got := SummaryGraph(small); !strings.HasPrefix(got, "```mermaid\n") {
		t.Errorf("small graph not drawn: %q", got)
	}
	big := storyUniverse(t, MaxSummaryGraphNodes)
	got := SummaryGraph(big)
	if strings.Contains(got, "mermaid") || !strings.Contains(got, fmt.Sprintf("%d documents", MaxSummaryGraphNodes)) {
		t.Errorf("a graph of %d nodes must be a count, got %q", MaxSummaryGraphNodes, got)
	}
	if got := SummaryGraph(storyUniverse(t, MaxSummaryGraphNodes-1)); !strings.HasPrefix(got, "```mermaid") {
		t.Errorf("a graph of %d nodes must still be drawn", MaxSummaryGraphNodes-1)
	}
}

func storyUniverse(t *testing.T, n int) *lint.Universe {
	t.Helper()
	src := &lint.MemSource{Data: map[string][]byte{}}
	for i := 0; i < n; i++ {
		src.Data[fmt.Sprintf("backlog/US-%d.md", i)] = []byte(fmt.Sprintf("---\ntype: story\nid: US-%d\n---\n# US-%d Story\n", i, i))
	}
	res, err := lint.Run(lint.Options{Source: src, InScope: func(string) bool { return false }})
	if err != nil {
		t.Fatal(err)
	}
	return res.Universe
}
