package lint

import (
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// refUniverse is NewUniverse as it was before the universe answered paths
// by binary search and ids from a grouped index: maps of every path, folder
// and id. The differential tests below hold the new lookups to it.
type refUniverse struct {
	docs   []*Doc
	files  []*Doc
	byPath map[string]*Doc
	byID   map[string][]*Doc
	exists map[string]bool
	wiki   *Universe // answers wikiNames, which did not change
}

func newRefUniverse(files []*Doc, allPaths []string) *refUniverse {
	u := &refUniverse{byPath: make(map[string]*Doc, len(files)), byID: make(map[string][]*Doc, len(files)),
		exists: make(map[string]bool, len(allPaths)+len(allPaths)/8)}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	u.files = files
	for _, p := range allPaths {
		u.exists[p] = true
		for d := path.Dir(p); d != "." && d != "/" && !u.exists[d]; d = path.Dir(d) {
			u.exists[d] = true
		}
	}
	addID := func(d *Doc) {
		if d.ID == "" {
			return
		}
		k := strings.ToLower(d.ID)
		u.byID[k] = append(u.byID[k], d)
	}
	for _, f := range files {
		u.byPath[f.Path] = f
		u.exists[f.Path] = true
		u.docs = append(u.docs, f)
		addID(f)
		for _, it := range f.Items {
			u.docs = append(u.docs, it)
			addID(it)
		}
	}
	u.wiki = &Universe{Files: files}
	return u
}

func (u *refUniverse) ByID(id string) []*Doc { return u.byID[strings.ToLower(strings.TrimSpace(id))] }

func (u *refUniverse) Resolve(l Link) (*Doc, bool) {
	if l.External {
		return nil, true
	}
	if l.Escapes {
		return nil, false
	}
	if l.Target == "" {
		if l.Wiki {
			return u.resolveWiki(l.Dest)
		}
		return nil, true
	}
	if d := u.byPath[l.Target]; d != nil {
		return d, true
	}
	if u.exists[l.Target] {
		for _, name := range []string{"README.md", "readme.md", "index.md", "_index.md"} {
			if d := u.byPath[path.Join(l.Target, name)]; d != nil {
				return d, true
			}
		}
		return nil, true
	}
	return nil, false
}

func (u *refUniverse) resolveWiki(name string) (*Doc, bool) {
	name = strings.TrimSpace(name)
	if i := strings.IndexAny(name, "|#"); i >= 0 {
		name = name[:i]
	}
	if ds := u.ByID(name); len(ds) > 0 {
		return ds[0], true
	}
	if f := u.wiki.wikiNames()[strings.ToLower(name)]; f != nil {
		return f, true
	}
	return nil, false
}

func (u *refUniverse) ResolveRef(from *Doc, ref string) (*Doc, bool) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil, false
	}
	if ds := u.ByID(ref); len(ds) > 0 {
		return ds[0], true
	}
	if strings.Contains(ref, "://") {
		return nil, true
	}
	clean := strings.SplitN(ref, "#", 2)[0]
	for _, cand := range []string{path.Join(path.Dir(from.Path), clean), strings.TrimPrefix(path.Clean("/"+clean), "/")} {
		if strings.HasPrefix(cand, "../") || cand == ".." {
			continue
		}
		if d := u.byPath[cand]; d != nil {
			return d, true
		}
		if u.exists[cand] {
			return nil, true
		}
	}
	return nil, false
}

// oddVariants are the spellings of p a rule may ask about: folders,
// unclean, absolute, other case, trailing slashes.
func oddVariants(p string) []string {
	out := []string{p, p + "/", "./" + p, "/" + p, strings.ToUpper(p), strings.ToLower(p), p + "x", p + "/x",
		path.Dir(p), path.Dir(p) + "/", path.Base(p), strings.TrimSuffix(p, path.Ext(p)), p[:len(p)/2]}
	for i := range len(p) {
		if p[i] == '/' {
			out = append(out, p[:i], p[:i+1], p[:i]+"//"+p[i+1:], p[:i]+"/./"+p[i+1:], p[:i]+"/../"+p[i+1:])
		}
	}
	return out
}

var oddPaths = []string{"", ".", "..", "/", "//", "./", "../", "a", "A", "a/", "/a", ".md", "README.md", "readme.md",
	"docs", "docs/", "backlog", "backlog/", "\x00", "é", "a/b/c/d/e/f", "a\\b"}

// compareUniverses asks the new and the reference universe everything
// about every path, folder, id and link of the view, and oddities.
func compareUniverses(t *testing.T, name string, files []*Doc, allPaths []string) {
	t.Helper()
	want := newRefUniverse(slices.Clone(files), slices.Clone(allPaths))
	pathsBefore := slices.Clone(allPaths)
	got := NewUniverse(slices.Clone(files), allPaths)
	if !slices.Equal(allPaths, pathsBefore) {
		t.Fatalf("%s: NewUniverse changed allPaths", name)
	}
	if !slices.Equal(got.Files, want.files) || !slices.Equal(got.Docs, want.docs) {
		t.Fatalf("%s: Files or Docs differ in order or content", name)
	}
	var queries []string
	queries = append(queries, oddPaths...)
	for _, p := range allPaths {
		queries = append(queries, oddVariants(p)...)
	}
	for _, f := range files {
		if f.Path != "" {
			queries = append(queries, oddVariants(f.Path)...)
		}
	}
	asked := 0
	for _, q := range queries {
		if g, w := got.ByPath(q), want.byPath[q]; g != w {
			t.Errorf("%s: ByPath(%q) = %p, want %p", name, q, g, w)
		}
		if g, w := got.Exists(q), want.exists[q]; g != w {
			t.Errorf("%s: Exists(%q) = %v, want %v", name, q, g, w)
		}
		if g, w := got.ByID(q), want.ByID(q); !slices.Equal(g, w) {
			t.Errorf("%s: ByID(%q) = %v, want %v", name, q, g, w)
		}
		l := Link{Dest: q, Target: q, Wiki: q == "" || strings.HasPrefix(q, "R")}
		gd, gok := got.Resolve(l)
		wd, wok := want.Resolve(l)
		if gd != wd || gok != wok {
			t.Errorf("%s: Resolve(%q) = %p %v, want %p %v", name, q, gd, gok, wd, wok)
		}
		asked++
	}
	for _, d := range want.docs {
		refs := []string{d.ID, strings.ToUpper(d.ID), " " + d.ID + " ", strings.ToLower(d.ID), "../" + path.Base(d.Path), d.Path, "/" + d.Path}
		for _, f := range d.Header.Fields {
			refs = append(refs, f.Value)
			refs = append(refs, f.Values...)
		}
		for _, l := range d.Links {
			gd, gok := got.Resolve(l)
			wd, wok := want.Resolve(l)
			if gd != wd || gok != wok {
				t.Errorf("%s: %s: Resolve(%+v) = %p %v, want %p %v", name, d.Path, l, gd, gok, wd, wok)
			}
			refs = append(refs, l.Dest)
			asked++
		}
		for _, ref := range refs {
			gd, gok := got.ResolveRef(d, ref)
			wd, wok := want.ResolveRef(d, ref)
			if gd != wd || gok != wok {
				t.Errorf("%s: %s: ResolveRef(%q) = %p %v, want %p %v", name, d.Path, ref, gd, gok, wd, wok)
			}
			if g, w := got.ByID(ref), want.ByID(ref); !slices.Equal(g, w) {
				t.Errorf("%s: ByID(%q) = %v, want %v", name, ref, g, w)
			}
			asked++
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	t.Logf("%s: %d files, %d docs, %d paths: %d questions alike", name, len(files), len(want.docs), len(allPaths), asked)
}

// loadView parses the Markdown files under root as one view: every file's
// repo-relative path, in walk order, and a Doc per Markdown file.
func loadView(t *testing.T, root string) ([]*Doc, []string) {
	t.Helper()
	p := NewParser(DefaultConfig())
	var files []*Doc
	var all []string
	err := filepath.WalkDir(root, func(f string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, f)
		rel = filepath.ToSlash(rel)
		all = append(all, rel)
		if IsMarkdown(rel) {
			src, err := os.ReadFile(f)
			if err != nil {
				return err
			}
			files = append(files, p.Parse(rel, src))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files, all
}

func TestUniverseLookupsMatchMapsOnFixtures(t *testing.T) {
	roots := []string{"../testdata", "../testdata/golden", "../testdata/rules"}
	if ents, err := os.ReadDir("/work/shared/corpus"); err == nil {
		roots = append(roots, "/work/shared/corpus")
		for _, e := range ents {
			if e.IsDir() {
				roots = append(roots, filepath.Join("/work/shared/corpus", e.Name()))
			}
		}
	}
	for _, root := range roots {
		if _, err := os.Stat(root); err != nil {
			continue
		}
		files, all := loadView(t, root)
		compareUniverses(t, root, files, all)
		// Reversed, the input must be sorted; the files alone, the folders
		// come from the documents' paths only.
		slices.Reverse(files)
		slices.Reverse(all)
		compareUniverses(t, root+" reversed", files, all)
		compareUniverses(t, root+" without allPaths", files, nil)
	}
}

func TestUniverseLookupsMatchMapsOnGeneratedPaths(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	elems := []string{"a", "b", "A", "docs", "README.md", "x.md", ".", "..", "", "é", "a b", "-", "a.md", "a-", "a!"}
	gen := func() string {
		var b strings.Builder
		if rng.Intn(20) == 0 {
			b.WriteByte('/')
		}
		for i := range 1 + rng.Intn(4) {
			if i > 0 {
				b.WriteByte('/')
			}
			b.WriteString(elems[rng.Intn(len(elems))])
		}
		if rng.Intn(20) == 0 {
			b.WriteByte('/')
		}
		return b.String()
	}
	for round := range 300 {
		clean := round%2 == 0 // half the views hold clean paths only
		var all []string
		var files []*Doc
		for range 1 + rng.Intn(40) {
			p := gen()
			if clean {
				p = path.Clean("/" + p)[1:]
				if p == "" {
					continue
				}
			}
			all = append(all, p)
			if rng.Intn(3) == 0 {
				d := &Doc{Path: p, ID: []string{"", "US-1", "us-1", "K", "\u212a", "İd", "x"}[rng.Intn(7)]}
				for j := range rng.Intn(3) {
					d.Items = append(d.Items, &Doc{Path: p, StartLine: j + 1, ID: fmt.Sprintf("T-%d", rng.Intn(4))})
				}
				files = append(files, d)
				if rng.Intn(5) == 0 { // a second doc with the same path
					files = append(files, &Doc{Path: p, ID: "dup"})
				}
			}
		}
		if rng.Intn(4) == 0 { // a document whose path is not among allPaths
			files = append(files, &Doc{Path: gen()})
		}
		if rng.Intn(2) == 0 {
			slices.Sort(all)
			sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
		}
		compareUniverses(t, fmt.Sprintf("round %d", round), files, all)
	}
}

func TestCleanRel(t *testing.T) {
	for _, p := range []string{"a", "a/b", "a.md", "...", "a/.b", "a/b./c"} {
		if !CleanRel(p) || path.Clean(p) != p {
			t.Errorf("CleanRel(%q) = false, want true", p)
		}
	}
	for _, p := range []string{"", ".", "..", "/", "/a", "a/", "a//b", "./a", "a/.", "a/./b", "a/../b", "../a", "a/.."} {
		if CleanRel(p) {
			t.Errorf("CleanRel(%q) = true, want false", p)
		}
	}
}

// refDecideScope is decideScope as it was: one worker hand-off per
// candidate and a map of every candidate's decision.
func refDecideScope(opts Options, candidates []File, jobs int) (func(string) bool, []bool) {
	decide := func(p string) bool {
		return pathInScope(opts.Paths, p) && (opts.InScope == nil || opts.InScope(p))
	}
	scoped := make([]bool, len(candidates))
	parallel(len(candidates), jobs, func(i int) { scoped[i] = decide(candidates[i].Path) })
	scope := make(map[string]bool, len(candidates))
	for i, f := range candidates {
		scope[f.Path] = scoped[i]
	}
	return func(p string) bool {
		if v, ok := scope[p]; ok {
			return v
		}
		return decide(p)
	}, scoped
}

// TestDecideScopeMatchesMap holds decideScope's answers to the old ones,
// for sorted, unsorted and repeated candidates, over the fixtures' paths.
func TestDecideScopeMatchesMap(t *testing.T) {
	_, fixtures := loadView(t, "../testdata")
	var fixtureCands []File
	for _, p := range fixtures {
		fixtureCands = append(fixtureCands, File{Path: p})
	}
	sortedCands := slices.Clone(fixtureCands)
	slices.SortFunc(sortedCands, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	in := func(p string) bool { return strings.Contains(p, "in") || strings.Contains(p, "e/") }
	for _, cands := range [][]File{
		{{Path: "a/in.md"}, {Path: "a/out.md"}, {Path: "b/in.md"}, {Path: "c.md"}},
		{{Path: "c.md"}, {Path: "a/in.md"}, {Path: "b/in.md"}, {Path: "a/out.md"}},
		{{Path: "a/in.md"}, {Path: "a/in.md"}, {Path: "b/x.md"}},
		nil, fixtureCands, sortedCands,
	} {
		var queries []string
		queries = append(queries, oddPaths...)
		for _, c := range cands {
			queries = append(queries, oddVariants(c.Path)...)
		}
		for _, paths := range [][]string{nil, {"a", "c.md"}, {"testdata/", "rules", "demo"}} {
			for _, jobs := range []int{1, 2, 8} {
				opts := Options{InScope: in, Paths: paths}
				got, gotScoped := decideScope(opts, cands, jobs)
				want, wantScoped := refDecideScope(opts, cands, jobs)
				if !slices.Equal(gotScoped, wantScoped) {
					t.Fatalf("%d candidates, paths %q, jobs %d: scoped = %v, want %v", len(cands), paths, jobs, gotScoped, wantScoped)
				}
				for _, q := range queries {
					if g, w := got(q), want(q); g != w {
						t.Errorf("%d candidates, paths %q: scope(%q) = %v, want %v", len(cands), paths, q, g, w)
					}
				}
			}
		}
	}
}

// genView is a hook-sized synthetic view: n backlog files of one item
// each, sorted by path, and every path of the view.
func genView(n int) ([]*Doc, []string) {
	files := make([]*Doc, n)
	all := make([]string, n)
	for i := range n {
		p := fmt.Sprintf("backlog/stories/area-%03d/US-%05d-do-something-useful.md", i/100, i)
		files[i] = &Doc{Path: p, ID: fmt.Sprintf("US-%d", i)}
		all[i] = p
	}
	return files, all
}

func BenchmarkNewUniverse40k(b *testing.B) {
	files, all := genView(40000)
	b.Run("maps", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			newRefUniverse(files, all)
		}
	})
	b.Run("sorted", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			NewUniverse(files, all)
		}
	})
	b.Run("sorted+ids", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			NewUniverse(files, all).ByID("US-7") // a hook asks ids: the id index is built
		}
	})
}

func BenchmarkDecideScope40k(b *testing.B) {
	_, all := genView(40000)
	cands := make([]File, len(all))
	changed := map[string]bool{}
	for i, p := range all {
		cands[i] = File{Path: p}
		changed[p] = i%4000 == 0
	}
	opts := Options{InScope: func(p string) bool { return changed[p] }}
	for _, c := range []struct {
		name   string
		decide func(Options, []File, int) (func(string) bool, []bool)
	}{{"map", refDecideScope}, {"sorted", decideScope}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				f, _ := c.decide(opts, cands, 2)
				f(all[77])
			}
		})
	}
}

// TestNewUniverseAllocs holds NewUniverse, for a run's sorted clean input,
// and its id index to a few dozen allocations, where the maps took one or
// two per document.
func TestNewUniverseAllocs(t *testing.T) {
	files, all := genView(4000)
	if n := testing.AllocsPerRun(5, func() { NewUniverse(files, all) }); n > 5 {
		t.Errorf("NewUniverse of 4000 files: %v allocations, want at most 5", n)
	}
	u := NewUniverse(files, all)
	if n := testing.AllocsPerRun(1, func() { newIDIndex(u.Docs) }); n > 50 {
		t.Errorf("id index of 4000 files: %v allocations, want at most 50", n)
	}
}
