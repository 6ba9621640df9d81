package graph

import (
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolelint/rolelint/lint"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// universeOf parses every file under dir the way a run does.
func universeOf(t *testing.T, dir string) *lint.Universe {
	t.Helper()
	src := &lint.MemSource{Data: map[string][]byte{}}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		src.Data[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := lint.Run(lint.Options{Source: src, Config: lint.DefaultConfig(), InScope: func(string) bool { return false }})
	if err != nil {
		t.Fatal(err)
	}
	return res.Universe
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	file := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test ./lint/graph -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the output:\n--- got\n%s\n--- want\n%s", file, got, want)
	}
}

func TestGraphGolden(t *testing.T) {
	g := Build(universeOf(t, filepath.Join("testdata", "repo")))
	for _, format := range Formats {
		out, err := Render(g, format)
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "repo."+format+".golden", out)
	}
}

func nodeByDocID(g *Graph, id string) *Node {
	for _, n := range g.Nodes {
		if n.DocID == id {
			return n
		}
	}
	return nil
}

func hasEdge(g *Graph, from, to *Node) bool {
	for _, e := range g.Edges {
		if from != nil && to != nil && e.From == from.ID && e.To == to.ID {
			return true
		}
	}
	return false
}

// The golden files pin the rendering; this test states the semantics.
func TestGraphSemantics(t *testing.T) {
	g := Build(universeOf(t, filepath.Join("testdata", "repo")))
	byPath := func(p string) *Node {
		for _, n := range g.Nodes {
			if n.Path == p && !n.Missing {
				return n
			}
		}
		t.Fatalf("no node for %s", p)
		return nil
	}
	vision, scanning, mileage := byPath("VISION.md"), byPath("docs/prd/scanning.md"), byPath("docs/prd/mileage.md")
	epic, us1, us2, us3, bug := nodeByDocID(g, "EPIC-1"), nodeByDocID(g, "US-1"), nodeByDocID(g, "US-2"), nodeByDocID(g, "US-3"), nodeByDocID(g, "BUG-4")
	us5, us6 := nodeByDocID(g, "US-5"), nodeByDocID(g, "US-6")
	for name, e := range map[string][2]*Node{
		"vision -> spec (link up from the spec)":       {vision, scanning},
		"spec -> epic (link down from the spec)":       {scanning, epic},
		"epic -> story (epic: EPIC-1 by id)":           {epic, us1},
		"story -> subtask (parent_task_id, one level)": {us1, us3},
		"epic -> backlog item (link in the item)":      {epic, us5},
		"vision -> item (product_goal inherited)":      {vision, us6},
	} {
		if !hasEdge(g, e[0], e[1]) {
			t.Errorf("missing edge %s", name)
		}
	}
	for _, n := range g.Nodes {
		if n.Path == "README.md" || n.Kind == lint.KindBacklog {
			t.Errorf("%s (%s) is not a product document or is a container, yet it is a node", n.Path, n.Kind)
		}
	}
	for _, n := range []*Node{us2, mileage, bug} {
		if n == nil || !n.Orphan {
			t.Errorf("%+v should be an orphan", n)
		}
	}
	for _, n := range []*Node{vision, scanning, epic, us1, us3, us5, us6} {
		if n == nil || n.Orphan {
			t.Errorf("%+v should not be an orphan", n)
		}
	}
	var missing []string
	for _, n := range g.Nodes {
		if n.Missing {
			missing = append(missing, n.Title)
		}
	}
	if strings.Join(missing, ",") != "EPIC-9,ROADMAP.md" {
		t.Errorf("missing references = %v, want EPIC-9 and ROADMAP.md", missing)
	}
	if s := g.Stats(); s.Nodes != 10 || s.Missing != 2 || s.Orphans != 3 {
		t.Errorf("stats = %+v, want 10 nodes, 2 missing, 3 orphans", s)
	}
}

func TestGraphJSONIsValidAndStable(t *testing.T) {
	u := universeOf(t, filepath.Join("testdata", "repo"))
	a, err := Build(u).JSON()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Build(universeOf(t, filepath.Join("testdata", "repo"))).JSON()
	if string(a) != string(b) {
		t.Error("two builds of the same files differ")
	}
	var v map[string]any
	if err := json.Unmarshal(a, &v); err != nil {
		t.Fatalf("invalid JSON: %v", err)
	}
}

func TestMermaidEmptyAndCount(t *testing.T) {
	block, n := Mermaid(lint.NewUniverse(nil, nil))
	if n != 0 || !strings.HasPrefix(block, "```mermaid\n") || !strings.HasSuffix(block, "```\n") {
		t.Errorf("empty universe: n=%d block=%q", n, block)
	}
	block, n = Mermaid(universeOf(t, filepath.Join("testdata", "repo")))
	if n != 10 || !strings.Contains(block, "flowchart TD") {
		t.Errorf("repo: n=%d", n)
	}
	if _, err := Render(&Graph{}, "svg"); err == nil {
		t.Error("an unknown format must be an error")
	}
}

func TestMermaidEscapesLabels(t *testing.T) {
	got := mermaidEscape("PRD: \"x\" <b> #2 `c`")
	want := "PRD: #quot;x#quot; #lt;b#gt; #35;2 #96;c#96;"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := dotQuote(`a "b" \c`); got != `"a \"b\" \\c"` {
		t.Errorf("dotQuote = %s", got)
	}
}
