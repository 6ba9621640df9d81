package app

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/rolelint/rolelint/lint"
	"github.com/rolelint/rolelint/lint/gitsrc"
)

// InitOptions are the inputs of Init.
type InitOptions struct {
	Dir      string // where to write .rolelint.yml; "" means the repository root (or the current folder outside git)
	Explicit bool   // Dir was given by the user: use it as is
	Preset   string // "" means recommended
	Force    bool   // overwrite an existing config
	Out      io.Writer
}

// Layout is what init found in a repository.
type Layout struct {
	Conventions []string       // one line each: what was recognised and from which file or folder
	Documents   []InitDocument // documents: entries to write
	Vision      []string       // vision / strategy documents
	CodeOwners  string         // path of the CODEOWNERS file, "" when none
	Ignore      []string       // templates and folder indexes inside the globs above
	Census      []string       // "docs/prd/  4 spec" lines: where documents live today
	Presets     []string       // built-in presets made for the conventions found, best first
}

// InitDocument is one documents: entry.
type InitDocument struct {
	Comment string
	Kind    string // as written: story, adr, kep, ...
	Paths   []string
}

// initWalkLimit bounds how many files init looks at; a product repository
// with more files still gets a config, from what was seen.
const initWalkLimit = 50000

// initParseLimit bounds how many Markdown files init classifies.
const initParseLimit = 3000

// Init detects the layout of the repository and writes a commented
// .rolelint.yml that LoadConfig accepts.
func Init(opts InitOptions, catalog []*lint.Rule) error {
	preset := opts.Preset
	if _, ok := lint.PresetByName(preset); preset != "" && !ok {
		return usagef("--preset %q: use one of %s", preset, strings.Join(presetList(), ", "))
	}
	root, err := initRoot(opts)
	if err != nil {
		return err
	}
	if existing, ok := lint.FindConfig(root); ok && !opts.Force {
		return usagef("%s already exists; leaving it alone (rerun with --force to overwrite it)", existing)
	}
	layout, err := DetectLayout(root)
	if err != nil {
		return cannotf("cannot read %s: %v", root, err)
	}
	if preset == "" {
		// The preset made for the layout found, else the default.
		preset = lint.PresetRecommended
		if len(layout.Presets) > 0 {
			preset = layout.Presets[0]
		}
	}
	text := RenderInitConfig(layout, preset)
	target := filepath.Join(root, ".rolelint.yml")
	// Never write a file the linter itself would refuse.
	if _, err := lint.LoadConfig(target, []byte(text), catalog); err != nil {
		return cannotf("init produced a config that does not load (please report this): %v", err)
	}
	if err := os.WriteFile(target, []byte(text), 0o644); err != nil {
		return cannotf("cannot write %s: %v", target, err)
	}
	fmt.Fprintf(opts.Out, "wrote %s (extends: [%s])\n", target, preset)
	for _, c := range layout.Conventions {
		fmt.Fprintf(opts.Out, "  found: %s\n", c)
	}
	if len(layout.Conventions) == 0 {
		fmt.Fprintln(opts.Out, "  no known document layout found: rolelint's built-in path conventions and front matter (kind:/type:) apply; edit documents: to map your folders")
	}
	fmt.Fprintln(opts.Out, "next: run `rolelint` to lint, and add product managers and owners under roles:")
	return nil
}

func presetList() []string {
	var names []string
	for _, p := range lint.Presets() {
		names = append(names, p.Name)
	}
	return names
}

// initRoot is where the config goes: the folder given, else the root of
// the repository around the current folder, else the current folder.
func initRoot(opts InitOptions) (string, error) {
	dir := opts.Dir
	if dir == "" {
		dir = "."
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", usagef("bad path %q: %v", dir, err)
	}
	if st, err := os.Stat(abs); err != nil || !st.IsDir() {
		return "", usagef("%s is not a folder", dir)
	}
	if opts.Explicit {
		return abs, nil
	}
	repo, err := gitsrc.Open(abs)
	if err == nil && !repo.Bare() {
		return repo.Root(), nil
	}
	return abs, nil
}

// fileSet is the repository's files, slash separated and relative to its root.
type fileSet struct {
	all []string
	has map[string]bool
}

func (s *fileSet) matching(glob string) []string {
	var out []string
	for _, p := range s.all {
		if ok, _ := doublestar.Match(glob, p); ok {
			out = append(out, p)
		}
	}
	return out
}

func listFiles(root string) (*fileSet, error) {
	s := &fileSet{has: map[string]bool{}}
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if p == root {
				return err
			}
			return nil // an unreadable folder: skip it
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if e.IsDir() {
			name := e.Name()
			if p != root && (name == "node_modules" || name == "vendor" || (strings.HasPrefix(name, ".") && name != ".github" && name != ".gitlab")) {
				return filepath.SkipDir
			}
			return nil
		}
		if len(s.all) >= initWalkLimit {
			return filepath.SkipAll
		}
		s.all = append(s.all, rel)
		s.has[rel] = true
		return nil
	})
	sort.Strings(s.all)
	return s, err
}

// initConvention is a folder convention: when any of its globs matches a
// Markdown file, the matching globs become one documents: entry.
type initConvention struct {
	name    string // shown in the header comment
	comment string // above the documents: entry
	kind    string
	globs   []string
	needs   string // a file that must exist (Backlog.md's config.yml); "" for none
	preset  string // the built-in preset made for this convention, if any
}

var initConventions = []initConvention{
	{name: "Backlog.md backlog (backlog/config.yml): task files are stories", comment: "Backlog.md tasks", kind: "story", needs: "backlog/config.yml", preset: "backlog-md",
		globs: []string{"backlog/tasks/**/*.md", "backlog/drafts/**/*.md", "backlog/completed/**/*.md", "backlog/archive/tasks/**/*.md", "backlog/archive/drafts/**/*.md"}},
	{name: "Backlog.md decisions: ADRs", comment: "Backlog.md decision records", kind: "adr", needs: "backlog/config.yml",
		globs: []string{"backlog/decisions/**/*.md", "backlog/archive/decisions/**/*.md"}},
	{name: "Backlog.md milestones: epics", comment: "Backlog.md milestones", kind: "epic", needs: "backlog/config.yml",
		globs: []string{"backlog/milestones/**/*.md", "backlog/archive/milestones/**/*.md"}},
	{name: "Kubernetes-style KEPs (keps/<sig>/<n>-<name>/README.md with kep.yaml)", comment: "KEPs: one README.md per enhancement; kep.yaml beside it is read too", kind: "kep", preset: "kep",
		globs: []string{"keps/**/README.md"}},
	{name: "RFCs", comment: "RFCs", kind: "rfc", preset: "rfc", globs: []string{"rfcs/**/*.md", "docs/rfcs/**/*.md"}},
	{name: "Go-style design proposals (design/)", comment: "design proposals", kind: "go-proposal", preset: "go-proposal", globs: []string{"design/**/*.md"}},
	{name: "design docs (docs/design/)", comment: "design docs", kind: "design", globs: []string{"docs/design/**/*.md"}},
	{name: "proposals", comment: "proposals", kind: "proposal", preset: "rfc", globs: []string{"proposals/**/*.md", "docs/proposals/**/*.md"}},
	{name: "architecture decision records", comment: "ADRs", kind: "adr", preset: "adr",
		globs: []string{"docs/decisions/**/*.md", "docs/adr/**/*.md", "doc/adr/**/*.md", "adr/**/*.md", "docs/architecture/decisions/**/*.md"}},
	{name: "PRDs", comment: "product requirements documents", kind: "prd", globs: []string{"docs/prd/**/*.md", "prd/**/*.md"}},
	{name: "specs", comment: "specs", kind: "spec", globs: []string{"specs/**/*.md", "docs/specs/**/*.md"}},
	{name: "epics", comment: "epics", kind: "epic", globs: []string{"epics/**/*.md", "docs/epics/**/*.md"}},
	{name: "stories", comment: "stories", kind: "story", globs: []string{"stories/**/*.md", "docs/stories/**/*.md"}},
	{name: "a backlog folder (backlog/): front matter type: bug/epic/task still decides per file", comment: "backlog items (front matter type: still wins)", kind: "story",
		globs: []string{"backlog/**/*.md"}},
	{name: "single-file backlogs (BACKLOG.md): one item per level-2 heading", comment: "single-file backlogs: one item per level-2 heading", kind: "backlog",
		globs: []string{"BACKLOG.md", "backlog.md", "*/BACKLOG.md", "docs/**/BACKLOG.md"}},
}

var (
	visionGlobs     = []string{"**/VISION.md", "**/vision.md", "**/STRATEGY.md", "**/strategy.md", "**/ROADMAP.md", "**/roadmap.md", "**/PRODUCT-GOAL.md", "docs/vision/**/*.md", "docs/strategy/**/*.md"}
	codeOwnersFiles = []string{"CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"}
)

// DetectLayout looks at the files under root and says which conventions
// it follows, where its documents are and what to ignore.
func DetectLayout(root string) (*Layout, error) {
	files, err := listFiles(root)
	if err != nil {
		return nil, err
	}
	l := &Layout{}
	claimed := map[string]bool{} // files an earlier entry already covers (first match wins)
	var inGlobs []string
	for _, c := range initConventions {
		if c.needs != "" && !files.has[c.needs] {
			continue
		}
		if c.needs == "" && c.kind == "story" && files.has["backlog/config.yml"] && strings.HasPrefix(c.globs[0], "backlog/") {
			continue // Backlog.md's own entries cover its folder
		}
		var globs []string
		for _, g := range c.globs {
			fresh := 0
			for _, p := range files.matching(g) {
				if lint.IsMarkdown(p) && !claimed[p] {
					fresh++
				}
			}
			if fresh > 0 {
				globs = append(globs, g)
			}
		}
		if len(globs) == 0 {
			continue
		}
		for _, g := range globs {
			for _, p := range files.matching(g) {
				if lint.IsMarkdown(p) && !claimed[p] {
					claimed[p] = true
					inGlobs = append(inGlobs, p)
				}
			}
		}
		l.Conventions = append(l.Conventions, c.name+": "+strings.Join(globs, ", "))
		if _, ok := lint.PresetByName(c.preset); ok && !slices.Contains(l.Presets, c.preset) {
			l.Presets = append(l.Presets, c.preset)
		}
		l.Documents = append(l.Documents, InitDocument{Comment: c.comment, Kind: c.kind, Paths: globs})
	}
	for _, g := range visionGlobs {
		for _, p := range files.matching(g) {
			if !slices.Contains(l.Vision, p) && len(l.Vision) < 10 {
				l.Vision = append(l.Vision, p)
			}
		}
	}
	sort.Strings(l.Vision)
	if len(l.Vision) > 0 {
		l.Conventions = append(l.Conventions, "vision / strategy documents: "+strings.Join(l.Vision, ", "))
	}
	for _, f := range codeOwnersFiles {
		if files.has[f] {
			l.CodeOwners = f
			l.Conventions = append(l.Conventions, "CODEOWNERS at "+f+": owners are read from it")
			break
		}
	}
	l.Ignore, l.Census = classifyForInit(root, files, inGlobs)
	return l, nil
}

// classifyForInit parses the Markdown files with the built-in conventions.
// Files inside the new globs that the built-ins treat as non-documents
// (templates such as 0000-template.md, folder indexes such as rfcs/README.md)
// are returned to ignore, so that the explicit globs do not start linting
// them. It also counts the documents per folder and kind for the header.
func classifyForInit(root string, files *fileSet, inGlobs []string) (ignore, census []string) {
	parser := lint.NewParser(lint.DefaultConfig())
	read := func(p string) (*lint.Doc, bool) {
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
		if err != nil || int64(len(b)) > lint.DefaultMaxFileSize {
			return nil, false
		}
		return parser.Parse(p, b), true
	}
	inGlob := map[string]bool{}
	for _, p := range inGlobs {
		inGlob[p] = true
	}
	type key struct{ dir, kind string }
	counts := map[key]int{}
	parsed := 0
	for _, p := range files.all {
		if !lint.IsMarkdown(p) || parsed >= initParseLimit {
			continue
		}
		d, ok := read(p)
		if !ok {
			continue
		}
		parsed++
		if d.Kind == lint.KindUnknown {
			if inGlob[p] {
				ignore = append(ignore, p)
			}
			continue
		}
		dir := censusDir(p)
		if d.Kind == lint.KindBacklog && len(d.Items) > 0 {
			for _, it := range d.Items {
				counts[key{dir, string(it.Kind)}]++
			}
			continue
		}
		counts[key{dir, string(d.Kind)}]++
	}
	byDir := map[string][]string{}
	var dirs []string
	for k := range counts {
		if _, seen := byDir[k.dir]; !seen {
			dirs = append(dirs, k.dir)
		}
		byDir[k.dir] = append(byDir[k.dir], k.kind)
	}
	sort.Strings(dirs)
	for _, dir := range dirs {
		kinds := byDir[dir]
		sort.Strings(kinds)
		var parts []string
		for _, k := range kinds {
			parts = append(parts, fmt.Sprintf("%d %s", counts[key{dir, k}], k))
		}
		census = append(census, fmt.Sprintf("%-28s %s", dir, strings.Join(parts, ", ")))
	}
	const maxCensus = 25
	if len(census) > maxCensus {
		census = append(census[:maxCensus], fmt.Sprintf("... and %d more folders", len(census)-maxCensus))
	}
	return ignore, census
}

// censusDir is the folder a document is counted under: its top folder, or
// the top two for the folders that hold several conventions (docs/, backlog/).
func censusDir(p string) string {
	parts := strings.Split(path.Dir(p), "/")
	switch {
	case parts[0] == ".":
		return "./"
	case len(parts) > 1 && (parts[0] == "docs" || parts[0] == "doc" || parts[0] == "backlog"):
		return parts[0] + "/" + parts[1] + "/"
	}
	return parts[0] + "/"
}

// maxIgnoreEntries keeps the written ignore: list readable.
const maxIgnoreEntries = 30

// RenderInitConfig writes the commented .rolelint.yml for a layout.
func RenderInitConfig(l *Layout, preset string) string {
	var b strings.Builder
	b.WriteString("# rolelint configuration, written by `rolelint init`.\n")
	b.WriteString("# Reference: https://github.com/rolelint/rolelint#configuration\n")
	b.WriteString("# `rolelint` reads it from the repository root; a mistake is reported with its line.\n")
	b.WriteString("#\n")
	if len(l.Conventions) > 0 {
		b.WriteString("# What init found:\n")
		for _, c := range l.Conventions {
			b.WriteString("#   - " + c + "\n")
		}
	} else {
		b.WriteString("# init found no known document layout: the built-in path conventions\n")
		b.WriteString("# (docs/prd/, rfcs/, keps/, backlog/, ...) and front matter kind:/type: apply.\n")
	}
	if len(l.Census) > 0 {
		b.WriteString("# Product documents by folder, as rolelint classifies them today:\n")
		for _, c := range l.Census {
			b.WriteString("#   " + c + "\n")
		}
	}
	b.WriteString("\nversion: 1\n\n")
	b.WriteString("# Built-in presets (`rolelint rules --preset NAME` shows what each does):\n")
	b.WriteString("# " + strings.Join(presetList(), ", ") + ". Later entries override earlier ones.\n")
	if len(l.Presets) > 0 {
		b.WriteString("# Made for the layout found: " + strings.Join(l.Presets, ", ") + ".\n")
	}
	b.WriteString("extends: [" + preset + "]\n\n")

	b.WriteString("# Which files are which kind; the first match wins. Front matter in a\n")
	b.WriteString("# document (kind: or type:) still overrides it. Kinds: vision, spec (or prd,\n")
	b.WriteString("# rfc, kep, adr, design, proposal, go-proposal), epic, story, bug, task, backlog.\n")
	if len(l.Documents) > 0 {
		b.WriteString("documents:\n")
		for _, d := range l.Documents {
			b.WriteString("  # " + d.Comment + "\n")
			b.WriteString("  - kind: " + d.Kind + "\n")
			b.WriteString("    paths: [" + quoteAll(d.Paths) + "]\n")
		}
	} else {
		b.WriteString("# documents:\n#   - kind: spec\n#     paths: [\"docs/specs/**/*.md\"]\n#   - kind: story\n#     paths: [\"backlog/**/*.md\"]\n")
	}
	b.WriteString("\n# The canonical vision and strategy documents that specs link up to (PM005).\n")
	if len(l.Vision) > 0 {
		b.WriteString("vision: [" + quoteAll(l.Vision) + "]\n")
	} else {
		b.WriteString("# vision: [\"docs/VISION.md\"]\n")
	}

	b.WriteString("\n# Who is a Product Manager and who is a Product Owner (RC002): handles,\n# e-mails or team aliases.\n")
	if l.CodeOwners != "" {
		b.WriteString("roles:\n")
		b.WriteString("  # product-managers: [\"@alice\"]\n  # product-owners: [\"@bob\"]\n")
		b.WriteString("  codeowners: true   # read " + l.CodeOwners + " too\n")
	} else {
		b.WriteString("# roles:\n#   product-managers: [\"@alice\"]\n#   product-owners: [\"@bob\"]\n#   codeowners: true   # read CODEOWNERS too\n")
	}

	b.WriteString("\n# Per-rule severity and options, e.g.:\n# rules:\n#   PO003: warning\n#   PM012: {severity: note, max-age-days: 120}\n")

	if len(l.Ignore) > 0 {
		b.WriteString("\n# Templates and folder indexes inside the folders above: not product documents.\n")
		b.WriteString("ignore:\n")
		for i, p := range l.Ignore {
			if i == maxIgnoreEntries {
				fmt.Fprintf(&b, "  # ... and %d more; add them or a glob such as \"**/*template*.md\"\n", len(l.Ignore)-maxIgnoreEntries)
				break
			}
			b.WriteString("  - " + strconv.Quote(globEscape(p)) + "\n")
		}
	} else {
		b.WriteString("\n# Paths never linted, e.g.:\n# ignore: [\"docs/archive/**\"]\n")
	}
	return b.String()
}

func quoteAll(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

// globEscape makes a literal path safe as a doublestar glob.
func globEscape(p string) string {
	var b strings.Builder
	for _, r := range p {
		if strings.ContainsRune(`*?[]{}\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
