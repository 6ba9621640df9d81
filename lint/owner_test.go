package lint

import (
	"reflect"
	"testing"
)

func ownerTestField(key, value string, line int) Field {
	return Field{Key: key, Norm: NormKey(key), Value: value, Values: []string{value}, Line: line, Col: 1, From: "front-matter"}
}

func ownerTestList(key string, line int, values ...string) Field {
	return Field{Key: key, Norm: NormKey(key), Values: values, IsList: true, Line: line, Col: 1, From: "front-matter"}
}

func TestOwnerFieldIgnoresAuthorsAndAssignees(t *testing.T) {
	d := &Doc{Path: "backlog/tasks/task-1 - A.md", Kind: KindTask}
	d.Header.Fields = []Field{ownerTestField("assignee", "@dev", 2), ownerTestField("authors", "@writer", 3), ownerTestField("reporter", "@qa", 4)}
	if f, ok := OwnerField(d); ok {
		t.Fatalf("OwnerField = %+v, want none", f)
	}
	if f, ok := NonOwnerField(d); !ok || f.Norm != "assignee" {
		t.Fatalf("NonOwnerField = %+v %v, want assignee", f, ok)
	}
}

func TestOwnerFieldPrefersKindKeys(t *testing.T) {
	spec := &Doc{Path: "docs/prd/a.md", Kind: KindSpec, SubKind: "prd"}
	spec.Header.Fields = []Field{ownerTestField("product_owner", "@bob", 2), ownerTestField("Document owner", "@alice", 3)}
	f, ok := OwnerField(spec)
	if !ok || f.Value != "@alice" {
		t.Fatalf("spec owner = %+v, want Document owner @alice", f)
	}
	item := &Doc{Path: "backlog/x.md", Kind: KindStory}
	item.Header.Fields = []Field{ownerTestField("pm", "@alice", 2), ownerTestField("po", "@bob", 3)}
	if f, _ := OwnerField(item); f.Value != "@bob" {
		t.Fatalf("item owner = %+v, want po @bob", f)
	}
}

func TestADRContactCountsAsOwner(t *testing.T) {
	adr := &Doc{Path: "docs/decisions/0001-x.md", Kind: KindSpec, SubKind: "adr"}
	adr.Header.Fields = []Field{ownerTestField("deciders", "a, b", 2), ownerTestField("contact", "markwallace", 3)}
	if f, ok := OwnerField(adr); !ok || f.Norm != "contact" {
		t.Fatalf("adr owner = %+v %v, want contact", f, ok)
	}
	prd := &Doc{Path: "docs/prd/x.md", Kind: KindSpec, SubKind: "prd"}
	prd.Header.Fields = []Field{ownerTestField("contact", "markwallace", 3)}
	if f, ok := OwnerField(prd); ok {
		t.Fatalf("prd owner = %+v, contact must count only for ADRs", f)
	}
}

func TestItemInheritsOwnerFromBacklogFile(t *testing.T) {
	backlog := &Doc{Path: "backlog.md", Kind: KindBacklog}
	backlog.Header.Fields = []Field{ownerTestField("product_owner", "@bob", 2)}
	item := &Doc{Path: "backlog.md", Kind: KindStory, Parent: backlog}
	backlog.Items = []*Doc{item}
	f, ok := OwnerField(item)
	if !ok || f.Value != "@bob" {
		t.Fatalf("inherited owner = %+v %v", f, ok)
	}
	if got := Owners(item); !reflect.DeepEqual(got, []string{"@bob"}) {
		t.Fatalf("Owners = %q", got)
	}
}

func TestOwnerFieldInReadmeFrontMatter(t *testing.T) {
	readme := &Doc{Path: "backlog/README.md"}
	readme.Header.Fields = []Field{ownerTestField("product_owner", "@bob", 2)}
	task := &Doc{Path: "backlog/tasks/task-1 - A.md", Kind: KindTask}
	u := NewUniverse([]*Doc{readme, task}, nil)
	f, from, ok := OwnerFieldIn(u, task)
	if !ok || from != readme || f.File != "backlog/README.md" || f.Value != "@bob" {
		t.Fatalf("OwnerFieldIn = %+v from %v ok %v", f, from, ok)
	}
	// bold/bullet header lines in a README are prose, not inheritable front matter
	readme.Header.Fields[0].From = "bold"
	if _, _, ok := OwnerFieldIn(u, task); ok {
		t.Fatal("a README header that is not front matter must not be inherited")
	}
	// specs never inherit
	spec := &Doc{Path: "backlog/spec.md", Kind: KindSpec}
	readme.Header.Fields[0].From = "front-matter"
	if _, _, ok := OwnerFieldIn(NewUniverse([]*Doc{readme, spec}, nil), spec); ok {
		t.Fatal("specs must not inherit an owner")
	}
}

func TestOwnersSplitsPeople(t *testing.T) {
	cases := []struct {
		f    Field
		want []string
	}{
		{ownerTestList("owners", 2, "@alice", "@bob"), []string{"@alice", "@bob"}},
		{ownerTestField("owner", "@alice, @bob", 2), []string{"@alice", "@bob"}},
		{ownerTestField("owner", "Alice Smith and Bob Jones", 2), []string{"Alice Smith", "Bob Jones"}},
		{ownerTestField("owner", "Research and development guild", 2), []string{"Research and development guild"}},
		{ownerTestField("owner", "[@a, @b]", 2), []string{"@a", "@b"}},
		{ownerTestField("owner", "@alice", 2), []string{"@alice"}},
	}
	for _, c := range cases {
		d := &Doc{Kind: KindSpec}
		d.Header.Fields = []Field{c.f}
		if got := Owners(d); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Owners(%q) = %q, want %q", c.f.Value, got, c.want)
		}
	}
}

func TestOwnersFromNestedBulletList(t *testing.T) {
	d := &Doc{Kind: KindSpec}
	d.Header.Fields = []Field{{Key: "Owners", Norm: "owners", Line: 3, Col: 3, From: "bullets"}}
	d.ListItems = []ListItem{
		{Line: 3, EndLine: 5, Text: "Owners:", Depth: 0},
		{Line: 4, EndLine: 4, Text: "Arthur Silva Sens (@ArthurSens)", Depth: 1},
		{Line: 5, EndLine: 5, Text: "Max Amin (@macxamin)", Depth: 1},
		{Line: 7, EndLine: 7, Text: "Implementation Status: done", Depth: 0},
	}
	want := []string{"Arthur Silva Sens (@ArthurSens)", "Max Amin (@macxamin)"}
	if got := Owners(d); !reflect.DeepEqual(got, want) {
		t.Fatalf("Owners = %q, want %q", got, want)
	}
}

func TestPersonOf(t *testing.T) {
	cases := map[string]string{
		"@Alice":                        "@alice",
		"Henrique Matulis (@hsmatulis)": "@hsmatulis",
		"[@bwplotka](https://github.com/bwplotka)": "@bwplotka",
		"[`@ywwg`](https://github.com/ywwg)":       "@ywwg",
		"Max Inden IndenML@gmail.com":              "indenml@gmail.com",
		"Alice <alice@x.org>":                      "alice@x.org",
		"@acme/checkout-po":                        "@acme/checkout-po",
		"sig-apps":                                 "sig-apps",
		"markwallace-microsoft":                    "markwallace-microsoft",
		"`<@author: owen.williams@grafana.com>`":   "owen.williams@grafana.com",
	}
	for in, want := range cases {
		if got := PersonOf(in); got != want {
			t.Errorf("PersonOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsPlaceholderPerson(t *testing.T) {
	yes := []string{"TBD", "", "[PM Name]", "{owner}", "<name>", "@jane.doe", "@ghost", "`<@author: single champion for the moment of writing.>`",
		"jane@example.com", "XXX", "n/a", "John Doe", "{{ owner }}"}
	no := []string{"@alice", "Alice Smith", "markwallace", "`<@author: owen.williams@grafana.com>`", "[@bwplotka](https://github.com/bwplotka)",
		"Henrique Matulis (@hsmatulis)", "sig-apps"}
	for _, s := range yes {
		if !IsPlaceholderPerson(s) {
			t.Errorf("IsPlaceholderPerson(%q) = false, want true", s)
		}
	}
	for _, s := range no {
		if IsPlaceholderPerson(s) {
			t.Errorf("IsPlaceholderPerson(%q) = true, want false", s)
		}
	}
}

func TestIsTeamOwner(t *testing.T) {
	person := ownerTestField("owner", "@alice", 1)
	if IsTeamOwner(person, "@alice") || IsTeamOwner(person, "Steam Powered") {
		t.Error("a person is not a team")
	}
	if !IsTeamOwner(person, "@acme/checkout-po") || !IsTeamOwner(person, "Checkout team") || !IsTeamOwner(ownerTestField("owning-sig", "apps", 1), "apps") {
		t.Error("teams and owning-sig must be groups")
	}
}

func TestOwnerBulletUnderH2Title(t *testing.T) {
	title := &Heading{Level: 2, Text: "Remove copyright dates", Line: 1, EndLine: 20}
	why := &Heading{Level: 2, Text: "Why", Line: 10, EndLine: 20}
	d := &Doc{Kind: KindSpec, Headings: []*Heading{title, why}, EndLine: 20}
	d.ListItems = []ListItem{
		{Line: 3, EndLine: 4, Text: "Owners", Depth: 0},
		{Line: 4, EndLine: 4, Text: "Ben Kochie (@SuperQ)", Depth: 1},
		{Line: 6, EndLine: 6, Text: "Implementation: Accepted", Depth: 0},
		{Line: 12, EndLine: 12, Text: "Owner: not a header, below the first section", Depth: 0},
	}
	f, ok := OwnerField(d)
	if !ok || f.Line != 3 {
		t.Fatalf("OwnerField = %+v %v, want the Owners bullet on line 3", f, ok)
	}
	if got := Owners(d); !reflect.DeepEqual(got, []string{"Ben Kochie (@SuperQ)"}) {
		t.Fatalf("Owners = %q", got)
	}
	// with an H1 title the header parser is authoritative
	d.Headings = append([]*Heading{{Level: 1, Text: "T", Line: 1}}, d.Headings...)
	if _, ok := OwnerField(d); ok {
		t.Fatal("documents with an H1 must take the owner from the parsed header only")
	}
}

// TestOwnerFieldWithOptions: a convention's owner keys are read after the
// built-in ones, and a single-owner key names the owner only when it lists
// exactly one person.
func TestOwnerFieldWithOptions(t *testing.T) {
	p := NewParser(nil)
	opts := OwnerOptions{Keys: []string{"contact"}, SoleKeys: []string{"decision-makers", "deciders"}}
	tests := []struct {
		name, src, wantKey string
		ok                 bool
	}{
		{"single decider", "---\ndeciders: Ana Lima\n---\n# D\n", "deciders", true},
		{"single decision-maker list", "---\ndecision-makers: [\"@ana\"]\n---\n# D\n", "decision-makers", true},
		{"several deciders are a group", "---\ndeciders: Ana Lima, Ben Ortiz\n---\n# D\n", "", false},
		{"contact before deciders", "---\ncontact: Ben Ortiz\ndeciders: Ana Lima\n---\n# D\n", "contact", true},
		{"owner before options", "---\nowner: \"@cy\"\ncontact: Ben Ortiz\n---\n# D\n", "owner", true},
		{"placeholder decider", "---\ndeciders: TBD\n---\n# D\n", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := p.Parse("notes/d.md", []byte(tc.src))
			f, _, ok := OwnerFieldWith(nil, d, opts)
			if ok != tc.ok || (ok && f.Norm != NormKey(tc.wantKey)) {
				t.Errorf("got %q ok=%v, want %q ok=%v", f.Key, ok, tc.wantKey, tc.ok)
			}
		})
	}
	d := p.Parse("notes/d.md", []byte("---\ndeciders: Ana Lima\n---\n# D\n"))
	if _, _, ok := OwnerFieldWith(nil, d, OwnerOptions{}); ok {
		t.Error("without options a decider must not count as the owner")
	}
}
