package gitsrc

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// FuzzCodeOwners parses arbitrary CODEOWNERS files and looks up arbitrary
// paths. Beyond not panicking or hanging: every rule and note points at a
// line of the file, notes name file:line, owners are well formed, and a
// lookup answers with the line of a parsed rule (or 0 for no match).
func FuzzCodeOwners(f *testing.F) {
	for _, seed := range []struct{ file, path string }{
		{"* @a\n/docs/ @b @c\n!x\n\\#y @d\n", "docs/x.md"},
		{"a/**/b\\ c @x # comment\n", "a/q/r/b c"},
		{"# only a comment\n\n   \n", "x"},
		{"\ufeff*.md @org/team\r\n/docs/specs/** spec@example.com\r\n", "docs/specs/a/b.md"},
		{"docs/[ab].md @x\n", "docs/a.md"},
		{"/ @root\n** @all\n**/ @dirs\n***/x @y\n", "x"},
		{"docs/ bad-owner\n", "docs/a.md"},
		{"\\\\\\ @z\n\\", "\\ "},
		{"*.md\n", "a.md"},
		{"/a/b/c/ @d\n/a/ @e\n", "/a/b/c/d.md"},
		{"?.md @q\n", "a.md"},
		{strings.Repeat("*", 200) + " @s\n", strings.Repeat("a/", 100)},
	} {
		f.Add([]byte(seed.file), seed.path)
	}
	f.Fuzz(func(t *testing.T, data []byte, lookup string) {
		stop := time.AfterFunc(10*time.Second, func() {
			panic(fmt.Sprintf("CODEOWNERS input still running after 10s (a hang): %q, %q", data, lookup))
		})
		defer stop.Stop()

		co, notes := ParseCodeOwners("CODEOWNERS", data)
		lines := strings.Count(string(data), "\n") + 1
		ruleLines := map[int]bool{}
		for _, r := range co.Rules {
			if r.Line < 1 || r.Line > lines {
				t.Fatalf("rule %q on line %d of a %d-line file", r.Pattern, r.Line, lines)
			}
			ruleLines[r.Line] = true
			for _, o := range r.Owners {
				if o == "" || strings.ContainsAny(o, " \t\n") {
					t.Fatalf("rule on line %d has a malformed owner %q", r.Line, o)
				}
			}
		}
		for _, n := range notes {
			if n.Path != "CODEOWNERS" || !strings.HasPrefix(n.Message, "CODEOWNERS:") {
				t.Fatalf("note %+v does not name CODEOWNERS:line", n)
			}
		}
		for _, p := range []string{lookup, "docs/x.md", "a", strings.TrimPrefix(lookup, "/")} {
			owners, line := co.Owners(p)
			if line == 0 && owners != nil {
				t.Fatalf("Owners(%q) = %v without a rule line", p, owners)
			}
			if line != 0 && !ruleLines[line] {
				t.Fatalf("Owners(%q) answers with line %d, which holds no rule", p, line)
			}
		}
	})
}
