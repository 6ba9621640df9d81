package rules

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/rolelint/rolelint/lint"
)

// PO008 checks that no two backlog items are the same item.
var PO008 = &lint.Rule{
	ID:        "PO008",
	Name:      "story-unique",
	Set:       lint.SetPO,
	Kinds:     []lint.Kind{lint.KindStory, lint.KindBug, lint.KindTask, lint.KindEpic},
	Severity:  lint.SeverityError,
	Precision: lint.PrecisionHigh,
	Title:     "No two backlog items are duplicates",
	Doc: `Two copies of one item split its ordering and its acceptance decision across two places; the Scrum
Guide asks for one ordered Product Backlog, and QUS "unique" (AQUSA's unique analyzer, "identical", severity
high) flags exact duplicates.

What is checked, over all items of the run: each item's key is its story sentence when it reads "As … I
want …", else its title; keys are lower-cased, stripped of ids (US-7, task-12, #4) and punctuation, and
whitespace is collapsed. Keys of one word are ignored. Items sharing a key are duplicates: the first (by path,
then line) is the original and every later copy gets an error naming it. Stories with the same role and
means but different ends get a note. A later copy that is already done or closed (Done, Won't Do,
Duplicate, Rejected, …) or that mentions the first item's id (closed as duplicate, "see task-12") is not
reported. The comparison is linear: keys go into a map, nothing is compared pairwise.

Fix: merge the two items, or close the later one as a duplicate with a link to the first. Silence with
` + "`<!-- rolelint-disable-next-line PO008 -- reason -->`" + ` above the later item's title.`,
	Bad:      "`task-12` and `task-31` both read `As a tutor, I want to export grades, so that I can upload them.`",
	Good:     "The second item is closed as duplicate or merged, with a link to `task-12`.",
	CheckAll: checkPO008,
}

// itemKeys returns an item's duplicate key and, for well-formed stories, its
// role+means key.
// keysFact keeps an item's itemKeys in its light form: the duplicate check
// compares every item of the run.
const keysFact = "po.keys"

func init() {
	lint.RegisterFact(keysFact, func(u *lint.Universe, d *lint.Doc) string {
		if !d.Kind.IsItem() {
			return ""
		}
		full, rm := itemKeys(u, d)
		return lint.JoinFact(full, rm)
	})
}

// keysMemoKey keys an item's itemKeys in lint.Universe.Memo: PO008 and the
// fact that stores them in the light form (Doc.Light) both ask.
type keysMemoKey struct{ doc *lint.Doc }

func itemKeys(u *lint.Universe, d *lint.Doc) (full, roleMeans string) {
	if d.Summary {
		var x [2]string
		if factParts(d.Facts.Get(keysFact), x[:]) {
			return x[0], x[1]
		}
		return "", ""
	}
	if u == nil {
		return computeItemKeys(u, d)
	}
	k := u.Memo(keysMemoKey{d}, func() any {
		full, rm := computeItemKeys(u, d)
		return [2]string{full, rm}
	}).([2]string)
	return k[0], k[1]
}

func computeItemKeys(u *lint.Universe, d *lint.Doc) (full, roleMeans string) {
	if f := storyOf(u, d); f.found && f.hasRole() {
		s, parts := f.sentence, f.parts
		full = poNormKey(s.Text, d.ID)
		if parts.EndsInd != "" {
			roleMeans = poNormKey(parts.RoleInd+" "+parts.Role+" "+parts.MeansInd+" "+parts.Means, d.ID)
		}
		return full, roleMeans
	}
	return poNormKey(d.Title, d.ID), ""
}

// po008Item is an item's keys, read once per run.
type po008Item struct {
	d        *lint.Doc
	full, rm string
}

func checkPO008(p *lint.Pass) {
	u := p.Universe
	rows := setTableOf(u).items
	keyed := make([]po008Item, 0, len(rows))
	// Findings land on items the run reports on. Such an item's finding
	// reads the first item with its key, and the first item with its role
	// and means that was the first of its own key: only items sharing a key
	// with an in-scope item, or a key with an item sharing its role and
	// means, can decide one. In a scoped run (a hook) only those are
	// replayed below.
	var wantFull, wantRM keySet
	all := true
	for i := range rows {
		r := &rows[i]
		full, rm, twoWords := r.full, r.rm, r.twoWords
		if !r.light {
			full, rm = itemKeys(u, r.d)
			twoWords = poTwoWords(full)
		}
		if !twoWords {
			continue
		}
		keyed = append(keyed, po008Item{r.d, full, rm})
		if !r.inScope {
			all = false
			continue
		}
		wantFull.add(full)
		if rm != "" {
			wantRM.add(rm)
		}
	}
	if len(wantFull.keys) == 0 {
		return
	}
	if !all {
		for _, it := range keyed {
			if it.rm != "" && wantRM.has(it.rm) {
				wantFull.add(it.full)
			}
		}
	}
	type first struct {
		d    *lint.Doc
		full string
	}
	firstByKey := make(map[string]*lint.Doc, len(wantFull.keys))
	firstByRoleMeans := make(map[string]first, len(wantRM.keys))
	for _, it := range keyed {
		d, full, rm := it.d, it.full, it.rm
		if !all && !wantFull.has(full) {
			continue
		}
		if first, dup := firstByKey[full]; dup {
			if u.DocInScope(d) && !settledDuplicate(p, d, first) {
				p.ReportDoc(d, "duplicate of "+poItemRef(first)+": merge the two items, or close this one as a duplicate with a link to "+poIdOr(first))
			}
			continue
		}
		firstByKey[full] = d
		if rm == "" {
			continue
		}
		if f, dup := firstByRoleMeans[rm]; dup && f.full != full {
			if u.DocInScope(d) && !settledDuplicate(p, d, f.d) {
				reportDoc(p, d, lint.SeverityNote, "same role and means as "+poItemRef(f.d)+" with a different benefit: merge the stories or make the means differ")
			}
			continue
		}
		if _, seen := firstByRoleMeans[rm]; !seen {
			firstByRoleMeans[rm] = first{d, full}
		}
	}
}

// keySet is a set of strings that answers most misses from a string's
// length alone. A scoped run's PO008 asks it about the key of every item of
// the run, and wants the few of the items in scope: reading each key's
// bytes to hash it, not the hashing, is what costs there.
type keySet struct {
	keys map[string]bool
	lens []bool // lens[n]: some key has n bytes
}

func (s *keySet) add(k string) {
	if s.keys == nil {
		s.keys = map[string]bool{}
	}
	s.keys[k] = true
	if len(k) >= len(s.lens) {
		s.lens = append(s.lens, make([]bool, len(k)+1-len(s.lens))...)
	}
	s.lens[len(k)] = true
}

func (s *keySet) has(k string) bool {
	return len(k) < len(s.lens) && s.lens[len(k)] && s.keys[k]
}

// poTwoWords reports whether s has at least two whitespace-separated words:
// poWordCount(s) >= 2 without building the words.
func poTwoWords(s string) bool {
	words, inWord := 0, false
	for _, r := range s {
		if unicode.IsSpace(r) {
			inWord = false
			continue
		}
		if !inWord {
			if words++; words == 2 {
				return true
			}
			inWord = true
		}
	}
	return false
}

// factParts unpacks a lint.JoinFact value of exactly len(out) parts into
// out, as lint.SplitFact would, without allocating; false when v is not one.
func factParts(v string, out []string) bool {
	n := 0
	for v != "" {
		i := strings.IndexByte(v, ':')
		if i < 0 || n == len(out) {
			return false
		}
		size, err := strconv.Atoi(v[:i])
		if err != nil || size < 0 || size > len(v)-i-1 {
			return false
		}
		out[n] = v[i+1 : i+1+size]
		n++
		v = v[i+1+size:]
	}
	return n == len(out)
}

// settledDuplicate reports whether a later copy needs no finding: it is done
// or closed, or it already refers to the first item's id.
func settledDuplicate(p *lint.Pass, later, first *lint.Doc) bool {
	if poIsClosed(p.Config, later) {
		return true
	}
	if first.ID == "" || later.Lines == nil {
		return false
	}
	start, end := later.Lines.Start(later.StartLine), later.Lines.Start(later.EndLine+1)
	if start > end || end > len(later.Src) {
		return false
	}
	return poContainsID(string(later.Src[start:end]), first.ID)
}

// poContainsID reports whether id occurs in text (case-insensitive) with no
// letter or digit glued to either side: "task-1" is not in "task-12".
func poContainsID(text, id string) bool {
	low, needle := strings.ToLower(text), strings.ToLower(id)
	if needle == "" {
		return false
	}
	for i := 0; i < len(low); {
		j := strings.Index(low[i:], needle)
		if j < 0 {
			return false
		}
		at, end := i+j, i+j+len(needle)
		if (at == 0 || !poIsIDByte(low[at-1])) && (end == len(low) || !poIsIDByte(low[end])) {
			return true
		}
		i = at + 1
	}
	return false
}

func poIsIDByte(b byte) bool { return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '_' }

func poIdOr(d *lint.Doc) string {
	if d.ID != "" {
		return d.ID
	}
	return d.Path
}
