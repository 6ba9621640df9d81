package rules

import (
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/rolelint/rolelint/lint"
)

// Helpers shared by the role-clarity rules (RC001–RC006).

// rcOutOfBacklog reports whether an item lies outside the live backlog:
// archived items (removed from the backlog) and drafts (not yet in it), by
// a path segment `archive` or `drafts`, as Backlog.md lays them out. Item
// rules about ownership and traceability do not apply to them.
func rcOutOfBacklog(d *lint.Doc) bool {
	// The segments are walked in place: every rule over all items asks.
	for dir := path.Dir(d.Path); dir != ""; {
		seg := dir
		if i := strings.IndexByte(dir, '/'); i >= 0 {
			seg, dir = dir[:i], dir[i+1:]
		} else {
			dir = ""
		}
		if rcOutOfBacklogSeg(seg) {
			return true
		}
	}
	return false
}

// rcOutOfBacklogSeg reports whether a folder name, lower-cased, is archive,
// archived or drafts.
func rcOutOfBacklogSeg(seg string) bool {
	for i := 0; i < len(seg); i++ {
		if seg[i] >= utf8.RuneSelf {
			// strings.ToLower maps some non-ASCII letters to ASCII ones (U+0130 to i)
			switch strings.ToLower(seg) {
			case "archive", "archived", "drafts":
				return true
			}
			return false
		}
	}
	switch len(seg) {
	case len("archive"), len("archived"), len("drafts"):
		return strings.EqualFold(seg, "archive") || strings.EqualFold(seg, "archived") || strings.EqualFold(seg, "drafts")
	}
	return false
}

var rcMovedNotice = regexp.MustCompile(`(?i)\b(?:was|has been|been|is)?\s*(?:moved|migrated|relocated)\s+(?:to|into)\b`)

// rcIsRedirectStub reports whether a document is only a "this document was
// moved to …" notice (Prometheus keeps such stubs under old file names).
// It has no section headings and at most a few short paragraphs.
func rcIsRedirectStub(d *lint.Doc) bool {
	if d.Summary {
		return d.Facts.Get(rcStubFact) != ""
	}
	for _, h := range d.Headings {
		if h.Level >= 2 && !h.Bold {
			return false
		}
	}
	if len(d.ListItems) > 3 {
		return false
	}
	var text strings.Builder
	for n := d.StartLine; n <= d.EndLine && n > 0; n++ {
		text.WriteString(d.Line(n))
		text.WriteByte('\n')
		if text.Len() >= 600 {
			return false // too long for a notice: stop reading
		}
	}
	return rcMovedNotice.MatchString(text.String())
}

// rcStubFact keeps rcIsRedirectStub in a document's light form: RC001 and
// RC002 skip stubs among all documents of the run.
const rcStubFact = "rc.stub"

func init() {
	lint.RegisterFact(rcStubFact, func(_ *lint.Universe, d *lint.Doc) string {
		if rcIsRedirectStub(d) {
			return "1"
		}
		return ""
	})
}

// rcMdLinkValue matches a Markdown link in a header value.
var rcMdLinkValue = regexp.MustCompile(`\[([^\]]*)\]\(([^)\s]*)[^)]*\)`)

// rcWikiValue matches a wikilink in a header value.
var rcWikiValue = regexp.MustCompile(`\[\[([^\]]+)\]\]`)

// rcRefOf returns what a header value points to: a Markdown link's
// destination, a wikilink's name (wiki true), or the value itself.
func rcRefOf(v string) (ref string, wiki bool) {
	v = strings.Trim(strings.TrimSpace(v), "\"'`")
	if m := rcMdLinkValue.FindStringSubmatch(v); m != nil {
		return m[2], false
	}
	if m := rcWikiValue.FindStringSubmatch(v); m != nil {
		return m[1], true
	}
	return v, false
}

// rcLooksLikePath reports whether a reference is a path rather than an id or a name.
func rcLooksLikePath(ref string) bool {
	if strings.Contains(ref, "://") || strings.Contains(ref, " ") && !strings.HasSuffix(strings.ToLower(ref), ".md") {
		return false
	}
	low := strings.ToLower(ref)
	return strings.Contains(ref, "/") || strings.HasSuffix(low, ".md") || strings.HasPrefix(ref, ".")
}

var rcIdLike = regexp.MustCompile(`^#?([A-Za-z][A-Za-z0-9_]*)?[-_ ]?#?0*(\d+(?:\.\d+)*)$`)

// rcLooksLikeID reports whether a reference is an item id (task-50, BACK-7.1, US-12, #12).
func rcLooksLikeID(ref string) bool {
	return rcIdLike.MatchString(strings.TrimSpace(ref))
}

// rcIdIndex finds documents by id, tolerant of case, zero padding and a
// changed id prefix (Backlog.md projects rename `task-` to `back-` and keep
// old references such as `parent_task_id: task-4`). Build it once per run.
// Only the first document of each id is kept: lookup answers with it.
type rcIdIndex struct {
	u      *lint.Universe
	byNorm map[rcIDKey]*lint.Doc
	byNum  map[string]*lint.Doc // items only

	// only, when set, is every reference the index was built for
	// (rcIDIndexFor); lookup hands any other to the run's full index.
	only map[string]bool
	// record, when set, collects what lookup is asked instead of answering.
	record *[]string
}

// rcIDKey is a normalised id: rcSplitID's prefix and number ("task", "50").
type rcIDKey struct{ prefix, num string }

func rcNewIDIndex(u *lint.Universe) *rcIdIndex {
	return u.Memo(rcIDIndexKey{}, func() any { return rcBuildIDIndex(u) }).(*rcIdIndex)
}

// rcIDIndexKey keys the one id index of a run that RC003, RC004 and RC006
// share (Universe.Memo), instead of each building its own.
type rcIDIndexKey struct{}

func rcBuildIDIndex(u *lint.Universe) *rcIdIndex {
	x := &rcIdIndex{u: u, byNorm: make(map[rcIDKey]*lint.Doc, len(u.Docs)), byNum: make(map[string]*lint.Doc, len(u.Docs))}
	var lower rcLowerCache
	// Backwards, so that the first document of an id is the last one stored.
	for i := len(u.Docs) - 1; i >= 0; i-- {
		d := u.Docs[i]
		rcEachIDKey(d, &lower, func(k rcIDKey) {
			x.byNorm[k] = d
			if d.Kind.IsItem() {
				x.byNum[k.num] = d
			}
		})
	}
	return x
}

// rcEachIDKey calls fn with each normalised id of d, once each: its id and,
// for a file, the id its name starts with (Backlog.md: `back-200 - Title.md`).
func rcEachIDKey(d *lint.Doc, lower *rcLowerCache, fn func(rcIDKey)) {
	k, ok := rcSplitIDKey(d.ID, lower)
	if ok {
		fn(k)
	}
	if d.Parent == nil {
		if id := rcFileNameID(d.Path); id != "" {
			if k2, ok2 := rcSplitIDKey(id, lower); ok2 && !(ok && k2 == k) {
				fn(k2)
			}
		}
	}
}

// rcPartialIndexMax bounds the items, and the distinct last number
// segments of their references, for which rcIDIndexFor indexes only what
// they name: past them the full index costs less than the scan. (Variables
// so that tests can compare both indexes on small repositories.)
var (
	rcPartialIndexMaxItems = 256
	rcPartialIndexMaxNums  = 32
)

// rcIDIndexFor returns an index whose lookup answers every reference that
// rcUpLinks resolves for items as the run's full index (rcNewIDIndex)
// would: that one when there are many items (a full run), else one that
// holds only the ids the items name (a hook run checks a handful of items,
// and the full index costs a pass over every id of the repository).
func rcIDIndexFor(u *lint.Universe, items []*lint.Doc) *rcIdIndex {
	if len(items) > rcPartialIndexMaxItems {
		return rcNewIDIndex(u)
	}
	var refs []string
	rec := &rcIdIndex{u: u, record: &refs}
	for _, d := range items {
		rcUpLinks(u, rec, d)
	}
	x := &rcIdIndex{u: u, byNorm: map[rcIDKey]*lint.Doc{}, byNum: map[string]*lint.Doc{}, only: map[string]bool{}}
	wantNorm, wantNum := map[rcIDKey]bool{}, map[string]bool{}
	var lastSegs []string // the last segment of each wanted number
	for _, ref := range refs {
		x.only[ref] = true
		if len(u.ByID(ref)) > 0 {
			continue // lookup answers before it reads the index
		}
		prefix, num, ok := rcSplitID(ref)
		if !ok {
			continue
		}
		wantNorm[rcIDKey{prefix, num}], wantNum[num] = true, true
		if seg := num[strings.LastIndexByte(num, '.')+1:]; !slices.Contains(lastSegs, seg) {
			lastSegs = append(lastSegs, seg)
		}
	}
	if len(lastSegs) > rcPartialIndexMaxNums {
		return rcNewIDIndex(u)
	}
	if len(lastSegs) == 0 {
		return x
	}
	// A normalised number's last segment ends the id it came from (only
	// zeros are dropped before it): ids that end otherwise are not split.
	mayName := func(id string) bool {
		id = strings.TrimSpace(id)
		for _, s := range lastSegs {
			if strings.HasSuffix(id, s) {
				return true
			}
		}
		return false
	}
	var lower rcLowerCache
	for _, d := range u.Docs {
		if !mayName(d.ID) && (d.Parent != nil || !mayName(rcFileNameID(d.Path))) {
			continue
		}
		rcEachIDKey(d, &lower, func(k rcIDKey) {
			if _, seen := x.byNorm[k]; !seen && wantNorm[k] {
				x.byNorm[k] = d
			}
			if _, seen := x.byNum[k.num]; !seen && wantNum[k.num] && d.Kind.IsItem() {
				x.byNum[k.num] = d
			}
		})
	}
	return x
}

// rcFileNameID is the part of a file's name before " - " (rcEachIDKey), or "".
func rcFileNameID(p string) string {
	base := path.Base(p)
	if i := strings.Index(base, " - "); i > 0 {
		return base[:i]
	}
	return ""
}

// rcLowerCache remembers the last id prefix lower-cased: the ids of one
// run share a few prefixes, mostly in runs (US-1, US-2, …).
type rcLowerCache struct{ from, to string }

func (c *rcLowerCache) lower(s string) string {
	if c == nil {
		return strings.ToLower(s)
	}
	if s != c.from {
		c.from, c.to = s, strings.ToLower(s)
	}
	return c.to
}

func rcSplitIDKey(id string, lower *rcLowerCache) (rcIDKey, bool) {
	p, n, ok := rcSplitIDRaw(id)
	if !ok {
		return rcIDKey{}, false
	}
	return rcIDKey{lower.lower(p), n}, true
}

// rcSplitID splits "TASK-050.01" into ("task", "50.1").
func rcSplitID(id string) (prefix, num string, ok bool) {
	p, n, ok := rcSplitIDRaw(id)
	return strings.ToLower(p), n, ok
}

// rcSplitIDRaw is rcSplitID without lower-casing the prefix.
func rcSplitIDRaw(id string) (prefix, num string, ok bool) {
	p, n, ok := rcMatchID(strings.TrimSpace(id))
	if !ok {
		return "", "", false
	}
	if n[0] != '0' && strings.IndexByte(n, '.') < 0 {
		return p, n, true // no zero padding to drop
	}
	segs := strings.Split(n, ".")
	for i, s := range segs {
		s = strings.TrimLeft(s, "0")
		if s == "" {
			s = "0"
		}
		segs[i] = s
	}
	return p, strings.Join(segs, "."), true
}

// rcMatchID is rcIdLike.FindStringSubmatch(s) without the regexp (the id
// index splits the id of every document of the run): the two groups, as
// the regexp's leftmost-first, greedy choices give them.
func rcMatchID(s string) (prefix, num string, ok bool) {
	n := len(s)
	if n == 0 || !rcIsDigit(s[n-1]) {
		return "", "", false // the number ends the id
	}
	starts := []int{0}
	if s[0] == '#' {
		starts = []int{1, 0}
	}
	for _, a := range starts {
		if a < n && rcIsLetter(s[a]) {
			e := a + 1
			for e < n && (rcIsLetter(s[e]) || rcIsDigit(s[e]) || s[e] == '_') {
				e++
			}
			for pe := e; pe > a; pe-- { // greedy, then giving back
				if num, ok := rcMatchIDNum(s, pe); ok {
					return s[a:pe], num, true
				}
			}
		}
		if num, ok := rcMatchIDNum(s, a); ok {
			return "", num, true
		}
	}
	return "", "", false
}

// rcMatchIDNum matches `[-_ ]?#?0*(\d+(?:\.\d+)*)$` at s[i:], returning the group.
func rcMatchIDNum(s string, i int) (string, bool) {
	seps := []int{i}
	if i < len(s) && (s[i] == '-' || s[i] == '_' || s[i] == ' ') {
		seps = []int{i + 1, i}
	}
	for _, j := range seps {
		hashes := []int{j}
		if j < len(s) && s[j] == '#' {
			hashes = []int{j + 1, j}
		}
		for _, k := range hashes {
			z := k
			for z < len(s) && s[z] == '0' {
				z++
			}
			for q := z; q >= k; q-- {
				if rcIsIDNumber(s[q:]) {
					return s[q:], true
				}
			}
		}
	}
	return "", false
}

// rcIsIDNumber reports whether s is `\d+(?:\.\d+)*`.
func rcIsIDNumber(s string) bool {
	if s == "" {
		return false
	}
	digit := false // the previous byte was a digit
	for i := 0; i < len(s); i++ {
		switch {
		case rcIsDigit(s[i]):
			digit = true
		case s[i] == '.' && digit:
			digit = false
		default:
			return false
		}
	}
	return digit
}

func rcIsDigit(b byte) bool  { return b >= '0' && b <= '9' }
func rcIsLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// lookup returns the document with id ref, or nil: exact id first, then the
// normalised id, then an item with the same number (a renamed prefix or a
// bare number, as Backlog.md writes parent_task_id: '345').
func (x *rcIdIndex) lookup(ref string) *lint.Doc {
	if x.record != nil {
		*x.record = append(*x.record, ref)
		return nil
	}
	if x.only != nil && !x.only[ref] {
		return rcNewIDIndex(x.u).lookup(ref)
	}
	if ds := x.u.ByID(ref); len(ds) > 0 {
		return ds[0]
	}
	prefix, num, ok := rcSplitID(ref)
	if !ok {
		return nil
	}
	if d := x.byNorm[rcIDKey{prefix, num}]; d != nil {
		return d
	}
	// a renamed prefix (task-4 for BACK-4) or a bare number ('345')
	if d := x.byNum[num]; d != nil {
		return d
	}
	return nil
}

// rcUpKeys are the header keys that link an item up (RC003), normalised.
var rcUpKeys = []string{"epic", "parent", "parent task id", "parent task", "parent epic", "milestone", "feature",
	"spec", "prd", "goal", "product goal", "related spec", "epic link"}

// rcNameKeys may hold a plain name (a milestone title, a goal sentence) that
// is accepted without resolving it.
var rcNameKeys = map[string]bool{"milestone": true, "feature": true, "goal": true, "product goal": true}

// rcUpLink is one link from an item up to an epic, spec or goal.
type rcUpLink struct {
	Key       string     // normalised header key, or "" for a body link
	Value     string     // the reference as written
	Field     lint.Field // the header field (Key != "")
	Link      *lint.Link // the body link (Key == "")
	Target    *lint.Doc  // the document it resolves to, if any
	Broken    bool       // a path or relative link whose target does not exist
	Unknown   bool       // an id that matches no document
	Inherited bool       // from the backlog file or a README
}

// rcUpLinks returns the links of item d up to an epic, spec or goal: header
// keys, links in a Parent/Epic/Related spec/Links section, wikilinks, a
// todo.txt `+project`, and an inherited backlog-level product goal.
func rcUpLinks(u *lint.Universe, idx *rcIdIndex, d *lint.Doc) []rcUpLink {
	var out []rcUpLink
	for _, f := range d.Header.Fields {
		if !slices.Contains(rcUpKeys, f.Norm) {
			continue
		}
		for _, v := range rcFieldRefs(f) {
			out = append(out, rcResolveUp(u, idx, d, f, v))
		}
	}
	for i := range d.Links {
		l := &d.Links[i]
		if l.FromKey != "" {
			continue // header values are handled above
		}
		if !l.Wiki && !rcInLinksSection(l.Heading) {
			continue
		}
		ul := rcUpLink{Value: l.Dest, Link: l}
		target, exists := u.Resolve(*l)
		ul.Target = target
		if !exists {
			if l.Wiki {
				ul.Unknown = true
			} else {
				ul.Broken = true
			}
		}
		out = append(out, ul)
	}
	if rcTodoProject.MatchString(d.Title) {
		out = append(out, rcUpLink{Value: rcTodoProject.FindString(d.Title)})
	}
	for _, src := range rcInheritSources(u, d) {
		if f, ok := src.Header.Get("product goal", "goal"); ok && strings.TrimSpace(f.Value) != "" {
			f2 := f
			if src.Path != d.Path && f2.File == "" {
				f2.File = src.Path
			}
			out = append(out, rcUpLink{Key: f.Norm, Value: f.Value, Field: f2, Inherited: true})
			break
		}
	}
	return out
}

var rcTodoProject = regexp.MustCompile(`(?:^|\s)\+[A-Za-z][\w-]*`)

// rcFieldRefs returns the non-empty values of a field.
func rcFieldRefs(f lint.Field) []string {
	var vals []string
	if f.IsList {
		vals = f.Values
	} else {
		vals = []string{f.Value}
	}
	var out []string
	for _, v := range vals {
		v = strings.TrimSpace(v)
		if v != "" && !strings.EqualFold(v, "null") && v != "~" && v != "[]" && v != "\"\"" && v != "''" {
			out = append(out, v)
		}
	}
	return out
}

// rcResolveUp resolves one header value of an up-link key.
func rcResolveUp(u *lint.Universe, idx *rcIdIndex, d *lint.Doc, f lint.Field, v string) rcUpLink {
	ul := rcUpLink{Key: f.Norm, Value: v, Field: f}
	ref, wiki := rcRefOf(v)
	switch {
	case wiki:
		t, ok := u.Resolve(lint.Link{Wiki: true, Dest: ref})
		ul.Target, ul.Unknown = t, !ok
	case strings.Contains(ref, "://") || strings.HasPrefix(ref, "mailto:"):
		// an issue tracker or another site: fine, nothing to resolve
	case rcLooksLikePath(ref):
		t, ok := u.ResolveRef(d, ref)
		ul.Target, ul.Broken = t, !ok
	case rcLooksLikeID(ref):
		ul.Target = idx.lookup(ref)
		ul.Unknown = ul.Target == nil && !rcNameKeys[f.Norm]
	default:
		// a name: a milestone title, a goal, an epic named in words
		if t := idx.lookup(ref); t != nil {
			ul.Target = t
		}
	}
	return ul
}

// rcInLinksSection reports whether a heading (or an enclosing one) is a
// Parent/Epic/Related spec/Links section.
func rcInLinksSection(h *lint.Heading) bool {
	for x := h; x != nil; x = x.Parent {
		if x.Is(lint.ConceptLinks) {
			return true
		}
	}
	return false
}

// rcInheritSources returns where an item inherits backlog-level fields from:
// its backlog file, then the nearest README/index front matter up the tree.
func rcInheritSources(u *lint.Universe, d *lint.Doc) []*lint.Doc {
	var out []*lint.Doc
	if d.Parent != nil && d.Parent != d {
		out = append(out, d.Parent)
	}
	for dir := path.Dir(d.Path); ; dir = path.Dir(dir) {
		for _, name := range []string{"README.md", "readme.md", "index.md"} {
			p := path.Join(dir, name)
			if p == d.Path {
				continue
			}
			if rd := u.ByPath(p); rd != nil && rd.HasFrontMat {
				out = append(out, rd)
			}
		}
		if dir == "." || dir == "/" || dir == "" {
			break
		}
	}
	return out
}

// rcDocName names a document in messages: its id, else its path.
func rcDocName(d *lint.Doc) string {
	if d.ID != "" {
		return d.ID
	}
	return d.Path
}

// rcQuote shortens a value for a message.
func rcQuote(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 60 {
		s = string(r[:57]) + "..."
	}
	return "\"" + s + "\""
}

// rcReportsOnlyOutOfScope reports whether every finding RC001 or RC002 could
// make about d's owner field f (found in from; ok false when there is none)
// lands on d itself, and d is out of the run's scope, so the check can be
// skipped. An inherited field (from != d) is not skipped: the rules report
// it once, on the first document that inherits it, so skipping would change
// which one that is.
func rcReportsOnlyOutOfScope(u *lint.Universe, d *lint.Doc, f lint.Field, from *lint.Doc, ok bool) bool {
	if u.DocInScope(d) {
		return false
	}
	return !ok || (from == d && f.File == "")
}

// rcFieldsAllInDoc reports whether all of d's header fields come from d's
// own file (none from a sidecar file), so findings on them land on d.Path.
func rcFieldsAllInDoc(d *lint.Doc) bool {
	for _, f := range d.Header.Fields {
		if f.File != "" {
			return false
		}
	}
	return true
}
