package lint

import (
	"fmt"
	"path"
	"strings"
	"testing"
)

// resolveWikiRef is the scan resolveWiki replaced (every file per
// wikilink), kept to compare with.
func (u *Universe) resolveWikiRef(name string) (*Doc, bool) {
	name = strings.TrimSpace(name)
	if i := strings.IndexAny(name, "|#"); i >= 0 {
		name = name[:i]
	}
	if ds := u.ByID(name); len(ds) > 0 {
		return ds[0], true
	}
	want := strings.ToLower(name)
	for _, f := range u.Files {
		base := strings.ToLower(strings.TrimSuffix(path.Base(f.Path), path.Ext(f.Path)))
		if base == want {
			return f, true
		}
	}
	return nil, false
}

func TestResolveWikiAsBefore(t *testing.T) {
	files := map[string][]byte{}
	for i := 0; i < 60; i++ {
		dir := []string{"", "docs", "docs/a", "wiki", "Wiki/B"}[i%5]
		name := []string{"Home", "home", "Roadmap", "roadmap.v2", "Vision", "US-7", "notes"}[i%7]
		body := fmt.Sprintf("# Page %d\n\nSee [[Home]] and [[Roadmap|the plan]].\n", i)
		if i%4 == 0 {
			body = fmt.Sprintf("---\nid: US-%d\ntype: story\n---\n", i%9) + body
		}
		files[path.Join(dir, fmt.Sprintf("%s%d.md", name, i%3))] = []byte(body)
		files[path.Join(dir, name+".md")] = []byte(body)
	}
	res, err := Run(Options{Source: &MemSource{Data: files}, Jobs: 1})
	if err != nil {
		t.Fatal(err)
	}
	u := res.Universe
	var names []string
	for _, f := range u.Files {
		base := strings.TrimSuffix(path.Base(f.Path), path.Ext(f.Path))
		names = append(names, base, strings.ToUpper(base), " "+base+" ", base+"|alias", base+"#part", base+".md", "x"+base)
	}
	for i := 0; i < 10; i++ {
		names = append(names, fmt.Sprintf("US-%d", i), fmt.Sprintf("us-%d|x", i))
	}
	found := 0
	for _, n := range names {
		got, gok := u.resolveWiki(n)
		want, wok := u.resolveWikiRef(n)
		if got != want || gok != wok {
			t.Errorf("resolveWiki(%q) = %v %v, want %v %v", n, docPathOf(got), gok, docPathOf(want), wok)
		}
		if wok {
			found++
		}
	}
	if found == 0 || found == len(names) {
		t.Errorf("%d of %d names resolve: the test exercises one answer only", found, len(names))
	}
}

func docPathOf(d *Doc) string {
	if d == nil {
		return "<nil>"
	}
	return d.Path
}
