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
	// Lexicon narrows or extends the word lists (Allow: phrases that are
	// ordinary in the convention and never reported).
	Lexicon LexiconConfig
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
		ClassCap: recommendedCaps(),
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
	presetKEP,
	presetRFC,
	presetGoProposal,
	presetADR,
	presetBacklogMD,
	presetIssueForms,
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
	c.mergeSections(p.SectionsReplace, p.Sections)
	c.Ignore = configAppendUnique(c.Ignore, p.Ignore...)
	c.Statuses.merge(p.Statuses)
	c.Lexicon.merge(p.Lexicon)
	for _, id := range configSortedKeys(p.Options) {
		for _, name := range configSortedKeys(p.Options[id]) {
			c.setRuleOption(id, name, p.Options[id][name], 0)
		}
	}
}

// applyPresets applies the presets of c.Extends, in order. Unknown names are
// skipped: LoadConfig rejects them, a hand-built Config may have them.
func (c *Config) applyPresets() {
	for _, name := range c.Extends {
		if p, ok := PresetByName(name); ok {
			c.applyPreset(p)
		}
	}
}

// mergeSections replaces the sections of the concepts set in replace, then
// adds the headings of sections.
func (c *Config) mergeSections(replace map[string]bool, sections map[string][]string) {
	for _, concept := range configSortedKeys(replace) {
		if replace[concept] {
			c.replaceSection(concept)
		}
	}
	for _, concept := range configSortedKeys(sections) {
		c.addSection(concept, sections[concept])
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

// merge adds the words of o to the lists of l.
func (l *LexiconConfig) merge(o LexiconConfig) {
	l.Allow = configAppendUnique(l.Allow, o.Allow...)
	for _, category := range configSortedKeys(o.Extend) {
		if l.Extend == nil {
			l.Extend = map[string][]string{}
		}
		l.Extend[category] = configAppendUnique(l.Extend[category], o.Extend[category]...)
	}
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

// Preset names of the document conventions rolelint knows out of the box.
const (
	PresetKEP        = "kep"
	PresetRFC        = "rfc"
	PresetGoProposal = "go-proposal"
	PresetADR        = "adr"
	PresetBacklogMD  = "backlog-md"
	PresetIssueForms = "issue-forms"
)

// recommendedCaps are the class caps of `recommended`: every convention
// preset starts from them, so that `extends: [kep]` alone is a full setup.
func recommendedCaps() map[string]Severity {
	return map[string]Severity{
		PrecisionHigh:      SeverityError,
		PrecisionHeuristic: SeverityWarning,
		PrecisionLexical:   SeverityNote,
	}
}

// Reasons shared by several presets.
const (
	reasonNoMetrics = "the template has no success-metrics section: an engineering proposal argues " +
		"from motivation and goals, and its success is the feature working, not a product KPI"
	reasonNoEvidence = "the template asks for motivation, not for target users and research " +
		"evidence; that is a product requirements practice"
	reasonNoReqIDs = "requirements live in prose and design details, not in numbered FR-n " +
		"lists; the requirement-wording heuristics misread design prose (\"may\", \"immediately\")"
	reasonNoSprint = "sprint plans never appear in this convention"
)

var presetKEP = &Preset{
	Name: PresetKEP,
	Description: "Kubernetes Enhancement Proposals: keps/<sig>/NNNN-name/README.md with its metadata " +
		"in the kep.yaml beside it (title, authors, owning-sig, status, approvers, milestone). " +
		"The owner is the owning-sig (map it to one person under roles: aliases:), approvers " +
		"are kep.yaml approvers, Graduation Criteria and Implementation History are the delivery plan.",
	ClassCap: recommendedCaps(),
	Rules: map[string]PresetRule{
		"PM004": {SeverityOff, reasonNoMetrics + " (KEP Goals say how success is known; PRR " +
			"Monitoring Requirements are operational SLIs)"},
		"PM005": {SeverityOff, "a KEP links up through its owning SIG's charter and the enhancement " +
			"issue, not a product vision document"},
		"PM006": {SeverityOff, reasonNoEvidence},
		"PM010": {SeverityOff, reasonNoReqIDs},
		"RC002": {SeverityOff, "a KEP is owned by a SIG and its approvers, roles that have no PM or PO " +
			"counterpart; RC001 still asks that the SIG map to one person"},
	},
	Documents: []DocumentGlob{{Kind: KindSpec, Paths: []string{"keps/*/*/README.md"}}},
	Sections: map[string][]string{
		ConceptProblem:       {"motivation"},
		ConceptAudience:      {"user stories"},
		ConceptRisks:         {"risks and mitigations", "drawbacks", "notes constraints caveats", "version skew strategy"},
		ConceptOpenQuestions: {"unresolved", "open questions"},
		ConceptDelivery: {"graduation criteria", "implementation history", "test plan",
			"upgrade downgrade strategy", "rollout upgrade and rollback planning", "release signoff checklist"},
		ConceptAlternatives: {"alternatives"},
	},
	Ignore:   []string{"keps/NNNN-kep-template/**", "keps/**/NNNN-*/**"},
	Statuses: StatusConfig{SpecActive: []string{"provisional"}, SpecApproved: []string{"implementable", "implemented"}},
}

var presetRFC = &Preset{
	Name: PresetRFC,
	Description: "RFC and proposal repositories (Rust, Flux, Sentry, Swift Evolution, Prometheus " +
		"proposals): one Markdown file or folder README per proposal, a status line or bullet header, " +
		"Summary / Motivation / Goals / Non-Goals / Proposal / Alternatives / Design Details. The " +
		"decision happens on the RFC's pull request, so approvers and owners are not in the file.",
	ClassCap: recommendedCaps(),
	Rules: map[string]PresetRule{
		"PM004": {SeverityOff, reasonNoMetrics},
		"PM005": {SeverityOff, "an RFC links up through its Motivation section, not a vision document"},
		"PM006": {SeverityOff, reasonNoEvidence},
		"PM008": {SeverityOff, "risks and open questions are optional in RFC templates (Flux and " +
			"Prometheus have neither section; Rust's Drawbacks and Unresolved questions are optional)"},
		"PM010": {SeverityOff, reasonNoReqIDs},
		"PM011": {SeverityOff, "RFCs are approved by maintainers reviewing the RFC's pull request; " +
			"the template has no approvers field"},
		"RC004": {SeverityOff, "delivery is tracked in the Implementation History section and on the " +
			"RFC's pull request (PM012 checks that section), not in a tracking-issue header"},
	},
	// RC001 checks the owners an RFC writes down (Prometheus' `* **Owners:**`
	// asks for "a single champion") but does not ask for an owner field the
	// Flux and Rust templates do not have.
	Options: map[string]map[string]any{
		"RC001": {"report-missing": false},
	},
	Documents: []DocumentGlob{{Kind: KindSpec, Paths: []string{"text/[0-9]*.md", "rfcs/*/[0-9]*.md", "rfcs/[0-9]*.md"}}},
	Sections: map[string][]string{
		ConceptProblem:       {"motivation", "why", "pitfalls of the current solution"},
		ConceptProposal:      {"proposal", "how", "design details", "guide level explanation", "reference level explanation", "detailed design"},
		ConceptAlternatives:  {"alternatives", "rationale and alternatives", "alternatives considered", "prior art"},
		ConceptRisks:         {"drawbacks", "security considerations", "source compatibility"},
		ConceptOpenQuestions: {"unresolved questions", "open questions"},
		ConceptDelivery:      {"implementation history", "action plan", "implementation plan"},
		ConceptAudience:      {"audience", "user stories"},
	},
	Ignore: []string{"**/0000-template.md", "**/RFC-0000/**", "**/0000-*.md", "**/*template*.md"},
	Statuses: StatusConfig{
		SpecActive:   []string{"provisional", "not implemented", "proof-of-concept implemented"},
		SpecApproved: []string{"implementable", "implemented", "partially implemented", "implemented (partially)"},
	},
}

var presetGoProposal = &Preset{
	Name: PresetGoProposal,
	Description: "Go-style design proposals (golang/proposal design/NNNNN-name.md): `Author(s):`, " +
		"`Last updated:` and `Discussion at https://go.dev/issue/N` lines under the title, then " +
		"Abstract / Background / Proposal / Rationale / Compatibility / Implementation. Status lives " +
		"on the issue, the discussion issue is the down link.",
	ClassCap: recommendedCaps(),
	Rules: map[string]PresetRule{
		"PM001": {SeverityOff, "a Go proposal's status lives on its issue (proposal labels), not in the document"},
		"PM004": {SeverityOff, reasonNoMetrics},
		"PM005": {SeverityOff, "a Go proposal links up through its Background section and issue"},
		"PM006": {SeverityOff, reasonNoEvidence},
		"PM008": {SeverityOff, "the template has no risks section; Compatibility is optional and " +
			"many accepted proposals discuss risks in Rationale"},
		"PM010": {SeverityOff, reasonNoReqIDs},
		"PM011": {SeverityOff, "the proposal review group decides on the issue; the document has no approvers"},
		"PM013": {SeverityOff, "design documents are a historical record and are not kept fresh after acceptance"},
		"RC001": {SeverityOff, "the template names `Author(s):` and no owner; the author drives the " +
			"proposal, and the issue's assignee is the accountable person"},
		"RC004": {SeverityOff, "there is no status in the document, so there is no approved state to check"},
	},
	Sections: map[string][]string{
		ConceptSummary: {"abstract"},
		// Abstract also counts as the problem statement: a proposal without a
		// Background says in its abstract what it is for (the go/ast and
		// go/types companions of the type parameters proposal, 47781/47916).
		ConceptProblem: {"background", "introduction", "motivation", "problem", "overview", "abstract"},
		ConceptAlternatives: {"rationale", "alternatives", "alternatives considered", "discussion",
			"discussion and open questions", "design alternatives", "other approaches"},
		ConceptRisks:    {"compatibility"},
		ConceptDelivery: {"implementation"},
	},
	Ignore: []string{"design/TEMPLATE.md", "**/TEMPLATE.md"},
}

var presetADR = &Preset{
	Name: PresetADR,
	Description: "Architecture decision records, Nygard (Status / Context / Decision / Consequences) " +
		"and MADR 2-4 (front matter status, date, deciders or decision-makers, consulted, informed; " +
		"Context and Problem Statement / Considered Options / Decision Outcome). ADRs are engineering " +
		"decisions: the preset checks status, owner, problem, options and placeholders, and turns " +
		"the product-requirements checks off.",
	ClassCap: recommendedCaps(),
	Rules: map[string]PresetRule{
		"PM003": {SeverityOff, "an ADR states a decision, not goals and non-goals"},
		"PM004": {SeverityOff, "an ADR records a decision; it has no success metrics"},
		"PM005": {SeverityOff, "an ADR links to related decisions, not to the product vision"},
		"PM006": {SeverityOff, "an ADR's audience is the team; Decision Drivers replace evidence"},
		"PM008": {SeverityOff, "Consequences (and MADR's Pros and Cons) carry the risks; ADRs are " +
			"decided, so there are no open questions"},
		"PM010": {SeverityOff, reasonNoReqIDs},
		"PM012": {SeverityOff, "an ADR is implemented by the code that follows it; there is no release plan"},
		"PM013": {SeverityOff, "ADRs are immutable once decided: a new ADR supersedes an old one instead of editing it"},
		"RC004": {SeverityOff, "an ADR points to no delivery items"},
		"RC005": {SeverityOff, reasonNoSprint},
	},
	// MADR's one accountable person: `contact` (Semantic Kernel's template:
	// "person proposing the ADR"), else a single decider.
	Options: map[string]map[string]any{
		"RC001": {"owner-keys": []string{"contact"}, "single-owner-keys": []string{"decision-makers", "deciders"}},
	},
	Documents: []DocumentGlob{{Kind: KindSpec, Paths: []string{"architecture/decisions/[0-9]*.md"}}},
	Sections: map[string][]string{
		ConceptProblem:      {"context", "context and problem statement", "problem statement", "decision drivers"},
		ConceptProposal:     {"decision", "decision outcome"},
		ConceptAlternatives: {"considered options", "pros and cons of the options", "options considered", "options", "alternatives"},
		ConceptRisks:        {"consequences", "negative consequences"},
	},
	Ignore: []string{"**/adr-template.md", "**/adr-short-template.md", "**/template.md", "**/*-template.md", "**/0000-*.md"},
	Statuses: StatusConfig{
		SpecActive:   []string{"proposed", "experimental"},
		SpecApproved: []string{"accepted", "decided"},
	},
}

var presetBacklogMD = &Preset{
	Name: PresetBacklogMD,
	Description: "Backlog.md task folders (backlog/tasks/<prefix>-N - Title.md, front matter id, " +
		"title, status, assignee, labels, milestone, parent_task_id, priority, ordinal; " +
		"Description / Acceptance Criteria with <!-- AC:BEGIN --> markers / Definition of Done / " +
		"Implementation Plan and Notes). Tasks are developer work items: the story-sentence and " +
		"ownership checks are off, the acceptance-criteria checks stay.",
	ClassCap: recommendedCaps(),
	Rules: map[string]PresetRule{
		"PO001": {SeverityOff, "Backlog.md tasks are titled work items, not \"As a ... I want\" stories"},
		"RL001": {SeverityOff, "early Backlog.md versions wrote `assignee: @handle` unquoted, which YAML rejects but " +
			"Backlog.md reads and GitHub renders; rolelint reads such headers line by line, so they lose nothing"},
		"PO002": {SeverityOff, "Backlog.md tasks are titled work items, not \"As a ... I want\" stories"},
		"PO004": {SeverityOff, "Backlog.md acceptance criteria are implementation checks written in " +
			"technical vocabulary (working tree, fail fast, clean/dirty, all tests pass) where the " +
			"ambiguity word list misfires on about 4 in 10 hits; turn it on for product-facing criteria"},
		"PO007": {SeverityOff, "Backlog.md tasks have no story sentence to keep minimal"},
		"PO009": {SeverityOff, "Backlog.md tasks have no story sentence template"},
		"RC001": {SeverityOff, "Backlog.md has no owner field (assignee is the implementer); add " +
			"`product_owner:` to backlog/readme.md front matter and turn RC001 on to require one"},
		"RC003": {SeverityOff, "milestone and parent_task_id are optional in Backlog.md; stand-alone " +
			"maintenance tasks are normal"},
	},
	Sections: map[string][]string{
		ConceptDescription:        {"description"},
		ConceptAcceptanceCriteria: {"acceptance criteria"},
		ConceptDefinitionOfDone:   {"definition of done"},
		ConceptDelivery:           {"implementation plan"},
	},
	Ignore:   []string{"backlog/config.yml", "backlog/docs/**"},
	Statuses: StatusConfig{Done: []string{"done"}},
	Lexicon:  LexiconConfig{Allow: backlogMDAllow},
}

// backlogMDAllow are the totality words of developer checklists ("All
// existing tests pass", "any configured prefix"): ordinary and precise there.
var backlogMDAllow = []string{"all", "any", "every", "each", "always", "never", "none", "no longer"}

var presetIssueForms = &Preset{
	Name: PresetIssueForms,
	Description: "User stories and bugs written from GitHub issue templates (.github/ISSUE_TEMPLATE " +
		"user-story.md or issue forms) and exported to Markdown: `## User Story` with \"As a ... I " +
		"want ... so that\", `## Acceptance Criteria` as a checklist or gherkin block, Definition of " +
		"Ready / Done, `## Steps to Reproduce` / Expected / Actual for bugs. The owner is the issue's " +
		"`owner:` front matter or the backlog folder README.",
	ClassCap: recommendedCaps(),
	Rules: map[string]PresetRule{
		"PO010": {SeverityOff, "issue order lives in the project board, not in the exported files"},
	},
	Documents: []DocumentGlob{{Kind: KindStory, Paths: []string{"issues/*/*.md", "issues/*-*.md"}}},
	Sections: map[string][]string{
		ConceptStory:              {"user story", "story"},
		ConceptAcceptanceCriteria: {"acceptance criteria", "acceptance tests"},
		ConceptDefinitionOfDone:   {"definition of done"},
		ConceptDescription:        {"details and assumptions", "additional context", "notes"},
		ConceptLinks:              {"linked issues", "dependencies"},
	},
	Ignore: []string{".github/ISSUE_TEMPLATE/**", ".github/PULL_REQUEST_TEMPLATE*"},
	Statuses: StatusConfig{
		Ready: []string{"ready", "todo"},
		Done:  []string{"closed", "done"},
	},
}

// PresetChange is one rule whose severity a preset changes from the rule's
// default: To is SeverityOff when the preset turns the rule off, with Reason.
type PresetChange struct {
	RuleID string
	From   Severity
	To     Severity
	Reason string
}

// PresetDiff lists, sorted by rule ID, the rules of catalog whose severity
// preset p changes from their defaults, for `rolelint rules --preset NAME`.
func PresetDiff(p *Preset, catalog []*Rule) []PresetChange {
	if p == nil {
		return nil
	}
	var out []PresetChange
	for _, r := range sortedRules(catalog) {
		sev, reason, ok := p.SeverityFor(r)
		if !ok || sev == r.Severity {
			continue
		}
		out = append(out, PresetChange{RuleID: r.ID, From: r.Severity, To: sev, Reason: reason})
	}
	return out
}
