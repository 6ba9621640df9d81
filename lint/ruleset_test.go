package lint

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func cfgActiveIDs(rules []*Rule) []string {
	ids := make([]string, len(rules))
	for i, r := range rules {
		ids[i] = r.ID
	}
	return ids
}

func cfgMustActive(t *testing.T, c *Config, sets []Set, enable, disable []string) ([]string, map[string]Severity) {
	t.Helper()
	rules, sev, err := ActiveRules(c, cfgCatalog(), sets, enable, disable)
	if err != nil {
		t.Fatalf("ActiveRules: %v", err)
	}
	return cfgActiveIDs(rules), sev
}

func TestActiveRulesPresets(t *testing.T) {
	tests := []struct {
		name    string
		extends string
		want    map[string]Severity
	}{
		{"recommended caps heuristics and lexical rules", "[recommended]", map[string]Severity{
			"PO003": SeverityError, "PO004": SeverityNote, "PM005": SeverityWarning,
			"PM013": SeverityWarning, "RC001": SeverityError, "RC009": SeverityOff}},
		{"strict keeps defaults", "[strict]", map[string]Severity{
			"PO003": SeverityError, "PO004": SeverityWarning, "PM005": SeverityError,
			"PM013": SeverityWarning, "RC001": SeverityError, "RC009": SeverityOff}},
		{"later preset wins: strict after recommended", "[recommended, strict]", map[string]Severity{
			"PO003": SeverityError, "PO004": SeverityWarning, "PM005": SeverityError,
			"PM013": SeverityWarning, "RC001": SeverityError, "RC009": SeverityOff}},
		{"later preset wins: recommended after strict", "[strict, recommended]", map[string]Severity{
			"PO003": SeverityError, "PO004": SeverityNote, "PM005": SeverityWarning,
			"PM013": SeverityWarning, "RC001": SeverityError, "RC009": SeverityOff}},
		{"no preset: rule defaults", "[]", map[string]Severity{
			"PO003": SeverityError, "PO004": SeverityWarning, "PM005": SeverityError,
			"PM013": SeverityWarning, "RC001": SeverityError, "RC009": SeverityOff}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cfgMustLoad(t, "extends: "+tt.extends+"\n")
			ids, sev := cfgMustActive(t, c, nil, nil, nil)
			if !reflect.DeepEqual(sev, tt.want) {
				t.Errorf("severities:\n got %v\nwant %v", sev, tt.want)
			}
			if want := []string{"PM005", "PM013", "PO003", "PO004", "RC001"}; !reflect.DeepEqual(ids, want) {
				t.Errorf("active %v, want %v (sorted by ID)", ids, want)
			}
		})
	}
}

func TestActiveRulesNilConfigIsDefault(t *testing.T) {
	_, sev, err := ActiveRules(nil, cfgCatalog(), nil, nil, nil)
	if err != nil || sev["PM005"] != SeverityWarning || sev["PO004"] != SeverityNote {
		t.Errorf("nil config: %v %v", sev, err)
	}
}

func TestActiveRulesConfigOverridesPreset(t *testing.T) {
	c := cfgMustLoad(t, "extends: [recommended]\nrules:\n  PO004: error\n  RC001: off\n  RC009: note\n")
	ids, sev := cfgMustActive(t, c, nil, nil, nil)
	if want := []string{"PM005", "PM013", "PO003", "PO004", "RC009"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("active %v, want %v", ids, want)
	}
	if sev["PO004"] != SeverityError || sev["RC009"] != SeverityNote || sev["RC001"] != SeverityOff {
		t.Errorf("severities %v", sev)
	}
	if got := c.OffReason["RC001"]; got != "turned off in .rolelint.yml:4" {
		t.Errorf("OffReason[RC001] = %q", got)
	}
	if got := c.OffReason["PO003"]; got != "" {
		t.Errorf("an active rule has an off reason %q", got)
	}
}

func TestActiveRulesFlags(t *testing.T) {
	tests := []struct {
		name            string
		yml             string
		sets            []Set
		enable, disable []string
		active          []string
		sev             map[string]Severity // a subset to check
	}{
		{name: "sets filter", sets: []Set{SetPM},
			active: []string{"PM005", "PM013"}, sev: map[string]Severity{"PO003": SeverityOff}},
		{name: "sets case-insensitive", sets: []Set{"RC", " po "},
			active: []string{"PO003", "PO004", "RC001"}},
		{name: "enable an opt-in rule at warning", enable: []string{"RC009"},
			active: []string{"PM005", "PM013", "PO003", "PO004", "RC001", "RC009"},
			sev:    map[string]Severity{"RC009": SeverityWarning}},
		{name: "enable beats sets", sets: []Set{SetPM}, enable: []string{"po003"},
			active: []string{"PM005", "PM013", "PO003"}, sev: map[string]Severity{"PO003": SeverityError}},
		{name: "enable a config-off rule at its default", yml: "rules:\n  RC001: off\n", enable: []string{"single-accountable-owner"},
			active: []string{"PM005", "PM013", "PO003", "PO004", "RC001"}, sev: map[string]Severity{"RC001": SeverityError}},
		{name: "enable keeps a configured severity", yml: "rules:\n  PO004: error\n", sets: []Set{SetRC}, enable: []string{"PO004"},
			active: []string{"PO004", "RC001"}, sev: map[string]Severity{"PO004": SeverityError}},
		{name: "enable keeps the preset severity of an active rule", enable: []string{"PM005"},
			active: []string{"PM005", "PM013", "PO003", "PO004", "RC001"}, sev: map[string]Severity{"PM005": SeverityWarning}},
		{name: "disable, comma-separated", disable: []string{"PO003,PM005", "rc001"},
			active: []string{"PM013", "PO004"}, sev: map[string]Severity{"PO003": SeverityOff}},
		{name: "disable beats enable", enable: []string{"RC009"}, disable: []string{"RC009"},
			active: []string{"PM005", "PM013", "PO003", "PO004", "RC001"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cfgMustLoad(t, tt.yml)
			ids, sev := cfgMustActive(t, c, tt.sets, tt.enable, tt.disable)
			if !reflect.DeepEqual(ids, tt.active) {
				t.Errorf("active %v, want %v", ids, tt.active)
			}
			for id, want := range tt.sev {
				if sev[id] != want {
					t.Errorf("%s = %v, want %v", id, sev[id], want)
				}
			}
			if len(sev) != len(cfgCatalog()) {
				t.Errorf("severities cover %d rules, want the whole catalog", len(sev))
			}
		})
	}
}

func TestActiveRulesOffReasons(t *testing.T) {
	c := cfgMustLoad(t, "")
	if _, _, err := ActiveRules(c, cfgCatalog(), []Set{SetPM}, nil, []string{"PM005"}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"PM005": "turned off by --disable",
		"PO003": "set po is not selected by --sets",
		"PO004": "set po is not selected by --sets",
		"RC001": "set rc is not selected by --sets",
		"RC009": "off by default; turn it on under rules: or with --enable",
	}
	if !reflect.DeepEqual(c.OffReason, want) {
		t.Errorf("OffReason:\n got %v\nwant %v", c.OffReason, want)
	}
}

func TestActiveRulesFlagErrors(t *testing.T) {
	tests := []struct {
		sets            []Set
		enable, disable []string
		want            string
	}{
		{enable: []string{"PO03"}, want: `--enable: unknown rule "PO03" (did you mean "PO003"?)`},
		{disable: []string{"RC001,links-to-visoin"}, want: `--disable: unknown rule "links-to-visoin" (did you mean "links-to-vision"?)`},
		{disable: []string{"QQQQQQ"}, want: "--disable: unknown rule \"QQQQQQ\"; `rolelint rules` lists them"},
		{sets: []Set{"pn"}, want: `--sets: unknown rule set "pn" (did you mean "pm"?)`},
		{sets: []Set{"product"}, want: `--sets: unknown rule set "product"; the sets are po, pm, rc`},
	}
	for _, tt := range tests {
		_, _, err := ActiveRules(DefaultConfig(), cfgCatalog(), tt.sets, tt.enable, tt.disable)
		if err == nil || err.Error() != tt.want {
			t.Errorf("got %v, want %s", err, tt.want)
		}
	}
}

func TestRuleSeverityReflectsEffective(t *testing.T) {
	c := cfgMustLoad(t, "rules:\n  PO003: note\n")
	if _, _, err := ActiveRules(c, cfgCatalog(), nil, nil, []string{"RC001"}); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]Severity{"PO003": SeverityNote, "PM005": SeverityWarning, "RC001": SeverityOff} {
		if s, ok := c.RuleSeverity(id); !ok || s != want {
			t.Errorf("RuleSeverity(%s) = %v %v, want %v", id, s, ok, want)
		}
	}
	// At its default severity a rule keeps its natural per-finding severities.
	if s, ok := c.RuleSeverity("PM013"); ok {
		t.Errorf("RuleSeverity(PM013) = %v, true; want false: warning is its default", s)
	}
	// A rule reports at its effective severity, the preset's cap included.
	var got []Severity
	pm005 := cfgCatalog()[2]
	p := NewPass(pm005, nil, nil, c, nil, time.Time{}, func(f Finding) { got = append(got, f.Severity) })
	p.Report(Finding{Path: "a.md", Line: 1, Message: "x"})
	if !reflect.DeepEqual(got, []Severity{SeverityWarning}) {
		t.Errorf("PM005 reported at %v, want warning (recommended caps heuristics)", got)
	}
}

// cfgWithPreset registers a preset for the duration of a test.
func cfgWithPreset(t *testing.T, p *Preset) {
	t.Helper()
	saved := builtinPresets
	builtinPresets = append(append([]*Preset(nil), builtinPresets...), p)
	t.Cleanup(func() { builtinPresets = saved })
}

func TestPresetDataMergesInOrder(t *testing.T) {
	cfgWithPreset(t, &Preset{
		Name:      "kep-test",
		Rules:     map[string]PresetRule{"PO003": {Severity: SeverityOff, Reason: "KEPs are not stories"}, "PM005": {Severity: SeverityNote}},
		Options:   map[string]map[string]any{"PM013": {"max-age-days": 365, "label": "kep"}},
		Documents: []DocumentGlob{{Kind: KindSpec, Paths: []string{"keps/**/README.md"}}},
		Vision:    []string{"keps/VISION.md"},
		Sections:  map[string][]string{ConceptGoals: {"KEP Goals"}, ConceptRisks: {"Risks and Mitigations"}},
		Ignore:    []string{"keps/archive/**"},
		Statuses:  StatusConfig{SpecActive: []string{"provisional"}, SpecApproved: []string{"implementable"}},
	})
	cfgWithPreset(t, &Preset{
		Name:            "later-test",
		Documents:       []DocumentGlob{{Kind: KindSpec, Paths: []string{"later/**"}}},
		SectionsReplace: map[string]bool{ConceptRisks: true},
		Sections:        map[string][]string{ConceptRisks: {"Hazards"}},
	})
	c := cfgMustLoad(t, `extends: [recommended, kep-test, later-test]
documents:
  - {kind: story, paths: ["stories/**"]}
sections:
  goals: [Aims]
rules:
  PM013: {max-age-days: 30}
statuses:
  spec-approved: [Approved]
`)
	var globs []string
	for _, d := range c.Documents {
		globs = append(globs, d.Paths...)
	}
	if want := []string{"stories/**", "later/**", "keps/**/README.md"}; !reflect.DeepEqual(globs, want) {
		t.Errorf("document globs %v, want the user's, then later presets before earlier ones: %v", globs, want)
	}
	if !reflect.DeepEqual(c.Vision, []string{"keps/VISION.md"}) {
		t.Errorf("vision %v", c.Vision)
	}
	wantSections := map[string][]string{ConceptGoals: {"KEP Goals", "Aims"}, ConceptRisks: {"Hazards"}}
	if !reflect.DeepEqual(c.Sections, wantSections) || !c.SectionsReplace[ConceptRisks] {
		t.Errorf("sections %v replace %v", c.Sections, c.SectionsReplace)
	}
	if got := c.Rules["PM013"].Options; !reflect.DeepEqual(got, map[string]any{"max-age-days": 30, "label": "kep"}) {
		t.Errorf("PM013 options %v: the user's value must override the preset's, the rest kept", got)
	}
	if !reflect.DeepEqual(c.Ignore, []string{"keps/archive/**"}) {
		t.Errorf("ignore %v", c.Ignore)
	}
	if !reflect.DeepEqual(c.Statuses.SpecApproved, []string{"implementable", "approved"}) ||
		!reflect.DeepEqual(c.Statuses.SpecActive, []string{"provisional"}) {
		t.Errorf("statuses %+v", c.Statuses)
	}

	ids, sev := cfgMustActive(t, c, nil, nil, nil)
	if want := []string{"PM005", "PM013", "PO004", "RC001"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("active %v, want %v", ids, want)
	}
	if sev["PM005"] != SeverityNote {
		t.Errorf("PM005 = %v, want the preset's note", sev["PM005"])
	}
	if got := c.OffReason["PO003"]; got != "turned off by preset kep-test: KEPs are not stories" {
		t.Errorf("OffReason[PO003] = %q", got)
	}

	// The user's vision replaces the preset's; a rules: entry beats the preset.
	c = cfgMustLoad(t, "extends: [kep-test]\nvision: [V.md]\nrules:\n  PO003: warning\n")
	if !reflect.DeepEqual(c.Vision, []string{"V.md"}) {
		t.Errorf("vision %v", c.Vision)
	}
	if _, sev := cfgMustActive(t, c, nil, nil, nil); sev["PO003"] != SeverityWarning {
		t.Errorf("PO003 = %v, want the user's warning over the preset's off", sev["PO003"])
	}
}

func TestPresetsTable(t *testing.T) {
	names := map[string]bool{}
	for _, p := range Presets() {
		if p.Name == "" || p.Description == "" || names[p.Name] {
			t.Errorf("preset %+v: needs a unique name and a description", p)
		}
		names[p.Name] = true
		for id, pr := range p.Rules {
			if pr.Severity == SeverityOff && pr.Reason == "" {
				t.Errorf("preset %s turns %s off without a reason", p.Name, id)
			}
		}
		got, ok := PresetByName(p.Name)
		if !ok || got != p {
			t.Errorf("PresetByName(%q) = %v %v", p.Name, got, ok)
		}
	}
	for _, want := range []string{PresetRecommended, PresetStrict} {
		if !names[want] {
			t.Errorf("preset %s missing", want)
		}
	}
	if _, ok := PresetByName("Recommended "); ok {
		t.Error("PresetByName must match exact names")
	}
	if !strings.HasPrefix(strings.Join(presetNames(), ","), "recommended,strict,") {
		t.Errorf("preset order %v", presetNames())
	}
}
