package report

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// moduleRoot walks up from the package directory to go.mod.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the package directory")
		}
		dir = parent
	}
}

// TestSARIFValidates runs the project's SARIF harness (OASIS schema,
// Microsoft SARIF Multitool with GitHub's ingestion rules, GitHub's upload
// limits) on the golden SARIF files: zero errors allowed.
func TestSARIFValidates(t *testing.T) {
	script := filepath.Join(moduleRoot(t), "..", "shared", "tools", "validate-sarif.sh")
	if _, err := os.Stat(script); err != nil {
		t.Skipf("SARIF harness not found: %v", err)
	}
	for _, tool := range []string{"bash", "node", "npm", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("the SARIF harness needs %s: %v", tool, err)
		}
	}
	for _, name := range []string{"sarif", "sarif-minimal"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			golden, err := filepath.Abs(filepath.Join("testdata", name+".golden"))
			if err != nil {
				t.Fatal(err)
			}
			// The harness wants a .sarif file; copy the golden file.
			file := filepath.Join(t.TempDir(), name+".sarif")
			data, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, data, 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command("bash", script, file).CombinedOutput()
			if err != nil {
				t.Fatalf("%s fails validate-sarif.sh: %v\n%s", golden, err, out)
			}
			if !strings.Contains(string(out), "0 error(s), 0 warning(s)") {
				t.Errorf("%s: the multitool reported warnings:\n%s", golden, out)
			}
		})
	}
}

// TestSARIFStructure checks the cross references inside the SARIF log.
func TestSARIFStructure(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, FormatSARIF, testResult(t), testMeta()); err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "SECRET") || strings.Contains(b.String(), "x-access-token") {
		t.Error("credentials from the remote URL leaked into SARIF")
	}
	if strings.Contains(b.String(), "primaryLocationLineHash") {
		t.Error("primaryLocationLineHash must not be emitted")
	}
	run := log.Runs[0]
	rules := run.Tool.Driver.Rules
	for i := 1; i < len(rules); i++ {
		if rules[i-1].ID >= rules[i].ID {
			t.Errorf("rules not sorted: %s before %s", rules[i-1].ID, rules[i].ID)
		}
	}
	var hasEngineRule bool
	for _, r := range rules {
		if r.ID == "RL002" {
			hasEngineRule = true
		}
		if r.Help.Text == "" || r.Help.Markdown == "" || r.FullDescription.Text == "" || r.ShortDescription.Text == "" {
			t.Errorf("rule %s lacks help or descriptions", r.ID)
		}
		if want := "https://github.com/rolelint/rolelint/blob/main/docs/rules.md#" + strings.ToLower(r.ID); r.HelpURI != want {
			t.Errorf("rule %s helpUri %q, want %q", r.ID, r.HelpURI, want)
		}
	}
	if !hasEngineRule {
		t.Error("the engine rule RL002 that produced a result is not described")
	}
	if len(run.Results) != 6 {
		t.Fatalf("%d results, want 6 (suppressed included)", len(run.Results))
	}
	suppressed := 0
	for _, r := range run.Results {
		if rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %s points at rule %s", r.RuleID, rules[r.RuleIndex].ID)
		}
		al := r.Locations[0].PhysicalLocation.ArtifactLocation
		if al.Index == nil || run.Artifacts[*al.Index].Location.URI != al.URI {
			t.Errorf("result %s: artifact index does not match uri %s", r.RuleID, al.URI)
		}
		if r.PartialFingerprints[FingerprintKey] == "" {
			t.Errorf("result %s has no fingerprint", r.RuleID)
		}
		if len(r.Suppressions) > 0 {
			suppressed++
			if r.Suppressions[0].Kind != "inSource" || r.Suppressions[0].Justification != "legacy story" {
				t.Errorf("suppression = %+v", r.Suppressions[0])
			}
		}
	}
	if suppressed != 1 {
		t.Errorf("%d suppressed results, want 1", suppressed)
	}
	if got := run.Results[len(run.Results)-1].Locations[0].PhysicalLocation.ArtifactLocation.URI; got != "docs/specs/checkout%20spec%20%C3%BC.md" {
		t.Errorf("uri = %q, want the path percent-encoded", got)
	}
	if got := run.OriginalURIBaseIDs[srcRoot].URI; got != "file:///home/runner/work/my%20shop/shop/" {
		t.Errorf("%%SRCROOT%% = %q", got)
	}
	if len(run.VersionControlProvenance) != 1 || run.VersionControlProvenance[0].RepositoryURI != "https://github.com/acme/shop.git" {
		t.Errorf("versionControlProvenance = %+v", run.VersionControlProvenance)
	}
	if run.AutomationDetails == nil || run.AutomationDetails.ID != "rolelint/docs/" {
		t.Errorf("automationDetails = %+v", run.AutomationDetails)
	}
	if n := run.Invocations[0].ToolExecutionNotifications; len(n) != 2 || n[1].Descriptor.ID != "RLN001" || n[1].Level != "error" {
		t.Errorf("notifications = %+v", n)
	}
}

func TestSARIFDuplicateFingerprintsAreNumbered(t *testing.T) {
	res := testResult(t)
	res.Findings = append(res.Findings, res.Findings[len(res.Findings)-1])
	var b bytes.Buffer
	if err := Write(&b, FormatSARIF, res, testMeta()); err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	rs := log.Runs[0].Results
	a, c := rs[len(rs)-2].PartialFingerprints[FingerprintKey], rs[len(rs)-1].PartialFingerprints[FingerprintKey]
	if c != a+":2" {
		t.Errorf("duplicate fingerprints %q and %q; want the second numbered :2", a, c)
	}
}

func TestRemoteURI(t *testing.T) {
	for _, tc := range []struct{ in, uri, gh string }{
		{"https://github.com/acme/shop.git", "https://github.com/acme/shop.git", "https://github.com/acme/shop"},
		{"https://user:token@github.com/acme/shop", "https://github.com/acme/shop", "https://github.com/acme/shop"},
		{"git@github.com:acme/shop.git", "ssh://git@github.com/acme/shop.git", "https://github.com/acme/shop"},
		{"ssh://git:pw@github.com/acme/shop.git", "ssh://git@github.com/acme/shop.git", "https://github.com/acme/shop"},
		{"https://gitlab.com/acme/shop.git", "https://gitlab.com/acme/shop.git", ""},
		{"/srv/git/shop.git", "", ""},
		{"", "", ""},
	} {
		uri, gh := remoteURI(tc.in)
		if uri != tc.uri || gh != tc.gh {
			t.Errorf("remoteURI(%q) = %q, %q; want %q, %q", tc.in, uri, gh, tc.uri, tc.gh)
		}
	}
}

func TestEscapePathAndFileURI(t *testing.T) {
	if got := escapePath("docs/a b/ü:%#?(1).md"); got != "docs/a%20b/%C3%BC%3A%25%23%3F%281%29.md" {
		t.Errorf("escapePath = %q", got)
	}
	for in, want := range map[string]string{
		"/home/u/my repo": "file:///home/u/my%20repo/",
		"/repo/":          "file:///repo/",
		`C:\work\repo`:    "file:///C:/work/repo/",
		"relative/dir":    "",
	} {
		if got := fileURI(in); got != want {
			t.Errorf("fileURI(%q) = %q, want %q", in, got, want)
		}
	}
}
