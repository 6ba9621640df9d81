package rules

import (
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// PM003 checks that a spec lists its goals and its explicit non-goals.
var PM003 = &lint.Rule{
	ID:        "PM003",
	Name:      "spec-goals-and-non-goals",
	Set:       lint.SetPM,
	Kinds:     []lint.Kind{lint.KindSpec},
	Severity:  lint.SeverityError,
	Precision: lint.PrecisionHigh,
	Title:     "A spec has a non-empty goals section and an explicit non-goals section",
	Doc: "Goals say what success is for; non-goals limit the scope so that reviewers and the Product Owner " +
		"do not read more into the spec than it promises. KEP and BEP have `Goals`/`Non-Goals`; Yien's PRD " +
		"template treats non-goals as equally clarifying; Atlassian's has \"What we are not doing\".\n\n" +
		"Checked: a goals section (Goals, Goals and Objectives, Objectives, Business/Product Goals, Success " +
		"Criteria, or a heading that starts with \"goal\" or ends with \"goals\", such as \"Design goals\") with " +
		"real text, and a non-goals section (Non-Goals, Out of Scope, What we are not doing, Not Doing, or a " +
		"heading containing \"non-goal\" / \"out of scope\") with real text. A combined \"Goals and Non-Goals\" " +
		"section serves both. The catalog asks for goals \"as a list\"; a goals section written as one " +
		"paragraph is accepted (it is one goal), because single-goal RFCs write it that way.\n\n" +
		"Severity: missing or empty goals is an error; missing or empty non-goals is a warning.\n\n" +
		"Not checked on ADRs and Go proposals: their templates have no goals section (MADR records a " +
		"decision and its drivers; Go's template is Abstract/Background/Proposal/Rationale).\n\n" +
		pmSkipDoc + "\n\n" +
		"Fix: list the outcomes the spec is for under `## Goals`, and under `## Non-Goals` what it " +
		"deliberately does not do.\n\n" + pmSilenceDoc("PM003"),
	Bad:   "# Guest checkout\n\n## Goals\n\n- Let occasional buyers pay without an account.\n",
	Good:  "# Guest checkout\n\n## Goals\n\n- Let occasional buyers pay without an account.\n\n## Non-Goals\n\n- Guest checkout for subscriptions is out of scope for this release.\n",
	Check: checkPM003,
}

func pmGoalsLike(norm string) bool {
	if strings.HasPrefix(norm, "non") {
		return false
	}
	return pmHasPrefixWord(norm, "goal") || pmHasPrefixWord(norm, "goals") || strings.HasSuffix(norm, " goals")
}

func pmNonGoalsLike(norm string) bool {
	return strings.Contains(norm, "non goal") || strings.Contains(norm, "nongoal") ||
		strings.Contains(norm, "out of scope") || strings.Contains(norm, "not in scope")
}

func checkPM003(p *lint.Pass) {
	d := p.Doc
	if pmSkip(p) {
		return
	}
	switch pmSubKind(p.Universe, d) {
	case pmSubADR, pmSubGoProposal:
		return
	}
	goals := pmSections(d, pmGoalsLike, lint.ConceptGoals)
	switch {
	case len(goals) == 0:
		reportDoc(p, d, lint.SeverityError,
			"spec has no goals: add a \"## Goals\" section listing the outcomes this spec is for")
	case pmFirstFilled(d, goals) == nil:
		reportAt(p, d, goals[0].Line, 1, lint.SeverityError,
			"goals section \""+pmHeadingLabel(goals[0])+"\" is empty: list at least one goal")
	}
	nonGoals := pmSections(d, pmNonGoalsLike, lint.ConceptNonGoals)
	switch {
	case len(nonGoals) == 0:
		reportDoc(p, d, lint.SeverityWarning,
			"spec has no non-goals: add a \"## Non-Goals\" section saying what is deliberately out of scope")
	case pmFirstFilled(d, nonGoals) == nil:
		reportAt(p, d, nonGoals[0].Line, 1, lint.SeverityWarning,
			"non-goals section \""+pmHeadingLabel(nonGoals[0])+"\" is empty: say what is out of scope, or write \"None\"")
	}
}
