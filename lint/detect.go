package lint

import (
	"path"
	"regexp"
	"sort"
	"strings"
)

// detectHeadBytes is how much of a file DetectPresets reads: the header and
// the first headings are enough to tell the conventions apart.
const detectHeadBytes = 4096

// detectMaxHeads bounds the file heads read per convention, so detection
// stays fast on a repository with thousands of documents.
const detectMaxHeads = 40

// detectMinDocs is how many documents of a convention make it the
// repository's; one stray file does not.
const detectMinDocs = 2

var (
	backlogTaskRe = regexp.MustCompile(`^backlog/(?:tasks|drafts|completed|archive/tasks)/[a-z][a-z0-9]*-\d+(?:\.\d+)* - .*\.md$`)
	numberedDocRe = regexp.MustCompile(`^(?:\d{3,}|rfc-\d+)[-_]`)
	adrDirRe      = regexp.MustCompile(`(?:^|/)(?:docs/adr|doc/adr|adr|docs/decisions|decisions|docs/architecture/decisions|architecture/decisions)/`)
	goHeadRe      = regexp.MustCompile(`(?im)^(?:author\(s\)|authors?):|^discussion at |^# proposal:`)
	madrHeadRe    = regexp.MustCompile(`(?im)^#+\s*(?:context and problem statement|considered options|decision outcome)\s*$|^(?:deciders|decision-makers):`)
	nygardHeadRe  = regexp.MustCompile(`(?im)^#+\s*(?:status|context)\s*$`)
	nygardDecRe   = regexp.MustCompile(`(?im)^#+\s*(?:decision|consequences)\s*$`)
	storyHeadRe   = regexp.MustCompile(`(?i)\bas an? [^,\n]{1,60},? i (?:want|need|can)`)
	acHeadRe      = regexp.MustCompile(`(?im)^#+\s*acceptance criteria`)
	rfcHeadRe     = regexp.MustCompile(`(?im)^#+\s*(?:summary|motivation|why|proposal|unresolved questions|rationale and alternatives)\s*$|^[-*]\s*(?:\*\*)?(?:feature name|rfc pr|owners|implementation status)\b|^\*\*status:?\*\*`)
)

// DetectPresets tells which documentation conventions a repository follows,
// from its file list (slash-separated paths relative to the root) and the
// heads of a few files, which read returns (ok false when a file cannot be
// read). It returns preset names, the convention with the most documents
// first; none when nothing is recognised. `rolelint init` writes them under
// extends:.
func DetectPresets(paths []string, read func(string) ([]byte, bool)) []string {
	d := detector{read: read, counts: map[string]int{}}
	sorted := append([]string(nil), paths...)
	sort.Strings(sorted)
	for _, p := range sorted {
		d.visit(strings.TrimPrefix(path.Clean(strings.ReplaceAll(p, `\`, "/")), "./"))
	}
	var names []string
	for name, n := range d.counts {
		if n >= detectMinDocs || d.strong[name] {
			names = append(names, name)
		}
	}
	order := map[string]int{}
	for i, n := range presetNames() {
		order[n] = i
	}
	sort.Slice(names, func(i, j int) bool {
		if d.counts[names[i]] != d.counts[names[j]] {
			return d.counts[names[i]] > d.counts[names[j]]
		}
		return order[names[i]] < order[names[j]]
	})
	return names
}

type detector struct {
	read   func(string) ([]byte, bool)
	counts map[string]int
	strong map[string]bool // a marker file settles it (kep.yaml, backlog/config.yml)
	heads  int
}

func (d *detector) mark(name string, strong bool) {
	d.counts[name]++
	if strong {
		if d.strong == nil {
			d.strong = map[string]bool{}
		}
		d.strong[name] = true
	}
}

// visit counts one file towards the convention it belongs to.
func (d *detector) visit(p string) {
	lower := strings.ToLower(p)
	base := path.Base(lower)
	switch {
	case base == "kep.yaml" || globMatch("keps/**/readme.md", lower):
		d.mark(PresetKEP, base == "kep.yaml")
		return
	case lower == "backlog/config.yml":
		d.mark(PresetBacklogMD, true)
		return
	case backlogTaskRe.MatchString(lower):
		d.mark(PresetBacklogMD, false)
		return
	case strings.HasPrefix(lower, ".github/issue_template/"):
		if strings.Contains(base, "stor") && (strings.HasSuffix(base, ".yml") || strings.HasSuffix(base, ".yaml") || strings.HasSuffix(base, ".md")) {
			d.mark(PresetIssueForms, true)
		}
		return
	}
	if !IsMarkdown(lower) || isTemplatePath(lower) || projectFiles[base] && !strings.Contains(lower, "/") {
		return
	}
	head := d.head(p, lower)
	switch {
	case adrDirRe.MatchString(lower) && (numberedDocRe.MatchString(base) || isADRHead(head)):
		d.mark(PresetADR, false)
	case isADRHead(head):
		d.mark(PresetADR, false)
	case (strings.HasPrefix(lower, "design/") || strings.HasPrefix(lower, "docs/design/")) && goHeadRe.Match(head):
		d.mark(PresetGoProposal, false)
	case strings.HasPrefix(lower, "rfcs/") || strings.HasPrefix(lower, "docs/rfcs/") ||
		strings.HasPrefix(lower, "text/") && numberedDocRe.MatchString(base):
		d.mark(PresetRFC, false)
	case (strings.HasPrefix(lower, "proposals/") || strings.HasPrefix(lower, "docs/proposals/")) && rfcHeadRe.Match(head):
		d.mark(PresetRFC, false)
	case storyHeadRe.Match(head) && acHeadRe.Match(head):
		d.mark(PresetIssueForms, false)
	}
}

// head reads the start of a file that may tell a convention apart, within
// the read budget; files in no candidate folder are not read.
func (d *detector) head(p, lower string) []byte {
	if d.read == nil || d.heads >= detectMaxHeads*6 {
		return nil
	}
	candidate := adrDirRe.MatchString(lower) || strings.Contains(lower, "design/") ||
		strings.Contains(lower, "proposals/") || strings.Contains(lower, "stories/") ||
		strings.Contains(lower, "issues/") || strings.Contains(lower, "rfcs/")
	if !candidate {
		return nil
	}
	d.heads++
	b, ok := d.read(p)
	if !ok {
		return nil
	}
	if len(b) > detectHeadBytes {
		b = b[:detectHeadBytes]
	}
	return b
}

func isADRHead(head []byte) bool {
	if len(head) == 0 {
		return false
	}
	return madrHeadRe.Match(head) || nygardHeadRe.Match(head) && nygardDecRe.Match(head)
}
