package lint

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// cfgCatalog is a small fake rule catalog: the real one lives in package
// rules, which lint never imports.
func cfgCatalog() []*Rule {
	return []*Rule{
		{ID: "PO003", Name: "acceptance-criteria-present", Set: SetPO, Severity: SeverityError, Precision: PrecisionHigh},
		{ID: "PO004", Name: "acceptance-criteria-wording", Set: SetPO, Severity: SeverityWarning, Precision: PrecisionLexical},
		{ID: "PM005", Name: "links-to-vision", Set: SetPM, Severity: SeverityError, Precision: PrecisionHeuristic},
		{ID: "PM013", Name: "spec-not-stale", Set: SetPM, Severity: SeverityWarning, Precision: PrecisionHigh,
			Options: []Option{
				{Name: "max-age-days", Type: "int", Default: 180},
				{Name: "date-keys", Type: "[]string", Default: []string{"last-updated"}},
				{Name: "use-git", Type: "bool", Default: true},
				{Name: "label", Type: "string", Default: "stale"},
			}},
		{ID: "RC001", Name: "single-accountable-owner", Set: SetRC, Severity: SeverityError, Precision: PrecisionHigh,
			Options: []Option{
				{Name: "spec-roles", Type: "map[string][]string", Default: map[string][]string{"prd": {"PM"}}},
				{Name: "labels", Default: map[string]string{}},
				{Name: "anything", Type: "float"},
			}},
		{ID: "RC009", Name: "opt-in-check", Set: SetRC, Severity: SeverityOff, Precision: PrecisionHigh},
	}
}

func cfgLoad(t *testing.T, yml string) (*Config, error) {
	t.Helper()
	return LoadConfig(".rolelint.yml", []byte(yml), cfgCatalog())
}

func cfgMustLoad(t *testing.T, yml string) *Config {
	t.Helper()
	c, err := cfgLoad(t, yml)
	if err != nil {
		t.Fatalf("LoadConfig: %v", err)
	}
	return c
}

// cfgErr loads yml, expects a *ConfigError and returns it.
func cfgErr(t *testing.T, yml string) *ConfigError {
	t.Helper()
	c, err := cfgLoad(t, yml)
	if err == nil {
		t.Fatalf("LoadConfig accepted:\n%s\ngot %+v", yml, c)
	}
	var ce *ConfigError
	if !errors.As(err, &ce) {
		t.Fatalf("error %T is not a *ConfigError: %v", err, err)
	}
	return ce
}

const cfgFullConfig = `version: 1
extends: [recommended]
documents:
  - kind: spec
    paths: ["docs/specs/**/*.md", "./rfcs/*.md"]
  - kind: backlog
    paths: [BACKLOG.md]
    item-heading-level: 3
  - kind: story
    paths: ["backlog/**/*.md"]
vision: [docs/VISION.md]
roles:
  product-managers: ["@alice", "alice@example.com"]
  product-owners: ["@bob"]
  codeowners: true
  aliases: {"@org/team": "@bob"}
sections:
  acceptance-criteria: ["Acceptance Tests"]
  goals: {replace: true, headings: ["Aims"]}
rules:
  PO003: warning
  PM013: {severity: note, max-age-days: 120, date-keys: [date], use-git: false, label: old}
  RC001: off
  links-to-vision: error
ignore: ["docs/archive/**"]
lexicon: {extend: {subjective: [snappy], jargon: [synergy]}, allow: ["drag and drop"]}
statuses:
  ready: [Ready, "Sprint Ready"]
  done: [Done]
  spec-active: [Drafting]
  spec-approved: [Signed Off]
`

func TestLoadConfigFull(t *testing.T) {
	c := cfgMustLoad(t, cfgFullConfig)
	if c.File != ".rolelint.yml" || c.Version != 1 || !reflect.DeepEqual(c.Extends, []string{"recommended"}) {
		t.Errorf("header: file %q version %d extends %v", c.File, c.Version, c.Extends)
	}
	wantDocs := []DocumentGlob{
		{Kind: KindSpec, Paths: []string{"docs/specs/**/*.md", "rfcs/*.md"}, Line: 4},
		{Kind: KindBacklog, Paths: []string{"BACKLOG.md"}, ItemHeadingLevel: 3, Line: 6},
		{Kind: KindStory, Paths: []string{"backlog/**/*.md"}, ItemHeadingLevel: 0, Line: 9},
	}
	if !reflect.DeepEqual(c.Documents, wantDocs) {
		t.Errorf("documents:\n got %+v\nwant %+v", c.Documents, wantDocs)
	}
	if !reflect.DeepEqual(c.Vision, []string{"docs/VISION.md"}) {
		t.Errorf("vision %v", c.Vision)
	}
	wantRoles := Roles{ProductManagers: []string{"@alice", "alice@example.com"}, ProductOwners: []string{"@bob"},
		CodeOwners: true, Aliases: map[string]string{"@org/team": "@bob"}}
	if !reflect.DeepEqual(c.Roles, wantRoles) {
		t.Errorf("roles %+v", c.Roles)
	}
	if !reflect.DeepEqual(c.Sections, map[string][]string{"acceptance-criteria": {"Acceptance Tests"}, "goals": {"Aims"}}) ||
		!reflect.DeepEqual(c.SectionsReplace, map[string]bool{"goals": true}) {
		t.Errorf("sections %v replace %v", c.Sections, c.SectionsReplace)
	}
	if s, ok := c.RuleSeverity("PO003"); !ok || s != SeverityWarning {
		t.Errorf("PO003 severity %v %v", s, ok)
	}
	if s, ok := c.RuleSeverity("RC001"); !ok || s != SeverityOff {
		t.Errorf("RC001 severity %v %v", s, ok)
	}
	if s, ok := c.RuleSeverity("PM005"); !ok || s != SeverityError {
		t.Errorf("PM005 (configured by name) severity %v %v", s, ok)
	}
	if rc := c.Rules["PM013"]; rc.Line != 22 || rc.Severity != SeverityNote {
		t.Errorf("PM013 config %+v", rc)
	}
	wantOpts := map[string]any{"max-age-days": 120, "date-keys": []string{"date"}, "use-git": false, "label": "old"}
	if got := c.Rules["PM013"].Options; !reflect.DeepEqual(got, wantOpts) {
		t.Errorf("PM013 options %#v", got)
	}
	if !reflect.DeepEqual(c.Ignore, []string{"docs/archive/**"}) {
		t.Errorf("ignore %v", c.Ignore)
	}
	wantLex := LexiconConfig{Extend: map[string][]string{"subjective": {"snappy"}, "jargon": {"synergy"}}, Allow: []string{"drag and drop"}}
	if !reflect.DeepEqual(c.Lexicon, wantLex) {
		t.Errorf("lexicon %+v", c.Lexicon)
	}
	wantStatuses := StatusConfig{Ready: []string{"ready", "sprint ready"}, Done: []string{"done"},
		SpecActive: []string{"drafting"}, SpecApproved: []string{"signed off"}}
	if !reflect.DeepEqual(c.Statuses, wantStatuses) {
		t.Errorf("statuses %+v", c.Statuses)
	}
}

func TestLoadConfigTypedOptionsReachPass(t *testing.T) {
	c := cfgMustLoad(t, "rules:\n  PM013: {max-age-days: 120}\n")
	var pm013 *Rule
	for _, r := range cfgCatalog() {
		if r.ID == "PM013" {
			pm013 = r
		}
	}
	p := NewPass(pm013, nil, nil, c, nil, time.Time{}, func(Finding) {})
	if got := p.IntOption("max-age-days"); got != 120 {
		t.Errorf("IntOption = %d, want 120", got)
	}
	if got := p.Option("label"); got != "stale" {
		t.Errorf("unset option = %v, want its default", got)
	}
	if _, ok := c.RuleSeverity("PM013"); ok {
		t.Error("options alone must not set a severity")
	}
}

func TestLoadConfigMapOptions(t *testing.T) {
	c := cfgMustLoad(t, `rules:
  RC001:
    spec-roles: {prd: [PM], rfc: [PM, PO]}
    labels: {owner: "@x"}
    anything: 0.5
`)
	want := map[string]any{
		"spec-roles": map[string][]string{"prd": {"PM"}, "rfc": {"PM", "PO"}},
		"labels":     map[string]string{"owner": "@x"},
		"anything":   0.5,
	}
	if got := c.Rules["RC001"].Options; !reflect.DeepEqual(got, want) {
		t.Errorf("options %#v", got)
	}
	for yml, msg := range map[string]string{
		"rules:\n  RC001: {spec-roles: [PM]}\n":        "rules.RC001.spec-roles: expected a mapping of keys, got a list",
		"rules:\n  RC001: {spec-roles: {prd: PM}}\n":   `rules.RC001.spec-roles.prd: expected a list of strings, got the string "PM" (write [PM])`,
		"rules:\n  RC001: {labels: {owner: [a, b]}}\n": "rules.RC001.labels.owner: expected a string, got a list",
	} {
		if ce := cfgErr(t, yml); ce.Msg != msg || ce.Line != 2 {
			t.Errorf("%q: got line %d %q, want line 2 %q", yml, ce.Line, ce.Msg, msg)
		}
	}
}

func TestLoadConfigEmptyIsDefault(t *testing.T) {
	for _, yml := range []string{"", "\n\n", "# just a comment\n", "~\n", "---\n"} {
		c := cfgMustLoad(t, yml)
		want := DefaultConfig()
		want.File = ".rolelint.yml"
		if !reflect.DeepEqual(c, want) {
			t.Errorf("%q: got %+v, want the defaults %+v", yml, c, want)
		}
	}
	d := DefaultConfig()
	if d.Version != 1 || !reflect.DeepEqual(d.Extends, []string{PresetRecommended}) || d.File != "" {
		t.Errorf("DefaultConfig = %+v", d)
	}
}

func TestLoadConfigLenientForms(t *testing.T) {
	c := cfgMustLoad(t, `extends: strict
rules:
  po003: false          # lower-case ID, boolean off
  RC009: true           # on at its default (off by default: warning)
  PM005: {Severity: info}
statuses:
  spec_approved: [OK]   # snake_case key
`)
	if !reflect.DeepEqual(c.Extends, []string{"strict"}) {
		t.Errorf("extends %v", c.Extends)
	}
	for id, want := range map[string]Severity{"PO003": SeverityOff, "RC009": SeverityWarning, "PM005": SeverityNote} {
		if s, ok := c.RuleSeverity(id); !ok || s != want {
			t.Errorf("%s = %v %v, want %v", id, s, ok, want)
		}
	}
	if !reflect.DeepEqual(c.Statuses.SpecApproved, []string{"ok"}) {
		t.Errorf("spec-approved %v", c.Statuses.SpecApproved)
	}
	if c := cfgMustLoad(t, "extends: []\n"); len(c.Extends) != 0 {
		t.Errorf("extends: [] gave %v", c.Extends)
	}
	if c := cfgMustLoad(t, "documents:\n  - {kind: backlog, paths: [B.md]}\n"); c.Documents[0].ItemHeadingLevel != 2 {
		t.Errorf("backlog item-heading-level default = %d, want 2", c.Documents[0].ItemHeadingLevel)
	}
}

func TestLoadConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		yml  string
		line int
		msg  string // the whole message after "config .rolelint.yml:LINE: " when exact, else a substring
		full bool
	}{
		{"unknown key", "version: 1\n\nrulez: {}\n", 3, `unknown key "rulez" (did you mean "rules"?)`, true},
		{"unknown key no suggestion", "zzz: 1\n", 1, `unknown key "zzz"; the keys are version, extends,`, false},
		{"rule at top level", "PO003: off\n", 1, `unknown key "PO003"; rule settings go under rules:, as in rules: {PO003: warning}`, true},
		{"nested unknown key", "roles:\n  product-manager: [a]\n", 2, `unknown key "product-manager" in roles (did you mean "product-managers"?)`, true},
		{"document unknown key", "documents:\n  - kind: spec\n    path: [a]\n", 3, `unknown key "path" in documents entry 1 (did you mean "paths"?)`, true},
		{"version not 1", "version: 2\n", 1, "version: unsupported version 2; this rolelint reads version 1", true},
		{"version wrong type", "version: one\n", 1, `version: expected a whole number, got the string "one"`, true},
		{"list expected", "ignore: docs/**\n", 1, `ignore: expected a list of strings, got the string "docs/**" (write [docs/**])`, true},
		{"mapping expected", "roles: [a, b]\n", 1, "roles: expected a mapping of keys, got a list", true},
		{"bool expected", "roles:\n  codeowners: yes please\n", 2, "roles.codeowners: expected true or false", false},
		{"unknown preset", "extends: [recomended]\n", 1, `extends: unknown preset "recomended" (did you mean "recommended"?)`, true},
		{"unknown preset list", "extends:\n  - strict\n  - bogus\n", 3, `unknown preset "bogus"; the presets are recommended, strict`, false},
		{"unknown kind", "documents:\n  - kind: specc\n    paths: [a]\n", 2, `documents entry 1: unknown kind "specc" (did you mean "spec"?)`, true},
		{"missing kind", "documents:\n  - paths: [a]\n", 2, "documents entry 1: missing kind:", false},
		{"missing paths", "documents:\n  - kind: spec\n", 2, "documents entry 1: missing paths:", false},
		{"level wrong kind", "documents:\n  - kind: spec\n    paths: [a]\n    item-heading-level: 2\n", 4, "item-heading-level applies to kind backlog only", false},
		{"level range", "documents:\n  - kind: backlog\n    paths: [a]\n    item-heading-level: 9\n", 4, "item-heading-level must be 1 to 6, got 9", false},
		{"unknown concept", "sections:\n  acceptance-critera: [AC]\n", 2, `sections: unknown section concept "acceptance-critera" (did you mean "acceptance-criteria"?)`, true},
		{"replace without headings", "sections:\n  goals: {replace: true}\n", 2, "replace: true needs a non-empty headings: list", false},
		{"bad glob", "documents:\n  - kind: spec\n    paths:\n      - ok/*.md\n      - \"docs/[\"\n", 5, `documents entry 1: paths: bad glob "docs/["`, false},
		{"bad ignore glob", "ignore: [\"a/{b\"]\n", 1, `ignore: bad glob "a/{b"`, false},
		{"unknown rule ID", "rules:\n  PO03: warning\n", 2, `rules: unknown rule "PO03" (did you mean "PO003"?)`, true},
		{"unknown rule name", "rules:\n  acceptance-criteria-presnt: off\n", 2, `rules: unknown rule "acceptance-criteria-presnt" (did you mean "acceptance-criteria-present"?)`, true},
		{"unknown rule far", "rules:\n  XYZ123456: off\n", 2, "`rolelint rules` lists them", false},
		{"rule twice", "rules:\n  PO003: off\n  acceptance-criteria-present: error\n", 3, "rule PO003 (acceptance-criteria-present) is configured twice (also on line 2)", false},
		{"unknown severity", "rules:\n  PO003: warnig\n", 2, `rules.PO003: unknown severity "warnig" (did you mean "warning"?)`, true},
		{"unknown severity in map", "rules:\n  PM013: {severity: fatal}\n", 2, `rules.PM013.severity: unknown severity "fatal"; use error, warning, note or off`, true},
		{"unknown option", "rules:\n  PM013:\n    max-age: 3\n", 3, `rules.PM013: unknown option "max-age" (did you mean "max-age-days"?)`, true},
		{"option on rule without options", "rules:\n  PO003: {limit: 3}\n", 2, "PO003 takes no options, only severity", false},
		{"option of another rule", "rules:\n  PO003: {severity: note, max-age-days: 120}\n", 2, `rules.PO003: unknown option "max-age-days"; PO003 takes no options, only severity; max-age-days is an option of PM013 (spec-not-stale)`, true},
		{"option of another rule with options", "rules:\n  RC001: {use-git: true}\n", 2, `rules.RC001: unknown option "use-git"; RC001 takes severity and spec-roles, labels, anything; use-git is an option of PM013 (spec-not-stale)`, true},
		{"int option wrong type", "rules:\n  PM013:\n    max-age-days: soon\n", 3, `rules.PM013.max-age-days: expected a whole number, got the string "soon"`, true},
		{"int option float", "rules:\n  PM013: {max-age-days: 1.5}\n", 2, "expected a whole number, got the number 1.5", false},
		{"list option wrong type", "rules:\n  PM013: {date-keys: date}\n", 2, "rules.PM013.date-keys: expected a list of strings", false},
		{"bool option wrong type", "rules:\n  PM013: {use-git: 1}\n", 2, "rules.PM013.use-git: expected true or false, got the number 1", true},
		{"string option wrong type", "rules:\n  PM013: {label: [a]}\n", 2, "rules.PM013.label: expected a string, got a list", true},
		{"rule missing value", "rules:\n  PO003:\n", 2, "rules.PO003: missing value", false},
		{"lexicon typo category", "lexicon:\n  extend:\n    subjectve: [x]\n", 3, `unknown category "subjectve" (did you mean "subjective"?)`, false},
		{"duplicate key", "ignore: [a]\nrules: {}\nignore: [b]\n", 3, `key "ignore" is given twice (also on line 1)`, false},
		{"root not mapping", "- a\n- b\n", 1, "the config must be a mapping of keys", false},
		{"non-scalar key", "? [a]\n: b\n", 1, "keys must be plain names, got a list", false},
		{"yaml syntax", "rules:\n  PO003: warning\n bad: [\n", 2, "invalid YAML:", false},
		{"two documents", "version: 1\n---\nversion: 1\n", 2, "more than one YAML document", false},
		{"anchor", "rules:\n  PO003: &s warning\n  PM005: *s\n", 2, "anchors and aliases", false},
		{"control character", "version: 1\nignore: [\"a\x01\"]\n", 2, "control character U+0001", false},
		{"invalid utf-8", "version: 1\n\nignore: [\"\xff\"]\n", 3, "not valid UTF-8", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ce := cfgErr(t, tt.yml)
			if ce.Line != tt.line {
				t.Errorf("line = %d, want %d (%v)", ce.Line, tt.line, ce)
			}
			if ce.File != ".rolelint.yml" {
				t.Errorf("file = %q", ce.File)
			}
			if tt.full {
				if ce.Msg != tt.msg {
					t.Errorf("message:\n got %s\nwant %s", ce.Msg, tt.msg)
				}
			} else if !strings.Contains(ce.Msg, tt.msg) {
				t.Errorf("message %q does not contain %q", ce.Msg, tt.msg)
			}
		})
	}
}

func TestConfigErrorFormat(t *testing.T) {
	ce := cfgErr(t, "version: 1\n\nrulez: {}\n")
	want := `config .rolelint.yml:3: unknown key "rulez" (did you mean "rules"?)`
	if ce.Error() != want {
		t.Errorf("Error() = %q, want %q", ce.Error(), want)
	}
}

func TestLoadConfigReportsEveryError(t *testing.T) {
	ce := cfgErr(t, "rulez: {}\nversion: 3\nrules:\n  PO003: warnig\n")
	lines := strings.Split(ce.Error(), "\n")
	want := []string{
		`config .rolelint.yml:1: unknown key "rulez" (did you mean "rules"?)`,
		`config .rolelint.yml:2: version: unsupported version 3; this rolelint reads version 1`,
		`config .rolelint.yml:4: rules.PO003: unknown severity "warnig" (did you mean "warning"?)`,
	}
	if !reflect.DeepEqual(lines, want) {
		t.Errorf("errors:\n got %q\nwant %q", lines, want)
	}
	if len(ce.More) != 2 || ce.More[1].Line != 4 {
		t.Errorf("More = %+v", ce.More)
	}
}

// TestLoadConfigBadExtendsOneError: one bad extends: value is one error, at
// its own line and column (a bad list item was once reported twice).
func TestLoadConfigBadExtendsOneError(t *testing.T) {
	presets := "the presets are " + strings.Join(presetNames(), ", ")
	tests := []struct {
		name      string
		yml       string
		line, col int
		want      string // the whole Error() text
	}{
		{"empty item", "extends: [\"\"]\n", 1, 11, "config .rolelint.yml:1: extends item: missing value"},
		{"empty string", "extends: \"\"\n", 1, 10, "config .rolelint.yml:1: extends: missing value"},
		{"empty second item", "extends: [recommended, \"\"]\n", 1, 24, "config .rolelint.yml:1: extends item: missing value"},
		{"empty item in block list", "version: 1\nextends:\n  - recommended\n  - \"\"\n", 4, 5, "config .rolelint.yml:4: extends item: missing value"},
		{"null item", "extends: [strict, ~]\n", 1, 19, "config .rolelint.yml:1: extends item: missing value"},
		{"list item", "extends: [[strict]]\n", 1, 11, "config .rolelint.yml:1: extends item: expected a string, got a list"},
		{"unknown preset", "extends: [nosuchpreset]\n", 1, 11, `config .rolelint.yml:1: extends: unknown preset "nosuchpreset"; ` + presets},
		{"number", "extends: 3\n", 1, 10, `config .rolelint.yml:1: extends: unknown preset "3"; ` + presets},
		{"mapping", "extends: {a: b}\n", 1, 10, "config .rolelint.yml:1: extends: expected a list of strings, got a mapping"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ce := cfgErr(t, tt.yml)
			if n := 1 + len(ce.More); n != 1 {
				t.Errorf("%d errors, want 1:\n%v", n, ce)
			}
			if ce.Error() != tt.want {
				t.Errorf("error:\n got %s\nwant %s", ce.Error(), tt.want)
			}
			if ce.File != ".rolelint.yml" || ce.Line != tt.line || ce.Col != tt.col {
				t.Errorf("at %s:%d:%d, want .rolelint.yml:%d:%d", ce.File, ce.Line, ce.Col, tt.line, tt.col)
			}
		})
	}
}

func TestLoadConfigCapsErrorCount(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 100; i++ {
		b.WriteString("unknown" + strings.Repeat("x", i) + ": 1\n")
	}
	ce := cfgErr(t, b.String())
	if n := strings.Count(ce.Error(), "\n") + 1; n != maxConfigErrors+1 {
		t.Errorf("%d lines of errors, want %d plus the count of the rest", n, maxConfigErrors)
	}
	if !strings.HasSuffix(ce.Error(), "... and 80 more errors") {
		t.Errorf("missing the count of dropped errors: %s", ce.Error()[len(ce.Error())-60:])
	}
}

func TestLoadConfigTooBig(t *testing.T) {
	data := "# " + strings.Repeat("x", MaxConfigSize) + "\n"
	ce := cfgErr(t, data)
	if ce.Line != 0 || !strings.Contains(ce.Error(), "config .rolelint.yml: the file is over the 1048576-byte (1 MiB) limit") {
		t.Errorf("got %v", ce)
	}
}

// cfgAliasBomb is the "billion laughs": each level doubles... ten times over.
const cfgAliasBomb = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
rules: *i
`

func TestLoadConfigAliasBombFailsFast(t *testing.T) {
	done := make(chan error, 1)
	go func() {
		_, err := LoadConfig(".rolelint.yml", []byte(cfgAliasBomb), cfgCatalog())
		done <- err
	}()
	select {
	case err := <-done:
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Line != 1 || !strings.Contains(ce.Msg, "anchors and aliases") {
			t.Errorf("got %v, want an anchors-and-aliases error at line 1", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("LoadConfig did not return within 10s on an alias bomb")
	}
}

func TestLoadConfigDeepNesting(t *testing.T) {
	data := "rules: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n"
	ce := cfgErr(t, data)
	if !strings.Contains(ce.Msg, "invalid YAML") {
		t.Errorf("got %v", ce)
	}
}

func TestFindConfig(t *testing.T) {
	dir := t.TempDir()
	if p, ok := FindConfig(dir); ok {
		t.Errorf("found %q in an empty dir", p)
	}
	write := func(name string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("version: 1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, ".rolelint.yml"), 0o755); err != nil {
		t.Fatal(err)
	}
	if p, ok := FindConfig(dir); ok {
		t.Errorf("a directory is not a config: found %q", p)
	}
	if err := os.Remove(filepath.Join(dir, ".rolelint.yml")); err != nil {
		t.Fatal(err)
	}
	write(".rolelint.yaml")
	if p, ok := FindConfig(dir); !ok || p != filepath.Join(dir, ".rolelint.yaml") {
		t.Errorf("FindConfig = %q %v, want .rolelint.yaml", p, ok)
	}
	write(".rolelint.yml")
	if p, ok := FindConfig(dir); !ok || p != filepath.Join(dir, ".rolelint.yml") {
		t.Errorf("FindConfig = %q %v, want .rolelint.yml first", p, ok)
	}
}

func TestReadConfigFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, ".rolelint.yml")
	if _, err := ReadConfigFile(path, cfgCatalog()); err == nil || !strings.Contains(err.Error(), "cannot read") {
		t.Errorf("missing file: %v", err)
	}
	if err := os.WriteFile(path, []byte("rules:\n  PO003: note\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := ReadConfigFile(path, cfgCatalog())
	if err != nil || c.File != path || c.Rules["PO003"].Severity != SeverityNote {
		t.Errorf("ReadConfigFile = %+v, %v", c, err)
	}
	big := make([]byte, MaxConfigSize+10)
	for i := range big {
		big[i] = '\n'
	}
	if err := os.WriteFile(path, big, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadConfigFile(path, cfgCatalog()); err == nil || !strings.Contains(err.Error(), "1 MiB") {
		t.Errorf("big file: %v", err)
	}
}

func TestSectionsReplaceReachesVocabulary(t *testing.T) {
	c := cfgMustLoad(t, "sections:\n  goals: {replace: true, headings: [Aims]}\n  acceptance-criteria: [Checks]\n")
	v := NewVocabulary(c)
	if !cfgHas(v.ConceptsOf("aims"), ConceptGoals) || cfgHas(v.ConceptsOf("goals"), ConceptGoals) {
		t.Errorf("goals replaced: aims -> %v, goals -> %v", v.ConceptsOf("aims"), v.ConceptsOf("goals"))
	}
	if !cfgHas(v.ConceptsOf("checks"), ConceptAcceptanceCriteria) || !cfgHas(v.ConceptsOf("acceptance criteria"), ConceptAcceptanceCriteria) {
		t.Error("acceptance-criteria should be extended, not replaced")
	}
}

func cfgHas(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestSuggest(t *testing.T) {
	known := []string{"version", "extends", "rules", "roles", "acceptance-criteria", "max-age-days"}
	tests := []struct {
		word, want string
		ok         bool
	}{
		{"rulez", "rules", true},
		{"Rules", "rules", true},
		{"max_age_days", "max-age-days", true},
		{"acceptance", "acceptance-criteria", true}, // a prefix
		{"verison", "version", true},
		{"xyz", "", false},
		{"ro", "", false}, // two edits but a rewrite of a two-letter word
		{"", "", false},
		{strings.Repeat("r", 1000), "", false},
	}
	for _, tt := range tests {
		got, ok := Suggest(tt.word, known)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Suggest(%q) = %q %v, want %q %v", tt.word, got, ok, tt.want, tt.ok)
		}
	}
	// Ties go to the alphabetically first candidate.
	if got, _ := Suggest("PO030", []string{"PO032", "PO031"}); got != "PO031" {
		t.Errorf("tie broken to %q", got)
	}
}
