package lint

// Config is a loaded, validated and preset-merged .rolelint.yml.
// Loading lives in configload.go; this file holds the shape and accessors.
type Config struct {
	File    string   // path of the config file ("" when built-in defaults apply)
	Version int      // 1
	Extends []string // preset names, in order

	Documents []DocumentGlob // first match wins
	Vision    []string       // canonical vision docs / globs; replaces built-in vision targets when set
	Roles     Roles
	// Sections maps a concept (acceptance-criteria, goals, ...) to extra
	// heading names. SectionsReplace lists concepts whose built-in names are replaced.
	Sections        map[string][]string
	SectionsReplace map[string]bool
	Rules           map[string]RuleConfig // by rule ID
	Ignore          []string              // globs of paths never linted
	Lexicon         LexiconConfig
	Statuses        StatusConfig

	// Effective is every catalog rule's severity for this run (SeverityOff
	// for rules that do not run), after presets, rules:, --sets, --enable and
	// --disable. ActiveRules fills it; RuleSeverity consults it first.
	Effective map[string]Severity
	// OffReason says, by rule ID, why a rule does not run: a preset's
	// reason, the config line, or the flag. ActiveRules fills it.
	OffReason map[string]string
	// ruleDefaults holds the catalog's default severities, by rule ID, as of
	// the ActiveRules call that filled Effective.
	ruleDefaults map[string]Severity
}

// DocumentGlob maps paths to a kind.
type DocumentGlob struct {
	Kind             Kind
	Paths            []string
	ItemHeadingLevel int // for backlog files: the heading level of items (default 2)
	Line             int // line in the config file
}

// Roles is the roles registry: who is a PM, who is a PO, and aliases.
type Roles struct {
	ProductManagers []string          // handles, e-mails or team aliases
	ProductOwners   []string          // handles, e-mails or team aliases
	Aliases         map[string]string // team alias or group (KEP owning-sig) -> one person
	CodeOwners      bool              // read CODEOWNERS too
}

// Role is a role of a person.
type Role string

// Roles known to the registry.
const (
	RoleNone Role = ""
	RolePM   Role = "PM"
	RolePO   Role = "PO"
)

// RuleConfig is one entry under rules:.
type RuleConfig struct {
	Severity    Severity
	HasSeverity bool
	Options     map[string]any
	Line        int
}

// LexiconConfig extends or narrows the lexicon (RULES.md Appendix A).
type LexiconConfig struct {
	Extend map[string][]string // category -> extra terms
	Allow  []string            // phrases never reported
}

// StatusConfig extends the status vocabularies (lower case).
type StatusConfig struct {
	Ready        []string
	Done         []string
	SpecActive   []string
	SpecApproved []string
}

// RuleSeverity returns the severity of rule id when it is not the rule's
// default: once ActiveRules has run, the effective severity whenever a
// preset, rules: or a flag changed it; before, the one configured under
// rules:, if any. When ok is false the rule's default severity applies, so
// a rule with several natural severities (error for stories, warning for
// bugs) keeps them unless its severity was changed.
func (c *Config) RuleSeverity(id string) (Severity, bool) {
	if c == nil {
		return SeverityOff, false
	}
	if s, ok := c.Effective[id]; ok {
		if def, known := c.ruleDefaults[id]; known && def == s {
			return SeverityOff, false
		}
		return s, true
	}
	rc, ok := c.Rules[id]
	if !ok || !rc.HasSeverity {
		return SeverityOff, false
	}
	return rc.Severity, true
}

// RuleOption returns a configured option value of rule id.
func (c *Config) RuleOption(id, name string) (any, bool) {
	if c == nil {
		return nil, false
	}
	rc, ok := c.Rules[id]
	if !ok {
		return nil, false
	}
	v, ok := rc.Options[name]
	return v, ok
}
