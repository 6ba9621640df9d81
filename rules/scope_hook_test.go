package rules

import (
	"fmt"
	"math/rand/v2"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/rolelint/rolelint/lint"
)

// The set-level rules skip, in a scoped run (a pre-commit hook), the work
// whose result cannot reach a document in scope. These tests check that a
// scoped run reports on its documents exactly what a full run reports on
// them, and that the skipped work is really skipped.

// scopedRules are the set-level rules whose scoped work these tests cover.
var scopedRules = []string{"PO008", "PO009", "PO010", "RC001", "RC002", "RC003", "RC004", "RC006"}

// runScoped runs the scopedRules on files with the documents for which
// inScope holds in scope (nil: all), as lint.Run does in a hook: the others
// are light. The configuration is the files' .rolelint.yml, if any.
func runScoped(t *testing.T, files map[string][]byte, inScope func(string) bool) []lint.Finding {
	t.Helper()
	catalog := All()
	cfg := lint.DefaultConfig()
	if b, ok := files[".rolelint.yml"]; ok {
		var err error
		if cfg, err = lint.LoadConfig(".rolelint.yml", b, catalog); err != nil {
			t.Fatalf("config: %v", err)
		}
	}
	var disable []string
	for _, r := range catalog {
		if !slices.Contains(scopedRules, r.ID) {
			disable = append(disable, r.ID)
		}
	}
	res, err := lint.Run(lint.Options{Source: &lint.MemSource{Data: files}, Config: cfg, Rules: catalog,
		Enable: scopedRules, Disable: disable, InScope: inScope, Now: fixtureNow, Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	var out []lint.Finding
	for _, f := range res.Findings {
		if slices.Contains(scopedRules, f.RuleID) {
			out = append(out, f)
		}
	}
	return out
}

// checkScopesAgree compares, for each scope, the scoped run's findings with
// the full run's findings on the documents in that scope.
// The full run resolves up-links through the full id index, as a full run
// of a real repository does; the scoped ones through rcIDIndexFor's.
func checkScopesAgree(t *testing.T, name string, files map[string][]byte, scopes [][]string) (compared int) {
	t.Helper()
	saved := rcPartialIndexMaxItems
	rcPartialIndexMaxItems = -1
	full := runScoped(t, files, nil)
	rcPartialIndexMaxItems = saved
	for _, scope := range scopes {
		in := map[string]bool{}
		for _, p := range scope {
			in[p] = true
		}
		var want []string
		for _, f := range full {
			if in[f.Path] {
				want = append(want, fmt.Sprintf("%+v", f))
			}
		}
		var got []string
		for _, f := range runScoped(t, files, func(p string) bool { return in[p] }) {
			got = append(got, fmt.Sprintf("%+v", f))
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s, in scope %v:\nscoped run:\n  %s\nfull run:\n  %s", name, scope,
				strings.Join(got, "\n  "), strings.Join(want, "\n  "))
			return compared
		}
		compared += len(want)
	}
	return compared
}

// scopesOf returns scopes to try over the Markdown files of files: each
// file alone (up to max of them), and random tenths and halves.
func scopesOf(rng *rand.Rand, files map[string][]byte, max int) [][]string {
	var md []string
	for p := range files {
		if lint.IsMarkdown(p) {
			md = append(md, p)
		}
	}
	sort.Strings(md)
	var scopes [][]string
	for _, i := range rng.Perm(len(md)) {
		if len(scopes) == max {
			break
		}
		scopes = append(scopes, []string{md[i]})
	}
	for _, frac := range []int{10, 10, 10, 2, 2} {
		var s []string
		for _, p := range md {
			if rng.IntN(frac) == 0 {
				s = append(s, p)
			}
		}
		scopes = append(scopes, s)
	}
	return scopes
}

// genBacklog writes a small repository whose items collide often: few
// roles, means and titles (duplicates and same role and means for PO008,
// templates for PO009), shared ordinals and odd priorities (PO010), owners
// missing, doubled or inherited (RC001, RC002), up-links by id, renamed
// prefix, padded number, path and name, some broken (RC003), approved specs
// (RC004), KPI targets (RC006), drafts, archives, multi-item files.
func genBacklog(rng *rand.Rand, n int) map[string][]byte {
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	files := map[string][]byte{}
	cfg := "version: 1\nroles:\n  product-managers: [\"@alice\"]\n  product-owners: [\"@bob\"]\n"
	switch rng.IntN(3) {
	case 0:
		cfg += "rules:\n  PO009: {template: \"As a, I want to\"}\n"
	case 1:
		cfg += "rules:\n  PO010: {priorities: [high, low]}\n"
	}
	files[".rolelint.yml"] = []byte(cfg)
	files["README.md"] = []byte(pick("# Product\n", "---\nproduct_goal: Faster grading\nowner: \"@bob\"\n---\n# Product\n"))
	files["backlog/stories/README.md"] = []byte(pick("# Stories\n", "---\nproduct_owner: \"@bob\"\n---\n# Stories\n", "---\nowner: [\"@bob\", \"@eve\"]\n---\n# Stories\n"))
	for k := 1; k <= 3; k++ {
		files[fmt.Sprintf("docs/specs/spec-%d.md", k)] = []byte(fmt.Sprintf(
			"---\ntype: prd\nstatus: %s\nowner: %s\n---\n# Spec %d\n\n## Problem\n\nGrades take long: cut the time by %d%%.\n\n## Delivery\n\n- [US-%d](../../backlog/stories/a/US-%d.md)\n",
			pick("Approved", "Draft", "Approved"), pick(`"@alice"`, `"@bob"`, `"@carol"`), k, 10*k, k, k))
	}
	for k := 1; k <= 2; k++ {
		files[fmt.Sprintf("backlog/epics/EP-%d.md", k)] = []byte(fmt.Sprintf(
			"---\ntype: epic\nid: EP-%d\nstatus: %s\n%s---\n# EP-%d Grading\n",
			k, pick("To Do", "", "Done"), pick("spec: docs/specs/spec-1.md\n", "", "parent: US-1\n", "spec: docs/specs/missing.md\n"), k))
	}
	roles := []string{"tutor", "admin"}
	means := []string{"export grades", "print grades", "export marks"}
	ends := []string{"so that I can upload them", "so that I save time", ""}
	sentence := func() string {
		if rng.IntN(6) == 0 {
			return pick("Export the grades as CSV.", "Print grades for the board.")
		}
		ri := pick("As a", "As a", "As an", "As")
		mi := pick("I want to", "I want to", "I want to", "I can", "I need to", "we want")
		s := ri + " " + pick(roles...) + pick(",", "") + " " + mi + " " + pick(means...)
		if e := pick(ends...); e != "" {
			s += pick(", ", " ") + e
		}
		return s + pick(".", "")
	}
	item := func(id string) string {
		var b strings.Builder
		if rng.IntN(4) > 0 {
			fmt.Fprintf(&b, "type: %s\n", pick("story", "story", "task", "bug"))
		}
		if id != "" {
			fmt.Fprintf(&b, "id: %s\n", id)
		}
		b.WriteString(pick("owner: \"@bob\"\n", "owner: \"@alice\"\n", "", "owners: [\"@bob\", \"@eve\"]\n", "owner: \"@acme/team\"\n"))
		b.WriteString(pick("epic: EP-1\n", "epic: ep-002\n", "parent_task_id: task-4\n", "parent_task_id: '7'\n", "spec: docs/specs/spec-2.md\n",
			"spec: docs/specs/gone.md\n", "epic: US-3\n", "milestone: M2 - Launch\n", "epic: EP-9\n", "", ""))
		b.WriteString(pick("priority: high\n", "priority: p1\n", "priority: urgent\n", "priority: 3\n", "", "ordinal: 1\n", "ordinal: 2\n"))
		b.WriteString(pick("status: To Do\n", "status: To Do\n", "status: Done\n", "status: Duplicate\n", "status: Draft\n", "status: In progress\n"))
		return b.String()
	}
	body := func(title string) string {
		s := sentence()
		extra := pick("", "", "See US-2 for the first copy.\n", "KPI: grading time falls by 10%.\n", "KPI: grading time falls by 35%.\n")
		return fmt.Sprintf("# %s\n\n%s\n\n%s## Acceptance Criteria\n\n- [ ] Given grades, export works.\n", title, s, extra)
	}
	titles := []string{"Export grades", "Print grades", "Export marks"}
	for i := 1; i <= n; i++ {
		dir := pick("backlog/stories/a", "backlog/stories/a", "backlog/stories/b", "backlog/stories/b/c", "backlog/drafts", "backlog/archive", "backlog/stories/a")
		id := pick(fmt.Sprintf("US-%d", i), fmt.Sprintf("US-%03d", i), fmt.Sprintf("us-%d", i), "")
		title := pick(titles...)
		name := fmt.Sprintf("%s/US-%d.md", dir, i)
		if rng.IntN(5) == 0 { // Backlog.md: the id in the file name
			name = fmt.Sprintf("backlog/tasks/%s - %s.md", pick(fmt.Sprintf("task-%d", i), fmt.Sprintf("back-%d", i), fmt.Sprintf("TASK-%04d", i)), strings.ReplaceAll(title, " ", "-"))
			id = ""
		}
		files[name] = []byte("---\n" + item(id) + "---\n" + body(strings.TrimSpace(id+" "+title)))
	}
	for f := 1; f <= 2; f++ {
		var b strings.Builder
		b.WriteString(pick("# Team backlog\n", "---\nproduct_owner: \"@bob\"\nproduct_goal: Faster grading\n---\n# Team backlog\n"))
		for j := 1; j <= 4; j++ {
			fmt.Fprintf(&b, "\n## US-%d %s\n- **Type:** story\n%s\n%s\n", 100*f+j, pick(titles...), pick("- Priority: high\n", "- Ordinal: 1\n", ""), sentence())
		}
		files[fmt.Sprintf("team%d/backlog.md", f)] = []byte(b.String())
	}
	return files
}

func TestScopedRunsAgreeOnGeneratedBacklogs(t *testing.T) {
	compared := 0
	for seed := uint64(1); seed <= 12; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		files := genBacklog(rng, 24+rng.IntN(40))
		compared += checkScopesAgree(t, fmt.Sprintf("seed %d", seed), files, scopesOf(rng, files, 25))
	}
	if compared < 500 {
		t.Errorf("only %d findings compared: the generator no longer exercises the rules", compared)
	}
}

// TestScopedRunsAgreeOnTestdata runs the comparison on every rule's fixture
// folder and on the demo repository.
func TestScopedRunsAgreeOnTestdata(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	compared := 0
	eachRepoDir(t, testdataRepoDirs(), func(dir string, files map[string][]byte) {
		compared += checkScopesAgree(t, dir, files, scopesOf(rng, files, 8))
	})
	if compared < 100 {
		t.Errorf("only %d findings compared", compared)
	}
}

// scopedUniverse runs the scopedRules over n generated stories (duplicates
// of each other, under two backlogs) and a few in-scope ones, and returns
// the run's universe: its documents out of scope are light, and nothing is
// memoised yet, as at the start of a hook run's set-level rules.
func scopedUniverse(t *testing.T, n int) *lint.Universe {
	t.Helper()
	files := map[string][]byte{}
	for i := 1; i <= n; i++ {
		files[fmt.Sprintf("backlog/%c/US-%d.md", 'a'+i%2, i)] = []byte(fmt.Sprintf(
			"---\ntype: story\nid: US-%d\nowner: \"@bob\"\nepic: EP-%d\npriority: high\nstatus: To Do\n---\n# US-%d Export grades %d\n\nAs a tutor, I want to export grades %d, so that I can upload them.\n",
			i, i%7, i, i%50, i%50))
	}
	in := map[string]bool{"backlog/a/US-2.md": true, "backlog/b/US-3.md": true}
	res, err := lint.Run(lint.Options{Source: &lint.MemSource{Data: files}, Rules: All(), Enable: []string{"PO008"},
		InScope: func(p string) bool { return in[p] }, Now: fixtureNow, Jobs: 1})
	if err != nil {
		t.Fatal(err)
	}
	return res.Universe
}

// mallocs returns how many heap objects fn allocates.
func mallocs(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.Mallocs - before.Mallocs
}

// TestScopedSetRulesCostLittlePerLightDocument: in a run with two documents
// in scope, PO008, PO009, RC001 and RC003 read what they need of each of the 3,000
// light ones without allocating for it (decoding its facts, memoising them,
// splitting its id into an index of all ids), so that their cost in a hook
// is a pass over the documents, not a per-document construction.
func TestScopedSetRulesCostLittlePerLightDocument(t *testing.T) {
	if testing.Short() {
		t.Skip("parses 3,000 documents")
	}
	const n = 3000
	for _, r := range []*lint.Rule{PO008, PO009, RC001, RC003} {
		u := scopedUniverse(t, n)
		var found []lint.Finding
		pass := lint.NewPass(r, nil, u, nil, nil, fixtureNow, func(f lint.Finding) { found = append(found, f) })
		got := mallocs(func() { r.CheckAll(pass) })
		t.Logf("%s: %d objects, %d findings", r.ID, got, len(found))
		// The item list (Universe.Memo), a few maps and the findings: far
		// fewer objects than documents.
		if got > n/10 {
			t.Errorf("%s allocates %d objects with %d light documents out of scope: want at most %d", r.ID, got, n, n/10)
		}
	}
}

// rcIdLikeReference is rcIdLike's FindStringSubmatch, which rcMatchID does
// by hand.
func rcIdLikeReference(s string) (string, string, bool) {
	m := rcIdLike.FindStringSubmatch(s)
	if m == nil {
		return "", "", false
	}
	return m[1], m[2], true
}

func TestRCMatchIDIsTheRegexp(t *testing.T) {
	// Every string of up to 6 bytes (5 with -short, which CI runs under the
	// race detector) over the bytes the pattern tells apart.
	depth := 6
	if testing.Short() {
		depth = 5
	}
	alphabet := []byte("#-_ .0912aZx\xc3")
	var s []byte
	var walk func(depth int)
	n := 0
	walk = func(depth int) {
		str := string(s)
		p, m, ok := rcMatchID(str)
		wp, wm, wok := rcIdLikeReference(str)
		if p != wp || m != wm || ok != wok {
			t.Fatalf("rcMatchID(%q) = %q, %q, %v; the regexp gives %q, %q, %v", str, p, m, ok, wp, wm, wok)
		}
		n++
		if depth == 0 {
			return
		}
		for _, c := range alphabet {
			s = append(s, c)
			walk(depth - 1)
			s = s[:len(s)-1]
		}
	}
	walk(depth)
	for _, str := range []string{"US12", "task_12", "task-050.01", "#12", "##12", "a#0", "TASK-000", "x-0.5", "back-7.1.0",
		"us-12-", "12.", "1..2", "Ab_c-#007", "é-1", "US-1\n", "İ-1", "a 1", "a  1"} {
		p, m, ok := rcMatchID(str)
		wp, wm, wok := rcIdLikeReference(str)
		if p != wp || m != wm || ok != wok {
			t.Errorf("rcMatchID(%q) = %q, %q, %v; the regexp gives %q, %q, %v", str, p, m, ok, wp, wm, wok)
		}
	}
	want, pow := 0, 1
	for k := 0; k <= depth; k++ {
		want, pow = want+pow, pow*len(alphabet)
	}
	if n != want {
		t.Errorf("%d strings tried, want %d", n, want)
	}
}

func FuzzRCMatchID(f *testing.F) {
	for _, s := range []string{"US-12", "task-050.01", "#7", "BACK-7.1", "a_1", "US12"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, m, ok := rcMatchID(s)
		wp, wm, wok := rcIdLikeReference(s)
		if p != wp || m != wm || ok != wok {
			t.Fatalf("rcMatchID(%q) = %q, %q, %v; the regexp gives %q, %q, %v", s, p, m, ok, wp, wm, wok)
		}
	})
}

// rcLookupReference is the id lookup as it was before the index kept one
// document per id: every document's ids split with the regexp, lists of
// documents per id, the first of the list answering.
func rcLookupReference(u *lint.Universe, ref string) *lint.Doc {
	split := func(id string) (string, string, bool) {
		m := rcIdLike.FindStringSubmatch(strings.TrimSpace(id))
		if m == nil {
			return "", "", false
		}
		segs := strings.Split(m[2], ".")
		for i, s := range segs {
			s = strings.TrimLeft(s, "0")
			if s == "" {
				s = "0"
			}
			segs[i] = s
		}
		return strings.ToLower(m[1]), strings.Join(segs, "."), true
	}
	byNorm, byNum := map[string][]*lint.Doc{}, map[string][]*lint.Doc{}
	for _, d := range u.Docs {
		ids := []string{d.ID}
		if d.Parent == nil {
			base := path.Base(d.Path)
			if i := strings.Index(base, " - "); i > 0 {
				ids = append(ids, base[:i])
			}
		}
		seen := map[string]bool{}
		for _, id := range ids {
			prefix, num, ok := split(id)
			if !ok || seen[prefix+"-"+num] {
				continue
			}
			seen[prefix+"-"+num] = true
			byNorm[prefix+"-"+num] = append(byNorm[prefix+"-"+num], d)
			if d.Kind.IsItem() {
				byNum[num] = append(byNum[num], d)
			}
		}
	}
	if ds := u.ByID(ref); len(ds) > 0 {
		return ds[0]
	}
	prefix, num, ok := split(ref)
	if !ok {
		return nil
	}
	if ds := byNorm[prefix+"-"+num]; len(ds) > 0 {
		return ds[0]
	}
	if ds := byNum[num]; len(ds) > 0 {
		return ds[0]
	}
	return nil
}

// TestRCIDIndexesAnswerAsBefore looks up references of every form in the
// full index and in indexes built for them alone (rcIDIndexFor's), on
// generated backlogs (ids padded, renamed, in file names, repeated) and the
// test data, and compares with the lookup as it was.
func TestRCIDIndexesAnswerAsBefore(t *testing.T) {
	var repos []map[string][]byte
	for seed := uint64(1); seed <= 6; seed++ {
		rng := rand.New(rand.NewPCG(seed, 11))
		repos = append(repos, genBacklog(rng, 30+rng.IntN(40)))
	}
	for _, dir := range []string{"RC003", "RC004", "RC006", "PO010"} {
		files, err := loadFixtureDir(filepath.Join("..", "testdata", "rules", dir))
		if err != nil {
			t.Fatal(err)
		}
		repos = append(repos, files)
	}
	var refs []string
	for i := 0; i <= 70; i++ {
		for _, f := range []string{"US-%d", "us-%03d", "task-%d", "TASK-%04d", "back-%d", "EP-%d", "ep-00%d", "%d", "#%d", "x-%d", "US-%d.0", "task-%d.1"} {
			refs = append(refs, fmt.Sprintf(f, i))
		}
	}
	refs = append(refs, "", "US", "M2 - Launch", "Faster grading", "US-", "task-4 ", " 7")
	found := 0
	for i, files := range repos {
		res, err := lint.Run(lint.Options{Source: &lint.MemSource{Data: files}, Rules: All(), Now: fixtureNow, Jobs: 1})
		if err != nil {
			t.Fatal(err)
		}
		u := res.Universe
		full := rcBuildIDIndex(u)
		for _, ref := range refs {
			want := rcLookupReference(u, ref)
			if got := full.lookup(ref); got != want {
				t.Errorf("repository %d: full index: lookup(%q) = %v, want %v", i, ref, docPath(got), docPath(want))
			}
			if want != nil {
				found++
			}
		}
		// Indexes for the references of a few items at a time, as a hook
		// builds them: items that name these references in an up-link.
		for start := 0; start < len(refs); start += 9 {
			batch := refs[start:min(start+9, len(refs))]
			var items []*lint.Doc
			for _, ref := range batch {
				items = append(items, &lint.Doc{Path: "x.md", Kind: lint.KindTask,
					Header: lint.Header{Fields: []lint.Field{{Key: "epic", Norm: "epic", Value: ref, Values: []string{ref}}}}})
			}
			part := rcIDIndexFor(u, items)
			if part.only == nil {
				t.Fatalf("rcIDIndexFor built the full index for %d items", len(items))
			}
			for _, ref := range batch {
				ref = strings.TrimSpace(ref)
				if got, want := part.lookup(ref), rcLookupReference(u, ref); got != want {
					t.Errorf("repository %d: index for %q: lookup(%q) = %v, want %v", i, batch, ref, docPath(got), docPath(want))
				}
			}
		}
	}
	if found < 300 {
		t.Errorf("only %d references found a document", found)
	}
}

func docPath(d *lint.Doc) string {
	if d == nil {
		return "<nil>"
	}
	return d.Path + " " + d.ID
}

func TestRCOutOfBacklogAsBefore(t *testing.T) {
	before := func(p string) bool {
		for _, seg := range strings.Split(path.Dir(p), "/") {
			switch strings.ToLower(seg) {
			case "archive", "archived", "drafts":
				return true
			}
		}
		return false
	}
	segs := []string{"", ".", "..", "a", "Archive", "ARCHIVED", "archives", "drafts", "Drafts", "draft",
		"archİve", "drafſ", "draftſ", "\u212aarchive", "arch\u0130ve", "é", "backlog"}
	n := 0
	for _, a := range segs {
		for _, b := range segs {
			for _, c := range []string{"x.md", "drafts", "/x.md"} {
				for _, p := range []string{a + "/" + b + "/" + c, a + "/" + c, "/" + a + "/" + c, a + "//" + b + "/" + c, c} {
					d := &lint.Doc{Path: p}
					if got, want := rcOutOfBacklog(d), before(p); got != want {
						t.Errorf("rcOutOfBacklog(%q) = %v, want %v", p, got, want)
					}
					n++
				}
			}
		}
	}
	if n < 1000 {
		t.Errorf("only %d paths", n)
	}
}

func TestFactPartsIsSplitFact(t *testing.T) {
	vals := []string{"", "0:", "0:0:", "3:abc", "3:abc2:de", "3:ab", "x:abc", "-1:", "+2:ab1:c", "2:ab:", "01:a1:b",
		lint.JoinFact("as a", "tutor"), lint.JoinFact("a", "b", "c"), lint.JoinFact("x:y", "3:z")}
	for _, v := range vals {
		want := lint.SplitFact(v)
		for n := 0; n <= 3; n++ {
			out := make([]string, n)
			ok := factParts(v, out)
			if wantOK := len(want) == n && (n > 0 || v == ""); ok != wantOK || ok && fmt.Sprint(out) != fmt.Sprint(want[:n]) {
				t.Errorf("factParts(%q, %d) = %q, %v; SplitFact gives %q", v, n, out, ok, want)
			}
		}
	}
}

func TestPoTwoWordsIsWordCount(t *testing.T) {
	for _, s := range []string{"", "a", " a ", "a b", "ab  cd", "\u00a0a\u00a0b", "a\u2003", "a\u2003b", "é é", "\xff \xff", "\t\n"} {
		if got, want := poTwoWords(s), poWordCount(s) >= 2; got != want {
			t.Errorf("poTwoWords(%q) = %v, want %v", s, got, want)
		}
	}
}
