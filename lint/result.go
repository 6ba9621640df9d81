package lint

import "time"

// Options of one run. main builds them from flags; tests build them directly.
type Options struct {
	Source Source
	Config *Config
	Rules  []*Rule // the catalog (rules.All()); Config, Sets, Enable and Disable pick the active ones

	Sets    []Set    // empty = all
	Enable  []string // rule IDs turned on whatever the config says
	Disable []string // rule IDs turned off

	// Paths narrow the scope to files or folders (repo-relative). Empty = all.
	Paths []string
	// InScope, when set, further narrows the scope (for --since).
	InScope func(path string) bool
	// KeepLine, when set, drops findings on lines it rejects unless the
	// finding is document-level and DocLevelOK(path) (for --new-only).
	KeepLine   func(path string, line int) bool
	DocLevelOK func(path string) bool

	Jobs        int   // parallelism; <= 0 means GOMAXPROCS
	MaxFileSize int64 // bytes; <= 0 means DefaultMaxFileSize
	Git         GitFacts
	Owners      CodeOwners
	Now         time.Time // for PM013; zero means time.Now()

	// Cache, when set, holds the light documents of earlier runs (read
	// instead of parsing documents outside the scope) and receives this
	// run's; the caller calls Cache.Flush. ResultKey, when set too, lets an
	// unscoped run (no InScope, no KeepLine) reuse the whole result of an
	// earlier run over the same view: it must identify what Run cannot see
	// itself, the configuration, CODEOWNERS and the commit history (see
	// runKey for the rest).
	Cache     *Cache
	ResultKey string
	// NoUniverse tells that the caller reads nothing of Result.Universe
	// (no job summary, no graph): a reused result then comes without one,
	// and the cached documents are not decoded to build it.
	NoUniverse bool
}

// DefaultMaxFileSize is the size above which a file is skipped with a note.
const DefaultMaxFileSize = 4 << 20

// Notification is a per-file problem of the run itself (unreadable file,
// skipped file): it is not a finding about the document's content.
type Notification struct {
	Path    string
	Line    int
	Level   Severity // SeverityError for failures, SeverityNote for skips
	Message string
}

// Result of a run.
type Result struct {
	// Findings in scope, sorted by path, line, column, rule ID, message.
	// Suppressed findings are included with Suppressed set; reporters decide
	// whether to show them.
	Findings      []Finding
	Notifications []Notification
	Rules         []*Rule // the active rules, sorted by ID
	Universe      *Universe
	DocsInScope   int // files reported on
	DocsScanned   int // files parsed (the universe)
}

// Counts returns the number of unsuppressed findings per severity.
func (r *Result) Counts() map[Severity]int {
	m := map[Severity]int{}
	for _, f := range r.Findings {
		if f.Suppressed == nil {
			m[f.Severity]++
		}
	}
	return m
}

// Fails reports whether any unsuppressed finding is at or above failOn
// (SeverityOff means never).
func (r *Result) Fails(failOn Severity) bool {
	if failOn == SeverityOff {
		return false
	}
	for _, f := range r.Findings {
		if f.Suppressed == nil && f.Severity >= failOn {
			return true
		}
	}
	return false
}
