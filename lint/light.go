package lint

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Light returns a copy of d (and of its items) that keeps only what other
// documents' rules read of it: path, kind, title, id, header, headings,
// links, line span, parent and items, the few list items that owner and
// acceptance questions read (lightListItems), plus the registered facts
// (see RegisterFact), computed from the full text before it is dropped. The
// text (Src, Lines), the other list items, paragraphs, code, comments,
// tables and problems are dropped. Run keeps documents outside the scope of a run in this form,
// and the cache stores it. u may be nil; rules use it to share work.
func (d *Doc) Light(u *Universe) *Doc {
	if d == nil || d.Summary {
		return d
	}
	l := &Doc{
		Path: d.Path, Kind: d.Kind, SubKind: d.SubKind, KindBy: d.KindBy,
		Title: d.Title, TitleLine: d.TitleLine, ID: d.ID,
		Header: d.Header, HasFrontMat: d.HasFrontMat,
		Headings: d.Headings, Links: d.Links,
		ListItems: lightListItems(d),
		StartLine: d.StartLine, EndLine: d.EndLine,
		Summary: true,
	}
	factMu.RLock()
	for _, f := range facts {
		if v := f.fn(u, d); v != "" {
			l.Facts = append(l.Facts, FactValue{f.name, v})
		}
	}
	factMu.RUnlock()
	slices.SortFunc(l.Facts, func(a, b FactValue) int { return strings.Compare(a.Name, b.Name) })
	if len(d.Items) > 0 {
		l.Items = make([]*Doc, len(d.Items))
		for i, it := range d.Items {
			li := it.Light(u)
			li.Parent = l
			l.Items[i] = li
		}
	}
	return l
}

// lightListItems keeps the list items that questions about other documents
// read: the owner bullets (ownerBulletUnderH2Title), the items nested under
// a header field's line (ownerNestedItems, for owner lists) and the first
// item of each acceptance-criteria section (whether an item has criteria).
func lightListItems(d *Doc) []ListItem {
	if len(d.ListItems) == 0 {
		return nil
	}
	var out []ListItem
	fieldLine := map[int]bool{}
	for _, f := range d.Header.Fields {
		if f.File == "" {
			fieldLine[f.Line] = true
		}
	}
	var ac []*Heading
	for _, h := range d.Headings {
		if h.Is(ConceptAcceptanceCriteria) {
			ac = append(ac, h)
		}
	}
	acSeen := map[*Heading]bool{}
	for i := 0; i < len(d.ListItems); i++ {
		li := d.ListItems[i]
		keep := mayNameOwner(li.Text) && ownerBulletRe.MatchString(emphasisMarks.Replace(li.Text))
		for _, h := range ac {
			if !acSeen[h] && h.In(li.Line) {
				acSeen[h], keep = true, true
			}
		}
		if fieldLine[li.Line] {
			// the field's item and every item nested below it
			out = append(out, li)
			for i+1 < len(d.ListItems) && d.ListItems[i+1].Depth > li.Depth &&
				(li.EndLine == 0 || d.ListItems[i+1].Line <= li.EndLine) {
				i++
				out = append(out, d.ListItems[i])
			}
			continue
		}
		if keep {
			out = append(out, li)
		}
	}
	return out
}

// mayNameOwner is a cheap test before ownerBulletRe: every text the regexp
// matches (after emphasisMarks) holds "owner", "manager" or "dri" in any
// case once '*' and '_' are skipped.
func mayNameOwner(s string) bool {
	var buf [256]byte
	n := 0
	for i := 0; i < len(s) && n < len(buf); i++ {
		c := s[i]
		if c == '*' || c == '_' {
			continue
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[n] = c
		n++
	}
	if n == len(buf) {
		return true // long: let the regexp decide
	}
	b := string(buf[:n])
	return strings.Contains(b, "owner") || strings.Contains(b, "manager") || strings.Contains(b, "dri")
}

// JoinFact packs strings into one fact value; SplitFact unpacks it.
func JoinFact(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(strconv.Itoa(len(p)))
		b.WriteByte(':')
		b.WriteString(p)
	}
	return b.String()
}

// SplitFact unpacks a JoinFact value; nil when v was not made by JoinFact.
func SplitFact(v string) []string {
	var out []string
	for v != "" {
		i := strings.IndexByte(v, ':')
		if i < 0 {
			return nil
		}
		n, err := strconv.Atoi(v[:i])
		if err != nil || n < 0 || n > len(v)-i-1 {
			return nil
		}
		out = append(out, v[i+1:i+1+n])
		v = v[i+1+n:]
	}
	return out
}

// A FactFunc derives a value from a document's full text that a rule needs
// when the document is light: for example the normalised story sentence
// that the duplicate check (PO008) compares across all items. It returns ""
// when there is nothing to say.
type FactFunc func(u *Universe, d *Doc) string

type fact struct {
	name string
	fn   FactFunc
}

var (
	factMu sync.RWMutex
	facts  []fact
	// factNames are the names of facts, for the cache's decoder to use as
	// the keys of Doc.Facts: a rule's lookup of its constant name then
	// matches by pointer, without reading the key's bytes in the cache
	// file (a cache miss per document otherwise). Replaced, never changed.
	factNames atomic.Pointer[[]string]
)

// RegisterFact registers a fact that Light computes and keeps; rule packages
// call it from init. Rules read it with Fact. Facts are part of the cache,
// which is keyed by rolelint's build, so changing one needs no migration.
func RegisterFact(name string, fn FactFunc) {
	factMu.Lock()
	defer factMu.Unlock()
	for i := range facts {
		if facts[i].name == name {
			facts[i].fn = fn
			return
		}
	}
	facts = append(facts, fact{name, fn})
	names := make([]string, len(facts))
	for i, f := range facts {
		names[i] = f.name
	}
	factNames.Store(&names)
}

// factName returns the registered name equal to k, else k.
func factName(names *[]string, k string) string {
	if names == nil {
		return k
	}
	return intern(k, *names)
}

// Fact returns the value of a registered fact for d: the stored one for a
// light document, else computed now.
func Fact(u *Universe, d *Doc, name string) string {
	if d.Summary {
		return d.Facts.Get(name)
	}
	factMu.RLock()
	defer factMu.RUnlock()
	for _, f := range facts {
		if f.name == name {
			return f.fn(u, d)
		}
	}
	return ""
}
