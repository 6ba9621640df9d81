package lint

import (
	"path"
	"regexp"
	"strings"
)

// Owner keys (RULES.md Appendix B "accountable owner"), in order of
// preference per kind. Authors, assignees, reporters, contributors and
// approvers are deliberately absent: they never count as the owner.
var (
	itemOwnerKeys = []string{"owner", "owners", "product owner", "po", "dri", "accountable", "product manager", "pm", "document owner"}
	specOwnerKeys = []string{"owner", "owners", "document owner", "product manager", "pm", "dri", "accountable", "product owner", "po", "owning sig"}
	// adrOwnerKeys adds MADR's `contact`: the one person an ADR names as its
	// point of contact (semantic-kernel and other MADR users), a single
	// accountable person, unlike `deciders` which is a committee.
	adrOwnerKeys = append(append([]string{}, specOwnerKeys...), "contact")
	// inheritedOwnerKeys are the backlog-level keys an item inherits.
	inheritedOwnerKeys = []string{"owner", "product owner", "po", "owners", "dri", "accountable"}
	// nonOwnerKeys are people keys that are often mistaken for the owner.
	nonOwnerKeys = []string{"assignee", "assignees", "author", "authors", "author(s)", "reporter", "contributors", "participants", "deciders", "decision makers", "approvers"}
)

// OwnerKeys returns the header keys that name the accountable owner of d,
// in order of preference.
func OwnerKeys(d *Doc) []string {
	if d == nil {
		return nil
	}
	switch {
	case d.Kind.IsItem():
		return itemOwnerKeys
	case d.Kind == KindSpec && d.SubKind == "adr":
		return adrOwnerKeys
	}
	return specOwnerKeys
}

// OwnerField returns the header field naming d's accountable owner: d's own
// header first; for a backlog item, then the backlog file's header (d.Parent).
// Use OwnerFieldIn to also inherit from a directory README's front matter.
func OwnerField(d *Doc) (Field, bool) {
	f, _, ok := ownerFieldFrom(d)
	return f, ok
}

// ownOwnerField is d's own owner: a built-in owner key, else an owner
// bullet under an H2 title (no inheritance).
func ownOwnerField(d *Doc) (Field, bool) {
	if f, ok := ownerFieldOf(d, OwnerKeys(d)); ok {
		return f, true
	}
	return ownerBulletUnderH2Title(d)
}

// ownerFieldFrom is OwnerField plus the document the field belongs to.
func ownerFieldFrom(d *Doc) (Field, *Doc, bool) {
	if d == nil {
		return Field{}, nil, false
	}
	if f, ok := ownOwnerField(d); ok {
		return f, d, true
	}
	if d.Kind.IsItem() && d.Parent != nil && d.Parent != d {
		if f, ok := ownerFieldOf(d.Parent, inheritedOwnerKeys); ok {
			return f, d.Parent, true
		}
	}
	return Field{}, nil, false
}

// OwnerFieldIn is OwnerField plus inheritance, for items, from the front
// matter of the nearest README.md (or index.md) in the item's folder or an
// ancestor folder. It also returns the document the field was found in; a
// field from another file has Field.File set so that findings land there.
func OwnerFieldIn(u *Universe, d *Doc) (Field, *Doc, bool) {
	if f, from, ok := ownerFieldFrom(d); ok {
		return f, from, true
	}
	if d == nil || u == nil || !d.Kind.IsItem() {
		return Field{}, nil, false
	}
	for dir := path.Dir(d.Path); ; dir = path.Dir(dir) {
		for _, name := range []string{"README.md", "readme.md", "Readme.md", "index.md", "_index.md"} {
			p := path.Join(dir, name)
			if p == d.Path {
				continue
			}
			rd := u.ByPath(p)
			if rd == nil {
				continue
			}
			if f, ok := ownerFieldOf(rd, inheritedOwnerKeys); ok && f.From == "front-matter" {
				if f.File == "" {
					f.File = rd.Path
				}
				return f, rd, true
			}
		}
		if dir == "." || dir == "/" || dir == "" {
			break
		}
	}
	return Field{}, nil, false
}

func ownerFieldOf(d *Doc, keys []string) (Field, bool) {
	return d.Header.Get(keys...)
}

// NonOwnerField returns the first people field that is not an owner
// (assignee, authors, reporter, ...), for messages that explain why it does
// not count.
func NonOwnerField(d *Doc) (Field, bool) {
	if d == nil {
		return Field{}, false
	}
	for _, f := range d.Header.Fields {
		for _, k := range nonOwnerKeys {
			if f.Norm == NormKey(k) && len(ownerFieldValues(d, f)) > 0 {
				return f, true
			}
		}
	}
	return Field{}, false
}

// Owners returns the owner values of d (see OwnerField), split into one
// entry per person: list items, "a, b", "a; b", "a and b", "a & b".
func Owners(d *Doc) []string {
	f, from, ok := ownerFieldFrom(d)
	if !ok {
		return nil
	}
	return ownerFieldValues(from, f)
}

// FieldPeople splits a people field of d into one entry per person. A bullet
// or bold-label field whose value is empty takes the nested list below it
// (Prometheus: `* **Owners:**` followed by `  * Name (@handle)`).
func FieldPeople(d *Doc, f Field) []string { return ownerFieldValues(d, f) }

func ownerFieldValues(d *Doc, f Field) []string {
	var raw []string
	if f.IsList {
		raw = f.Values
	} else if v := htmlComment.ReplaceAllString(f.Value, ""); strings.TrimSpace(v) != "" {
		raw = []string{v}
	} else {
		raw = ownerNestedItems(d, f)
	}
	var out []string
	for _, v := range raw {
		for _, p := range ownerSplitPeople(v) {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// ownerNestedItems returns the texts of the list items nested one level below
// the list item on the field's line.
func ownerNestedItems(d *Doc, f Field) []string {
	if d == nil || f.File != "" {
		return nil
	}
	parent := -1
	for i, li := range d.ListItems {
		if li.Line == f.Line {
			parent = i
			break
		}
	}
	if parent < 0 {
		return nil
	}
	p := d.ListItems[parent]
	var out []string
	for _, li := range d.ListItems[parent+1:] {
		if li.Depth <= p.Depth || (p.EndLine > 0 && li.Line > p.EndLine) {
			break
		}
		if li.Depth == p.Depth+1 {
			out = append(out, li.Text)
		}
	}
	return out
}

var (
	ownerSeparatorRe = regexp.MustCompile(`\s*[,;]\s*`)
	ownerAndRe       = regexp.MustCompile(`\s+(?:and|&)\s+`)
)

// ownerSplitPeople splits one value into persons. "and"/"&" split only when
// every part looks like a person, so "Research and Development" stays one.
func ownerSplitPeople(v string) []string {
	v = strings.TrimSpace(v)
	if strings.HasPrefix(v, "[") && strings.HasSuffix(v, "]") && strings.Contains(v, ",") {
		// an inline list written as text: `Owners: [@a, @b]`
		v = v[1 : len(v)-1]
	}
	if v == "" {
		return nil
	}
	var out []string
	for _, part := range ownerSeparatorRe.Split(v, -1) {
		part = strings.Trim(part, "\"' ")
		if part == "" {
			continue
		}
		subs := ownerAndRe.Split(part, -1)
		if len(subs) > 1 && ownerAllPeople(subs) {
			out = append(out, subs...)
			continue
		}
		out = append(out, part)
	}
	return out
}

func ownerAllPeople(parts []string) bool {
	for _, p := range parts {
		if !ownerLooksLikePerson(p) {
			return false
		}
	}
	return true
}

var ownerNameRe = regexp.MustCompile(`^\p{Lu}[\p{L}'.-]*(?:\s+\p{Lu}[\p{L}'.-]*){0,3}$`)

func ownerLooksLikePerson(s string) bool {
	s = strings.TrimSpace(s)
	return ownerHandleRe.MatchString(s) || ownerEmailRe.MatchString(s) || ownerNameRe.MatchString(s)
}

var (
	ownerHandleRe  = regexp.MustCompile(`(?:^|[^\w.@/])@([A-Za-z0-9](?:[\w.-]*[\w-])?(?:/[\w.-]*[\w-])?)`)
	ownerEmailRe   = regexp.MustCompile(`[\w.+-]+@[\w-]+(?:\.[\w-]+)+`)
	ownerWrapperRe = regexp.MustCompile(`^<\s*@?[\w-]+\s*:\s*(.+?)\s*>$`)
)

// PersonOf returns the person an owner value names, for registry lookups:
// the first @handle (a GitHub team like @org/team included), else the first
// e-mail address, else the text without Markdown markup, normalised with
// NormPerson. "Henrique Matulis (@hsmatulis)" becomes "@hsmatulis".
func PersonOf(s string) string {
	s = ownerMarkup.Replace(s)
	if m := ownerWrapperRe.FindStringSubmatch(strings.TrimSpace(s)); m != nil {
		s = m[1] // `<@author: owen@grafana.com>`: the value after the template label
	}
	text := mdInlineLink.ReplaceAllString(s, " $1 ")
	if m := ownerHandleRe.FindStringSubmatch(text); m != nil {
		return NormPerson("@" + m[1])
	}
	if m := ownerEmailRe.FindString(s); m != "" {
		return NormPerson(m)
	}
	return NormPerson(strings.Join(strings.Fields(text), " "))
}

// ownerPlaceholders are template values that name nobody (lower case).
var ownerPlaceholders = map[string]bool{
	"": true, "tbd": true, "tbc": true, "tba": true, "todo": true, "fixme": true, "xxx": true, "?": true, "??": true, "???": true,
	"-": true, "--": true, "—": true, "n/a": true, "na": true, "none": true, "nobody": true, "unassigned": true, "unknown": true,
	"...": true, "…": true, "name": true, "owner": true, "your name": true, "author": true, "owner name": true, "pm name": true,
	"po name": true, "product manager": true, "product owner": true, "john doe": true, "jane doe": true, "firstname lastname": true,
	"first last": true, "@jane.doe": true, "@john.doe": true, "@janedoe": true, "@johndoe": true, "@ghost": true,
	"@username": true, "@user": true, "@handle": true, "@github-handle": true, "@githubhandle": true, "@github_handle": true,
	"@owner": true, "@author": true, "@me": true, "@someone": true, "@name": true, "@your-handle": true, "@yourhandle": true,
	"@example": true, "@tbd": true, "@todo": true, "null": true, "nil": true,
}

var (
	ownerTemplateRe      = regexp.MustCompile(`^(?:\[[^\]]*\]|\{[^}]*\}|<[^>]*>|\{\{[^}]*\}\})$`)
	ownerExampleDomainRe = regexp.MustCompile(`(?i)@(?:example\.(?:com|org|net)|domain\.com|company\.com|email\.com)\b`)
)

// IsPlaceholderPerson reports whether an owner value is a template
// placeholder rather than a person: TBD, [PM Name], {owner}, <name>,
// @jane.doe, @ghost, jane@example.com, an empty value. A template wrapper
// that holds a real handle or address (`<@author: owen@grafana.com>`, left
// by an author who filled in the template without removing the brackets)
// is not a placeholder.
func IsPlaceholderPerson(s string) bool {
	v := strings.TrimSpace(ownerMarkupStars.Replace(s))
	v = strings.Trim(v, "\"' ")
	low := strings.ToLower(v)
	if ownerPlaceholders[low] {
		return true
	}
	if ownerExampleDomainRe.MatchString(v) {
		return true
	}
	if ownerTemplateRe.MatchString(v) && !mdInlineLink.MatchString(v) {
		inner := strings.TrimSpace(v[1 : len(v)-1])
		inner = strings.Trim(inner, "{}[]<> ")
		// `<@author: someone@x.org>` keeps its value after the label
		if i := strings.Index(inner, ":"); i >= 0 && i < 20 && !strings.Contains(inner[:i], " ") {
			rest := strings.TrimSpace(inner[i+1:])
			if rest != "" && !strings.Contains(rest, " ") && (ownerEmailRe.MatchString(rest) || strings.HasPrefix(rest, "@")) {
				return IsPlaceholderPerson(rest)
			}
		}
		return true
	}
	if strings.Trim(low, "x.?-_ ") == "" {
		return true
	}
	return ownerPlaceholders[PersonOf(v)]
}

// IsTeamOwner reports whether an owner value names a group rather than a
// person: a GitHub team (@org/team), a KEP owning-sig, or a name with a group
// word (team, sig-, wg, working group, committee, squad, guild, members).
func IsTeamOwner(f Field, value string) bool {
	if f.Norm == "owning sig" {
		return true
	}
	p := PersonOf(value)
	if strings.HasPrefix(p, "@") && strings.Contains(p, "/") {
		return true
	}
	low := " " + strings.ToLower(value) + " "
	for _, w := range []string{" team", "sig-", " sig ", " wg ", "-wg", "working group", "committee", "squad", "guild", " members ", " group "} {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}

var ownerBulletRe = regexp.MustCompile(`(?i)^\s*(owners?|document owner|product owner|product manager|dri)\s*(?::\s*(.*))?$`)

// ownerBulletUnderH2Title reads an owner bullet of a document whose title
// is an H2 rather than an H1 (Prometheus proposals: "## Title", then
// "* **Owners:**" with a nested list). The header parser reads leading
// blocks only up to the first H2, which there is the title itself, so the
// bullets below it are not header fields; this reads the owner bullet among
// the top-level list items between the title and the next heading.
func ownerBulletUnderH2Title(d *Doc) (Field, bool) {
	if len(d.Headings) == 0 || d.Headings[0].Level != 2 || d.Headings[0].Bold {
		return Field{}, false
	}
	for _, h := range d.Headings {
		if h.Level == 1 {
			return Field{}, false
		}
	}
	title := d.Headings[0]
	end := d.EndLine + 1
	for _, h := range d.Headings[1:] {
		if !h.Bold {
			end = h.Line
			break
		}
	}
	for _, li := range d.ListItems {
		if li.Line <= title.Line || li.Line >= end || li.Depth != 0 || li.Task {
			continue
		}
		m := ownerBulletRe.FindStringSubmatch(emphasisMarks.Replace(li.Text))
		if m == nil {
			continue
		}
		f := Field{Key: m[1], Norm: NormKey(m[1]), Line: li.Line, Col: li.Col, From: "bullets"}
		if v := strings.TrimSpace(m[2]); v != "" {
			f.Value, f.Values = v, []string{v}
		}
		return f, true
	}
	return Field{}, false
}

// OwnerOptions say where a convention keeps the accountable owner beyond
// the built-in keys of OwnerKeys (RC001's owner-keys and single-owner-keys
// options, which presets set).
type OwnerOptions struct {
	// Keys are more header keys that name the owner, read after the
	// built-in ones: MADR `contact`. Several people in one is a finding.
	Keys []string
	// SoleKeys name the owner only when they list exactly one person: MADR
	// `deciders` / `decision-makers` (one decider answers for the decision;
	// several decide as a group and are nobody's single accountability).
	SoleKeys []string
}

// OwnerFieldWith is OwnerFieldIn with a convention's own owner keys: d's
// built-in keys first, then o.Keys, then the first of o.SoleKeys that names
// exactly one person, then (for items) inheritance.
func OwnerFieldWith(u *Universe, d *Doc, o OwnerOptions) (Field, *Doc, bool) {
	if d == nil {
		return Field{}, nil, false
	}
	if f, ok := ownOwnerField(d); ok {
		return f, d, true
	}
	if len(o.Keys) > 0 {
		if f, ok := ownerFieldOf(d, o.Keys); ok {
			return f, d, true
		}
	}
	if f, ok := SoleOwnerField(d, o.SoleKeys); ok {
		return f, d, true
	}
	return OwnerFieldIn(u, d)
}

// SoleOwnerField returns the first field of keys that names exactly one
// person.
func SoleOwnerField(d *Doc, keys []string) (Field, bool) {
	for _, k := range keys {
		if f, ok := d.Header.Get(k); ok {
			if people := ownerFieldValues(d, f); len(people) == 1 && !IsPlaceholderPerson(people[0]) {
				return f, true
			}
		}
	}
	return Field{}, false
}

// ownerMarkup is built once: a Replacer is costly to make and safe to share.
var ownerMarkup = strings.NewReplacer("`", "", "**", "", "__", "")

// ownerMarkupStars is built once: a Replacer is costly to make and safe to share.
var ownerMarkupStars = strings.NewReplacer("`", "", "**", "", "__", "", "*", "")
