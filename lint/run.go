package lint

import (
	"errors"
	"fmt"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/bmatcuk/doublestar/v4"
)

// RunError is an error that stops a run before it can report (exit code 3).
type RunError struct {
	Msg string
	Err error
}

func (e *RunError) Error() string {
	if e.Err != nil {
		return e.Msg + ": " + e.Err.Error()
	}
	return e.Msg
}

func (e *RunError) Unwrap() error { return e.Err }

// Run lints the documents of opts.Source and returns the findings.
func Run(opts Options) (*Result, error) {
	if opts.Source == nil {
		return nil, &RunError{Msg: "no source to lint"}
	}
	cfg := opts.Config
	if cfg == nil {
		cfg = DefaultConfig()
	}
	active, _, err := ActiveRules(cfg, WithMetaRules(opts.Rules), opts.Sets, opts.Enable, opts.Disable)
	if err != nil {
		return nil, err
	}
	jobs := opts.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	maxSize := opts.MaxFileSize
	if maxSize <= 0 {
		maxSize = DefaultMaxFileSize
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}

	files, err := opts.Source.Files()
	if err != nil {
		return nil, &RunError{Msg: "cannot list the files of " + opts.Source.Name(), Err: err}
	}
	res := &Result{}
	for _, n := range opts.Source.Notes() {
		res.Notifications = append(res.Notifications, Notification{Path: n.Path, Level: SeverityNote, Message: n.Message})
	}

	allPaths := make([]string, 0, len(files))
	candidates := make([]File, 0, len(files))
	for _, f := range files {
		allPaths = append(allPaths, f.Path)
		if !IsMarkdown(f.Path) || ignored(cfg.Ignore, f.Path) {
			continue
		}
		if f.Size > maxSize {
			res.Notifications = append(res.Notifications, Notification{Path: f.Path, Level: SeverityNote,
				Message: fmt.Sprintf("skipped: %d bytes is over the %d-byte limit (--max-file-size)", f.Size, maxSize)})
			continue
		}
		candidates = append(candidates, f)
	}

	inScope, scoped := decideScope(opts, candidates, jobs)

	cache := opts.Cache
	var sidecars map[string]File // kep.yaml files, for the cache keys of READMEs
	if cache != nil {
		sidecars = sidecarFiles(files)
	}
	keys := cacheKeys(cache, sidecars, candidates)
	resultKey := ""
	var read [][]byte // files fillKeys has read already
	// A whole result is kept for runs that report on everything: the cache
	// holds one, and a pre-commit hook naming the files it commits would
	// otherwise replace the full run's result with its own.
	if cache != nil && opts.ResultKey != "" && opts.InScope == nil && opts.KeepLine == nil && coversAll(opts.Paths) {
		read = fillKeys(opts.Source, sidecars, candidates, keys, maxSize, jobs)
		resultKey = runKey(opts, now, files, candidates, keys, maxSize)
		if hit, docs := cachedRun(cache, resultKey, candidates, keys, jobs, opts.NoUniverse); hit != nil {
			if !opts.NoUniverse {
				hit.Universe = runUniverse(docs, nil, allPaths, cfg, opts.Owners, inScope)
			}
			hit.Rules = active
			return hit, nil
		}
	}

	// A run that reports on every document asks for every spec's last
	// change: a history that can be walked in the background is walked
	// while the documents are parsed.
	if pf, ok := opts.Git.(interface{ Prefetch() }); ok && opts.InScope == nil && len(opts.Paths) == 0 {
		for _, r := range active {
			if r.NeedsGit {
				pf.Prefetch()
				break
			}
		}
	}

	ld := &loader{opts: opts, sidecars: sidecars, candidates: candidates, keys: keys, read: read,
		scoped: scoped, cache: cache, maxSize: maxSize, parser: NewParser(cfg)}
	ld.parser.Sidecar = func(p string) ([]byte, bool) {
		b, err := opts.Source.Read(p, maxSize)
		return b, err == nil
	}
	docs := make([]*Doc, len(candidates))
	notes := make([]*Notification, len(candidates))
	parallel(len(candidates), jobs, func(i int) { docs[i], notes[i] = ld.load(i) })
	parsed := make([]*Doc, 0, len(candidates))
	parsedScope := make([]bool, 0, len(candidates))
	for i := range candidates {
		if notes[i] != nil {
			res.Notifications = append(res.Notifications, *notes[i])
		}
		if docs[i] != nil {
			parsed = append(parsed, docs[i])
			parsedScope = append(parsedScope, scoped[i])
		}
	}
	u := runUniverse(parsed, parsedScope, allPaths, cfg, opts.Owners, inScope)
	res.Universe = u
	res.Rules = active
	res.DocsScanned = len(u.Files)
	for _, f := range u.Files {
		if f.Kind != KindUnknown && u.DocInScope(f) {
			res.DocsInScope++
		}
	}

	// One bounded pool runs the set-level rules (CheckAll) and the
	// per-document checks together: the set-level rules are queued first,
	// since each one is a long job, and the documents fill the other workers.
	// Findings are kept per job so that the result does not depend on
	// scheduling.
	var setRules []*Rule
	for _, r := range active {
		if r.CheckAll != nil {
			setRules = append(setRules, r)
		}
	}
	units := u.Docs
	perJob := make([][]Finding, len(setRules)+len(units))
	jobNotes := make([][]Notification, len(perJob))
	parallel(len(perJob), jobs, func(i int) {
		if i < len(setRules) {
			r := setRules[i]
			out, note := runCheck(r, r.CheckAll, nil, u, cfg, opts.Git, now)
			jobNotes[i] = note
			kept := out[:0]
			for _, f := range out {
				if inScope(f.Path) {
					kept = append(kept, f)
				}
			}
			perJob[i] = kept
			return
		}
		d := units[i-len(setRules)]
		if d.Kind == KindUnknown || !u.DocInScope(d) {
			return
		}
		var out []Finding
		for _, r := range active {
			if r.Check == nil || !r.AppliesTo(d.Kind) {
				continue
			}
			found, note := runCheck(r, r.Check, d, u, cfg, opts.Git, now)
			out = append(out, found...)
			jobNotes[i] = append(jobNotes[i], note...)
		}
		perJob[i] = out
	})
	if cache != nil {
		parallel(len(candidates), jobs, func(i int) {
			// Light is only worked out for what the cache does not hold yet.
			if d := docs[i]; d != nil && !d.Summary && keys[i] != "" && !cache.holds(d.Path, keys[i]) {
				cache.Store(d.Path, keys[i], d.Light(u))
			}
		})
	}
	u.forgetMemo()
	for _, ns := range jobNotes {
		res.Notifications = append(res.Notifications, ns...)
	}
	res.Notifications = append(res.Notifications, historyNotes(opts.Git, active)...)
	n := 0
	for _, fs := range perJob {
		n += len(fs)
	}
	findings := make([]Finding, 0, n)
	for _, fs := range perJob[len(setRules):] {
		findings = append(findings, fs...)
	}
	for _, fs := range perJob[:len(setRules)] {
		findings = append(findings, fs...)
	}

	// Engine diagnostics and suppressions, file by file.
	byPath := map[string][]int{}
	for i, f := range findings {
		byPath[f.Path] = append(byPath[f.Path], i)
	}
	known := ruleLookup(opts.Rules)
	for _, d := range u.Files {
		if !u.DocInScope(d) {
			continue
		}
		for _, p := range d.Problems {
			findings = append(findings, metaFinding(cfg, ParseErrorRule, d, p.Line, p.Col, p.Message))
		}
		dirs, probs := ParseSuppressions(d, known)
		for _, p := range probs {
			findings = append(findings, metaFinding(cfg, InvalidSuppressionRule, d, p.Line, p.Col, p.Message))
		}
		if len(dirs) == 0 {
			continue
		}
		idx := byPath[d.Path]
		sub := make([]Finding, len(idx))
		for j, i := range idx {
			sub[j] = findings[i]
		}
		unused := ApplySuppressions(d, sub, dirs)
		for j, i := range idx {
			findings[i] = sub[j]
		}
		for _, f := range unused {
			findings = append(findings, metaFinding(cfg, UnusedSuppressionRule, d, f.Line, f.Col, f.Message))
		}
	}

	// --new-only, snippets, severities switched off by config.
	kept := findings[:0]
	for _, f := range findings {
		if f.Severity == SeverityOff {
			continue
		}
		if opts.KeepLine != nil && !opts.KeepLine(f.Path, f.Line) {
			if !f.DocLevel || opts.DocLevelOK == nil || !opts.DocLevelOK(f.Path) {
				continue
			}
		}
		if f.Snippet == "" {
			if d := u.ByPath(f.Path); d != nil {
				f.Snippet = printable(d.Line(f.Line))
			}
		}
		if f.Line < 1 {
			f.Line = 1
		}
		if f.Col < 1 {
			f.Col = 1
		}
		if f.EndLine < f.Line {
			f.EndLine = f.Line
		}
		if f.EndCol < 1 && f.EndLine == f.Line {
			f.EndCol = utf8.RuneCountInString(f.Snippet) + 1
			if f.EndCol <= f.Col {
				f.EndCol = f.Col + 1
			}
		}
		if f.EndCol < 1 {
			f.EndCol = 1
		}
		kept = append(kept, f)
	}
	SortFindings(kept)
	res.Findings = kept
	sort.SliceStable(res.Notifications, func(i, j int) bool {
		a, b := res.Notifications[i], res.Notifications[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Message < b.Message
	})
	if cache != nil {
		view := make(map[string]string, len(candidates))
		for i, f := range candidates {
			if keys[i] != "" {
				view[f.Path] = keys[i]
			}
		}
		cache.setView(view)
		if resultKey != "" && len(view) == len(candidates) {
			cache.storeResult(resultKey, res)
		}
	}
	return res, nil
}

// decideScope decides the scope of every candidate once, up front (the
// caller's InScope may compare contents), and returns the answer as a
// function, which rules ask many times, and candidate by candidate.
func decideScope(opts Options, candidates []File, jobs int) (func(string) bool, []bool) {
	paths := cleanScope(opts.Paths)
	decide := func(p string) bool {
		return inCleanScope(paths, p) && (opts.InScope == nil || opts.InScope(p))
	}
	scoped := make([]bool, len(candidates))
	// Workers take runs of candidates, not one each: a decision is often a
	// map lookup, cheaper than handing it to a worker. Runs stay short
	// enough to share out the decisions that read and hash a file.
	chunk := max(1, min(256, len(candidates)/(32*max(jobs, 1))))
	parallel((len(candidates)+chunk-1)/chunk, jobs, func(c int) {
		for i := c * chunk; i < min(len(candidates), (c+1)*chunk); i++ {
			scoped[i] = decide(candidates[i].Path)
		}
	})
	sorted := true
	for i := 1; i < len(candidates) && sorted; i++ {
		sorted = candidates[i-1].Path < candidates[i].Path
	}
	if sorted {
		// A view lists its files sorted, each once: the answer is found by
		// binary search instead of a map of every candidate built for a few
		// questions.
		return func(p string) bool {
			i := sort.Search(len(candidates), func(i int) bool { return candidates[i].Path >= p })
			if i < len(candidates) && candidates[i].Path == p {
				return scoped[i]
			}
			return decide(p)
		}, scoped
	}
	scope := make(map[string]bool, len(candidates))
	for i, f := range candidates {
		scope[f.Path] = scoped[i]
	}
	return func(p string) bool {
		if v, ok := scope[p]; ok {
			return v
		}
		return decide(p)
	}, scoped
}

// runUniverse indexes a run's documents and gives the universe what rules
// read besides them: the roles, the code owners and the run's scope, marked
// on every document (scoped[i] is docs[i]'s when known, else inScope's).
func runUniverse(docs []*Doc, scoped []bool, allPaths []string, cfg *Config, owners CodeOwners, inScope func(string) bool) *Universe {
	for i, d := range docs {
		if scoped != nil {
			d.markScope(scoped[i])
		} else {
			d.markScope(inScope(d.Path))
		}
	}
	u := NewUniverse(docs, allPaths)
	u.Roles = NewRoleIndex(cfg.Roles)
	u.Owners = owners
	u.inScope = inScope
	return u
}

// loader gives each candidate of a run its Doc: from the cache (light) when
// it is out of scope and cached, else read (or taken from what fillKeys
// read) and parsed, and made light when out of scope.
type loader struct {
	opts       Options
	sidecars   map[string]File // kep.yaml files by path
	candidates []File
	keys       []string // cache keys; filled in for files hashed here
	read       [][]byte // bytes fillKeys read, or nil
	scoped     []bool   // each candidate's scope
	cache      *Cache
	maxSize    int64
	parser     *Parser
}

// load returns candidate i's Doc, or a notification when it cannot be read.
// Calls for different i may run at the same time.
func (l *loader) load(i int) (*Doc, *Notification) {
	f := l.candidates[i]
	var src []byte
	if l.read != nil {
		src, l.read[i] = l.read[i], nil
	}
	out := !l.scoped[i]
	if out {
		if d := l.cache.Lookup(f.Path, l.keys[i]); d != nil {
			return d, nil
		}
	}
	if src == nil {
		var err error
		if src, err = l.opts.Source.Read(f.Path, l.maxSize); err != nil {
			msg, lvl := "cannot read: "+err.Error(), SeverityError
			if errors.Is(err, ErrTooLarge) {
				msg, lvl = fmt.Sprintf("skipped: over the %d-byte limit (--max-file-size)", l.maxSize), SeverityNote
			}
			return nil, &Notification{Path: f.Path, Level: lvl, Message: msg}
		}
	}
	if l.cache != nil && l.keys[i] == "" {
		l.keys[i] = contentKey(l.opts.Source, f.Path, src, l.sidecars, l.maxSize)
	}
	d := l.parser.Parse(f.Path, src)
	if out {
		// Outside the scope only what other documents' rules read is kept.
		d = d.Light(nil)
		l.cache.Store(f.Path, l.keys[i], d)
	}
	return d, nil
}

// HistoryError is implemented by GitFacts that can fail: Err returns the
// error that kept the history from being read, once a rule has asked for it
// (nil when none asked, so a run that needs no history never walks it).
type HistoryError interface {
	Err() error
}

// historyNotes tells, once per rule that reads the history, that the rule
// went without it: nothing is skipped without a word.
func historyNotes(g GitFacts, active []*Rule) []Notification {
	he, ok := g.(HistoryError)
	if !ok {
		return nil
	}
	err := he.Err()
	if err == nil {
		return nil
	}
	var out []Notification
	for _, r := range active {
		if r.NeedsGit {
			out = append(out, Notification{Level: SeverityError, Message: fmt.Sprintf(
				"%s (%s) was not checked: cannot read the commit history: %v", r.ID, r.Name, err)})
		}
	}
	return out
}

// runCheck runs one rule on one unit (or, with d nil, on the universe) and
// returns its findings; a panic in the rule becomes a notification instead
// of a crash.
func runCheck(r *Rule, check func(*Pass), d *Doc, u *Universe, cfg *Config, g GitFacts, now time.Time) (out []Finding, notes []Notification) {
	p := NewPass(r, d, u, cfg, g, now, func(f Finding) { out = append(out, f) })
	defer func() {
		if x := recover(); x != nil {
			path, where := "", "the repository"
			if d != nil {
				path, where = d.Path, d.Path
			}
			notes = []Notification{{Path: path, Level: SeverityError,
				Message: fmt.Sprintf("internal error in rule %s on %s (please report it): %v", r.ID, where, x)}}
		}
	}()
	check(p)
	return out, nil
}

func metaFinding(cfg *Config, r *Rule, d *Doc, line, col int, msg string) Finding {
	sev := r.Severity
	if s, ok := cfg.RuleSeverity(r.ID); ok {
		sev = s
	}
	if line < 1 {
		line = 1
	}
	return Finding{RuleID: r.ID, RuleName: r.Name, Severity: sev, Path: d.Path, Line: line, Col: col,
		Message: msg, Context: r.ID + "|" + NormText(d.Line(line)) + "|" + msg}
}

// ruleLookup maps a rule ID or name, any case, to its ID.
func ruleLookup(catalog []*Rule) func(string) string {
	m := map[string]string{}
	for _, r := range WithMetaRules(catalog) {
		m[strings.ToUpper(r.ID)] = r.ID
		m[strings.ToUpper(r.Name)] = r.ID
	}
	return func(s string) string { return m[strings.ToUpper(strings.TrimSpace(s))] }
}

// SortFindings orders findings by path, line, column, rule ID, message.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		if a.RuleID != b.RuleID {
			return a.RuleID < b.RuleID
		}
		return a.Message < b.Message
	})
}

// parallel calls fn(i) for i in [0,n) on at most jobs goroutines.
func parallel(n, jobs int, fn func(int)) {
	if jobs > n {
		jobs = n
	}
	if jobs <= 1 {
		for i := 0; i < n; i++ {
			fn(i)
		}
		return
	}
	// Workers take the next index from a shared counter: a hook hands out
	// tens of thousands of cheap jobs (a cached document to decode), for
	// which a channel's hand-over, parking and waking the sender, cost more
	// than the jobs. Indexes are still taken in order, so long jobs queued
	// first start first.
	var wg sync.WaitGroup
	var next atomic.Int64
	for w := 0; w < jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				fn(i)
			}
		}()
	}
	wg.Wait()
}

// cleanScope cleans the paths of a scope once, for inCleanScope: a run asks
// about every document, and the pre-commit hook names each file committed.
// "." or "/" (everything) becomes "".
func cleanScope(paths []string) []string {
	out := make([]string, len(paths))
	for i, s := range paths {
		if s = strings.TrimSuffix(path.Clean(s), "/"); s != "." {
			out[i] = s
		}
	}
	return out
}

// coversAll reports whether paths scope a run to the whole view: none, or
// one that names the root.
func coversAll(paths []string) bool {
	return len(paths) == 0 || slices.Contains(cleanScope(paths), "")
}

// inCleanScope reports whether p lies under one of paths (files or folders,
// repo-relative, cleaned by cleanScope); no paths means everything.
func inCleanScope(paths []string, p string) bool {
	if len(paths) == 0 {
		return true
	}
	for _, s := range paths {
		if s == "" || p == s || len(p) > len(s) && p[len(s)] == '/' && p[:len(s)] == s {
			return true
		}
	}
	return false
}

func ignored(globs []string, p string) bool {
	for _, g := range globs {
		if ok, _ := doublestar.Match(g, p); ok {
			return true
		}
		if ok, _ := doublestar.Match(strings.TrimSuffix(g, "/")+"/**", p); ok {
			return true
		}
	}
	return false
}

// printable replaces control characters and invalid UTF-8 in a source
// excerpt so that a binary file cannot garble a terminal or a report.
func printable(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || (r < 0x20 && r != '\t') || r == 0x7f {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r == utf8.RuneError || (r < 0x20 && r != '\t') || r == 0x7f {
			b.WriteRune('\uFFFD')
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
