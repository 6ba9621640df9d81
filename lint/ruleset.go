package lint

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// AllSets lists the rule sets in a stable order (for flag validation).
var AllSets = []Set{SetPO, SetPM, SetRC}

// ActiveRules decides which rules of catalog run and at what severity. In
// order: the rule's default severity; the presets of c.Extends, in order; the
// config's rules: entries; the sets filter (empty = all sets); enable (turns a
// rule on, even one outside sets, at its configured severity or else its
// default); disable.
//
// It returns the rules to run, sorted by ID, and the effective severity of
// every catalog rule (SeverityOff for those that do not run). The severities
// are also stored in c.Effective (and the reasons rules are off in
// c.OffReason), so that Config.RuleSeverity answers with them (it reports
// only those that differ from the rule's default). A nil c means
// DefaultConfig(). Unknown rule IDs in enable or disable and unknown sets are
// errors that name the flag and suggest the closest known name.
func ActiveRules(c *Config, catalog []*Rule, sets []Set, enable, disable []string) ([]*Rule, map[string]Severity, error) {
	if c == nil {
		c = DefaultConfig()
	}
	rules := sortedRules(catalog)
	index := newRuleIndex(rules)
	enabled, err := index.resolveFlag("--enable", enable)
	if err != nil {
		return nil, nil, err
	}
	disabled, err := index.resolveFlag("--disable", disable)
	if err != nil {
		return nil, nil, err
	}
	inSets, err := setFilter(sets)
	if err != nil {
		return nil, nil, err
	}

	effective := make(map[string]Severity, len(rules))
	defaults := make(map[string]Severity, len(rules))
	offReason := map[string]string{}
	var active []*Rule
	for _, r := range rules {
		sev, why := configuredSeverity(c, r)
		if sev != SeverityOff && !inSets(r.Set) && r.Set != SetEngine {
			sev, why = SeverityOff, fmt.Sprintf("set %s is not selected by --sets", r.Set)
		}
		if enabled[r.ID] && sev == SeverityOff {
			sev, why = enabledSeverity(c, r), ""
		}
		if disabled[r.ID] {
			sev, why = SeverityOff, "turned off by --disable"
		}
		effective[r.ID] = sev
		defaults[r.ID] = r.Severity
		if sev == SeverityOff {
			offReason[r.ID] = why
			continue
		}
		active = append(active, r)
	}
	c.Effective = effective
	c.OffReason = offReason
	c.ruleDefaults = defaults
	out := make(map[string]Severity, len(effective))
	for id, s := range effective {
		out[id] = s
	}
	return active, out, nil
}

// configuredSeverity applies the presets and then the rules: map, and says
// why the rule ends up off when it does.
func configuredSeverity(c *Config, r *Rule) (Severity, string) {
	sev, why := r.Severity, "off by default; turn it on under rules: or with --enable"
	for _, name := range c.Extends {
		p, ok := PresetByName(name)
		if !ok {
			continue // LoadConfig rejects unknown presets; a hand-built Config may not
		}
		s, reason, ok := p.SeverityFor(r)
		if !ok {
			continue
		}
		sev = s
		switch {
		case reason != "":
			why = "turned off by preset " + p.Name + ": " + reason
		case r.Severity != SeverityOff:
			why = "turned off by preset " + p.Name
		}
	}
	if rc, ok := c.Rules[r.ID]; ok && rc.HasSeverity {
		sev = rc.Severity
		why = "turned off in the config"
		if c.File != "" && rc.Line > 0 {
			why = fmt.Sprintf("turned off in %s:%d", c.File, rc.Line)
		}
	}
	return sev, why
}

// enabledSeverity is the severity of a rule turned on by --enable: the one
// configured under rules: when that is not off, else the rule's default
// (warning for a rule that is off by default).
func enabledSeverity(c *Config, r *Rule) Severity {
	if rc, ok := c.Rules[r.ID]; ok && rc.HasSeverity && rc.Severity != SeverityOff {
		return rc.Severity
	}
	if r.Severity != SeverityOff {
		return r.Severity
	}
	return SeverityWarning
}

func sortedRules(catalog []*Rule) []*Rule {
	rules := make([]*Rule, 0, len(catalog))
	for _, r := range catalog {
		if r != nil {
			rules = append(rules, r)
		}
	}
	sort.SliceStable(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
	return rules
}

// setFilter validates the --sets values and returns the membership test.
func setFilter(sets []Set) (func(Set) bool, error) {
	if len(sets) == 0 {
		return func(Set) bool { return true }, nil
	}
	names := make([]string, len(AllSets))
	for i, s := range AllSets {
		names[i] = string(s)
	}
	chosen := map[Set]bool{}
	for _, s := range sets {
		norm := Set(strings.ToLower(strings.TrimSpace(string(s))))
		if norm == "" {
			continue
		}
		if !slices.Contains(AllSets, norm) {
			return nil, fmt.Errorf("--sets: unknown rule set %q%s",
				string(s), hintFor(string(s), names, "the sets are "+strings.Join(names, ", ")))
		}
		chosen[norm] = true
	}
	return func(s Set) bool { return chosen[s] }, nil
}

// ruleIndex finds rules by ID (any case) or by name.
type ruleIndex struct {
	byKey map[string]*Rule // upper-cased ID and lower-cased name
	names []string         // IDs and names, for suggestions
	rules []*Rule          // in catalog order
}

func newRuleIndex(rules []*Rule) *ruleIndex {
	ix := &ruleIndex{byKey: map[string]*Rule{}, rules: rules}
	for _, r := range rules {
		ix.byKey[strings.ToUpper(r.ID)] = r
		ix.names = append(ix.names, r.ID)
		if r.Name != "" {
			ix.byKey[strings.ToLower(r.Name)] = r
			ix.names = append(ix.names, r.Name)
		}
	}
	return ix
}

// optionOwner returns the first rule other than r, in catalog order, that
// takes an option of that name (nil when none does).
func (ix *ruleIndex) optionOwner(name string, r *Rule) *Rule {
	if ix == nil {
		return nil
	}
	for _, other := range ix.rules {
		if other == r {
			continue
		}
		for _, o := range other.Options {
			if o.Name == name {
				return other
			}
		}
	}
	return nil
}

func (ix *ruleIndex) lookup(s string) (*Rule, bool) {
	s = strings.TrimSpace(s)
	if r, ok := ix.byKey[strings.ToUpper(s)]; ok {
		return r, true
	}
	r, ok := ix.byKey[strings.ToLower(s)]
	return r, ok
}

// resolveFlag maps the IDs or names given to a flag to rule IDs. Values may
// themselves be comma-separated ("PO003,PM005").
func (ix *ruleIndex) resolveFlag(flag string, values []string) (map[string]bool, error) {
	ids := map[string]bool{}
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			r, ok := ix.lookup(part)
			if !ok {
				return nil, fmt.Errorf("%s: unknown rule %q%s",
					flag, part, hintFor(part, ix.names, "`rolelint rules` lists them"))
			}
			ids[r.ID] = true
		}
	}
	return ids, nil
}
