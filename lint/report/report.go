// Package report renders a lint.Result in every output format rolelint
// offers: text for terminals, JSON for scripts, SARIF 2.1.0 for code
// scanning, GitHub workflow commands for annotations, and a Markdown summary
// for job summaries. Every format is deterministic, byte for byte, for the
// same input: no timestamps, no map order.
package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// Meta is what a report needs besides the result: who made it, where the
// repository lives, and how the caller wants it shown.
type Meta struct {
	ToolName       string // "rolelint" when empty
	Version        string // the tool's version, e.g. 1.2.0 or v1.2.0-rc.1; "dev" when empty
	InformationURI string // the tool's home page (absolute URI); DefaultInformationURI when empty
	// HelpBase is the page that documents every rule; a rule's help link is
	// HelpBase + "#" + lower(rule ID), e.g.
	// https://github.com/rolelint/rolelint/blob/main/docs/rules.md#po003.
	HelpBase string

	RepoRoot  string // absolute path of the repository root on disk ("" when unknown)
	RemoteURL string // the origin remote as configured (https, ssh or scp-like); credentials are never printed
	Revision  string // commit the findings refer to
	Branch    string // e.g. refs/heads/main or main

	SARIFCategory string // SARIF automationDetails.id (code scanning category); "/" is appended when missing

	Color          bool // text: emit ANSI colors (the caller decides: tty, NO_COLOR, FORCE_COLOR, --color)
	Quiet          bool // text and github: no summary line
	ShowSuppressed bool // text and the Markdown summary: also show findings hidden by inline suppressions (JSON and SARIF always include them, marked)

	// SummaryPath, when set, makes the github format also append the Markdown
	// job summary to this file (the runner's $GITHUB_STEP_SUMMARY).
	SummaryPath string
	// Graph is a pre-rendered Mermaid block (with its ```mermaid fence) that
	// the Markdown summary shows under "## Traceability" when non-empty.
	Graph string

	Summary Summary
}

// Summary holds run facts the Result does not carry.
type Summary struct {
	// BaselineHidden is the number of findings hidden by --baseline.
	BaselineHidden int
	// BaselineStale is the number of baseline entries that matched nothing.
	BaselineStale int
	// InScope, when set, limits the per-document table of the Markdown
	// summary to these paths (the run's scope); nil means every document.
	InScope func(path string) bool
}

// Format names.
const (
	FormatText     = "text"
	FormatJSON     = "json"
	FormatSARIF    = "sarif"
	FormatGitHub   = "github"
	FormatMarkdown = "markdown"
)

// Formats lists the output formats, in the order the CLI documents them.
func Formats() []string {
	return []string{FormatText, FormatJSON, FormatSARIF, FormatGitHub, FormatMarkdown}
}

// Write renders res in format to w.
func Write(w io.Writer, format string, res *lint.Result, m Meta) error {
	if res == nil {
		res = &lint.Result{}
	}
	var buf bytes.Buffer
	var err error
	// The line formats go out in chunks as they are rendered, so a report of
	// 100,000 findings is never held whole in memory; the other formats are
	// one document each and are rendered first.
	flush := func() error {
		if buf.Len() < streamChunk {
			return nil
		}
		_, err := w.Write(buf.Bytes())
		buf.Reset()
		return err
	}
	switch format {
	case FormatText:
		err = writeText(&buf, res, m, flush)
	case FormatJSON:
		err = writeJSON(&buf, res, m)
	case FormatSARIF:
		err = writeSARIF(&buf, res, m)
	case FormatGitHub:
		err = writeGitHub(&buf, res, m, flush)
		if err == nil && m.SummaryPath != "" {
			err = AppendSummary(m.SummaryPath, res, m)
		}
	case FormatMarkdown:
		err = WriteSummary(&buf, res, m)
	default:
		return fmt.Errorf("unknown output format %q (want one of %s)", format, strings.Join(Formats(), ", "))
	}
	if err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// streamChunk is how much rendered text Write collects before writing it.
const streamChunk = 64 << 10

// WriteFile renders res in format to path atomically: it writes a temporary
// file in the same directory and renames it over path, so a reader never sees
// a half-written report and a failed run leaves the old file in place.
func WriteFile(path, format string, res *lint.Result, m Meta) error {
	var buf bytes.Buffer
	if err := Write(&buf, format, res, m); err != nil {
		return err
	}
	return writeFileAtomic(path, buf.Bytes())
}

// writeFileAtomic replaces path with data through a temporary file in the
// same directory (a rename is only atomic within one file system).
func writeFileAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	mode := os.FileMode(0o644)
	if fi, statErr := os.Stat(path); statErr == nil && fi.Mode().IsRegular() {
		mode = fi.Mode().Perm()
	}
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Chmod(mode); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// Fingerprint identifies a finding across commits: a hex SHA-256 (32
// characters) of the rule ID, the path and the finding's stable context,
// never its line, so that inserting lines above a finding keeps it the same
// finding (SARIF partialFingerprints, baselines). A finding without a context
// falls back to its normalised message and source line.
func Fingerprint(f lint.Finding) string {
	ctx := f.Context
	if ctx == "" {
		ctx = "message|" + lint.NormText(f.Message) + "|" + lint.NormText(f.Snippet)
	}
	h := sha256.New()
	for _, part := range []string{f.RuleID, f.Path, ctx} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// toolName returns the tool's display name.
func (m Meta) toolName() string {
	if m.ToolName != "" {
		return m.ToolName
	}
	return "rolelint"
}

// version returns the tool's version, "dev" when unknown.
func (m Meta) version() string {
	if m.Version != "" {
		return m.Version
	}
	return "dev"
}

// numericVersion returns the version in a form that starts with a number,
// as SARIF consumers compare versions: "v1.2.0" becomes "1.2.0", "dev"
// becomes "0.0.0-dev".
func (m Meta) numericVersion() string {
	v := strings.TrimPrefix(m.version(), "v")
	if v != "" && v[0] >= '0' && v[0] <= '9' {
		return v
	}
	clean := strings.Map(func(r rune) rune {
		if r == '-' || r == '.' || ('0' <= r && r <= '9') || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') {
			return r
		}
		return '-'
	}, v)
	return "0.0.0-" + strings.Trim(clean, "-.")
}

// DefaultInformationURI is the tool's home page, used when Meta.InformationURI is empty.
const DefaultInformationURI = "https://github.com/rolelint/rolelint"

func (m Meta) informationURI() string {
	if m.InformationURI != "" {
		return m.InformationURI
	}
	return DefaultInformationURI
}

// helpURI returns the documentation link of a rule, "" without HelpBase.
func (m Meta) helpURI(ruleID string) string {
	if m.HelpBase == "" {
		return ""
	}
	base := m.HelpBase
	if i := strings.IndexByte(base, '#'); i >= 0 {
		base = base[:i]
	}
	return base + "#" + strings.ToLower(ruleID)
}

// startLine is the line a finding is shown at: whole-file findings (line 0)
// are reported at line 1.
func startLine(f lint.Finding) int {
	if f.Line < 1 {
		return 1
	}
	return f.Line
}

// shown reports whether a human-facing format shows f.
func (m Meta) shown(f lint.Finding) bool {
	return f.Suppressed == nil || m.ShowSuppressed
}

// notificationLevel is the severity a notification is shown with: one left
// at SeverityOff is a note.
func notificationLevel(n lint.Notification) lint.Severity {
	if n.Level == lint.SeverityOff {
		return lint.SeverityNote
	}
	return n.Level
}

// snippetOf returns the source line of f: f.Snippet, or the line read from
// the document when the engine left it empty.
func snippetOf(res *lint.Result, f lint.Finding) string {
	if f.Snippet != "" || res.Universe == nil || f.Path == "" {
		return f.Snippet
	}
	if d := res.Universe.ByPath(f.Path); d != nil {
		return d.Line(startLine(f))
	}
	return ""
}

// ruleIndex maps rule IDs to the rules that describe them: the active rules
// first, then the engine's own diagnostics.
func ruleIndex(res *lint.Result) map[string]*lint.Rule {
	m := map[string]*lint.Rule{}
	for _, r := range lint.MetaRules() {
		m[r.ID] = r
	}
	for _, r := range res.Rules {
		if r != nil {
			m[r.ID] = r
		}
	}
	return m
}

// plural returns "1 error" or "3 errors".
func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// SummaryLine is the one-line tally shown last by the text and github
// formats: "3 errors, 1 warning, 2 notes in 12 documents (40 scanned)", or
// "no findings in 12 documents (40 scanned)". Suppressed findings and the
// baseline are mentioned when they hid anything.
func SummaryLine(res *lint.Result, m Meta) string {
	c := res.Counts()
	var parts []string
	if n := c[lint.SeverityError]; n > 0 {
		parts = append(parts, plural(n, "error", "errors"))
	}
	if n := c[lint.SeverityWarning]; n > 0 {
		parts = append(parts, plural(n, "warning", "warnings"))
	}
	if n := c[lint.SeverityNote]; n > 0 {
		parts = append(parts, plural(n, "note", "notes"))
	}
	tally := strings.Join(parts, ", ")
	if tally == "" {
		tally = "no findings"
	}
	extra := []string{fmt.Sprintf("%d scanned", res.DocsScanned)}
	if n := suppressedCount(res); n > 0 {
		extra = append(extra, fmt.Sprintf("%d suppressed", n))
	}
	if n := m.Summary.BaselineHidden; n > 0 {
		extra = append(extra, fmt.Sprintf("%d in baseline", n))
	}
	if n := m.Summary.BaselineStale; n > 0 {
		extra = append(extra, plural(n, "stale baseline entry", "stale baseline entries"))
	}
	return fmt.Sprintf("%s in %s (%s)", tally, plural(res.DocsInScope, "document", "documents"), strings.Join(extra, ", "))
}

func suppressedCount(res *lint.Result) int {
	n := 0
	for _, f := range res.Findings {
		if f.Suppressed != nil {
			n++
		}
	}
	return n
}

// sanitizeTerminal replaces control characters (ANSI escapes hidden in a
// document, carriage returns) so that printing untrusted text cannot drive
// the terminal. Tabs are kept.
func sanitizeTerminal(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' {
			return r
		}
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return '\uFFFD'
		}
		return r
	}, s)
}
