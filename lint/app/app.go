// Package app wires the engine, the git sources and the reports into the
// `rolelint lint` command. main parses flags into Flags and calls Lint.
package app

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/rolelint/rolelint/lint"
	"github.com/rolelint/rolelint/lint/gitsrc"
	"github.com/rolelint/rolelint/lint/report"
)

// Exit codes (CLI.md).
const (
	ExitClean    = 0
	ExitFindings = 1
	ExitUsage    = 2
	ExitCannot   = 3
)

// Flags are the options of `rolelint lint`.
type Flags struct {
	Paths         []string
	Config        string
	Formats       []string // "text", "sarif=out.sarif", ...
	Color         string   // auto|always|never
	Staged        bool
	Since         string
	NewOnly       bool
	Rev           string
	Sets          []string
	Enable        []string
	Disable       []string
	FailOn        string
	Baseline      string
	WriteBaseline string
	Jobs          int
	Quiet         bool
	Summary       string // Markdown job summary file
	SARIFCategory string
	MaxFileSize   int64
	HistoryDepth  int
	NoCache       bool // --no-cache: neither read nor write the cache
	Version       string
	Stdout        io.Writer
	Stderr        io.Writer
	// IsTerminal tells whether stdout is a terminal (color auto).
	IsTerminal bool
	Getenv     func(string) string
}

// Error is an error with its exit code.
type Error struct {
	Code int
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

func usagef(format string, args ...any) *Error {
	return &Error{Code: ExitUsage, Msg: fmt.Sprintf(format, args...)}
}

func cannotf(format string, args ...any) *Error {
	return &Error{Code: ExitCannot, Msg: fmt.Sprintf(format, args...)}
}

// Project is the view of the repository one run lints.
type Project struct {
	Repo    *gitsrc.Repo // nil without git
	Root    string       // absolute project root on disk ("" for a bare repository)
	Prefix  string       // project root relative to the repository root ("" when equal)
	Base    lint.Source  // the repository-wide view (worktree, index, rev or dir)
	Source  lint.Source  // Base narrowed to the project root
	Config  *lint.Config
	Catalog []*lint.Rule
	// ConfigID identifies the configuration (its file's name and bytes) for
	// the cache key.
	ConfigID string

	owners *codeOwners // see Project.codeOwners
}

// codeOwners is CODEOWNERS as a run sees it: the owners and notes
// gitsrc.LoadCodeOwners gives, and what it read (file names and bytes, or
// the read error), for the result key.
type codeOwners struct {
	owners lint.CodeOwners
	notes  []lint.SourceNote
	read   []string
}

// codeOwners loads CODEOWNERS from the project's view once per run: the run
// and the result key share what was read.
func (p *Project) codeOwners() *codeOwners {
	if p.owners == nil {
		rec := &readRecorder{Source: p.Source}
		co := &codeOwners{}
		co.owners, co.notes = gitsrc.LoadCodeOwners(rec)
		co.read = rec.read
		p.owners = co
	}
	return p.owners
}

// readRecorder is a Source that keeps the name and bytes (or error) of each
// file read through it.
type readRecorder struct {
	lint.Source
	read []string
}

func (r *readRecorder) Read(name string, limit int64) ([]byte, error) {
	b, err := r.Source.Read(name, limit)
	errText := ""
	if err != nil {
		errText = err.Error()
	}
	r.read = append(r.read, name, string(b), errText)
	return b, err
}

// OpenProject finds the repository and project root for target, opens the
// view the flags ask for and loads the configuration.
func OpenProject(target string, f *Flags, catalog []*lint.Rule) (*Project, error) {
	p := &Project{Catalog: catalog}
	abs, err := filepath.Abs(target)
	if err != nil {
		return nil, usagef("bad path %q: %v", target, err)
	}
	dir := abs
	if st, err := os.Stat(abs); err == nil && !st.IsDir() {
		dir = filepath.Dir(abs)
	}
	repo, err := gitsrc.Open(dir)
	switch {
	case errors.Is(err, gitsrc.ErrNoRepo):
		if f.Staged || f.Since != "" || f.Rev != "" {
			return nil, usagef("--staged, --since and --rev need a git repository, and %s is not inside one", target)
		}
	case err != nil:
		return nil, gitError(err, "cannot open the git repository at "+target)
	default:
		p.Repo = repo
	}
	if f.Staged && p.Repo != nil && p.Repo.Bare() {
		return nil, usagef("--staged needs a worktree: %s is a bare repository, which has no index (use --rev REV)", target)
	}
	if f.Staged && f.Rev != "" {
		return nil, usagef("--staged and --rev cannot be used together: pick the index or a commit")
	}

	repoRoot := ""
	if p.Repo != nil {
		repoRoot = p.Repo.Root()
	}
	p.Root = projectRoot(dir, repoRoot, p.Repo == nil)
	if repoRoot != "" && p.Root != repoRoot {
		rel, err := filepath.Rel(repoRoot, p.Root)
		if err == nil && rel != "." && !strings.HasPrefix(rel, "..") {
			p.Prefix = filepath.ToSlash(rel)
		} else {
			p.Root = repoRoot
		}
	}
	if p.Repo != nil && p.Repo.Bare() {
		p.Root = ""
	}

	switch {
	case p.Repo == nil:
		p.Base, err = gitsrc.NewDir(p.Root)
	case f.Rev != "":
		p.Base, err = p.Repo.Rev(f.Rev)
	case p.Repo.Bare():
		p.Base, err = p.Repo.Rev("HEAD")
	case f.Staged:
		p.Base, err = p.Repo.Index()
	default:
		p.Base, err = p.Repo.Worktree()
	}
	if err != nil {
		return nil, gitError(err, "cannot read the repository")
	}
	p.Source = p.Base
	if p.Prefix != "" {
		p.Source = &lint.SubSource{Source: p.Base, Prefix: p.Prefix}
	}

	p.Config, err = loadConfig(p, f.Config)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// projectRoot is the nearest folder from dir upwards that holds a
// .rolelint.yml, stopping at the repository root; without one, the repository
// root, or dir itself when there is no repository.
func projectRoot(dir, repoRoot string, noRepo bool) string {
	for d := dir; ; {
		if _, ok := lint.FindConfig(d); ok {
			return d
		}
		if d == repoRoot || noRepo {
			break
		}
		parent := filepath.Dir(d)
		if parent == d || (repoRoot != "" && !strings.HasPrefix(parent, repoRoot)) {
			break
		}
		d = parent
	}
	if repoRoot != "" {
		return repoRoot
	}
	return dir
}

// readConfigBytes reads an explicit --config file (a variable for tests).
var readConfigBytes = lint.ReadConfigBytes

func loadConfig(p *Project, explicit string) (*lint.Config, error) {
	if explicit != "" {
		// Read once: the cache key covers the bytes that were parsed.
		data, err := readConfigBytes(explicit)
		if err != nil {
			return nil, configError(err)
		}
		cfg, err := lint.LoadConfig(explicit, data, p.Catalog)
		if err != nil {
			return nil, configError(err)
		}
		p.ConfigID = "file\x00" + explicit + "\x00" + string(data)
		return cfg, nil
	}
	// The configuration comes from the same view as the documents, so that
	// --staged and --rev judge a commit by its own rules.
	for _, name := range []string{".rolelint.yml", ".rolelint.yaml"} {
		data, err := p.Source.Read(name, 1<<20+1)
		if err != nil {
			continue
		}
		display := name
		if p.Root != "" {
			display = filepath.Join(p.Root, name)
			if rel, err := filepath.Rel(mustGetwd(), display); err == nil && !strings.HasPrefix(rel, "..") {
				display = rel
			}
		}
		cfg, err := lint.LoadConfig(display, data, p.Catalog)
		if err != nil {
			return nil, configError(err)
		}
		p.ConfigID = "view\x00" + name + "\x00" + string(data)
		return cfg, nil
	}
	p.ConfigID = "default"
	return lint.DefaultConfig(), nil
}

func mustGetwd() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	return wd
}

func configError(err error) error {
	var ce *lint.ConfigError
	if errors.As(err, &ce) {
		return &Error{Code: ExitUsage, Msg: ce.Error()}
	}
	return &Error{Code: ExitUsage, Msg: "config: " + err.Error()}
}

func gitError(err error, context string) error {
	var ue *gitsrc.UserError
	if errors.As(err, &ue) {
		return &Error{Code: ue.Code, Msg: ue.Msg}
	}
	var ae *Error
	if errors.As(err, &ae) {
		return ae
	}
	return cannotf("%s: %v", context, err)
}

// openRepo opens the repository holding dir; outside one, the usage error
// says so and then why that matters (notInRepo).
func openRepo(dir, notInRepo string) (*gitsrc.Repo, error) {
	repo, err := gitsrc.Open(dir)
	if errors.Is(err, gitsrc.ErrNoRepo) {
		return nil, usagef("%s is not inside a git repository: %s", dir, notInRepo)
	}
	if err != nil {
		return nil, gitError(err, "cannot open the git repository at "+dir)
	}
	return repo, nil
}

// prefixedFacts maps project-relative paths to repository-relative ones.
type prefixedFacts struct {
	facts  lint.GitFacts
	prefix string
	asked  *atomic.Bool // a rule asked for a last change
}

// Prefetch starts the history walk (see lint.Run).
func (p prefixedFacts) Prefetch() {
	if h, ok := p.facts.(interface{ Prefetch() }); ok {
		h.Prefetch()
	}
}

func (p prefixedFacts) LastChange(rel string) (time.Time, bool) {
	p.asked.Store(true)
	return p.facts.LastChange(path.Join(p.prefix, rel))
}

// Err implements lint.HistoryError: the history walk's error, once a rule
// has asked for the history (asking walked it already).
func (p prefixedFacts) Err() error {
	h, ok := p.facts.(interface{ Stats() (int, bool, error) })
	if !ok || !p.asked.Load() {
		return nil
	}
	_, _, err := h.Stats()
	return err
}

// Lint runs `rolelint lint` and returns the exit code; messages go to Stderr.
func Lint(f *Flags, catalog []*lint.Rule) int {
	code, err := lint1(f, catalog)
	if err != nil {
		var ae *Error
		if errors.As(err, &ae) {
			fmt.Fprintln(f.Stderr, "rolelint: "+ae.Msg)
			return ae.Code
		}
		fmt.Fprintln(f.Stderr, "rolelint: "+err.Error())
		return ExitCannot
	}
	return code
}

func lint1(f *Flags, catalog []*lint.Rule) (int, error) {
	failOn, ok := parseFailOn(f.FailOn)
	if !ok {
		return 0, usagef("--fail-on %q: use error, warning, note or never", f.FailOn)
	}
	outputs, err := parseFormats(f.Formats)
	if err != nil {
		return 0, err
	}
	if f.NewOnly && f.Since == "" {
		return 0, usagef("--new-only needs --since REV")
	}
	defer withJobs(f.Jobs)()
	everything, missing := statPaths(f)
	if everything {
		FullRunQuietStart()
	}
	if f.Color != "" && f.Color != "auto" && f.Color != "always" && f.Color != "never" {
		return 0, usagef("--color %q: use auto, always or never", f.Color)
	}
	sets, err := parseSets(f.Sets)
	if err != nil {
		return 0, err
	}
	wd := mustGetwd()
	target := wd
	if len(f.Paths) > 0 {
		target = f.Paths[0]
	}
	if f.Rev == "" && missing != "" {
		return 0, usagef("path %s does not exist", missing)
	}
	proj, err := OpenProject(target, f, catalog)
	if err != nil {
		return 0, err
	}
	// The cache's files are read while git answers the scope questions.
	cache := openCache(proj, f)
	cache.Preload()
	defer cache.Wait()
	enable, disable := splitAll(f.Enable), splitAll(f.Disable)
	if _, _, err := lint.ActiveRules(proj.Config, lint.WithMetaRules(catalog), sets, enable, disable); err != nil {
		return 0, usagef("%v", err)
	}
	scope, err := scopePaths(proj, f.Paths, f.Rev != "")
	if err != nil {
		return 0, err
	}

	opts := lint.Options{
		Source: proj.Source, Config: proj.Config, Rules: catalog,
		Sets: sets, Enable: enable, Disable: disable,
		Paths: scope, Jobs: f.Jobs, MaxFileSize: f.MaxFileSize,
	}
	var codeownerNotes []lint.SourceNote
	if proj.Config.Roles.CodeOwners {
		co := proj.codeOwners()
		opts.Owners = co.owners
		codeownerNotes = co.notes
	}
	var remoteURL, head, branch string
	if proj.Repo != nil {
		hist := proj.Repo.History(gitsrc.HistoryOptions{Start: f.Rev, MaxCommits: f.HistoryDepth})
		opts.Git = prefixedFacts{facts: hist, prefix: proj.Prefix, asked: new(atomic.Bool)}
		remoteURL, head, branch = proj.Repo.Provenance()
	}
	if f.Since != "" {
		changes, err := proj.Repo.ChangedSince(f.Since, proj.Base)
		if err != nil {
			return 0, gitError(err, "cannot compute the changes since "+f.Since)
		}
		pre := proj.Prefix
		full := func(p string) string {
			if pre == "" && p != "" {
				return cleanPath(p) // no copy for a clean path: asked once per document
			}
			return path.Join(pre, p)
		}
		opts.InScope = func(p string) bool { return changes.InScope(full(p)) }
		if f.NewOnly {
			opts.KeepLine = func(p string, line int) bool { return changes.KeepLine(full(p), line) }
			opts.DocLevelOK = func(p string) bool { return changes.IsNew(full(p)) }
		}
	}

	if cache != nil {
		opts.Cache = cache
		// A reused result comes with the light documents only, and SARIF
		// shows lines around each result from the full text.
		if !hasFormat(outputs, report.FormatSARIF) {
			opts.ResultKey = resultKey(proj, f, head)
		}
		// The job summary and the markdown report show the traceability
		// graph and a row per document; no other output reads the universe.
		opts.NoUniverse = f.Summary == "" && !hasFormat(outputs, report.FormatMarkdown) &&
			!hasFormat(outputs, report.FormatSARIF)
	}
	res, err := lint.Run(opts)
	if err != nil {
		var re *lint.RunError
		if errors.As(err, &re) {
			return 0, cannotf("%s", re.Error())
		}
		return 0, usagef("%v", err)
	}
	// The cache only saves time: a cache that cannot be written is the
	// same as no cache.
	_ = cache.Flush()
	for _, n := range codeownerNotes {
		res.Notifications = append(res.Notifications, lint.Notification{Path: n.Path, Level: lint.SeverityWarning, Message: n.Message})
	}

	meta := report.Meta{
		ToolName: "rolelint", Version: f.Version,
		InformationURI: "https://github.com/rolelint/rolelint",
		HelpBase:       "https://github.com/rolelint/rolelint/blob/main/docs/rules.md",
		RepoRoot:       proj.Root, SARIFCategory: f.SARIFCategory, Quiet: f.Quiet,
		RemoteURL: remoteURL, Revision: head, Branch: branch,
		SummaryPath: f.Summary,
	}
	if rv, ok := proj.Base.(*gitsrc.Rev); ok {
		meta.Revision = rv.Commit().Hash.String()
	}
	meta.Summary.InScope = opts.InScope // set with --since only

	if f.Baseline != "" {
		b, err := report.LoadBaseline(f.Baseline)
		if err != nil {
			return 0, usagef("%v", err)
		}
		kept, hidden, stale := b.Apply(res.Findings)
		res.Findings = kept
		meta.Summary.BaselineHidden, meta.Summary.BaselineStale = hidden, stale
	}
	if f.WriteBaseline != "" {
		if err := report.WriteBaseline(f.WriteBaseline, res); err != nil {
			return 0, writeError("baseline", f.WriteBaseline, err)
		}
	}
	if f.Summary != "" || hasFormat(outputs, report.FormatMarkdown) {
		meta.Graph = SummaryGraph(res.Universe)
	}

	for _, o := range outputs {
		m := meta
		if o.format == report.FormatText {
			m.Color = useColor(f, o.file == "")
		}
		if o.file == "" {
			err = report.Write(f.Stdout, o.format, res, m)
		} else {
			err = report.WriteFile(o.file, o.format, res, m)
		}
		if err != nil {
			return 0, writeError(o.format+" report", o.file, err)
		}
	}
	if f.Summary != "" && !hasFormat(outputs, report.FormatGitHub) {
		if err := report.AppendSummary(f.Summary, res, meta); err != nil {
			return 0, writeError("job summary", f.Summary, err)
		}
	}
	if res.Fails(failOn) {
		return ExitFindings, nil
	}
	return ExitClean, nil
}

// cleanPath is path.Clean(p), quicker for a path that is clean already, as
// the view's paths are: InScope asks it of each of 40,000 documents on the
// pre-commit hook, where path.Clean took some 4 ms.
func cleanPath(p string) string {
	if lint.CleanRel(p) {
		return p
	}
	return path.Clean(p)
}

// writeError says which output could not be written and why, without the
// name of the temporary file the atomic write used.
func writeError(what, file string, err error) error {
	cause := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		cause = pe.Err.Error()
	}
	hint := ""
	if errors.Is(err, fs.ErrNotExist) {
		hint = ": create the folder first, or write the file elsewhere"
	} else if errors.Is(err, fs.ErrPermission) {
		hint = ": choose a folder you can write to"
	}
	if file == "" {
		return cannotf("cannot write the %s: %s", what, cause)
	}
	return cannotf("cannot write the %s to %s: %s%s", what, file, cause, hint)
}

type output struct{ format, file string }

func hasFormat(outputs []output, format string) bool {
	for _, o := range outputs {
		if o.format == format {
			return true
		}
	}
	return false
}

func parseFormats(specs []string) ([]output, error) {
	if len(specs) == 0 {
		specs = []string{report.FormatText}
	}
	var out []output
	stdout := 0
	for _, s := range specs {
		name, file, _ := strings.Cut(s, "=")
		name = strings.ToLower(strings.TrimSpace(name))
		if !slices.Contains(report.Formats(), name) {
			return nil, usagef("--format %q: use one of %s, optionally =FILE", s, strings.Join(report.Formats(), ", "))
		}
		if file == "" {
			stdout++
		}
		out = append(out, output{format: name, file: file})
	}
	if stdout > 1 {
		return nil, usagef("--format: only one format can go to standard output; give the others a file (--format sarif=out.sarif)")
	}
	return out, nil
}

func parseFailOn(s string) (lint.Severity, bool) {
	switch strings.ToLower(s) {
	case "", "error":
		return lint.SeverityError, true
	case "warning":
		return lint.SeverityWarning, true
	case "note", "info":
		return lint.SeverityNote, true
	case "never", "none":
		return lint.SeverityOff, true
	}
	return lint.SeverityOff, false
}

func parseSets(vals []string) ([]lint.Set, error) {
	var out []lint.Set
	for _, v := range splitAll(vals) {
		switch strings.ToLower(v) {
		case "po", "pm", "rc":
			out = append(out, lint.Set(strings.ToLower(v)))
		default:
			return nil, usagef("--sets %q: use po, pm and rc, comma separated", v)
		}
	}
	return out, nil
}

func splitAll(vals []string) []string {
	var out []string
	for _, v := range vals {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// statPaths stats the path arguments once: whether the run reports on
// every document of its view, and so parses them all (neither --since nor
// files named), and the first path that does not exist, "" when all do.
// Only files named, as by the pre-commit hook, scope a run to them; a
// folder or no path at all means every document in it.
func statPaths(f *Flags) (everything bool, missing string) {
	if f.Since != "" && f.Rev != "" {
		return false, "" // neither answer is asked: no need to stat
	}
	onlyFiles := len(f.Paths) > 0
	for _, p := range f.Paths {
		st, err := os.Stat(p)
		if err != nil && missing == "" {
			missing = p
		}
		onlyFiles = onlyFiles && err == nil && !st.IsDir()
	}
	return f.Since == "" && !onlyFiles, missing
}

// scopePaths turns the path arguments into project-relative paths.
func scopePaths(p *Project, args []string, rev bool) ([]string, error) {
	var out []string
	for _, a := range args {
		if rev || p.Root == "" {
			out = append(out, path.Clean(filepath.ToSlash(a)))
			continue
		}
		abs, err := filepath.Abs(a)
		if err != nil {
			return nil, usagef("bad path %q: %v", a, err)
		}
		rel, err := filepath.Rel(p.Root, abs)
		if err != nil || strings.HasPrefix(rel, "..") {
			return nil, usagef("path %s is outside the project at %s", a, p.Root)
		}
		out = append(out, filepath.ToSlash(rel))
	}
	return out, nil
}

func useColor(f *Flags, toStdout bool) bool {
	if !toStdout {
		return false
	}
	switch f.Color {
	case "always":
		return true
	case "never":
		return false
	}
	getenv := f.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	if getenv("NO_COLOR") != "" {
		return false
	}
	if v := getenv("FORCE_COLOR"); v != "" && v != "0" {
		return true
	}
	return f.IsTerminal
}

// withJobs makes --jobs N bound all of a run's parallelism, not only the
// document workers: the cache's reads and writes, the set-level rules'
// chunks and the git work size themselves by GOMAXPROCS, which it sets to
// N (0 or less leaves it: the default). It returns the function that
// restores it.
func withJobs(n int) func() {
	if n <= 0 {
		return func() {}
	}
	prev := runtime.GOMAXPROCS(n)
	return func() { runtime.GOMAXPROCS(prev) }
}
