package rules

import (
	"sort"
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// PO009 checks that stories follow the backlog's dominant template.
var PO009 = &lint.Rule{
	ID:        "PO009",
	Name:      "backlog-uniform-template",
	Set:       lint.SetPO,
	Kinds:     []lint.Kind{lint.KindStory},
	Severity:  lint.SeverityNote,
	Precision: lint.PrecisionLexical,
	Title:     "Stories follow the backlog's dominant story template",
	Doc: `Stories written in one template are quicker to read and compare, and every other story check is more
reliable on them (QUS "uniform"; AQUSA's uniform analyzer, whose fallback template is "As a, I want to,
So that").

What is checked, over all stories of the run when there are at least five (see PO001 for what a story is):
each story's (role indicator, means indicator) pair — "As a" / "I want to" — is counted and the most common
pair is the template (ties go to the alphabetically first). A story whose role or means indicator differs
from the template's by a Levenshtein distance above 3 gets a note (so "As an" against "As a" and "I want"
against "I want to" pass, "I can" against "I want to" does not; a story sentence with no indicators at all
differs). The ends indicator is not compared: a missing "so that" is PO002's business (Appendix D.10). The
option ` + "`template`" + ` (for example "As a, I want to") fixes the template instead of computing it.

Fix: rewrite the story in the template. Silence with ` + "`<!-- rolelint-disable-next-line PO009 -- reason -->`" + `.`,
	Bad:      "40 stories use `As a … I want to … so that …`; one uses `The system shall let admins …`.",
	Good:     "`As an admin, I want to …, so that …`.",
	Options:  []lint.Option{{Name: "template", Type: "string", Default: "", Doc: `fixed "role indicator, means indicator" template, e.g. "As a, I want to"; empty = the dominant one`}},
	CheckAll: checkPO009,
}

// templatePair is a story's (role indicator, means indicator).
type templatePair struct{ role, means string }

func (t templatePair) String() string {
	r, m := t.role, t.means
	if r == "" {
		r = "(no role indicator)"
	}
	if m == "" {
		m = "(no means indicator)"
	}
	return `"` + r + ` …, ` + m + ` …"`
}

type storyAt struct {
	d    *lint.Doc
	s    storySentence
	pair templatePair
}

func checkPO009(p *lint.Pass) {
	u := p.Universe
	tmpl, fixed := configuredTemplate(p)
	// Findings land on the stories the run reports on; every story counts
	// towards the dominant template. Stories outside the scope are only
	// counted, from their light form's story fact when they have one (no
	// memo, nothing kept), and not at all when the template is fixed.
	var stories []storyAt // in scope
	count := map[templatePair]int{}
	total := 0
	t := setTableOf(u)
	lightCount := make([]int, len(t.pairs)) // by pair number
	rows := t.items
	for i := range rows {
		r := &rows[i]
		if !r.story {
			continue // isStory's first test
		}
		d := r.d
		if !r.inScope {
			if fixed {
				continue
			}
			if r.light {
				if r.pairOK {
					lightCount[r.pair]++
					total++
				}
				continue
			}
		}
		if !isStory(u, d) {
			continue
		}
		f := storyOf(u, d)
		if !f.found {
			continue
		}
		pair := templatePair{f.parts.RoleInd, f.parts.MeansInd}
		count[pair]++
		total++
		if r.inScope {
			stories = append(stories, storyAt{d, f.sentence, pair})
		}
	}
	for n, c := range lightCount {
		if c > 0 {
			count[t.pairs[n]] += c
		}
	}
	if !fixed {
		if total < 5 {
			return
		}
		tmpl = dominantPair(count)
	}
	for _, st := range stories {
		if lint.EditDistance(st.pair.role, tmpl.role) > 3 || lint.EditDistance(st.pair.means, tmpl.means) > 3 {
			p.ReportAt(st.d, st.s.Line, st.s.Col, "story does not follow the backlog's template "+tmpl.String()+": it reads "+st.pair.String())
		}
	}
}

// lightStoryPair is what PO009 counts of a light story: its template pair,
// and whether it counts at all (isStory and a story sentence found), read
// from the story fact without decoding the rest.
func lightStoryPair(d *lint.Doc) (templatePair, bool) {
	var x [storyFactParts]string
	if !factParts(d.Facts.Get(storyFact), x[:]) {
		return templatePair{}, false // no sentence found (decodeStoryFacts)
	}
	roleInd, role, meansInd := x[5], x[6], x[7]
	hasRole := roleInd != "" && role != "" && meansInd != "" // partsHaveRole
	if !hasRole && !isStoryMarked(d) {
		return templatePair{}, false
	}
	return templatePair{roleInd, meansInd}, true
}

// configuredTemplate reads the `template` option ("As a, I want to").
func configuredTemplate(p *lint.Pass) (templatePair, bool) {
	v, _ := p.Option("template").(string)
	if strings.TrimSpace(v) == "" {
		return templatePair{}, false
	}
	parts := strings.Split(strings.ToLower(v), ",")
	t := templatePair{role: strings.Join(strings.Fields(parts[0]), " ")}
	if len(parts) > 1 {
		t.means = strings.Join(strings.Fields(parts[1]), " ")
	}
	return t, true
}

// dominantPair returns the most frequent pair (alphabetical on ties).
func dominantPair(count map[templatePair]int) templatePair {
	pairs := make([]templatePair, 0, len(count))
	for k := range count {
		pairs = append(pairs, k)
	}
	sort.Slice(pairs, func(i, j int) bool {
		if count[pairs[i]] != count[pairs[j]] {
			return count[pairs[i]] > count[pairs[j]]
		}
		return pairs[i].String() < pairs[j].String()
	})
	return pairs[0]
}
