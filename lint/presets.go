package lint

import "sort"

// Preset is a named, built-in bundle of configuration that a .rolelint.yml
// pulls in with `extends:`. It is plain data so that `rolelint rules` and the
// docs can show what a preset does, and so that adding one (kep, rfc, adr,
// backlog-md, ...) never needs new code.
type Preset struct {
	Name        string
	Description string

	// ClassCap sets every rule of a precision class (PrecisionHigh, ...) to its
	// default severity, lowered to the cap when the default is higher. A
	// preset that lists no classes leaves class severities as earlier presets
	// set them. A rule with no Precision counts as PrecisionHigh.
	ClassCap map[string]Severity
	// Rules sets the severity of single rules by ID; it wins over ClassCap.
	Rules map[string]PresetRule
	// Options are rule option defaults: rule ID -> option name -> value.
	Options map[string]map[string]any

	// Configuration a preset contributes, merged before the user's own keys.
	Documents       []DocumentGlob
	Vision          []string
	Sections        map[string][]string
	SectionsReplace map[string]bool
	Ignore          []string
	Statuses        StatusConfig
}

// PresetRule is a preset's setting for one rule.
type PresetRule struct {
	Severity Severity // SeverityOff turns the rule off
	Reason   string   // why, shown to users who wonder where a rule went
}

// Preset names.
const (
	PresetRecommended = "recommended"
	PresetStrict      = "strict"
)

// builtinPresets is the preset table, in the order `rolelint` documents them.
var builtinPresets = []*Preset{
	{
		Name: PresetRecommended,
		Description: "Every rule on: structure and presence checks at their default severity, " +
			"heuristics at most warning, word-list checks as notes. The default when no config exists.",
		ClassCap: map[string]Severity{
			PrecisionHigh:      SeverityError,
			PrecisionHeuristic: SeverityWarning,
			PrecisionLexical:   SeverityNote,
		},
	},
	{
		Name:        PresetStrict,
		Description: "Every rule on at its default severity, heuristics and word lists included.",
		ClassCap: map[string]Severity{
			PrecisionHigh:      SeverityError,
			PrecisionHeuristic: SeverityError,
			PrecisionLexical:   SeverityError,
		},
	},
}

// Presets returns the built-in presets.
func Presets() []*Preset {
	out := make([]*Preset, len(builtinPresets))
	copy(out, builtinPresets)
	return out
}

// PresetByName finds a built-in preset by its exact name.
func PresetByName(name string) (*Preset, bool) {
	for _, p := range builtinPresets {
		if p.Name == name {
			return p, true
		}
	}
	return nil, false
}

func presetNames() []string {
	names := make([]string, 0, len(builtinPresets))
	for _, p := range builtinPresets {
		names = append(names, p.Name)
	}
	return names
}

// SeverityFor returns the severity the preset gives rule r, with the reason
// when the preset turns it off on purpose. ok is false when the preset says
// nothing about r (so earlier presets keep their say).
func (p *Preset) SeverityFor(r *Rule) (sev Severity, reason string, ok bool) {
	if pr, found := p.Rules[r.ID]; found {
		return pr.Severity, pr.Reason, true
	}
	class := r.Precision
	if class == "" {
		class = PrecisionHigh
	}
	limit, found := p.ClassCap[class]
	if !found {
		return SeverityOff, "", false
	}
	return min(r.Severity, limit), "", true
}

// applyPreset merges the preset's configuration data into c. Presets are
// applied in extends order before the user's own keys, which then override.
func (c *Config) applyPreset(p *Preset) {
	// First match wins for documents, and later presets override earlier
	// ones, so a later preset's globs go in front.
	c.Documents = append(append([]DocumentGlob(nil), p.Documents...), c.Documents...)
	if len(p.Vision) > 0 {
		c.Vision = append([]string(nil), p.Vision...)
	}
	for _, concept := range configSortedKeys(p.SectionsReplace) {
		if p.SectionsReplace[concept] {
			c.replaceSection(concept)
		}
	}
	for _, concept := range configSortedKeys(p.Sections) {
		c.addSection(concept, p.Sections[concept])
	}
	c.Ignore = configAppendUnique(c.Ignore, p.Ignore...)
	c.Statuses.merge(p.Statuses)
	for _, id := range configSortedKeys(p.Options) {
		for _, name := range configSortedKeys(p.Options[id]) {
			c.setRuleOption(id, name, p.Options[id][name], 0)
		}
	}
}

// replaceSection drops the built-in and earlier headings of a concept.
func (c *Config) replaceSection(concept string) {
	if c.SectionsReplace == nil {
		c.SectionsReplace = map[string]bool{}
	}
	c.SectionsReplace[concept] = true
	delete(c.Sections, concept)
}

func (c *Config) addSection(concept string, headings []string) {
	if c.Sections == nil {
		c.Sections = map[string][]string{}
	}
	c.Sections[concept] = configAppendUnique(c.Sections[concept], headings...)
}

func (c *Config) setRuleOption(id, name string, value any, line int) {
	if c.Rules == nil {
		c.Rules = map[string]RuleConfig{}
	}
	rc := c.Rules[id]
	if rc.Options == nil {
		rc.Options = map[string]any{}
	}
	rc.Options[name] = value
	if line > 0 {
		rc.Line = line
	}
	c.Rules[id] = rc
}

func (s *StatusConfig) merge(o StatusConfig) {
	s.Ready = configAppendUnique(s.Ready, o.Ready...)
	s.Done = configAppendUnique(s.Done, o.Done...)
	s.SpecActive = configAppendUnique(s.SpecActive, o.SpecActive...)
	s.SpecApproved = configAppendUnique(s.SpecApproved, o.SpecApproved...)
}

// configAppendUnique appends the values of add not already in list, keeping
// order. It uses a set so that a huge config list stays linear.
func configAppendUnique(list []string, add ...string) []string {
	if len(add) == 0 {
		return list
	}
	seen := make(map[string]bool, len(list)+len(add))
	for _, x := range list {
		seen[x] = true
	}
	for _, a := range add {
		if !seen[a] {
			seen[a] = true
			list = append(list, a)
		}
	}
	return list
}

func configSortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
