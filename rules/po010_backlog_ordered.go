package rules

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// PO010 checks that every open item of a backlog has an explicit order.
var PO010 = &lint.Rule{
	ID:        "PO010",
	Name:      "backlog-ordered",
	Set:       lint.SetPO,
	Kinds:     []lint.Kind{lint.KindStory, lint.KindBug, lint.KindTask, lint.KindEpic},
	Severity:  lint.SeverityWarning,
	Precision: lint.PrecisionHeuristic,
	Title:     "The backlog has an explicit, unambiguous order",
	Doc: `Ordering the Product Backlog is an explicit accountability of the Product Owner (Scrum Guide), and the
order is where the PO's decisions become visible. Backlog.md stores it in ` + "`priority`" + ` and ` + "`ordinal`" + `.

What is checked, per backlog — a directory of item files, or one multi-item file — on its open items (not
done, not closed as Won't Do/Duplicate/…, not Draft or under a drafts/ folder, not under an archive/
folder, and not an epic without any status — a milestone or theme is a container, not an entry to order):
a missing order signal (warning) — none of the keys ordinal, order, rank, priority, prio, position, and no
todo.txt "(A)" prefix in the title; an item's position counts as its order only in a multi-item file, so those
items always have one; a directory backlog with a single open item is trivially ordered and not reported;
two open items of one backlog sharing an ordinal/order/rank value (warning, on the later one, naming the
first by path then line); a priority outside the vocabulary (error): by default critical, high, medium,
low, P0–P4, or an integer (Appendix D.14). The option ` + "`priorities`" + ` replaces the word list (integers
stay valid).

Fix: give every open item a priority or an ordinal, distinct ordinals, and priorities from the vocabulary.
Silence with ` + "`<!-- rolelint-disable-next-line PO010 -- reason -->`" + `, or ` + "`# rolelint-disable-line PO010`" + `-style comments where supported.`,
	Bad:  "`backlog/tasks/` with 14 open tasks, 9 of them without `priority` or `ordinal`.",
	Good: "Every open task has `ordinal:` and no two share a value.",
	Options: []lint.Option{{Name: "priorities", Type: "[]string", Default: []string{"critical", "high", "medium", "low", "p0", "p1", "p2", "p3", "p4"},
		Doc: "accepted priority values (case-insensitive); integers are always accepted"}},
	CheckAll: checkPO010,
}

var (
	orderKeys    = []string{"ordinal", "order", "rank", "priority", "prio", "position", "sort order"}
	rankKeys     = []string{"ordinal", "order", "rank", "position"}
	todoTxtPrio  = regexp.MustCompile(`^\([A-Z]\)\s`)
	integerValue = regexp.MustCompile(`^[+-]?\d+$`)
)

// backlogKey names a backlog: a multi-item file or a directory of item
// files. An item belongs to its multi-item file (Parent), where position is
// an order, else to its folder (setTable numbers them).
type backlogKey struct {
	file bool
	path string
}

func checkPO010(p *lint.Pass) {
	vocab := priorityVocabulary(p)
	type backlog struct {
		items      []*lint.Doc
		positional bool
	}
	// Findings land on the items of a backlog, so only backlogs holding an
	// item the run reports on are checked (all of them in a full run).
	t := setTableOf(p.Universe)
	relevant := make([]bool, len(t.backlogs))
	anyRelevant := false
	for i := range t.items {
		if r := &t.items[i]; r.inScope || !r.ownFields {
			relevant[r.backlog] = true
			anyRelevant = true
		}
	}
	if !anyRelevant {
		return
	}
	var order []int32
	backlogs := make([]*backlog, len(t.backlogs))
	for i := range t.items {
		r := &t.items[i]
		if !relevant[r.backlog] {
			continue
		}
		d := r.d
		if poIsClosed(p.Config, d) || poIsDraft(d) || poIsArchived(d) || d.Kind == lint.KindEpic && lint.ItemStatus(d) == "" {
			continue
		}
		b := backlogs[r.backlog]
		if b == nil {
			b = &backlog{positional: r.positional}
			backlogs[r.backlog] = b
			order = append(order, r.backlog)
		}
		b.items = append(b.items, d)
	}
	for _, key := range order {
		b := backlogs[key]
		firstRank := map[string]*lint.Doc{}
		for _, d := range b.items {
			if f, ok := d.Header.Get("priority", "prio"); ok && strings.TrimSpace(f.Value) != "" && !validPriority(f.Value, vocab) {
				reportField(p, d, f, lint.SeverityError, `priority "`+strings.TrimSpace(f.Value)+`" is not in the priority vocabulary (`+strings.Join(vocab, ", ")+`, or an integer): use one of them`)
			}
			if f, ok := d.Header.Get(rankKeys...); ok && strings.TrimSpace(f.Value) != "" {
				v := f.Norm + "=" + strings.TrimSpace(f.Value)
				if first, dup := firstRank[v]; dup {
					reportField(p, d, f, lint.SeverityWarning, f.Key+" "+strings.TrimSpace(f.Value)+" is also the "+f.Key+" of "+poItemRef(first)+": give each open item a distinct value")
				} else {
					firstRank[v] = d
				}
			}
			if !b.positional && len(b.items) > 1 && !hasOrderSignal(d) {
				reportDoc(p, d, lint.SeverityWarning, "open item has no order in its backlog: add a priority ("+strings.Join(vocab, "|")+") or an ordinal")
			}
		}
	}
}

// hasOrderSignal reports whether an item carries an explicit order.
func hasOrderSignal(d *lint.Doc) bool {
	for _, k := range orderKeys {
		if f, ok := d.Header.Get(k); ok && strings.TrimSpace(f.Value) != "" {
			return true
		}
	}
	return todoTxtPrio.MatchString(d.Title)
}

// priorityVocabulary reads the `priorities` option, lower-cased.
func priorityVocabulary(p *lint.Pass) []string {
	var raw []string
	switch v := p.Option("priorities").(type) {
	case []string:
		raw = v
	case []any:
		for _, x := range v {
			switch s := x.(type) {
			case string:
				raw = append(raw, s)
			case int:
				raw = append(raw, strconv.Itoa(s))
			}
		}
	case string:
		raw = strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '|' })
	}
	var out []string
	for _, s := range raw {
		if s = strings.ToLower(strings.TrimSpace(s)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// validPriority reports whether a priority value is in the vocabulary or an integer.
func validPriority(v string, vocab []string) bool {
	v = strings.ToLower(strings.Trim(strings.TrimSpace(v), `"'`))
	if integerValue.MatchString(v) {
		return true
	}
	for _, w := range vocab {
		if v == w {
			return true
		}
	}
	return false
}
