package rules

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/rolelint/rolelint/lint"
)

// fixtureNow is the fixed "today" of every fixture run (PM013 compares dates).
var fixtureNow = time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)

// TestFixtures runs every rule's fixture folder testdata/rules/<ID>/: the
// folder is a small repository; the lines that must be reported carry
// `<!-- want ID ["regexp"] -->` (or `# want ID` in YAML). A missing or an
// unexpected finding of the folder's rule fails the test. Adding a rule means
// adding its file and its folder, nothing else.
func TestFixtures(t *testing.T) {
	root := filepath.Join("..", "testdata", "rules")
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	catalog := All()
	known := map[string]bool{}
	for _, r := range append(append([]*lint.Rule{}, catalog...), lint.MetaRules()...) {
		known[r.ID] = true
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		id := e.Name()
		t.Run(id, func(t *testing.T) {
			if !known[id] {
				t.Fatalf("fixture folder %s names no rule", id)
			}
			runFixture(t, filepath.Join(root, id), id, catalog)
		})
	}
}

// TestEveryRuleHasFixtures fails when a rule has no fixture folder with at
// least two expected findings and two files without any.
func TestEveryRuleHasFixtures(t *testing.T) {
	for _, r := range All() {
		dir := filepath.Join("..", "testdata", "rules", r.ID)
		data, err := loadFixtureDir(dir)
		if err != nil {
			t.Errorf("%s: no fixture folder %s", r.ID, dir)
			continue
		}
		wants, clean := 0, 0
		for p, b := range data {
			if !lint.IsMarkdown(p) {
				continue
			}
			n := 0
			for _, w := range parseWants(p, b) {
				if w.rule == r.ID {
					n++
				}
			}
			wants += n
			if n == 0 {
				clean++
			}
		}
		if wants < 2 || clean < 2 {
			t.Errorf("%s: fixtures need at least 2 failing cases and 2 passing files (have %d wants, %d clean files)", r.ID, wants, clean)
		}
	}
}

type want struct {
	path string
	line int
	rule string
	re   *regexp.Regexp
}

var (
	wantHTML = regexp.MustCompile(`<!--\s*want\s+(.*?)\s*-->`)
	wantYAML = regexp.MustCompile(`#\s*want\s+(.*)$`)
	wantTok  = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"|(\S+)`)
)

func parseWants(p string, b []byte) []want {
	var out []want
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	line := 0
	inFront := false
	isYAML := strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")
	for sc.Scan() {
		line++
		text := sc.Text()
		if line == 1 && strings.TrimSpace(text) == "---" {
			inFront = true
		} else if inFront && (strings.TrimSpace(text) == "---" || strings.TrimSpace(text) == "...") {
			inFront = false
		}
		var specs []string
		for _, m := range wantHTML.FindAllStringSubmatch(text, -1) {
			specs = append(specs, m[1])
		}
		if inFront || isYAML {
			if m := wantYAML.FindStringSubmatch(text); m != nil {
				specs = append(specs, m[1])
			}
		}
		for _, s := range specs {
			var last *want
			for _, tok := range wantTok.FindAllStringSubmatch(s, -1) {
				if tok[2] != "" {
					out = append(out, want{path: p, line: line, rule: tok[2]})
					last = &out[len(out)-1]
				} else if last != nil {
					last.re = regexp.MustCompile(strings.ReplaceAll(tok[1], `\"`, `"`))
				}
			}
		}
	}
	return out
}

// testdataRepoDirs returns every rule's fixture folder and the demo
// repository, the repositories the differential tests run over.
func testdataRepoDirs() []string {
	dirs, _ := filepath.Glob(filepath.Join("..", "testdata", "rules", "*"))
	return append(dirs, filepath.Join("..", "testdata", "demo"))
}

// eachRepoDir calls fn, in order, with the files of each of dirs that is a
// folder.
func eachRepoDir(t *testing.T, dirs []string, fn func(dir string, files map[string][]byte)) {
	t.Helper()
	for _, dir := range dirs {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			continue
		}
		files, err := loadFixtureDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		fn(dir, files)
	}
}

func loadFixtureDir(dir string) (map[string][]byte, error) {
	data := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		data[filepath.ToSlash(rel)] = b
		return nil
	})
	return data, err
}

// fixtureHistory serves last-change dates from a lastchange.txt file
// ("path YYYY-MM-DD" per line) so PM013 can be tested without git.
type fixtureHistory map[string]time.Time

func (h fixtureHistory) LastChange(p string) (time.Time, bool) {
	t, ok := h[p]
	return t, ok
}

func runFixture(t *testing.T, dir, id string, catalog []*lint.Rule) {
	data, err := loadFixtureDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	cfg := lint.DefaultConfig()
	if b, ok := data[".rolelint.yml"]; ok {
		cfg, err = lint.LoadConfig(filepath.Join(dir, ".rolelint.yml"), b, catalog)
		if err != nil {
			t.Fatalf("config: %v", err)
		}
	}
	var git lint.GitFacts
	if b, ok := data["lastchange.txt"]; ok {
		h := fixtureHistory{}
		for _, ln := range strings.Split(string(b), "\n") {
			f := strings.Fields(ln)
			if len(f) != 2 {
				continue
			}
			tm, err := time.Parse("2006-01-02", f[1])
			if err != nil {
				t.Fatalf("lastchange.txt: %v", err)
			}
			h[f[0]] = tm
		}
		git = h
	}
	var enable []string
	if !strings.HasPrefix(id, "RL") { // engine diagnostics are always on
		enable = []string{id}
	}
	res, err := lint.Run(lint.Options{
		Source: &lint.MemSource{Data: data},
		Config: cfg,
		Rules:  catalog,
		Enable: enable,
		Jobs:   2,
		Git:    git,
		Now:    fixtureNow,
	})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	checkWants(t, data, res.Findings, id)
}

// checkWants compares the unsuppressed findings with the `want` lines of
// data's Markdown and YAML files: a finding without a want, or a want
// without a finding, fails. A rule other than "" limits both to that rule.
func checkWants(t *testing.T, data map[string][]byte, findings []lint.Finding, rule string) {
	var wants []want
	for p, b := range data {
		if lint.IsMarkdown(p) || strings.HasSuffix(p, ".yaml") {
			for _, w := range parseWants(p, b) {
				if rule == "" || w.rule == rule {
					wants = append(wants, w)
				}
			}
		}
	}
	sort.Slice(wants, func(i, j int) bool {
		if wants[i].path != wants[j].path {
			return wants[i].path < wants[j].path
		}
		return wants[i].line < wants[j].line
	})
	matched := make([]bool, len(wants))
	for _, f := range findings {
		if f.Suppressed != nil || rule != "" && f.RuleID != rule {
			continue
		}
		if !claimWant(wants, matched, f) {
			t.Errorf("%s:%d:%d: unexpected %s: %s", f.Path, f.Line, f.Col, f.RuleID, f.Message)
		}
	}
	for i, w := range wants {
		if !matched[i] {
			extra := ""
			if w.re != nil {
				extra = fmt.Sprintf(" matching %q", w.re)
			}
			t.Errorf("%s:%d: expected %s%s, not reported", w.path, w.line, w.rule, extra)
		}
	}
}

// claimWant marks the first unmatched want that f satisfies.
func claimWant(wants []want, matched []bool, f lint.Finding) bool {
	for i, w := range wants {
		if matched[i] || w.rule != f.RuleID || w.path != f.Path || w.line != f.Line {
			continue
		}
		if w.re != nil && !w.re.MatchString(f.Message) {
			continue
		}
		matched[i] = true
		return true
	}
	return false
}
