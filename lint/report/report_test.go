package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/fatih/color"
	"github.com/rolelint/rolelint/lint"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

type goldenCase struct {
	name   string // testdata/<name>.golden
	format string
	meta   func() Meta
}

func goldenCases() []goldenCase {
	withColor := func() Meta { m := testMeta(); m.Color = true; return m }
	showSuppressed := func() Meta { m := testMeta(); m.ShowSuppressed = true; return m }
	quiet := func() Meta { m := testMeta(); m.Quiet = true; return m }
	return []goldenCase{
		{"text", FormatText, testMeta},
		{"text-color", FormatText, withColor},
		{"text-suppressed-quiet", FormatText, func() Meta { m := showSuppressed(); m.Quiet = true; return m }},
		{"json", FormatJSON, testMeta},
		{"sarif", FormatSARIF, testMeta},
		{"sarif-minimal", FormatSARIF, func() Meta { return Meta{} }},
		{"github", FormatGitHub, testMeta},
		{"github-quiet", FormatGitHub, quiet},
		{"markdown", FormatMarkdown, testMeta},
		{"markdown-minimal", FormatMarkdown, func() Meta { return Meta{ShowSuppressed: true} }},
	}
}

func TestGolden(t *testing.T) {
	for _, tc := range goldenCases() {
		t.Run(tc.name, func(t *testing.T) {
			var got bytes.Buffer
			if err := Write(&got, tc.format, testResult(t), tc.meta()); err != nil {
				t.Fatal(err)
			}
			// The same input gives the same bytes.
			var again bytes.Buffer
			if err := Write(&again, tc.format, testResult(t), tc.meta()); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), again.Bytes()) {
				t.Fatal("two runs on the same input differ")
			}
			golden := filepath.Join("testdata", tc.name+".golden")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestGolden -update to create it)", err)
			}
			if got.String() != string(want) {
				t.Errorf("%s differs from the output (run with -update to accept):\n%s", golden, firstDiff(string(want), got.String()))
			}
		})
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\nwant: " + w + "\ngot:  " + g
		}
	}
	return "(no line differs)"
}

func TestUnknownFormat(t *testing.T) {
	err := Write(&bytes.Buffer{}, "xml", testResult(t), testMeta())
	if err == nil || !strings.Contains(err.Error(), `"xml"`) || !strings.Contains(err.Error(), "sarif") {
		t.Fatalf("want an error naming the format and the choices, got %v", err)
	}
	for _, f := range Formats() {
		if err := Write(&bytes.Buffer{}, f, &lint.Result{}, Meta{}); err != nil {
			t.Errorf("format %s on an empty result: %v", f, err)
		}
	}
}

func TestTextSummaryLine(t *testing.T) {
	res := testResult(t)
	if got, want := SummaryLine(res, Meta{}), "2 errors, 1 warning, 2 notes in 3 documents (5 scanned, 1 suppressed)"; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
	empty := &lint.Result{DocsInScope: 1, DocsScanned: 1}
	if got, want := SummaryLine(empty, Meta{}), "no findings in 1 document (1 scanned)"; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
	one := &lint.Result{DocsInScope: 12, DocsScanned: 40, Findings: []lint.Finding{{Severity: lint.SeverityWarning}, {Severity: lint.SeverityWarning}}}
	if got, want := SummaryLine(one, Meta{Summary: Summary{BaselineHidden: 1}}), "2 warnings in 12 documents (40 scanned, 1 in baseline)"; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
}

// TestColorIsExplicit checks that Meta.Color alone decides: the global
// color.NoColor (set by fatih/color from the test's own stdout) must not leak in.
func TestColorIsExplicit(t *testing.T) {
	saved := color.NoColor
	defer func() { color.NoColor = saved }()
	for _, global := range []bool{true, false} {
		color.NoColor = global
		var on, off bytes.Buffer
		m := testMeta()
		m.Color = true
		if err := Write(&on, FormatText, testResult(t), m); err != nil {
			t.Fatal(err)
		}
		m.Color = false
		if err := Write(&off, FormatText, testResult(t), m); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(on.String(), "\x1b[") {
			t.Errorf("NoColor=%v: Color=true printed no escape codes", global)
		}
		if strings.Contains(off.String(), "\x1b[") {
			t.Errorf("NoColor=%v: Color=false printed escape codes", global)
		}
	}
}

// TestTextNeutralisesTerminalEscapes: a document cannot drive the terminal.
func TestTextNeutralisesTerminalEscapes(t *testing.T) {
	res := &lint.Result{Findings: []lint.Finding{{RuleID: "PM007", Severity: lint.SeverityNote, Path: "a.md", Line: 1, Col: 1,
		Message: "term \x1b[31mred", Snippet: "evil \x1b]0;title\x07 line"}}}
	var b bytes.Buffer
	if err := Write(&b, FormatText, res, Meta{}); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(b.String(), "\x1b\x07") {
		t.Errorf("control characters reached the output: %q", b.String())
	}
}

func TestWorkflowCommandEscaping(t *testing.T) {
	var b bytes.Buffer
	WorkflowCommand(&b, "error", [][2]string{{"file", "docs/a,b: c%d.md"}, {"title", "PO003 x\ny"}}, "100% done: a, b\r\nnext")
	want := "::error file=docs/a%2Cb%3A c%25d.md,title=PO003 x%0Ay::100%25 done: a, b%0D%0Anext\n"
	if b.String() != want {
		t.Errorf("got  %q\nwant %q", b.String(), want)
	}
	if got := EscapeData("a:b,c%"); got != "a:b,c%25" {
		t.Errorf("EscapeData must leave ':' and ',' alone: %q", got)
	}
	if got := EscapeProperty("%:,\r\n"); got != "%25%3A%2C%0D%0A" {
		t.Errorf("EscapeProperty = %q", got)
	}
}

// TestGitHubFormat checks the annotation lines of the fixture: one per
// unsuppressed finding and notification, escaped, with the right command.
func TestGitHubFormat(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, FormatGitHub, testResult(t), testMeta()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"::error file=BACKLOG.md,line=14,endLine=14,title=PO003 acceptance-criteria-present::US-2 has no acceptance criteria\n",
		"::warning file=docs/specs/checkout spec ü.md,line=9,endLine=9,col=3,endColumn=46,title=PM010 measurable-goals::Goal \"50%25 faster: checkout, payments\" has no measurable target%0AAdd a number",
		"::notice file=docs/huge.md,title=rolelint::skipped",
		"::error file=docs/locked.md,title=rolelint::could not read",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	if strings.Contains(out, "PO005") {
		t.Error("a suppressed finding became an annotation")
	}
	if strings.Contains(out, "SECRET") {
		t.Error("the remote's token was printed")
	}
}

func TestGitHubSummaryPathAppends(t *testing.T) {
	path := filepath.Join(t.TempDir(), "step_summary.md")
	if err := os.WriteFile(path, []byte("earlier step\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m := testMeta()
	m.SummaryPath = path
	if err := Write(&bytes.Buffer{}, FormatGitHub, testResult(t), m); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var summary bytes.Buffer
	if err := WriteSummary(&summary, testResult(t), m); err != nil {
		t.Fatal(err)
	}
	if string(data) != "earlier step\n"+summary.String() {
		t.Errorf("the step summary was not appended:\n%s", data)
	}
	m.SummaryPath = filepath.Join(t.TempDir(), "missing-dir", "x.md")
	err = Write(&bytes.Buffer{}, FormatGitHub, testResult(t), m)
	if err == nil || !strings.Contains(err.Error(), m.SummaryPath) {
		t.Errorf("want an error naming the summary file, got %v", err)
	}
}

func TestSummaryTables(t *testing.T) {
	var b bytes.Buffer
	if err := WriteSummary(&b, testResult(t), testMeta()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		// links to lines on GitHub, the path percent-encoded, no credentials
		"[docs/specs/checkout spec ü.md:9](https://github.com/acme/shop/blob/0123456789abcdef0123456789abcdef01234567/docs/specs/checkout%20spec%20%C3%BC.md#L9)",
		// spec: owner list, vision link through the strategic-fit section
		"| spec | `@alice, @bob` | yes | — |",
		// items: owner inherited from the backlog file, AC only on US-1
		"US-1](https://github.com/acme/shop/blob/0123456789abcdef0123456789abcdef01234567/BACKLOG.md#L6) | story | `@bob` (inherited) | no | yes |",
		"US-2](https://github.com/acme/shop/blob/0123456789abcdef0123456789abcdef01234567/BACKLOG.md#L14) | story | `@bob` (inherited) | no | no |",
		"| vision | — | — | — |",
		"## Traceability\n\n```mermaid\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	if strings.Contains(out, "PO005") {
		t.Error("a suppressed finding is listed without ShowSuppressed")
	}
	// Without a GitHub remote the locations are plain text.
	b.Reset()
	m := testMeta()
	m.RemoteURL = "https://gitlab.com/acme/shop.git"
	if err := WriteSummary(&b, testResult(t), m); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "acme/shop/blob") || !strings.Contains(b.String(), "| docs/specs/checkout spec ü.md:9 |") {
		t.Errorf("want plain locations for a non-GitHub remote:\n%s", b.String())
	}
}

func TestSummaryStaysUnderLimit(t *testing.T) {
	res := testResult(t)
	long := strings.Repeat("x", 400)
	for i := 0; i < 4000; i++ {
		res.Findings = append(res.Findings, lint.Finding{RuleID: "PM007", RuleName: "vague-language", Severity: lint.SeverityNote,
			Path: "docs/VISION.md", Line: 5, Col: 1, Message: long})
	}
	for i := 0; i < 20000; i++ {
		res.Notifications = append(res.Notifications, lint.Notification{Path: "docs/skipped.md", Level: lint.SeverityNote, Message: long})
	}
	m := testMeta()
	m.Graph = "```mermaid\n" + strings.Repeat("graph TD\n", 100000) + "```\n"
	var b bytes.Buffer
	if err := WriteSummary(&b, res, m); err != nil {
		t.Fatal(err)
	}
	if b.Len() > MaxSummaryBytes {
		t.Fatalf("summary is %d bytes, over %d", b.Len(), MaxSummaryBytes)
	}
	out := b.String()
	if !strings.Contains(out, "findings are not listed: a job summary is limited to 1 MiB") {
		t.Error("no truncation note")
	}
	if !strings.Contains(out, "graph is too large") {
		t.Error("the oversized graph was not replaced by a note")
	}
	if !strings.Contains(out, "### Documents") || !strings.Contains(out, "| spec | `@alice, @bob` | yes |") {
		t.Error("the documents table was squeezed out")
	}
	if !strings.Contains(out, "notes are not listed: a job summary is limited to 1 MiB") {
		t.Error("no truncation note for the run's notes")
	}
}

func TestEscapeMarkdown(t *testing.T) {
	got := escapeMarkdown("a|b *c* [d](e) <f> & g\nh")
	want := `a\|b \*c\* \[d\](e) \<f\> &amp; g<br>h`
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := codeSpan("a`b|c"); got != "``a`b\\|c``" {
		t.Errorf("codeSpan = %q", got)
	}
}

func TestFingerprintStable(t *testing.T) {
	f := lint.Finding{RuleID: "PO003", Path: "BACKLOG.md", Line: 14, Col: 1, Context: "doc|US-2|export receipts"}
	moved := f
	moved.Line, moved.Col, moved.Snippet, moved.Message = 40, 3, "other text", "other message"
	if Fingerprint(f) != Fingerprint(moved) {
		t.Error("the same context on another line must keep its fingerprint")
	}
	if len(Fingerprint(f)) < 16 || strings.Trim(Fingerprint(f), "0123456789abcdef") != "" {
		t.Errorf("fingerprint %q is not 16+ hex characters", Fingerprint(f))
	}
	for _, change := range []func(*lint.Finding){
		func(x *lint.Finding) { x.Context = "doc|US-3|export receipts" },
		func(x *lint.Finding) { x.RuleID = "PO004" },
		func(x *lint.Finding) { x.Path = "OTHER.md" },
	} {
		g := f
		change(&g)
		if Fingerprint(g) == Fingerprint(f) {
			t.Errorf("%+v and %+v share a fingerprint", f, g)
		}
	}
	// Field boundaries are part of the hash: ("a","bc") is not ("ab","c").
	a := lint.Finding{RuleID: "a", Path: "bc", Context: "x"}
	b := lint.Finding{RuleID: "ab", Path: "c", Context: "x"}
	if Fingerprint(a) == Fingerprint(b) {
		t.Error("rule/path boundary is ambiguous")
	}
	// Without a context, the message and snippet stand in, still not the line.
	n1 := lint.Finding{RuleID: "X1", Path: "a.md", Line: 1, Message: "m", Snippet: "s"}
	n2 := n1
	n2.Line = 9
	n3 := n1
	n3.Message = "other"
	if Fingerprint(n1) != Fingerprint(n2) || Fingerprint(n1) == Fingerprint(n3) {
		t.Error("fallback fingerprint depends on the line or ignores the message")
	}
}

func TestBaselineRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "baseline.json")
	res := testResult(t)
	if err := WriteBaseline(path, res); err != nil {
		t.Fatal(err)
	}
	b, err := LoadBaseline(path)
	if err != nil {
		t.Fatal(err)
	}
	if b.Version != 1 || len(b.Entries) != 5 { // 6 findings, one suppressed
		t.Fatalf("version %d, %d entries; want 1 and 5", b.Version, len(b.Entries))
	}

	// Same findings, moved down by 10 lines: all hidden, none stale; the
	// suppressed one passes through.
	var moved []lint.Finding
	for _, f := range res.Findings {
		f.Line += 10
		moved = append(moved, f)
	}
	kept, hidden, stale := b.Apply(moved)
	if hidden != 5 || stale != 0 || len(kept) != 1 || kept[0].Suppressed == nil {
		t.Errorf("moved: kept %d, hidden %d, stale %d; want 1 (suppressed), 5, 0", len(kept), hidden, stale)
	}

	// One finding fixed (stale entry) and one new duplicate of a baselined
	// finding (multiplicity: only one copy is covered).
	var changed []lint.Finding
	for _, f := range res.Findings {
		if f.RuleID == "RC001" {
			continue
		}
		changed = append(changed, f)
		if f.RuleID == "PM007" {
			changed = append(changed, f)
		}
	}
	kept, hidden, stale = b.Apply(changed)
	if hidden != 4 || stale != 1 || len(kept) != 2 {
		t.Errorf("changed: kept %d, hidden %d, stale %d; want 2, 4, 1", len(kept), hidden, stale)
	}

	// Writing again gives the same bytes (sorted, no timestamps).
	first, _ := os.ReadFile(path)
	if err := WriteBaseline(path, res); err != nil {
		t.Fatal(err)
	}
	second, _ := os.ReadFile(path)
	if !bytes.Equal(first, second) {
		t.Error("baseline bytes changed between two writes")
	}
	var nilBaseline *Baseline
	if kept, hidden, stale := nilBaseline.Apply(res.Findings); len(kept) != len(res.Findings) || hidden != 0 || stale != 0 {
		t.Error("a nil baseline must hide nothing")
	}
}

func TestLoadBaselineErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ name, content, want string }{
		{"syntax.json", "{\n  \"version\": 1,\n  \"entries\": [\n    {\"rule\": \"PO003\",}\n  ]\n}\n", "syntax.json:4:22: invalid JSON"},
		{"version.json", `{"version": 2, "entries": []}`, "unsupported version 2"},
		{"truncated.json", `{"version": 1, "entries": [`, "truncated.json:1:28: invalid JSON"},
		{"trailing.json", `{"version": 1, "entries": []} {}`, "trailing.json:1:31: unexpected data"},
		{"type.json", "{\"version\": \"1\"}", "type.json:1:15: \"version\" should be a int, not a JSON string"},
		{"unknown.json", `{"version": 1, "entries": [], "extra": true}`, `unknown field "extra"`},
		{"empty.json", "", "empty file"},
		{"entry.json", `{"version": 1, "entries": [{"rule": "PO003"}]}`, "entry 1: rule, path and fingerprint are required"},
	} {
		path := filepath.Join(dir, tc.name)
		if err := os.WriteFile(path, []byte(tc.content), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := LoadBaseline(path)
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: want an error naming the file and %q, got %v", tc.name, tc.want, err)
		}
	}
	_, err := LoadBaseline(filepath.Join(dir, "missing.json"))
	if err == nil || !strings.Contains(err.Error(), "missing.json") {
		t.Errorf("missing file: %v", err)
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.sarif")
	if err := os.WriteFile(path, []byte("old contents"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, FormatSARIF, testResult(t), testMeta()); err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := Write(&want, FormatSARIF, testResult(t), testMeta()); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Error("the target was not replaced with the report")
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want the old file's 0600 kept", fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("temporary files left behind: %v", names)
	}

	// A failed render leaves the old file alone and no temporary file.
	if err := WriteFile(path, "bogus", testResult(t), testMeta()); err == nil {
		t.Fatal("want an error for an unknown format")
	}
	if again, _ := os.ReadFile(path); !bytes.Equal(again, got) {
		t.Error("a failed write changed the target")
	}
	// A directory that does not exist is an error naming the path.
	missing := filepath.Join(dir, "no", "such", "out.json")
	if err := WriteFile(missing, FormatJSON, testResult(t), testMeta()); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("want an error naming %s, got %v", missing, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Error("temporary files left behind after a failure")
	}
}
