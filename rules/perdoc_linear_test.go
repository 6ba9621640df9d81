package rules

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolelint/rolelint/lint"
)

// pmIsFolderIndexRef and pmHasVisionRef are the scans that
// pmIsFolderIndex and pmHasVision replaced (one pass over every file per
// question), kept to compare with.
func pmIsFolderIndexRef(u *lint.Universe, d *lint.Doc) bool {
	base := strings.ToLower(path.Base(d.Path))
	if base != "readme.md" && base != "index.md" && base != "_index.md" {
		return false
	}
	if u == nil {
		return false
	}
	dir := path.Dir(d.Path)
	prefix := dir + "/"
	if dir == "." {
		prefix = ""
	}
	for _, f := range u.Files {
		if f == d || f.Kind != lint.KindSpec {
			continue
		}
		if strings.HasPrefix(f.Path, prefix) {
			return true
		}
	}
	return false
}

func pmHasVisionRef(p *lint.Pass) bool {
	if p.Config != nil && len(p.Config.Vision) > 0 {
		return true
	}
	if p.Universe == nil {
		return false
	}
	for _, f := range p.Universe.Files {
		if f.Kind == lint.KindVision || pmIsVisionTarget(p.Config, f.Path) {
			return true
		}
	}
	return false
}

// linearRepos returns, by name, the file sets of the rule fixtures, the
// demo, the shared corpora (not with -short) and generated KEP-style
// trees of READMEs and specs nested in folders.
func linearRepos(t *testing.T) map[string]map[string][]byte {
	t.Helper()
	repos := map[string]map[string][]byte{}
	dirs := testdataRepoDirs()
	if !testing.Short() {
		corpora, _ := filepath.Glob("/work/shared/corpus/*")
		dirs = append(dirs, corpora...)
	}
	eachRepoDir(t, dirs, func(dir string, files map[string][]byte) { repos[dir] = files })
	for seed := 0; seed < 4; seed++ {
		files := map[string][]byte{}
		for i := 0; i < 40; i++ {
			dir := []string{"", "keps", "keps/sig-a", "keps/sig-a/12-x", "rfcs", "docs/design", "docs"}[(i*7+seed)%7]
			name := []string{"README.md", "index.md", "0001-plan.md", "notes.md", "_index.md"}[(i+seed)%5]
			kind := []string{"spec", "vision", "story", ""}[(i*3+seed)%4]
			body := "# Title " + fmt.Sprint(i) + "\n"
			if kind != "" {
				body = "---\ntype: " + kind + "\nstatus: draft\n---\n" + body
			}
			files[path.Join(dir, name)] = []byte(body)
		}
		repos[fmt.Sprintf("generated %d", seed)] = files
	}
	return repos
}

func TestPMFolderIndexAndVisionAsBefore(t *testing.T) {
	asked, indexes, visions, none := 0, 0, 0, 0
	for name, files := range linearRepos(t) {
		cfg := lint.DefaultConfig()
		if b, ok := files[".rolelint.yml"]; ok {
			c, err := lint.LoadConfig(".rolelint.yml", b, All())
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			cfg = c
		}
		res, err := lint.Run(lint.Options{Source: &lint.MemSource{Data: files}, Config: cfg, Rules: All(), Now: fixtureNow, Jobs: 1})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		u := res.Universe
		for _, d := range u.Docs {
			cp := *d // the same document, but not the universe's
			for _, x := range []*lint.Doc{d, &cp} {
				asked++
				got, want := pmIsFolderIndex(u, x), pmIsFolderIndexRef(u, x)
				if got != want {
					t.Errorf("%s: pmIsFolderIndex(%s, kind %q, own %v) = %v, want %v", name, x.Path, x.Kind, x == d, got, want)
				}
				if want {
					indexes++
				}
			}
		}
		withVision := *cfg
		withVision.Vision = []string{"strategy/VISION.md"}
		for _, c := range []*lint.Config{cfg, &withVision, nil} {
			p := &lint.Pass{Universe: u, Config: c}
			got, want := pmHasVision(p), pmHasVisionRef(p)
			if got != want {
				t.Errorf("%s: pmHasVision = %v, want %v", name, got, want)
			}
			if want {
				visions++
			} else {
				none++
			}
		}
	}
	if indexes == 0 || asked < 500 || visions == 0 || none == 0 {
		t.Errorf("%d questions, %d folder indexes, %d/%d with/without a vision: the repositories do not exercise both answers", asked, indexes, visions, none)
	}
	t.Logf("%d questions, %d folder indexes, %d/%d with/without a vision", asked, indexes, visions, none)
}
