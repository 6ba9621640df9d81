package rules

import (
	"strings"

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
		if x := lint.SplitFact(d.Facts[keysFact]); len(x) == 2 {
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

func checkPO008(p *lint.Pass) {
	firstByKey := map[string]*lint.Doc{}
	firstByRoleMeans := map[string]*lint.Doc{}
	fullOf := map[*lint.Doc]string{}
	for _, d := range poUniverseItems(p.Universe) {
		full, rm := itemKeys(p.Universe, d)
		if poWordCount(full) < 2 {
			continue
		}
		fullOf[d] = full
		if first, dup := firstByKey[full]; dup {
			if p.Universe.DocInScope(d) && !settledDuplicate(p, d, first) {
				p.ReportDoc(d, "duplicate of "+poItemRef(first)+": merge the two items, or close this one as a duplicate with a link to "+poIdOr(first))
			}
			continue
		}
		firstByKey[full] = d
		if rm == "" {
			continue
		}
		if first, dup := firstByRoleMeans[rm]; dup && fullOf[first] != full {
			if p.Universe.DocInScope(d) && !settledDuplicate(p, d, first) {
				reportDoc(p, d, lint.SeverityNote, "same role and means as "+poItemRef(first)+" with a different benefit: merge the stories or make the means differ")
			}
			continue
		}
		if _, seen := firstByRoleMeans[rm]; !seen {
			firstByRoleMeans[rm] = d
		}
	}
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
