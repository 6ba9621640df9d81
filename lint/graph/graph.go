// Package graph builds the traceability graph of a repository's product
// documents: vision -> specs -> epics -> stories, bugs and tasks, from the
// links in the documents and the references in their headers (epic:, spec:,
// parent_task_id:, ...). References that resolve to nothing become "missing"
// nodes, and documents that nothing above them links to are marked orphans.
// The graph renders as Mermaid (GitHub shows it in Markdown and job
// summaries), Graphviz DOT and JSON.
package graph

import (
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// Node is a document, a backlog item or a missing reference.
type Node struct {
	ID      string    `json:"id"`             // stable within one graph: n1, n2, ... then m1, m2, ... for missing ones
	Kind    lint.Kind `json:"kind,omitempty"` // "" for a missing reference
	Title   string    `json:"title"`
	Path    string    `json:"path,omitempty"`
	Line    int       `json:"line,omitempty"`
	DocID   string    `json:"docId,omitempty"` // the document's own id (US-12, task-7), if any
	Orphan  bool      `json:"orphan"`          // nothing above it links to it
	Missing bool      `json:"missing"`         // a reference that resolves to no document
}

// Edge goes from the upper level to the lower one (vision -> spec), or from a
// document to a missing reference it makes.
type Edge struct {
	From    string `json:"from"`
	To      string `json:"to"`
	Via     string `json:"via"` // "link", or the header key that made it (epic, spec, ...)
	Line    int    `json:"line,omitempty"`
	Missing bool   `json:"missing"`
}

// Graph is the traceability graph, in a deterministic order.
type Graph struct {
	Nodes []*Node
	Edges []Edge
}

// Stats counts what the graph holds.
type Stats struct {
	Nodes   int `json:"nodes"` // documents and items (missing references excluded)
	Edges   int `json:"edges"`
	Orphans int `json:"orphans"`
	Missing int `json:"missing"`
}

// Stats returns the counts of g.
func (g *Graph) Stats() Stats {
	var s Stats
	for _, n := range g.Nodes {
		switch {
		case n.Missing:
			s.Missing++
		default:
			s.Nodes++
			if n.Orphan {
				s.Orphans++
			}
		}
	}
	s.Edges = len(g.Edges)
	return s
}

// level places a kind in the hierarchy; -1 keeps it out of the graph (backlog
// files are containers: their items are nodes of their own).
func level(k lint.Kind) int {
	switch k {
	case lint.KindVision:
		return 0
	case lint.KindSpec:
		return 1
	case lint.KindEpic:
		return 2
	case lint.KindStory, lint.KindBug, lint.KindTask:
		return 3
	}
	return -1
}

// refKeys are the header keys whose values name another document.
var refKeys = map[string]bool{
	"epic": true, "epics": true, "parent": true, "parent task id": true, "parent task": true,
	"parent epic": true, "feature": true, "spec": true, "specs": true, "prd": true, "rfc": true,
	"kep": true, "related spec": true, "parent spec": true, "design": true, "proposal": true,
	"goal": true, "product goal": true, "vision": true, "milestone": true, "stories": true,
	"delivered by": true, "implements": true,
}

// parentKeys name the parent even when it sits on the same level (a subtask
// under its task, a story under a story-sized epic).
var parentKeys = map[string]bool{
	"parent": true, "parent task id": true, "parent task": true, "parent epic": true, "epic": true,
}

// nameKeys may hold a plain name (a milestone "M2 - Board", a goal sentence):
// an unresolved value there is not a missing link.
var nameKeys = map[string]bool{"milestone": true, "goal": true, "product goal": true, "feature": true}

// inheritedKeys of a backlog file's header apply to each of its items.
var inheritedKeys = map[string]bool{"product goal": true, "goal": true, "vision": true}

var (
	idLikeRe   = regexp.MustCompile(`^#?[A-Za-z][A-Za-z0-9]*-\d+(?:\.\d+)*$`)
	mdLinkRe   = regexp.MustCompile(`^\[[^\]]*\]\(([^)\s]+)[^)]*\)$`)
	wikiLinkRe = regexp.MustCompile(`^\[\[([^\]]+)\]\]$`)
)

type builder struct {
	u       *lint.Universe
	g       *Graph
	byDoc   map[*lint.Doc]*Node
	missing map[string]*Node
	edges   map[[2]string]bool
}

// Build makes the graph of every product document and item of u.
func Build(u *lint.Universe) *Graph {
	b := &builder{u: u, g: &Graph{}, byDoc: map[*lint.Doc]*Node{}, missing: map[string]*Node{}, edges: map[[2]string]bool{}}
	if u == nil {
		return b.g
	}
	docs := b.nodeDocs()
	for i, d := range docs {
		n := &Node{ID: "n" + strconv.Itoa(i+1), Kind: d.Kind, Title: label(d), Path: d.Path, Line: titleLine(d), DocID: d.ID}
		b.byDoc[d] = n
		b.g.Nodes = append(b.g.Nodes, n)
	}
	for _, d := range docs {
		b.headerRefs(d, d, false)
		if d.Parent != nil {
			b.headerRefs(d.Parent, d, true)
		}
		b.bodyLinks(d)
	}
	b.finish()
	return b.g
}

// nodeDocs returns the documents that become nodes, by level, path and line.
func (b *builder) nodeDocs() []*lint.Doc {
	var docs []*lint.Doc
	for _, d := range b.u.Docs {
		if level(d.Kind) >= 0 {
			docs = append(docs, d)
		}
	}
	sort.SliceStable(docs, func(i, j int) bool {
		li, lj := level(docs[i].Kind), level(docs[j].Kind)
		if li != lj {
			return li < lj
		}
		if docs[i].Path != docs[j].Path {
			return docs[i].Path < docs[j].Path
		}
		return docs[i].StartLine < docs[j].StartLine
	})
	return docs
}

// headerRefs follows the reference fields of src's header on behalf of d
// (src is d itself, or the backlog file d is an item of when inherited).
func (b *builder) headerRefs(src, d *lint.Doc, inherited bool) {
	for _, f := range src.Header.Fields {
		if !refKeys[f.Norm] || (inherited && !inheritedKeys[f.Norm]) {
			continue
		}
		vals := f.Values
		if len(vals) == 0 && strings.TrimSpace(f.Value) != "" {
			vals = []string{f.Value}
		}
		for _, v := range vals {
			b.ref(src, d, f.Norm, f.Line, refValue(v))
		}
	}
}

// refValue unwraps a value written as a Markdown link or a wikilink.
func refValue(v string) string {
	v = strings.TrimSpace(v)
	if m := mdLinkRe.FindStringSubmatch(v); m != nil {
		return m[1]
	}
	if m := wikiLinkRe.FindStringSubmatch(v); m != nil {
		return m[1]
	}
	return v
}

func (b *builder) ref(src, d *lint.Doc, key string, line int, v string) {
	if v == "" {
		return
	}
	target, found := b.u.ResolveRef(src, v)
	if target != nil {
		b.link(d, target, key, line)
		return
	}
	if found || nameKeys[key] || !looksLikeRef(v) {
		return
	}
	b.missingRef(d, missingKey(src, v), v, key, line)
}

// looksLikeRef tells a path or an id from a plain name.
func looksLikeRef(v string) bool {
	if strings.Contains(v, "://") {
		return false
	}
	return strings.Contains(v, "/") || lint.IsMarkdown(strings.SplitN(v, "#", 2)[0]) || idLikeRe.MatchString(v)
}

// missingKey names a missing reference so that two documents pointing at the
// same absent file share one node.
func missingKey(src *lint.Doc, v string) string {
	clean := strings.SplitN(v, "#", 2)[0]
	if strings.Contains(clean, "/") || lint.IsMarkdown(clean) {
		p := path.Join(path.Dir(src.Path), clean)
		if !strings.HasPrefix(p, "../") {
			return p
		}
	}
	return v
}

// bodyLinks follows d's links (header links only under reference keys).
func (b *builder) bodyLinks(d *lint.Doc) {
	for _, l := range d.Links {
		if l.External || (l.FromKey != "" && !refKeys[l.FromKey]) {
			continue
		}
		via := "link"
		if l.FromKey != "" {
			via = l.FromKey
		}
		target, exists := b.u.Resolve(l)
		if target == nil && l.FromKey != "" {
			// A header value: relative to the repository root is fine too
			// (ResolveRef), and headerRefs already marks what stays missing.
			target, _ = b.u.ResolveRef(d, l.Dest)
			exists = true
		}
		if target != nil {
			if t := b.itemFor(target, l); t != nil {
				target = t
			}
			b.link(d, target, via, l.Line)
			continue
		}
		if exists || l.Escapes {
			continue
		}
		switch {
		case l.Wiki:
			b.missingRef(d, l.Dest, l.Dest, via, l.Line)
		case l.Target != "" && lint.IsMarkdown(l.Target):
			b.missingRef(d, l.Target, l.Target, via, l.Line)
		}
	}
}

// itemFor narrows a link into a backlog file to the item its fragment names.
func (b *builder) itemFor(file *lint.Doc, l lint.Link) *lint.Doc {
	if len(file.Items) == 0 || l.Fragment == "" {
		return nil
	}
	want := strings.ToLower(l.Fragment)
	for _, it := range file.Items {
		if it.ID != "" && strings.HasPrefix(want, strings.ToLower(it.ID)) {
			return it
		}
	}
	return nil
}

// link adds the edge between d and t that the reference implies: from the
// upper level to the lower; on one level only when the key names a parent.
func (b *builder) link(d, t *lint.Doc, via string, line int) {
	dn, tn := b.byDoc[d], b.byDoc[t]
	if dn == nil || tn == nil || dn == tn {
		return
	}
	ld, lt := level(d.Kind), level(t.Kind)
	switch {
	case lt < ld:
		b.addEdge(Edge{From: tn.ID, To: dn.ID, Via: via, Line: line})
	case lt > ld:
		b.addEdge(Edge{From: dn.ID, To: tn.ID, Via: via, Line: line})
	case parentKeys[via]:
		b.addEdge(Edge{From: tn.ID, To: dn.ID, Via: via, Line: line})
	}
}

func (b *builder) missingRef(d *lint.Doc, key, shown, via string, line int) {
	dn := b.byDoc[d]
	if dn == nil {
		return
	}
	m := b.missing[key]
	if m == nil {
		m = &Node{Title: shown, Missing: true}
		if strings.Contains(key, "/") || lint.IsMarkdown(key) {
			m.Path = key
			m.Title = key
		}
		b.missing[key] = m
	}
	b.addEdge(Edge{From: dn.ID, To: "\x00" + key, Via: via, Line: line, Missing: true})
}

func (b *builder) addEdge(e Edge) {
	k := [2]string{e.From, e.To}
	if b.edges[k] {
		return
	}
	b.edges[k] = true
	b.g.Edges = append(b.g.Edges, e)
}

// finish numbers the missing nodes, marks orphans and sorts the edges.
func (b *builder) finish() {
	keys := make([]string, 0, len(b.missing))
	for k := range b.missing {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for i, k := range keys {
		m := b.missing[k]
		m.ID = "m" + strconv.Itoa(i+1)
		b.g.Nodes = append(b.g.Nodes, m)
	}
	hasParent := map[string]bool{}
	for i, e := range b.g.Edges {
		if e.Missing {
			b.g.Edges[i].To = b.missing[strings.TrimPrefix(e.To, "\x00")].ID
			continue
		}
		hasParent[e.To] = true
	}
	for _, n := range b.g.Nodes {
		n.Orphan = !n.Missing && n.Kind != lint.KindVision && !hasParent[n.ID]
	}
	order := map[string]int{}
	for i, n := range b.g.Nodes {
		order[n.ID] = i
	}
	sort.SliceStable(b.g.Edges, func(i, j int) bool {
		a, c := b.g.Edges[i], b.g.Edges[j]
		if order[a.From] != order[c.From] {
			return order[a.From] < order[c.From]
		}
		return order[a.To] < order[c.To]
	})
}

// label is the node's text: the title, with the id in front when the title
// does not already carry it, shortened to keep the drawing readable.
func label(d *lint.Doc) string {
	t := strings.Join(strings.Fields(d.Title), " ")
	if t == "" {
		t = path.Base(d.Path)
	}
	if d.ID != "" && !strings.Contains(strings.ToLower(t), strings.ToLower(d.ID)) {
		t = d.ID + " " + t
	}
	const max = 60
	if r := []rune(t); len(r) > max {
		t = strings.TrimSpace(string(r[:max-1])) + "…"
	}
	return t
}

func titleLine(d *lint.Doc) int {
	if d.TitleLine > 0 {
		return d.TitleLine
	}
	return d.StartLine
}
