package gitsrc

import (
	"strings"
	"testing"

	"github.com/rolelint/rolelint/lint"
)

func TestCodeOwnersPatternForms(t *testing.T) {
	file := strings.Join([]string{
		"# comment line",                // 1
		"*       @everyone",             // 2
		"*.md    @docs-team",            // 3
		"/build/logs/ @ops",             // 4
		"apps/   @octo/apps",            // 5
		"docs/*  docs@example.com",      // 6
		"**/logs @logger",               // 7
		"/scripts @scripter # trailing", // 8
		"specs/generated.md",            // 9: no owners: un-owned
		`\#hash.md @hash`,               // 10
		`my\ file.md @spacey`,           // 11
		"!negated.md @nobody",           // 12: not supported
		"rfcs/ not-an-owner",            // 13: bad owner
		"a/**/z.md @deep",               // 14
		"/root.md @rooted",              // 15
		"",                              // 16
	}, "\n")
	co, notes := ParseCodeOwners(".github/CODEOWNERS", []byte(file))
	wantEqual(t, "notes", notes, []lint.SourceNote{
		{Path: ".github/CODEOWNERS", Message: ".github/CODEOWNERS:12: negation (!pattern) is not supported by GitHub CODEOWNERS; the line is ignored"},
		{Path: ".github/CODEOWNERS", Message: `.github/CODEOWNERS:13: "not-an-owner" is not an owner (expected @user, @org/team or an e-mail address); GitHub ignores the line`},
	})
	cases := []struct {
		path   string
		owners []string
		line   int
	}{
		{"main.go", []string{"@everyone"}, 2},
		{"x/y/readme.md", []string{"@docs-team"}, 3},
		{"build/logs/today.txt", []string{"@logger"}, 7}, // **/logs comes later and wins
		{"build/logs/a/b.txt", []string{"@logger"}, 7},
		{"sub/build/logs/x.txt", []string{"@logger"}, 7},
		{"build/other.txt", []string{"@everyone"}, 2},
		{"apps/web/main.go", []string{"@octo/apps"}, 5},
		{"x/apps/main.go", []string{"@octo/apps"}, 5}, // unanchored dir/: any depth
		{"docs/guide.txt", []string{"docs@example.com"}, 6},
		{"docs/deep/guide.txt", []string{"@everyone"}, 2}, // docs/* : direct children only
		{"scripts/run.sh", []string{"@scripter"}, 8},
		{"x/scripts/run.sh", []string{"@everyone"}, 2}, // anchored
		{"specs/generated.md", nil, 9},
		{"#hash.md", []string{"@hash"}, 10},
		{"my file.md", []string{"@spacey"}, 11},
		{"negated.md", []string{"@docs-team"}, 3},
		{"a/z.md", []string{"@deep"}, 14},
		{"a/b/c/z.md", []string{"@deep"}, 14},
		{"root.md", []string{"@rooted"}, 15},
		{"sub/root.md", []string{"@docs-team"}, 3},
	}
	for _, c := range cases {
		owners, line := co.Owners(c.path)
		if !equalStrings(owners, c.owners) || line != c.line {
			t.Errorf("Owners(%q) = %v, line %d; want %v, line %d", c.path, owners, line, c.owners, c.line)
		}
	}
	if co.File() != ".github/CODEOWNERS" {
		t.Errorf("File = %q", co.File())
	}
}

func TestCodeOwnersNoMatch(t *testing.T) {
	co, _ := ParseCodeOwners("CODEOWNERS", []byte("/docs/ @a\n"))
	if owners, line := co.Owners("src/x.go"); owners != nil || line != 0 {
		t.Errorf("Owners = %v, %d; want nil, 0", owners, line)
	}
}

func TestLoadCodeOwnersPicksGitHubsOrder(t *testing.T) {
	r := newTestRepo(t)
	r.write("CODEOWNERS", "* @root\n")
	r.write("docs/CODEOWNERS", "* @docs\n")
	w, _ := r.open().Worktree()
	co, notes := LoadCodeOwners(w)
	if co == nil || co.File() != "CODEOWNERS" || len(notes) != 0 {
		t.Fatalf("LoadCodeOwners = %v, %v; want CODEOWNERS", co, notes)
	}
	r.write(".github/CODEOWNERS", "* @github\n")
	w, _ = r.open().Worktree()
	co, _ = LoadCodeOwners(w)
	if owners, _ := co.Owners("x.md"); !equalStrings(owners, []string{"@github"}) {
		t.Errorf("owners = %v; want .github/CODEOWNERS to win", owners)
	}
	empty := newTestRepo(t)
	w, _ = empty.open().Worktree()
	if co, _ := LoadCodeOwners(w); co != nil {
		t.Errorf("LoadCodeOwners without a file = %#v; want a nil interface", co)
	}
}

func FuzzParseCodeOwners(f *testing.F) {
	f.Add([]byte("* @a\n/docs/ @b @c\n!x\n\\#y @d\n"))
	f.Add([]byte("a/**/b\\ c @x # comment\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		co, _ := ParseCodeOwners("CODEOWNERS", data)
		for _, p := range []string{"a", "docs/x.md", "a/b c", "#y"} {
			co.Owners(p)
		}
	})
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
