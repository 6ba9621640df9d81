package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/rolelint/rolelint/lint"
)

// BaselineVersion is the version of the baseline file format.
const BaselineVersion = 1

// Baseline is a recorded set of accepted findings (--baseline FILE): a
// finding that matches an entry by rule, path and fingerprint is hidden.
// Line numbers are not recorded, so edits elsewhere in a file do not bring
// baselined findings back.
type Baseline struct {
	Version int             `json:"version"`
	Entries []BaselineEntry `json:"entries"`
	path    string          // the file it was loaded from, for messages
}

// BaselineEntry is one accepted finding. Message is informational (for the
// reader of the file); it is not used for matching.
type BaselineEntry struct {
	Rule        string `json:"rule"`
	Path        string `json:"path"`
	Fingerprint string `json:"fingerprint"`
	Message     string `json:"message"`
}

type baselineKey struct{ rule, path, fingerprint string }

// NewBaseline records the unsuppressed findings of res, sorted by path,
// rule and fingerprint (so the file diffs well).
func NewBaseline(res *lint.Result) *Baseline {
	b := &Baseline{Version: BaselineVersion, Entries: []BaselineEntry{}}
	if res == nil {
		return b
	}
	for _, f := range res.Findings {
		if f.Suppressed != nil {
			continue
		}
		b.Entries = append(b.Entries, BaselineEntry{Rule: f.RuleID, Path: f.Path, Fingerprint: Fingerprint(f), Message: f.Message})
	}
	sort.SliceStable(b.Entries, func(i, j int) bool {
		x, y := b.Entries[i], b.Entries[j]
		if x.Path != y.Path {
			return x.Path < y.Path
		}
		if x.Rule != y.Rule {
			return x.Rule < y.Rule
		}
		return x.Fingerprint < y.Fingerprint
	})
	return b
}

// WriteBaseline records the unsuppressed findings of res in path (JSON,
// written atomically).
func WriteBaseline(path string, res *lint.Result) error {
	var buf bytes.Buffer
	if err := encodeJSON(&buf, NewBaseline(res)); err != nil {
		return fmt.Errorf("baseline %s: %w", path, err)
	}
	return writeFileAtomic(path, buf.Bytes())
}

// LoadBaseline reads a baseline file. Errors name the file and, for bad
// JSON, the line and column: "baseline .rolelint-baseline.json:4:22: ...".
func LoadBaseline(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	b, err := parseBaseline(data)
	if err != nil {
		where := path
		var pe *posError
		if errors.As(err, &pe) {
			where = fmt.Sprintf("%s:%d:%d", path, pe.line, pe.col)
		}
		return nil, fmt.Errorf("baseline %s: %v (fix it, or write a new one with --write-baseline %s)", where, err, path)
	}
	b.path = path
	return b, nil
}

// posError is a problem at a line and column of the file.
type posError struct {
	line, col int
	msg       string
}

func (e *posError) Error() string { return e.msg }

func errorAt(data []byte, off int64, format string, args ...any) error {
	line, col := offsetPos(data, off)
	return &posError{line: line, col: col, msg: fmt.Sprintf(format, args...)}
}

func parseBaseline(data []byte) (*Baseline, error) {
	var b Baseline
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			// Offset is just past the offending byte.
			return nil, errorAt(data, syn.Offset-1, "invalid JSON: %v", syn)
		case errors.As(err, &typ):
			return nil, errorAt(data, typ.Offset-1, "%q should be a %v, not a JSON %s", typ.Field, typ.Type, typ.Value)
		case errors.Is(err, io.EOF):
			return nil, errors.New("empty file, want a JSON object with version and entries")
		case errors.Is(err, io.ErrUnexpectedEOF):
			return nil, errorAt(data, int64(len(data)), "invalid JSON: the file ends early")
		}
		return nil, fmt.Errorf("invalid baseline: %v", err)
	}
	if dec.More() {
		return nil, errorAt(data, dec.InputOffset(), "unexpected data after the baseline object")
	}
	if b.Version != BaselineVersion {
		return nil, fmt.Errorf("unsupported version %d (this rolelint reads version %d)", b.Version, BaselineVersion)
	}
	for i, e := range b.Entries {
		if e.Rule == "" || e.Path == "" || e.Fingerprint == "" {
			return nil, fmt.Errorf("entry %d: rule, path and fingerprint are required", i+1)
		}
	}
	return &b, nil
}

// offsetPos converts a byte offset of data to a 1-based line and column.
func offsetPos(data []byte, off int64) (int, int) {
	li := lint.NewLineIndex(data)
	return li.Pos(data, int(off))
}

// Apply hides the findings the baseline records. Each entry hides at most
// one finding, so a second copy of a baselined finding is still reported.
// Suppressed findings pass through untouched and use no entry. It returns
// the findings kept, how many were hidden, and how many entries matched
// nothing (stale: the baseline can shrink).
func (b *Baseline) Apply(findings []lint.Finding) (kept []lint.Finding, hidden int, stale int) {
	remaining := map[baselineKey]int{}
	if b != nil {
		for _, e := range b.Entries {
			remaining[baselineKey{e.Rule, e.Path, e.Fingerprint}]++
		}
	}
	kept = make([]lint.Finding, 0, len(findings))
	for _, f := range findings {
		if f.Suppressed == nil {
			k := baselineKey{f.RuleID, f.Path, Fingerprint(f)}
			if remaining[k] > 0 {
				remaining[k]--
				hidden++
				continue
			}
		}
		kept = append(kept, f)
	}
	for _, n := range remaining {
		stale += n
	}
	return kept, hidden, stale
}

// Path returns the file the baseline was loaded from ("" when built in memory).
func (b *Baseline) Path() string { return b.path }
