package rules

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/rolelint/rolelint/lint"
)

// fuzzPaths are where the fuzzed document is put: each path makes the
// classifier pick a different kind, so every rule gets its turn.
var fuzzPaths = []string{
	"backlog/US-9.md", "docs/specs/fuzz.md", "VISION.md", "BACKLOG.md", "rfcs/0001-fuzz.md",
	"epics/EPIC-9.md", "bugs/BUG-9.md", "docs/adr/0001-fuzz.md", "README.md", "docs/prd/fuzz.md",
}

// fuzzNeighbours are the other documents of the fuzzed repository, so that
// cross-document rules (links, ids, owners, vision) have something to chew on.
var fuzzNeighbours = map[string]string{
	"docs/VISION.md": "---\nkind: vision\nowner: \"@maya\"\n---\n# Vision\n\nFinance closes the month in one day.\n",
	"backlog/EPIC-1.md": "---\ntype: epic\nid: EPIC-1\nowner: \"@omar\"\npriority: high\nproduct_goal: ../docs/VISION.md\n---\n" +
		"# EPIC-1 Reporting\n\nReporting for finance.\n",
	"docs/specs/export.md": "---\nkind: spec\nstatus: draft\nowner: \"@maya\"\n---\n# Export\n\n## Problem\n\nSlow.\n\n## Goals\n\n- fast\n\n" +
		"## Non-goals\n\n- pdf\n\n## Success metrics\n\n- 10 s p95\n\nSee [vision](../VISION.md) and [epic](../../backlog/EPIC-1.md).\n",
	".github/CODEOWNERS": "* @maya\n/backlog/ @omar\n",
}

// fuzzConfig turns on what the default config leaves off (roles, a backlog
// file with items, CODEOWNERS) for half of the inputs.
const fuzzConfig = `version: 1
documents:
  - kind: backlog
    paths: ["BACKLOG.md"]
    item-heading-level: 2
vision: [docs/VISION.md]
roles:
  product-managers: ["@maya"]
  product-owners: ["@omar"]
  codeowners: true
`

// FuzzRunAllRules runs the whole catalog on a fuzzed document placed next to
// a few well-formed ones. No rule may panic (the engine would recover and
// report an internal error), every finding must point into its file, and the
// result must not depend on --jobs.
func FuzzRunAllRules(f *testing.F) {
	for i, seed := range fuzzSeeds(f) {
		f.Add(uint8(i), seed)
	}
	catalog := All()
	configured, err := lint.LoadConfig(".rolelint.yml", []byte(fuzzConfig), catalog)
	if err != nil {
		f.Fatalf("the fuzz config does not load: %v", err)
	}
	now := time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, which uint8, src []byte) {
		stop := time.AfterFunc(20*time.Second, func() {
			panic(fmt.Sprintf("running all rules still going after 20s (a hang) on %d, %q", which, src))
		})
		defer stop.Stop()

		data := map[string][]byte{}
		for p, s := range fuzzNeighbours {
			data[p] = []byte(s)
		}
		fuzzed := fuzzPaths[int(which&0x7f)%len(fuzzPaths)]
		data[fuzzed] = src
		cfg := lint.DefaultConfig()
		if which&0x80 != 0 {
			cfg = configured
		}
		run := func(jobs int) *lint.Result {
			res, err := lint.Run(lint.Options{Source: &lint.MemSource{Data: data}, Config: cfg, Rules: catalog, Jobs: jobs, Now: now})
			if err != nil {
				t.Fatalf("Run failed: %v", err)
			}
			return res
		}
		res := run(1)
		checkResult(t, res, data)
		// A second run costs as much as the first: check determinism on one
		// input in four, which keeps the fuzzer fast and still samples widely.
		if len(src)%4 == 0 {
			if a, b := renderFindings(res), renderFindings(run(3)); a != b {
				t.Fatalf("findings differ between 1 and 3 jobs:\n%s\n---\n%s", a, b)
			}
		}
	})
}

// checkResult asserts that no rule or parser crashed and that every finding
// names a file of the run and a line inside it.
func checkResult(t *testing.T, res *lint.Result, data map[string][]byte) {
	t.Helper()
	for _, n := range res.Notifications {
		if strings.Contains(n.Message, "internal") {
			t.Fatalf("%s: %s", n.Path, n.Message)
		}
	}
	for _, d := range res.Universe.Files {
		for _, p := range d.Problems {
			if strings.Contains(p.Message, "internal parser error") {
				t.Fatalf("%s: %s", d.Path, p.Message)
			}
		}
	}
	for _, f := range res.Findings {
		if _, ok := data[f.Path]; !ok {
			t.Fatalf("finding %s %q names %q, not a file of the run", f.RuleID, f.Message, f.Path)
		}
		d := res.Universe.ByPath(f.Path)
		lines := 1
		if d != nil && d.Lines != nil {
			lines = max(d.Lines.Count(), 1)
		}
		if f.RuleID == "" || f.Message == "" || f.Severity == lint.SeverityOff {
			t.Fatalf("finding without rule, message or severity: %+v", f)
		}
		if f.Line < 1 || f.Line > lines || f.Col < 1 || f.EndLine < f.Line {
			t.Fatalf("finding %s %q at %d:%d-%d:%d is outside %s (%d lines)", f.RuleID, f.Message, f.Line, f.Col, f.EndLine, f.EndCol, f.Path, lines)
		}
	}
}

func renderFindings(res *lint.Result) string {
	var b strings.Builder
	for _, f := range res.Findings {
		fmt.Fprintf(&b, "%s:%d:%d-%d:%d %s %s %s %v\n", f.Path, f.Line, f.Col, f.EndLine, f.EndCol, f.Severity, f.RuleID, f.Message, f.Suppressed != nil)
	}
	for _, n := range res.Notifications {
		fmt.Fprintf(&b, "note %s:%d %s %s\n", n.Path, n.Line, n.Level, n.Message)
	}
	return b.String()
}

// fuzzSeedMax keeps seeds small: the mutator works best on small inputs and
// the seeds also run in every `go test`.
const fuzzSeedMax = 16 << 10

// fuzzSeeds are the Markdown files of the rule fixtures plus a sample of the
// real corpora in ../shared/corpus (when present), sorted for determinism.
func fuzzSeeds(f *testing.F) [][]byte {
	var seeds [][]byte
	add := func(root string, perDir int) {
		var files []string
		_ = filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
			if err == nil && !e.IsDir() && strings.HasSuffix(p, ".md") {
				files = append(files, p)
			}
			return nil
		})
		sort.Strings(files)
		taken := map[string]int{}
		for _, p := range files {
			top := strings.SplitN(strings.TrimPrefix(p, root+string(filepath.Separator)), string(filepath.Separator), 2)[0]
			if perDir > 0 && taken[top] >= perDir {
				continue
			}
			b, err := os.ReadFile(p)
			if err != nil || len(b) > fuzzSeedMax {
				continue
			}
			taken[top]++
			seeds = append(seeds, b)
		}
	}
	add(filepath.Join("..", "testdata", "rules"), 0)
	add(filepath.Join("..", "..", "shared", "corpus"), 6)
	if len(seeds) == 0 {
		f.Fatal("no fuzz seeds found under ../testdata/rules")
	}
	return seeds
}
