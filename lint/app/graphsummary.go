package app

import (
	"fmt"

	"github.com/rolelint/rolelint/lint"
	"github.com/rolelint/rolelint/lint/graph"
)

// MaxSummaryGraphNodes is the size from which the job summary shows the
// traceability graph's counts instead of drawing it: GitHub renders big
// Mermaid graphs slowly or not at all.
const MaxSummaryGraphNodes = 200

// SummaryGraph is what the Markdown job summary shows under "Traceability"
// (report.Meta.Graph): the Mermaid graph when it has fewer than
// MaxSummaryGraphNodes documents, else a sentence with the counts. It is ""
// when the universe holds no product document.
func SummaryGraph(u *lint.Universe) string {
	if u == nil {
		return ""
	}
	g := graph.Build(u)
	s := g.Stats()
	if s.Nodes == 0 {
		return ""
	}
	if s.Nodes < MaxSummaryGraphNodes {
		return g.Mermaid()
	}
	return fmt.Sprintf("The traceability graph has %d documents, %d links, %d orphans and %d missing references: too many to draw here. Run `rolelint graph --format dot` to see it.\n",
		s.Nodes, s.Edges, s.Orphans, s.Missing)
}
