package rules

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// Helpers shared by the role-clarity rules (RC001–RC006).

// rcOutOfBacklog reports whether an item lies outside the live backlog:
// archived items (removed from the backlog) and drafts (not yet in it), by
// a path segment `archive` or `drafts`, as Backlog.md lays them out. Item
// rules about ownership and traceability do not apply to them.
func rcOutOfBacklog(d *lint.Doc) bool {
	for _, seg := range strings.Split(path.Dir(d.Path), "/") {
		switch strings.ToLower(seg) {
		case "archive", "archived", "drafts":
			return true
		}
	}
	return false
}

var rcMovedNotice = regexp.MustCompile(`(?i)\b(?:was|has been|been|is)?\s*(?:moved|migrated|relocated)\s+(?:to|into)\b`)

// rcIsRedirectStub reports whether a document is only a "this document was
// moved to …" notice (Prometheus keeps such stubs under old file names).
// It has no section headings and at most a few short paragraphs.
func rcIsRedirectStub(d *lint.Doc) bool {
	if d.Summary {
		return d.Facts[rcStubFact] != ""
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
type rcIdIndex struct {
	u      *lint.Universe
	byNorm map[string][]*lint.Doc
	byNum  map[string][]*lint.Doc // items only
}

func rcNewIDIndex(u *lint.Universe) *rcIdIndex {
	return u.Memo(rcIDIndexKey{}, func() any { return rcBuildIDIndex(u) }).(*rcIdIndex)
}

// rcIDIndexKey keys the one id index of a run that RC003, RC004 and RC006
// share (Universe.Memo), instead of each building its own.
type rcIDIndexKey struct{}

func rcBuildIDIndex(u *lint.Universe) *rcIdIndex {
	x := &rcIdIndex{u: u, byNorm: map[string][]*lint.Doc{}, byNum: map[string][]*lint.Doc{}}
	for _, d := range u.Docs {
		ids := []string{d.ID}
		if d.Parent == nil {
			// Backlog.md file names: `back-200 - Title.md`
			base := path.Base(d.Path)
			if i := strings.Index(base, " - "); i > 0 {
				ids = append(ids, base[:i])
			}
		}
		seen := map[string]bool{}
		for _, id := range ids {
			prefix, num, ok := rcSplitID(id)
			if !ok {
				continue
			}
			key := prefix + "-" + num
			if seen[key] {
				continue
			}
			seen[key] = true
			x.byNorm[key] = append(x.byNorm[key], d)
			if d.Kind.IsItem() {
				x.byNum[num] = append(x.byNum[num], d)
			}
		}
	}
	return x
}

// rcSplitID splits "TASK-050.01" into ("task", "50.1").
func rcSplitID(id string) (prefix, num string, ok bool) {
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

// lookup returns the document with id ref, or nil: exact id first, then the
// normalised id, then an item with the same number (a renamed prefix or a
// bare number, as Backlog.md writes parent_task_id: '345').
func (x *rcIdIndex) lookup(ref string) *lint.Doc {
	if ds := x.u.ByID(ref); len(ds) > 0 {
		return ds[0]
	}
	prefix, num, ok := rcSplitID(ref)
	if !ok {
		return nil
	}
	if ds := x.byNorm[prefix+"-"+num]; len(ds) > 0 {
		return ds[0]
	}
	// a renamed prefix (task-4 for BACK-4) or a bare number ('345')
	if ds := x.byNum[num]; len(ds) > 0 {
		return ds[0]
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
