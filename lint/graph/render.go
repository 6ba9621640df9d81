package graph

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// Formats are the renderings `rolelint graph --format` offers.
var Formats = []string{"mermaid", "dot", "json"}

// Render writes g in format (mermaid, dot or json).
func Render(g *Graph, format string) ([]byte, error) {
	switch format {
	case "mermaid":
		return []byte(g.Mermaid()), nil
	case "dot":
		return []byte(g.DOT()), nil
	case "json":
		return g.JSON()
	}
	return nil, fmt.Errorf("unknown graph format %q: use %s", format, strings.Join(Formats, ", "))
}

// Mermaid renders the graph of u as a fenced ```mermaid block and returns it
// with the number of document nodes (missing references not counted), so
// that a caller can leave a big graph out of a job summary.
func Mermaid(u *lint.Universe) (block string, nodes int) {
	g := Build(u)
	return g.Mermaid(), g.Stats().Nodes
}

// kindStyles colour the levels; orphan and missing get a red dashed border.
var kindStyles = []struct{ class, style string }{
	{"vision", "fill:#e8f0fe,stroke:#1a73e8"},
	{"spec", "fill:#e6f4ea,stroke:#188038"},
	{"epic", "fill:#fef7e0,stroke:#e37400"},
	{"item", "fill:#f3e8fd,stroke:#9334e6"},
	{"orphan", "stroke:#d93025,stroke-width:3px,stroke-dasharray:6 3"},
	{"missing", "fill:#fce8e6,stroke:#d93025,stroke-dasharray:6 3"},
}

func styleClass(n *Node) string {
	switch {
	case n.Missing:
		return "missing"
	case n.Kind == lint.KindVision || n.Kind == lint.KindSpec || n.Kind == lint.KindEpic:
		return string(n.Kind)
	}
	return "item"
}

// text is the visible label of a node.
func (n *Node) text() string {
	if n.Missing {
		return "missing: " + n.Title
	}
	t := string(n.Kind) + " · " + n.Title
	if n.Orphan {
		t += " (orphan)"
	}
	return t
}

// Mermaid renders g as a fenced flowchart.
func (g *Graph) Mermaid() string {
	var b strings.Builder
	b.WriteString("```mermaid\nflowchart TD\n")
	if len(g.Nodes) == 0 {
		b.WriteString("  empty[\"no product documents found\"]\n```\n")
		return b.String()
	}
	for _, n := range g.Nodes {
		fmt.Fprintf(&b, "  %s[\"%s\"]:::%s\n", n.ID, mermaidEscape(n.text()), styleClass(n))
	}
	for _, e := range g.Edges {
		if e.Missing {
			fmt.Fprintf(&b, "  %s -.->|missing| %s\n", e.From, e.To)
			continue
		}
		fmt.Fprintf(&b, "  %s --> %s\n", e.From, e.To)
	}
	for _, s := range kindStyles {
		fmt.Fprintf(&b, "  classDef %s %s\n", s.class, s.style)
	}
	var orphans []string
	for _, n := range g.Nodes {
		if n.Orphan {
			orphans = append(orphans, n.ID)
		}
	}
	if len(orphans) > 0 {
		fmt.Fprintf(&b, "  class %s orphan\n", strings.Join(orphans, ","))
	}
	b.WriteString("```\n")
	return b.String()
}

// mermaidEscape makes text safe inside a quoted Mermaid label: quotes,
// angle brackets, '#' (entity start) and backticks become entity codes.
func mermaidEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString("#quot;")
		case '<':
			b.WriteString("#lt;")
		case '>':
			b.WriteString("#gt;")
		case '#':
			b.WriteString("#35;")
		case '`':
			b.WriteString("#96;")
		case '\n', '\r', '\t':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// DOT renders g for Graphviz (dot -Tsvg).
func (g *Graph) DOT() string {
	var b strings.Builder
	b.WriteString("digraph traceability {\n  rankdir=TB;\n  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\"];\n")
	for _, n := range g.Nodes {
		attrs := []string{"label=" + dotQuote(n.text())}
		switch {
		case n.Missing:
			attrs = append(attrs, `style="dashed,filled"`, `color="#d93025"`, `fillcolor="#fce8e6"`)
		case n.Orphan:
			attrs = append(attrs, `style="rounded,dashed,filled"`, `color="#d93025"`, "penwidth=2")
		}
		if n.Path != "" && !n.Missing {
			attrs = append(attrs, "tooltip="+dotQuote(fmt.Sprintf("%s:%d", n.Path, n.Line)))
		}
		fmt.Fprintf(&b, "  %s [%s];\n", n.ID, strings.Join(attrs, ", "))
	}
	for _, e := range g.Edges {
		if e.Missing {
			fmt.Fprintf(&b, "  %s -> %s [style=dashed, color=\"#d93025\", label=\"missing\"];\n", e.From, e.To)
			continue
		}
		fmt.Fprintf(&b, "  %s -> %s;\n", e.From, e.To)
	}
	b.WriteString("}\n")
	return b.String()
}

func dotQuote(s string) string {
	return `"` + dotEscaper.Replace(s) + `"`
}

// dotEscaper is built once rather than for every label.
var dotEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", " ", "\r", " ")

type jsonGraph struct {
	Nodes []*Node `json:"nodes"`
	Edges []Edge  `json:"edges"`
	Stats Stats   `json:"summary"`
}

// JSON renders g as an indented JSON document: nodes, edges and counts.
func (g *Graph) JSON() ([]byte, error) {
	out := jsonGraph{Nodes: g.Nodes, Edges: g.Edges, Stats: g.Stats()}
	if out.Nodes == nil {
		out.Nodes = []*Node{}
	}
	if out.Edges == nil {
		out.Edges = []Edge{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
