package lint

import (
	"path"
	"regexp"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// How a document's kind was decided (Doc.KindBy).
const (
	KindByFrontMatter = "front-matter"
	KindByConfig      = "config"
	KindByPath        = "path"
	KindByContent     = "content"
	KindByItem        = "item"
)

// defaultItemHeadingLevel is the heading level of items in a backlog file.
const defaultItemHeadingLevel = 2

// IsMarkdown reports whether path names a Markdown file (.md, .markdown,
// .mdown, .mkd; any case).
func IsMarkdown(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".md", ".markdown", ".mdown", ".mkd":
		return true
	}
	return false
}

// pathRule is one built-in path convention (RULES.md §6.0). Globs match
// the lower-cased repo-relative path.
type pathRule struct {
	glob string
	kind Kind
	sub  string
}

// Backlog.md (github.com/MrLesk/Backlog.md) keeps non-item files beside its
// tasks; these come before the general conventions.
var backlogMDRules = []pathRule{
	{"backlog/docs/**", KindUnknown, ""},
	{"backlog/archive/docs/**", KindUnknown, ""},
	{"backlog/decisions/**", KindSpec, "adr"},
	{"backlog/archive/decisions/**", KindSpec, "adr"},
	{"backlog/milestones/**", KindEpic, ""},
	{"backlog/archive/milestones/**", KindEpic, ""},
}

var visionRules = []pathRule{
	{"**/vision.md", KindVision, ""},
	{"**/strategy.md", KindVision, ""},
	{"**/roadmap.md", KindVision, ""},
	{"**/product-goal.md", KindVision, ""},
	{"docs/strategy/**", KindVision, ""},
	{"docs/vision/**", KindVision, ""},
}

// pathRules are the item, ADR and spec conventions, first match wins. The
// spec folders are also recognised under docs/.
var pathRules = []pathRule{
	{"**/backlog.md", KindBacklog, ""},
	{"backlog/**/*.md", KindStory, ""},
	{"stories/**", KindStory, ""},
	{"docs/stories/**", KindStory, ""},
	{"docs/adr/**", KindSpec, "adr"},
	{"doc/adr/**", KindSpec, "adr"},
	{"docs/decisions/**", KindSpec, "adr"},
	{"docs/architecture/decisions/**", KindSpec, "adr"},
	{"adr/**", KindSpec, "adr"},
	{"docs/prd/**", KindSpec, "prd"},
	{"prd/**", KindSpec, "prd"},
	{"rfcs/**", KindSpec, "rfc"},
	{"docs/rfcs/**", KindSpec, "rfc"},
	{"keps/**/readme.md", KindSpec, "kep"},
	{"proposals/**", KindSpec, ""},
	{"docs/proposals/**", KindSpec, ""},
	{"design/**", KindSpec, ""},
	{"docs/design/**", KindSpec, ""},
	{"specs/**", KindSpec, ""},
	{"docs/specs/**", KindSpec, ""},
	{"beps/**", KindSpec, "bep"},
}

// conventionRoots are the folders of the conventions above: an index file
// directly inside one (rfcs/README.md) describes the folder, it is not a
// document of the folder's kind.
var conventionRoots = map[string]bool{
	"backlog": true, "stories": true, "docs/stories": true, "docs/adr": true, "doc/adr": true,
	"docs/decisions": true, "docs/architecture/decisions": true, "adr": true, "docs/prd": true,
	"prd": true, "rfcs": true, "docs/rfcs": true, "keps": true, "proposals": true,
	"docs/proposals": true, "design": true, "docs/design": true, "specs": true, "docs/specs": true,
	"beps": true, "docs/strategy": true, "docs/vision": true,
}

// projectFiles are well-known repository files that are never product
// documents unless configured or marked in front matter.
var projectFiles = map[string]bool{
	"readme.md": true, "changelog.md": true, "license.md": true, "contributing.md": true,
	"code_of_conduct.md": true, "security.md": true, "support.md": true, "authors.md": true,
	"history.md": true, "notice.md": true, "governance.md": true, "maintainers.md": true,
}

var (
	// a template: `0000-template.md`, `adr-template.md`, `TEMPLATE.md`,
	// `templates/`, `ISSUE_TEMPLATE/`, `RFC-0000/`, `NNNN-kep-template/`.
	templateRe = regexp.MustCompile(`^(?:templates?(?:$|[-_. ])|(?:[a-z0-9]+[-_.]){1,2}template$|issue_template$|pull_request_template$|(?:[a-z]+-)?0000(?:$|[-_. ])|nnnn(?:$|[-_. ]))`)
	// Backlog.md task files: `<prefix>-<id> - <title>.md`.
	backlogMDName = regexp.MustCompile(`^([a-z][a-z0-9]*-\d+(?:\.\d+)*) - .*\.md$`)
	leadingIDRe   = regexp.MustCompile(`^\[?([A-Za-z][A-Za-z0-9]*-\d+(?:\.\d+)*)\]?(?:[\s:.)\]-]|$)`)
	hashIDRe      = regexp.MustCompile(`^(#\d+)(?:[\s:.)-]|$)`)
)

// classify sets d.Kind, SubKind, KindBy and ID (RULES.md §6.0, Appendix
// D.5) and returns the heading level of items when d is a backlog file.
func (p *Parser) classify(d *Doc) int {
	level := defaultItemHeadingLevel
	lower := strings.ToLower(d.Path)
	if k, sub, ok := frontMatterKind(&d.Header); ok {
		d.Kind, d.SubKind, d.KindBy = k, sub, KindByFrontMatter
	} else if g, ok := p.configGlob(d.Path); ok {
		d.Kind, d.KindBy = g.Kind, KindByConfig
		if g.ItemHeadingLevel > 0 {
			level = g.ItemHeadingLevel
		}
	} else if k, sub, decided := p.pathKind(lower); decided {
		d.Kind, d.SubKind = k, sub
		if k != KindUnknown {
			d.KindBy = KindByPath
		}
	} else if k, sub := contentKind(d, lower); k != KindUnknown {
		d.Kind, d.SubKind, d.KindBy = k, sub, KindByContent
	}
	if d.Kind == KindSpec && d.SubKind == "" {
		d.SubKind = specSubKind(&d.Header, lower)
	}
	if d.Kind == KindSpec && d.KindBy == KindByPath && p.extends(PresetGoProposal) && isGoDesignFolder(lower) {
		if isGoDesignNote(d, lower) {
			d.Kind, d.SubKind, d.KindBy = KindUnknown, "", ""
		} else if d.SubKind == "" {
			d.SubKind = "go-proposal" // Russ Cox's `Name \ date` byline instead of `Author(s):`
		}
	}
	if d.Kind == KindStory && d.KindBy != KindByFrontMatter {
		d.Kind = kindFromLabels(&d.Header, d.Kind)
	}
	d.ID = docID(d, lower)
	return level
}

// frontMatterKind reads `kind:` and `type:` from the front matter (or a
// sidecar). `kind: item` with `type: bug` gives a bug.
func frontMatterKind(h *Header) (Kind, string, bool) {
	var kindVal, typeVal string
	for _, f := range h.Fields {
		if f.From != FromFrontMatter && f.From != FromSidecar {
			continue
		}
		switch f.Norm {
		case "kind":
			if kindVal == "" {
				kindVal = f.Value
			}
		case "type":
			if typeVal == "" {
				typeVal = f.Value
			}
		}
	}
	k, kok := ParseKind(kindVal)
	t, tok := ParseKind(typeVal)
	switch {
	case kok && tok && k.IsItem() && t.IsItem():
		return t, "", true
	case kok:
		return k, specAlias(kindVal, k), true
	case tok:
		return t, specAlias(typeVal, t), true
	}
	return KindUnknown, "", false
}

// specAlias returns the spec sub-kind a kind/type value names (`adr`, `prd`, ...).
func specAlias(v string, k Kind) string {
	if k != KindSpec {
		return ""
	}
	switch s := strings.ToLower(strings.TrimSpace(v)); s {
	case "prd", "rfc", "kep", "pep", "bep", "adr", "go-proposal":
		return s
	}
	return ""
}

// configGlob returns the first configured document glob matching path.
func (p *Parser) configGlob(docPath string) (DocumentGlob, bool) {
	if p.Config == nil {
		return DocumentGlob{}, false
	}
	for _, g := range p.Config.Documents {
		for _, pat := range g.Paths {
			if globMatch(pat, docPath) {
				return g, true
			}
		}
	}
	return DocumentGlob{}, false
}

func globMatch(pattern, p string) bool {
	ok, err := doublestar.Match(strings.TrimPrefix(pattern, "/"), p)
	return err == nil && ok
}

// pathKind applies the built-in path conventions to the lower-cased path.
// decided is true when a convention settles the question, including "not
// a product document" (templates, folder indexes, project files).
func (p *Parser) pathKind(lower string) (k Kind, sub string, decided bool) {
	base := path.Base(lower)
	dir := path.Dir(lower)
	if isTemplatePath(lower) {
		return KindUnknown, "", true
	}
	for _, r := range backlogMDRules {
		if globMatch(r.glob, lower) {
			if isIndexFile(base) {
				return KindUnknown, "", true
			}
			return r.kind, r.sub, true
		}
	}
	if p.Config != nil && len(p.Config.Vision) > 0 {
		for _, pat := range p.Config.Vision {
			if globMatch(pat, lower) || globMatch(strings.ToLower(pat), lower) {
				return KindVision, "", true
			}
		}
	} else {
		for _, r := range visionRules {
			if globMatch(r.glob, lower) {
				return r.kind, r.sub, true
			}
		}
	}
	for _, r := range pathRules {
		if !globMatch(r.glob, lower) {
			continue
		}
		if isIndexFile(base) && (conventionRoots[dir] || r.kind == KindStory) {
			return KindUnknown, "", true // a folder index, or a README among backlog items
		}
		return r.kind, r.sub, true
	}
	if projectFiles[base] {
		return KindUnknown, "", true
	}
	return KindUnknown, "", false
}

// isTemplatePath reports whether a path segment names a document template,
// which is full of placeholders and no document of its own.
func isTemplatePath(lower string) bool {
	if backlogMDName.MatchString(path.Base(lower)) {
		return false // a Backlog.md task named after its title
	}
	for _, seg := range strings.Split(lower, "/") {
		if templateRe.MatchString(strings.TrimSuffix(seg, path.Ext(seg))) {
			return true
		}
	}
	return false
}

func isIndexFile(base string) bool {
	switch base {
	case "readme.md", "index.md", "_index.md", "readme.markdown":
		return true
	}
	return false
}

// contentKind applies the content signatures: header keys of the known
// processes, Backlog.md file names, then telling section headings.
func contentKind(d *Doc, lower string) (Kind, string) {
	if sub := signatureSubKind(&d.Header); sub != "" {
		return KindSpec, sub
	}
	if backlogMDName.MatchString(path.Base(lower)) {
		return KindStory, ""
	}
	var specHeads, ac, motivation bool
	for _, h := range d.Headings {
		if h.Bold {
			continue
		}
		switch h.Norm {
		case "non goals", "non goal", "nongoals", "success metrics":
			specHeads = true
		case "acceptance criteria":
			ac = true
		case "motivation":
			motivation = true
		}
	}
	switch {
	case specHeads:
		return KindSpec, ""
	case ac:
		return KindStory, ""
	case motivation:
		return KindSpec, ""
	}
	return KindUnknown, ""
}

// signatureSubKind recognises the header keys of KEPs, Rust RFCs, PEPs and
// Go proposals.
func signatureSubKind(h *Header) string {
	switch {
	case h.Has("kep-number", "owning-sig"):
		return "kep"
	case h.Has("feature name", "rfc pr"):
		return "rfc"
	case h.Has("pep", "post-history"):
		return "pep"
	case h.Has("discussion at"), h.Has("author", "authors", "author(s)") && h.Has("last updated"):
		return "go-proposal"
	}
	return ""
}

// specSubKind decides a spec's sub-kind once the kind is known, however it
// was found: header signatures first, then the path.
func specSubKind(h *Header, lower string) string {
	if sub := signatureSubKind(h); sub != "" {
		return sub
	}
	for _, rules := range [][]pathRule{backlogMDRules, pathRules} {
		for _, r := range rules {
			if r.kind == KindSpec && r.sub != "" && globMatch(r.glob, lower) {
				return r.sub
			}
		}
	}
	if isGoDesignFolder(lower) && h.Has("author", "authors", "author(s)") {
		return "go-proposal"
	}
	return ""
}

// kindFromLabels turns a story into a bug or an epic when its labels say so.
func kindFromLabels(h *Header, k Kind) Kind {
	f, ok := h.Get("labels", "label", "tags")
	if !ok {
		return k
	}
	for _, v := range f.Values {
		for _, part := range strings.Split(v, ",") {
			switch strings.ToLower(strings.TrimSpace(part)) {
			case "bug", "defect", "type:bug", "type/bug", "kind/bug":
				return KindBug
			case "epic", "type:epic", "type/epic":
				return KindEpic
			}
		}
	}
	return k
}

// docID: front matter `id`, else the id part of a Backlog.md file name
// (`task-123 - Title.md`, `m-1 - name.md`), else a leading id in the title.
func docID(d *Doc, lower string) string {
	if f, ok := d.Header.Get("id"); ok && f.Value != "" {
		return f.Value
	}
	if backlogMDName.MatchString(path.Base(lower)) {
		return strings.SplitN(path.Base(d.Path), " - ", 2)[0]
	}
	return leadingID(d.Title)
}

// leadingID returns an id at the start of a title: `US-7 Export`,
// `[PROJ-12] Fix`, `#12 Crash`, `RFC-0001 Memo`.
func leadingID(title string) string {
	title = strings.TrimSpace(title)
	if m := leadingIDRe.FindStringSubmatch(title); m != nil {
		return m[1]
	}
	if m := hashIDRe.FindStringSubmatch(title); m != nil {
		return m[1]
	}
	return ""
}

// classifyItem sets the kind and id of an item of a backlog file: a `Type:`
// or `Kind:` field, else the id prefix (BUG-, EPIC-, TASK-, ...), else story.
func classifyItem(it *Doc) {
	it.ID = leadingID(it.Title)
	if f, ok := it.Header.Get("id"); ok && f.Value != "" && it.ID == "" {
		it.ID = f.Value
	}
	it.Kind = KindStory
	for _, key := range []string{"type", "kind"} {
		if f, ok := it.Header.Get(key); ok {
			if k, ok := ParseKind(f.Value); ok && k.IsItem() {
				it.Kind = k
				return
			}
		}
	}
	prefix, _, _ := strings.Cut(strings.ToLower(strings.TrimPrefix(it.ID, "#")), "-")
	switch prefix {
	case "bug", "defect", "bg":
		it.Kind = KindBug
	case "epic", "ep":
		it.Kind = KindEpic
	case "task", "spike", "chore", "tsk":
		it.Kind = KindTask
	}
	it.Kind = kindFromLabels(&it.Header, it.Kind)
}

// extends reports whether the configuration pulls in the named preset.
func (p *Parser) extends(name string) bool {
	if p.Config == nil {
		return false
	}
	for _, e := range p.Config.Extends {
		if e == name {
			return true
		}
	}
	return false
}

var (
	// goDraftTitleRe: documents that say they are not proposals ("Error
	// Handling — Draft Design", "Design Draft: Go Vulnerability Database",
	// "Generics — Problem Overview").
	goDraftTitleRe = regexp.MustCompile(`(?i)\b(?:draft design|design draft|problem overview)\b`)
	// goProposalTitleRe: "Proposal: X", "Type Parameters Proposal", "Go
	// generate: A Proposal".
	goProposalTitleRe = regexp.MustCompile(`(?i)\bproposal\b`)
	// goIssueNameRe: design/NNNNN-name.md, named after the proposal issue
	// (not a date: 15292/2013-10-gen.md).
	goIssueNameRe = regexp.MustCompile(`^\d+-[a-z]`)
)

// goProposalHeadings are the section headings of the Go proposal template
// (design/TEMPLATE.md) and of the proposals written before it.
var goProposalHeadings = map[string]bool{
	"abstract": true, "background": true, "proposal": true, "motivation": true, "rationale": true,
	"compatibility": true, "implementation": true, "introduction": true, "problem": true,
}

// isGoDesignNote reports whether a document of a Go-style design folder
// (design/, docs/design/) is a design note rather than a proposal. Beside
// the proposals, golang/proposal keeps implementation notes
// (generics-implementation-*.md), draft designs that say they are "not
// proposals in the sense of the Go proposal process" (go2draft*.md,
// draft-*.md), principles (cryptography-principles.md) and plans written
// before the process existed (go13compiler.md, go15vendor.md). They have
// none of the template's sections to check, so linting them as specs only
// produces false alarms. A document is a proposal when it has a
// `Discussion at` line, a title with the word "proposal", an author line
// with a template section (Abstract, Background, Proposal, Rationale, ...),
// or an issue-numbered name with a Background section; a draft design or
// problem overview is never one.
func isGoDesignNote(d *Doc, lower string) bool {
	title := goTitle(d)
	if goDraftTitleRe.MatchString(title) {
		return true
	}
	if d.Header.Has("discussion at") || goProposalTitleRe.MatchString(title) {
		return false
	}
	sections := map[string]bool{}
	for _, h := range d.Headings {
		if !h.Bold && goProposalHeadings[h.Norm] {
			sections[h.Norm] = true
		}
	}
	if d.Header.Has("author", "authors", "author(s)") && len(sections) > 0 {
		return false
	}
	if goIssueNameRe.MatchString(path.Base(lower)) && sections["background"] {
		return false
	}
	return true
}

// isGoDesignFolder reports whether a lower-cased path is in a Go-style
// design folder.
func isGoDesignFolder(lower string) bool {
	return globMatch("design/**", lower) || globMatch("docs/design/**", lower)
}

// goTitle is the document's title, or its first heading when the title
// is not an H1 (`## Proposal: ...`, `### Proposal: ...`).
func goTitle(d *Doc) string {
	first := ""
	for _, h := range d.Headings {
		if h.Bold {
			continue
		}
		if h.Level == 1 {
			return d.Title
		}
		if first == "" {
			first = h.Text
		}
	}
	return first
}
