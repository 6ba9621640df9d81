package rules

import (
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// PM008 checks that a spec names its risks and its open questions.
var PM008 = &lint.Rule{
	ID:        "PM008",
	Name:      "spec-risks-and-open-questions",
	Set:       lint.SetPM,
	Kinds:     []lint.Kind{lint.KindSpec},
	Severity:  lint.SeverityWarning,
	Precision: lint.PrecisionHeuristic,
	Title:     "A spec names its risks and its open questions",
	Doc: "Stating what could go wrong and what is still undecided is what makes a spec reviewable: KEP *Risks " +
		"and Mitigations* and *Drawbacks*, Rust *Drawbacks* and *Unresolved questions*, PEP *Open Issues*, " +
		"Atlassian *Questions*, Yien *Risks* and *FAQ*.\n\n" +
		"Checked: (1) a risks section with real text — Risks, Risks and Mitigations, Drawbacks, Security " +
		"Implications/Considerations, Backwards Compatibility, Compatibility, or a heading containing " +
		"\"risk\", \"drawback\", \"caveat\", \"downside\", \"limitation\", \"compatibility\", \"security\" or " +
		"\"concern\"; (2) an open-questions section — Open Questions, Unresolved Questions, Open Issues, " +
		"Questions, FAQ, or a heading containing \"open question\", \"unresolved\" or \"open issue\". An empty " +
		"open-questions section is reported unless the spec is approved (then \"None\" is expected, but " +
		"empty is tolerated).\n\n" +
		"Readings with fewer false alarms: once a spec is approved, implemented or closed (any status outside " +
		"the active list), its questions are settled by definition, so a missing open-questions section is " +
		"not reported. Go proposals need no open-questions section, filled or not (their template marks " +
		"`Open issues` \"if applicable\"). ADRs are not checked: MADR records consequences, not risks.\n\n" +
		"Severity: warning.\n\n" +
		pmSkipDoc + "\n\n" +
		"Fix: add `## Risks` (each with a mitigation) and `## Open Questions` (each with an owner), or write " +
		"\"None\" under the latter.\n\n" + pmSilenceDoc("PM008"),
	Bad:   "# Guest checkout\n\n## Goals\n\n- Let occasional buyers pay without an account.\n",
	Good:  "# Guest checkout\n\n## Risks\n\n- Fraud on guest accounts; mitigation: velocity limits.\n\n## Open Questions\n\n- Do we keep guest orders for 2 years? (@alice)\n",
	Check: checkPM008,
}

func pmRisksLike(norm string) bool {
	for _, w := range []string{"risk", "drawback", "caveat", "downside", "limitation", "compatibility", "security", "concern"} {
		if strings.Contains(norm, w) {
			return true
		}
	}
	return false
}

func pmOpenQuestionsLike(norm string) bool {
	return strings.Contains(norm, "open question") || strings.Contains(norm, "unresolved") ||
		strings.Contains(norm, "open issue")
}

func checkPM008(p *lint.Pass) {
	d := p.Doc
	if pmSkip(p) {
		return
	}
	sub := pmSubKind(p.Universe, d)
	if sub == pmSubADR {
		return
	}
	risks := pmSections(d, pmRisksLike, lint.ConceptRisks)
	switch {
	case len(risks) == 0:
		reportDoc(p, d, lint.SeverityWarning, "spec names no risks: add a \"## Risks\" section "+
			"(each risk with its mitigation), or Drawbacks / Compatibility")
	case pmFirstFilled(d, risks) == nil:
		reportAt(p, d, risks[0].Line, 1, lint.SeverityWarning,
			"risks section \""+pmHeadingLabel(risks[0])+"\" is empty: name each risk and its mitigation")
	}

	if sub == pmSubGoProposal {
		return // Go's template marks open issues "if applicable"
	}
	status := pmSpecStatus(p, d)
	settled := status != "" && !lint.IsActive(p.Config, status)
	questions := pmSections(d, pmOpenQuestionsLike, lint.ConceptOpenQuestions)
	switch {
	case len(questions) == 0:
		if settled {
			return
		}
		reportDoc(p, d, lint.SeverityWarning, "spec lists no open questions: add an \"## Open Questions\" "+
			"section (write \"None\" when everything is decided)")
	case pmFirstFilled(d, questions) == nil && !settled:
		reportAt(p, d, questions[0].Line, 1, lint.SeverityWarning, "open questions section \""+
			pmHeadingLabel(questions[0])+"\" is empty: list the questions with an owner each, or write \"None\"")
	}
}
