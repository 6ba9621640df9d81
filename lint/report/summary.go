package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// MaxSummaryBytes is GitHub's limit for one step's job summary; a larger
// summary is dropped by the runner, so WriteSummary truncates its tables.
const MaxSummaryBytes = 1 << 20

// summaryReserve keeps room under the limit for headings and truncation notes.
const summaryReserve = 8 << 10

// WriteSummary writes the Markdown summary (the github format's job summary
// and the markdown format): totals, every finding grouped by rule with links
// to its lines, a per-document role table and, when Meta.Graph is set, the
// traceability graph. It stays under MaxSummaryBytes by cutting table rows
// and saying so.
func WriteSummary(w io.Writer, res *lint.Result, m Meta) error {
	if res == nil {
		res = &lint.Result{}
	}
	head := summaryHead(res, m)
	findingRows := summaryFindingRows(res, m)
	docRows := summaryDocRows(res, m)
	noteRows := summaryNotificationRows(res)
	graph := ""
	if strings.TrimSpace(m.Graph) != "" {
		graph = "\n## Traceability\n\n" + strings.TrimRight(m.Graph, "\n") + "\n"
	}

	budget := MaxSummaryBytes - summaryReserve - len(head)
	if len(graph) > budget/2 {
		graph = "\n## Traceability\n\nThe traceability graph is too large for a job summary; run `rolelint graph` to see it.\n"
	}
	budget -= len(graph)
	// Findings come first; the document table and the run's notes get what
	// they leave, but never less than a quarter (an eighth) of the budget
	// when they need that much.
	docNeed := min(totalLen(docRows), budget/4)
	noteNeed := min(totalLen(noteRows), budget/8)
	findingsShown := fitRows(findingRows, budget-docNeed-noteNeed)
	budget -= totalLen(findingRows[:findingsShown])
	docsShown := fitRows(docRows, budget-noteNeed)
	budget -= totalLen(docRows[:docsShown])
	notesShown := fitRows(noteRows, budget)

	var b strings.Builder
	b.WriteString(head)
	writeTable(&b, "### Findings", findingsHeader, findingRows, findingsShown, "findings",
		"The SARIF and JSON outputs hold every finding.")
	writeTable(&b, "### Documents", docsHeader, docRows, docsShown, "documents", "")
	writeTable(&b, "### Notes from the run", "", noteRows, notesShown, "notes", "The text output lists them all.")
	b.WriteString(graph)
	_, err := io.WriteString(w, b.String())
	return err
}

const (
	findingsHeader = "| Rule | Severity | Location | Message |\n| --- | --- | --- | --- |\n"
	docsHeader     = "| Document | Kind | Owner | Vision link | Acceptance criteria |\n| --- | --- | --- | --- | --- |\n"
)

func summaryHead(res *lint.Result, m Meta) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## %s\n\n", escapeMarkdown(m.toolName()))
	c := res.Counts()
	icon := "✅"
	if c[lint.SeverityError] > 0 {
		icon = "❌"
	} else if c[lint.SeverityWarning]+c[lint.SeverityNote] > 0 {
		icon = "⚠️"
	}
	fmt.Fprintf(&b, "%s %s\n", icon, escapeMarkdown(SummaryLine(res, m)))
	if len(res.Findings) > 0 {
		b.WriteString("\n| Severity | Findings |\n| --- | --- |\n")
		for _, s := range []lint.Severity{lint.SeverityError, lint.SeverityWarning, lint.SeverityNote} {
			fmt.Fprintf(&b, "| %s | %d |\n", s, c[s])
		}
		if n := suppressedCount(res); n > 0 {
			fmt.Fprintf(&b, "| suppressed | %d |\n", n)
		}
	}
	return b.String()
}

// summaryFindingRows renders one table row per shown finding, grouped by rule.
func summaryFindingRows(res *lint.Result, m Meta) []string {
	var shown []lint.Finding
	for _, f := range res.Findings {
		if m.shown(f) {
			shown = append(shown, f)
		}
	}
	sort.SliceStable(shown, func(i, j int) bool { return shown[i].RuleID < shown[j].RuleID })
	rules := ruleIndex(res)
	blobBase := m.blobBase()
	rows := make([]string, 0, len(shown))
	for _, f := range shown {
		rule := escapeMarkdown(f.RuleID)
		if u := m.helpURI(f.RuleID); u != "" {
			rule = "[" + rule + "](" + u + ")"
		}
		if name := ruleNameOf(f, rules); name != "" {
			rule += " " + escapeMarkdown(name)
		}
		sev := f.Severity.String()
		if f.Suppressed != nil {
			sev += " (suppressed)"
		}
		line := startLine(f)
		end := f.EndLine
		if f.DocLevel {
			end = 0
		}
		loc := escapeMarkdown(fmt.Sprintf("%s:%d", f.Path, line))
		if u := blobURL(blobBase, f.Path, line, end); u != "" {
			loc = "[" + loc + "](" + u + ")"
		}
		rows = append(rows, fmt.Sprintf("| %s | %s | %s | %s |\n", rule, sev, loc, escapeMarkdown(f.Message)))
	}
	return rows
}

// summaryDocRows renders one row per product document (and backlog item) in
// scope: who owns it, whether it links up to the vision, whether an item
// has acceptance criteria.
func summaryDocRows(res *lint.Result, m Meta) []string {
	if res.Universe == nil {
		return nil
	}
	blobBase := m.blobBase()
	var rows []string
	for _, d := range res.Universe.Docs {
		if d == nil || d.Kind == lint.KindUnknown {
			continue
		}
		if m.Summary.InScope != nil && !m.Summary.InScope(d.Path) {
			continue
		}
		name := escapeMarkdown(d.Path)
		line := 0
		if d.Parent != nil {
			label := d.ID
			if label == "" {
				label = d.Title
			}
			name += " › " + escapeMarkdown(label)
			line = d.StartLine
		}
		if u := blobURL(blobBase, d.Path, line, 0); u != "" {
			name = "[" + name + "](" + u + ")"
		}
		rows = append(rows, fmt.Sprintf("| %s | %s | %s | %s | %s |\n",
			name, d.Kind, ownerOf(res.Universe, d), visionLinkOf(res.Universe, d), acceptanceOf(d)))
	}
	return rows
}

// ownerOf returns the document's accountable owner as a code span (so a
// handle does not ping anyone), marked when inherited from another file.
func ownerOf(u *lint.Universe, d *lint.Doc) string {
	f, from, ok := lint.OwnerFieldIn(u, d)
	if !ok || strings.TrimSpace(f.Value) == "" {
		return "—"
	}
	if from != d {
		return codeSpan(f.Value) + " (inherited)"
	}
	return codeSpan(f.Value)
}

// visionLinkOf tells whether d links up to the vision: a link that resolves
// to a vision document, or a vision/strategy section that holds a link.
func visionLinkOf(u *lint.Universe, d *lint.Doc) string {
	if d.Kind == lint.KindVision || d.Kind == lint.KindBacklog {
		return "—"
	}
	for _, l := range d.Links {
		if t, _ := u.Resolve(l); t != nil && t.Kind == lint.KindVision {
			return "yes"
		}
	}
	for _, h := range d.Sections(lint.ConceptVisionFit) {
		if len(d.LinksIn(h)) > 0 {
			return "yes"
		}
	}
	return "no"
}

// acceptanceOf tells whether a backlog item has an acceptance-criteria
// section with at least one list item; "—" for other kinds.
func acceptanceOf(d *lint.Doc) string {
	if !d.Kind.IsItem() {
		return "—"
	}
	for _, h := range d.Sections(lint.ConceptAcceptanceCriteria) {
		if len(d.ItemsIn(h)) > 0 {
			return "yes"
		}
	}
	return "no"
}

// summaryNotificationRows lists the run's notifications as list items.
func summaryNotificationRows(res *lint.Result) []string {
	rows := make([]string, 0, len(res.Notifications))
	for _, n := range res.Notifications {
		where := "rolelint"
		if n.Path != "" {
			where = n.Path
			if n.Line > 0 {
				where += fmt.Sprintf(":%d", n.Line)
			}
		}
		level := notificationLevel(n)
		rows = append(rows, fmt.Sprintf("- %s (%s): %s\n", codeSpan(where), level, escapeMarkdown(n.Message)))
	}
	return rows
}

// writeTable writes a titled table (or list) with the first shown rows and
// a note when rows were cut.
func writeTable(b *strings.Builder, title, header string, rows []string, shown int, what, hint string) {
	if len(rows) == 0 {
		return
	}
	b.WriteString("\n" + title + "\n\n" + header) // header is "" for a list
	for _, r := range rows[:shown] {
		b.WriteString(r)
	}
	if shown < len(rows) {
		fmt.Fprintf(b, "\n%d of %d %s are not listed: a job summary is limited to 1 MiB. %s\n",
			len(rows)-shown, len(rows), what, hint)
	}
}

// fitRows returns how many leading rows fit in budget bytes.
func fitRows(rows []string, budget int) int {
	n, used := 0, 0
	for _, r := range rows {
		if used+len(r) > budget {
			break
		}
		used += len(r)
		n++
	}
	return n
}

func totalLen(rows []string) int {
	n := 0
	for _, r := range rows {
		n += len(r)
	}
	return n
}

// escapeMarkdown makes text from documents inert in a Markdown table cell:
// punctuation that starts markup is backslash-escaped, '&' cannot start an
// entity, and line breaks become <br>.
func escapeMarkdown(s string) string {
	var b strings.Builder
	s = strings.ReplaceAll(s, "\r\n", "\n")
	for _, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '#', '!', '$':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '&':
			b.WriteString("&amp;")
		case '\n', '\r':
			b.WriteString("<br>")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// codeSpan wraps s in a code span that survives a table cell: the delimiter
// is longer than any backtick run inside, and '|' is escaped (GFM splits
// cells before it parses code spans).
func codeSpan(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	fence := strings.Repeat("`", longestBacktickRun(s)+1)
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " "
	}
	return fence + pad + strings.ReplaceAll(s, "|", "\\|") + pad + fence
}
