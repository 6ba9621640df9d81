package lint

import (
	"path"
	"sort"
	"strings"
	"sync"
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
	Docs   []*Doc          // every linted unit (files and backlog items), sorted by path then line
	Files  []*Doc          // one Doc per file (backlog files included, items excluded), sorted by path
	byPath map[string]*Doc // file docs by path
	byID   map[string][]*Doc
	exists map[string]bool // every file and directory in the view
	Owners CodeOwners      // nil unless configured and found
	Roles  *RoleIndex

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
// and allPaths (every file of the view, Markdown or not).
func NewUniverse(files []*Doc, allPaths []string) *Universe {
	u := &Universe{byPath: make(map[string]*Doc, len(files)), byID: make(map[string][]*Doc, len(files)),
		exists: make(map[string]bool, len(allPaths)+len(allPaths)/8)}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	u.Files = files
	for _, p := range allPaths {
		u.exists[p] = true
		for d := path.Dir(p); d != "." && d != "/" && !u.exists[d]; d = path.Dir(d) {
			u.exists[d] = true
		}
	}
	for _, f := range files {
		u.byPath[f.Path] = f
		u.exists[f.Path] = true
		u.Docs = append(u.Docs, f)
		u.addID(f)
		for _, it := range f.Items {
			u.Docs = append(u.Docs, it)
			u.addID(it)
		}
	}
	return u
}

func (u *Universe) addID(d *Doc) {
	if d.ID == "" {
		return
	}
	k := strings.ToLower(d.ID)
	u.byID[k] = append(u.byID[k], d)
}

// ByPath returns the file doc at a repo-relative path.
func (u *Universe) ByPath(p string) *Doc { return u.byPath[p] }

// ByID returns the documents or items with id (case-insensitive).
func (u *Universe) ByID(id string) []*Doc { return u.byID[strings.ToLower(strings.TrimSpace(id))] }

// Exists reports whether a file or directory exists in the view.
func (u *Universe) Exists(p string) bool { return u.exists[p] }

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
	if d := u.byPath[l.Target]; d != nil {
		return d, true
	}
	if u.exists[l.Target] {
		// a directory: its README stands for it
		for _, name := range []string{"README.md", "readme.md", "index.md", "_index.md"} {
			if d := u.byPath[path.Join(l.Target, name)]; d != nil {
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
		if d := u.byPath[cand]; d != nil {
			return d, true
		}
		if u.exists[cand] {
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
