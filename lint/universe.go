package lint

import (
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// CodeOwners answers who owns a path according to CODEOWNERS.
type CodeOwners interface {
	// Owners returns the owners of path (last matching pattern wins) and the
	// line of that pattern; nil when no pattern matches.
	Owners(path string) ([]string, int)
	// File is the repo-relative path of the CODEOWNERS file.
	File() string
}

// Universe is every product document of the view, plus indexes for
// cross-document rules. It is built once per run and then only read.
type Universe struct {
	Docs   []*Doc     // every linted unit (files and backlog items), sorted by path then line
	Files  []*Doc     // one Doc per file (backlog files included, items excluded), sorted by path
	Owners CodeOwners // nil unless configured and found
	Roles  *RoleIndex

	// Lookups by path are binary searches of sorted slices (Files, paths):
	// a hook builds a universe of tens of thousands of documents to ask it
	// a few hundred questions, and hashing every path and folder into maps
	// cost more than all of those questions. The maps below are the
	// fallback for input the searches cannot answer alike.
	paths  []string        // every file of the view, sorted
	byPath map[string]*Doc // nil unless two file docs share a path (then the last one wins)
	exists map[string]bool // nil unless a path is not clean and relative: every file and folder

	idOnce sync.Once
	byID   *idIndex // built on first use

	inScope func(path string) bool // set by Run; nil = everything in scope

	wikiOnce   sync.Once
	wikiByName map[string]*Doc // see wikiNames

	memoMu sync.Mutex
	memo   map[any]*memoEntry
}

type memoEntry struct {
	once sync.Once
	val  any
}

// Memo returns the value stored under key for this run, calling build once
// (even when several goroutines ask at the same time) the first time. Rules
// use it to share what they derive from the universe or from one document
// (an id index, a parsed story sentence) instead of deriving it again in
// every rule: key must be comparable and should be a rule-package type, e.g.
// struct{ doc *lint.Doc } or a named empty struct, so that packages cannot
// collide. build must not call Memo with the same key.
func (u *Universe) Memo(key any, build func() any) any {
	u.memoMu.Lock()
	if u.memo == nil {
		u.memo = map[any]*memoEntry{}
	}
	e := u.memo[key]
	if e == nil {
		e = &memoEntry{}
		u.memo[key] = e
	}
	u.memoMu.Unlock()
	e.once.Do(func() { e.val = build() })
	return e.val
}

// forgetMemo drops what rules memoised: Run calls it once every rule has
// run, so that the derived indexes and per-document values do not stay in
// memory while the report is written (the Result keeps the Universe).
func (u *Universe) forgetMemo() {
	u.memoMu.Lock()
	u.memo = nil
	u.memoMu.Unlock()
}

// InScope reports whether findings on path are reported in this run (Run
// drops the others). A set-level rule (CheckAll) may skip the per-document
// part of its work for documents out of scope; what it reads from them for
// cross-document facts it must still read.
func (u *Universe) InScope(path string) bool {
	return u.inScope == nil || u.inScope(path)
}

// DocInScope is InScope(d.Path), answered from the document itself when
// the run has marked it (rules ask it for every document, often).
func (u *Universe) DocInScope(d *Doc) bool {
	switch d.scope {
	case scopeIn:
		return true
	case scopeOut:
		return false
	}
	return u.InScope(d.Path)
}

// markScope records a file document's scope on it and on its items.
func (d *Doc) markScope(in bool) {
	s := scopeOut
	if in {
		s = scopeIn
	}
	d.scope = s
	for _, it := range d.Items {
		it.scope = s
	}
}

// NewUniverse indexes files (one Doc per file; their Items are added as units)
// and allPaths (every file of the view, Markdown or not). It sorts files in
// place by path and keeps allPaths (a sorted copy when it is not sorted):
// the caller must not change either afterwards.
func NewUniverse(files []*Doc, allPaths []string) *Universe {
	u := &Universe{}
	if !filesSorted(files) { // a run's files come sorted: no need to sort them again
		sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
		for i := 1; i < len(files); i++ {
			if files[i].Path == files[i-1].Path {
				u.byPath = make(map[string]*Doc, len(files))
				for _, f := range files {
					u.byPath[f.Path] = f
				}
				break
			}
		}
	}
	u.Files = files
	n := len(files)
	for _, f := range files {
		n += len(f.Items)
	}
	if n > 0 {
		u.Docs = make([]*Doc, 0, n)
	}
	for _, f := range files {
		u.Docs = append(u.Docs, f)
		u.Docs = append(u.Docs, f.Items...)
	}
	u.paths = allPaths
	if !slices.IsSorted(allPaths) {
		u.paths = slices.Sorted(slices.Values(allPaths)) // a copy: allPaths is the caller's
	}
	for _, p := range u.paths {
		if !CleanRel(p) {
			u.exists = existsMap(files, allPaths)
			break
		}
	}
	return u
}

// filesSorted reports whether files are sorted by path, each path once: then
// sorting them would not move any.
func filesSorted(files []*Doc) bool {
	for i := 1; i < len(files); i++ {
		if files[i-1].Path >= files[i].Path {
			return false
		}
	}
	return true
}

// CleanRel reports whether p is a clean relative path (no empty, "." or
// ".." element, no leading or trailing slash), which path.Clean leaves as
// it is (false is not final: path.Clean keeps a leading ".."). For such
// paths the folders path.Dir walks up through are exactly the prefixes
// before each '/', which is what lets Exists search the sorted paths
// instead of a map.
func CleanRel(p string) bool {
	for {
		el, rest, more := strings.Cut(p, "/")
		if el == "" || el == "." || el == ".." {
			return false
		}
		if !more {
			return true
		}
		p = rest
	}
}

// existsMap is every file and folder of the view by the rules of path.Dir,
// for paths that are not all clean and relative.
func existsMap(files []*Doc, allPaths []string) map[string]bool {
	exists := make(map[string]bool, len(allPaths)+len(allPaths)/8)
	for _, p := range allPaths {
		exists[p] = true
		for d := path.Dir(p); d != "." && d != "/" && !exists[d]; d = path.Dir(d) {
			exists[d] = true
		}
	}
	for _, f := range files {
		exists[f.Path] = true
	}
	return exists
}

// ByPath returns the file doc at a repo-relative path.
func (u *Universe) ByPath(p string) *Doc {
	if u.byPath != nil {
		return u.byPath[p]
	}
	if i, ok := slices.BinarySearchFunc(u.Files, p, func(d *Doc, p string) int { return strings.Compare(d.Path, p) }); ok {
		return u.Files[i]
	}
	return nil
}

// ByID returns the documents or items with id (case-insensitive).
func (u *Universe) ByID(id string) []*Doc {
	// Built on first use: a hook asks a few ids, a full run many.
	u.idOnce.Do(func() { u.byID = newIDIndex(u.Docs) })
	return u.byID.find(strings.ToLower(strings.TrimSpace(id)))
}

// idIndex finds documents by lower-cased id. The documents with an id sit
// in one array, grouped by id and in Docs order within a group, and a map
// gives each id its group: one map entry per id and no slice per id.
type idIndex struct {
	group map[string]int32 // lower-cased id to its group
	start []int32          // group g is docs[start[g]:start[g+1]]
	docs  []*Doc
}

func newIDIndex(all []*Doc) *idIndex {
	x := &idIndex{group: make(map[string]int32, len(all))}
	keys := lowerAll(all)
	of := make([]int32, len(all))       // each document's group, -1 without an id
	count := make([]int32, 0, len(all)) // documents per group
	for i, d := range all {
		of[i] = -1
		if d.ID == "" {
			continue
		}
		k := keys[i]
		g, ok := x.group[k]
		if !ok {
			g = int32(len(count))
			x.group[k] = g
			count = append(count, 0)
		}
		of[i] = g
		count[g]++
	}
	x.start = make([]int32, len(count)+1)
	for g, c := range count {
		x.start[g+1] = x.start[g] + c
	}
	x.docs = make([]*Doc, x.start[len(count)])
	next := slices.Clone(x.start[:len(count)]) // where each group's next document goes
	for i, d := range all {
		if g := of[i]; g >= 0 {
			x.docs[next[g]] = d
			next[g]++
		}
	}
	return x
}

// lowerAll returns strings.ToLower of every document's id. The ASCII ids
// that change are lower-cased into one string shared by all of them,
// instead of each into a string of its own: ids like "US-123" are most of a
// backlog's.
func lowerAll(docs []*Doc) []string {
	keys := make([]string, len(docs))
	shared := make([]bool, len(docs)) // keys[i] goes into the shared string
	size := 0
	for i, d := range docs {
		id := d.ID
		keys[i] = id
		ascii, upper := true, false
		for j := 0; j < len(id); j++ {
			ascii = ascii && id[j] < utf8.RuneSelf
			upper = upper || 'A' <= id[j] && id[j] <= 'Z'
		}
		if !ascii {
			keys[i] = strings.ToLower(id)
		} else if upper {
			shared[i] = true
			size += len(id)
		}
	}
	var b strings.Builder
	b.Grow(size)
	for i, k := range keys {
		if shared[i] {
			for j := 0; j < len(k); j++ {
				c := k[j]
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				b.WriteByte(c)
			}
		}
	}
	lower, at := b.String(), 0
	for i, k := range keys {
		if shared[i] {
			keys[i] = lower[at : at+len(k)]
			at += len(k)
		}
	}
	return keys
}

// find returns the documents with lower-cased id k, nil when there are none.
func (x *idIndex) find(k string) []*Doc {
	g, ok := x.group[k]
	if !ok {
		return nil
	}
	lo, hi := x.start[g], x.start[g+1]
	return x.docs[lo:hi:hi] // full slice expression: an append by the caller copies
}

// Exists reports whether a file or directory exists in the view.
func (u *Universe) Exists(p string) bool {
	if u.exists != nil {
		return u.exists[p]
	}
	if u.ByPath(p) != nil {
		return true
	}
	if _, ok := slices.BinarySearch(u.paths, p); ok {
		return true
	}
	// p is a folder when a path starts with p+"/": the paths that do follow
	// one another in sorted order, from the first not less than p+"/".
	dir := p + "/"
	i, _ := slices.BinarySearch(u.paths, dir)
	return i < len(u.paths) && strings.HasPrefix(u.paths[i], dir)
}

// Resolve returns the document a link points to (nil if it is not a product
// document) and whether its target exists in the view at all. External links
// and fragment-only links resolve to (nil, true).
func (u *Universe) Resolve(l Link) (*Doc, bool) {
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
	if d := u.ByPath(l.Target); d != nil {
		return d, true
	}
	if u.Exists(l.Target) {
		// a directory: its README stands for it
		for _, name := range []string{"README.md", "readme.md", "index.md", "_index.md"} {
			if d := u.ByPath(path.Join(l.Target, name)); d != nil {
				return d, true
			}
		}
		return nil, true
	}
	return nil, false
}

// resolveWiki finds [[Name]] by file base name (without .md) or by id.
func (u *Universe) resolveWiki(name string) (*Doc, bool) {
	name = strings.TrimSpace(name)
	if i := strings.IndexAny(name, "|#"); i >= 0 {
		name = name[:i]
	}
	if ds := u.ByID(name); len(ds) > 0 {
		return ds[0], true
	}
	if f := u.wikiNames()[strings.ToLower(name)]; f != nil {
		return f, true
	}
	return nil, false
}

// wikiNames maps each lower-cased file base name (without its extension)
// to the first file of that name, built once: a scan of every file per
// wikilink would be quadratic in a wiki-style repository.
func (u *Universe) wikiNames() map[string]*Doc {
	u.wikiOnce.Do(func() {
		u.wikiByName = make(map[string]*Doc, len(u.Files))
		for _, f := range u.Files {
			base := strings.ToLower(strings.TrimSuffix(path.Base(f.Path), path.Ext(f.Path)))
			if _, ok := u.wikiByName[base]; !ok {
				u.wikiByName[base] = f
			}
		}
	})
	return u.wikiByName
}

// ResolveRef resolves a header value that names another document: a path
// (relative to the document first, then to the repository root), a link, or
// an id. It returns the document and whether anything matched.
func (u *Universe) ResolveRef(from *Doc, ref string) (*Doc, bool) {
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
		if d := u.ByPath(cand); d != nil {
			return d, true
		}
		if u.Exists(cand) {
			return nil, true
		}
	}
	return nil, false
}

// RoleIndex maps people and aliases to roles.
type RoleIndex struct {
	roles   map[string]Role
	aliases map[string]string
	known   bool // a registry was configured at all
}

// NewRoleIndex builds the index from the config's roles.
func NewRoleIndex(r Roles) *RoleIndex {
	ri := &RoleIndex{roles: map[string]Role{}, aliases: map[string]string{}}
	for _, p := range r.ProductManagers {
		ri.roles[NormPerson(p)] = RolePM
		ri.known = true
	}
	for _, p := range r.ProductOwners {
		k := NormPerson(p)
		if ri.roles[k] == RolePM {
			ri.roles[k] = "PM+PO"
		} else {
			ri.roles[k] = RolePO
		}
		ri.known = true
	}
	for a, p := range r.Aliases {
		ri.aliases[NormPerson(a)] = NormPerson(p)
		ri.known = true
	}
	return ri
}

// Configured reports whether any role was configured.
func (ri *RoleIndex) Configured() bool { return ri != nil && ri.known }

// Person resolves an alias to the one person it stands for (or returns the
// normalised input when it is not an alias), and whether it was an alias.
func (ri *RoleIndex) Person(who string) (string, bool) {
	k := NormPerson(who)
	if ri == nil {
		return k, false
	}
	if p, ok := ri.aliases[k]; ok {
		return p, true
	}
	return k, false
}

// RoleOf returns the role of a person or alias (RoleNone when unknown).
// A person listed as both PM and PO has the role "PM+PO", which fits both.
func (ri *RoleIndex) RoleOf(who string) Role {
	if ri == nil {
		return RoleNone
	}
	k := NormPerson(who)
	if r, ok := ri.roles[k]; ok {
		return r
	}
	if p, ok := ri.aliases[k]; ok {
		return ri.roles[p]
	}
	return RoleNone
}

// NormPerson normalises a handle or e-mail for lookups: lower case, trimmed,
// surrounding quotes and angle brackets removed. "Alice <a@x.org>" becomes "a@x.org".
func NormPerson(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndex(s, "<"); i >= 0 {
		if j := strings.LastIndex(s, ">"); j > i {
			s = s[i+1 : j]
		}
	}
	s = strings.Trim(s, "\"'` ")
	return strings.ToLower(s)
}
