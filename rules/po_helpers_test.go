package rules

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rolelint/rolelint/lint"
)

func TestParseStory(t *testing.T) {
	cases := []struct {
		in                                      string
		roleInd, role, meansInd, means, endsInd string
	}{
		{"As a finance analyst, I want to export the report, so that I can reconcile it.",
			"as a", "finance analyst", "i want to", "export the report", "so that"},
		{"As an admin I can deactivate users in order to protect data",
			"as an", "admin", "i can", "deactivate users", "in order to"},
		{"As Jane, I'd like to see totals, so I know where I stand",
			"as", "Jane", "i'd like to", "see totals", "so"},
		{"Export the monthly report as CSV.", "", "", "", "", ""},
	}
	for _, c := range cases {
		p := parseStory(c.in)
		if p.RoleInd != c.roleInd || p.Role != c.role || p.MeansInd != c.meansInd || p.Means != c.means || p.EndsInd != c.endsInd {
			t.Errorf("parseStory(%q) = %+v", c.in, p)
		}
	}
}

func TestSecondFeature(t *testing.T) {
	allow := []string{"terms and conditions"}
	yes := []string{"save my cart and share it with a friend", "export the report or print the report", "save my cart and to share it later"}
	no := []string{"see the product name and the price", "read the terms and conditions before paying", "pay by card or PayPal"}
	for _, m := range yes {
		if poSecondFeature(m, allow) == "" {
			t.Errorf("poSecondFeature(%q) found nothing", m)
		}
	}
	for _, m := range no {
		if c := poSecondFeature(m, allow); c != "" {
			t.Errorf("poSecondFeature(%q) = %q, want none", m, c)
		}
	}
}

func TestCompoundOutcome(t *testing.T) {
	yes := []string{"The editor saves the draft and sends a notification to the reviewer.", "#3 Applying a filter updates the list and can be cleared to show all tasks"}
	no := []string{"The editor shows the title and the word count.", "Global config reads and writes under XDG_CONFIG_HOME when set",
		"If the upload fails then the form shows an error and keeps the file", "Vim opens and renders correctly"}
	for _, s := range yes {
		if !compoundOutcome(s) {
			t.Errorf("compoundOutcome(%q) = false", s)
		}
	}
	for _, s := range no {
		if compoundOutcome(s) {
			t.Errorf("compoundOutcome(%q) = true", s)
		}
	}
}

// poMinimalProblems is poMinimalProblemsParsed on a sentence not yet parsed.
func poMinimalProblems(text string) []string {
	return poMinimalProblemsParsed(text, parseStory(text))
}

func TestMinimalProblems(t *testing.T) {
	if got := poMinimalProblems("As a user, I want to reset my password (via SMS). The link expires."); len(got) != 2 {
		t.Errorf("got %v, want bracket and sentence", got)
	}
	if got := poMinimalProblems("As a user, I want to export, e.g. CSV, so that I can use any tool."); len(got) != 0 {
		t.Errorf("abbreviation flagged: %v", got)
	}
}

func TestNormKeyAndLevenshtein(t *testing.T) {
	if a, b := poNormKey("US-7: Export grades!", "US-7"), poNormKey("task-31 export  GRADES", ""); a != b {
		t.Errorf("keys differ: %q vs %q", a, b)
	}
	if d := lint.EditDistance("as a", "as an"); d != 1 {
		t.Errorf("levenshtein = %d", d)
	}
	if !poContainsID("see task-12.", "task-12") || poContainsID("see task-12", "task-1") {
		t.Errorf("poContainsID word boundaries")
	}
}

// runPO runs one rule on in-memory files through the real parser and
// universe and returns its findings.
func runPO(t *testing.T, r *lint.Rule, files map[string]string) []lint.Finding {
	t.Helper()
	parser := lint.NewParser(nil)
	var docs []*lint.Doc
	var paths []string
	for p, src := range files {
		docs = append(docs, parser.Parse(p, []byte(src)))
		paths = append(paths, p)
	}
	u := lint.NewUniverse(docs, paths)
	var out []lint.Finding
	report := func(f lint.Finding) { out = append(out, f) }
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if r.CheckAll != nil {
		r.CheckAll(lint.NewPass(r, nil, u, nil, nil, now, report))
	}
	if r.Check != nil {
		for _, d := range u.Docs {
			if r.AppliesTo(d.Kind) {
				r.Check(lint.NewPass(r, d, u, nil, nil, now, report))
			}
		}
	}
	return out
}

func TestPO003SeverityByKind(t *testing.T) {
	got := runPO(t, PO003, map[string]string{
		"stories/a.md": "---\ntype: story\n---\n# A\n\nAs a user, I want to log in, so that I see my data.\n",
		"tasks/b.md":   "---\ntype: task\n---\n# B\n\nRotate keys.\n",
	})
	if len(got) != 2 {
		t.Fatalf("got %d findings: %+v", len(got), got)
	}
	sev := map[string]lint.Severity{}
	for _, f := range got {
		sev[f.Path] = f.Severity
	}
	if sev["stories/a.md"] != lint.SeverityError || sev["tasks/b.md"] != lint.SeverityWarning {
		t.Errorf("severities %v: story must be error, task warning", sev)
	}
}

func TestPO008IsLinearAndOrdered(t *testing.T) {
	files := map[string]string{}
	for _, p := range []string{"backlog/c.md", "backlog/a.md", "backlog/b.md"} {
		files[p] = "---\ntype: story\nstatus: To Do\n---\n# Export\n\nAs a tutor, I want to export grades, so that I can upload them.\n"
	}
	got := runPO(t, PO008, files)
	if len(got) != 2 {
		t.Fatalf("got %d findings, want 2 (every copy after the first)", len(got))
	}
	for _, f := range got {
		if f.Path == "backlog/a.md" {
			t.Errorf("the first copy by path order was reported: %+v", f)
		}
	}
}

var refNonWordRun = regexp.MustCompile(`[^\p{L}\p{N}]+`)

// refPoNormKey is poNormKey as it was, on regexps only.
func refPoNormKey(s, id string) string {
	s = strings.ToLower(s)
	if id != "" {
		s = strings.ReplaceAll(s, strings.ToLower(id), " ")
	}
	s = idToken.ReplaceAllString(s, " ")
	s = refNonWordRun.ReplaceAllString(s, " ")
	return strings.Join(strings.Fields(s), " ")
}

func TestPoNormKeyEqualsReference(t *testing.T) {
	pieces := []string{"As a ", "tutor", ", ", "I want to ", "export", " grades", "US-7", "task-12", "#4", "1. ", " 2) ",
		"v1.2", "é", "Ünïcode", "٣", "½", "\xff", "—", "’", "_", "-", "  ", "\t", "\n", "x", "9"}
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := rng.IntN(8); k >= 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s, id := b.String(), []string{"", "US-7", "task-12"}[rng.IntN(3)]
		if got, want := poNormKey(s, id), refPoNormKey(s, id); got != want {
			t.Fatalf("poNormKey(%q, %q) = %q, reference %q", s, id, got, want)
		}
	}
}

func TestPoMinimalProblemsPrefilters(t *testing.T) {
	// the character checks before the regexps must not hide a problem
	cases := map[string]int{
		"As a user, I want to reset it (via SMS), so that I can log in":           1,
		"As a user, I want to reset it -- then log in, so that I can work":        1,
		"As a user, I want to reset it; then log in":                              1,
		"As a user, I want to reset it, so that I can log in":                     0,
		"As a user, I want to export, e.g. CSV, so that I can use any tool":       0,
		"As a user, I want to export, I want to import, so that I can use a tool": 1,
	}
	for text, want := range cases {
		if got := poMinimalProblems(text); len(got) != want {
			t.Errorf("poMinimalProblems(%q) = %v, want %d problem(s)", text, got, want)
		}
	}
}
