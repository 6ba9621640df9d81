package rules

import (
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// PM006 checks that a spec names its target users and its evidence.
var PM006 = &lint.Rule{
	ID:        "PM006",
	Name:      "spec-audience-and-evidence",
	Set:       lint.SetPM,
	Kinds:     []lint.Kind{lint.KindSpec},
	Severity:  lint.SeverityWarning,
	Precision: lint.PrecisionHeuristic,
	Title:     "A spec names its target users and the evidence that the problem is real",
	Doc: "The Product Manager is the voice of the market and the customer. Lenny's one-pager asks " +
		"\"Audience\" and \"How do we know this is a real problem\"; Yien's template asks for evidence and which " +
		"customers; Atlassian's has *Customer interviews*. \"Users want this\" is not evidence.\n\n" +
		"Checked (Appendix D.12): an audience section — Audience, Target Users, Users, Personas, Customer " +
		"interviews, Who is this for, or a heading that contains \"audience\", \"persona\" or \"target user\"; a " +
		"\"User Stories\" section also names the users and counts. And an evidence signal — a section from " +
		"{Evidence, Evidence & Insights, Research, User Research, Customer interviews, Data}, or at least one " +
		"link inside the problem or audience section (to research, data, interview notes, issues).\n\n" +
		"Severity: warning for PRDs, note for RFC-like specs (RFC, KEP, PEP, BEP, specs of unknown sub-kind). " +
		"ADRs and Go proposals are not checked: their templates have no audience.\n\n" +
		pmSkipDoc + "\n\n" +
		"Fix: add `## Target Users` (who, how many, which segment) and link the research behind the problem " +
		"from the problem section.\n\n" + pmSilenceDoc("PM006"),
	Bad:   "# Guest checkout\n\n## Problem\n\nUsers want this.\n",
	Good:  "# Guest checkout\n\n## Problem\n\nSign-up loses buyers ([interview synthesis](research/2025-05.md)).\n\n## Target Users\n\nOccasional buyers (≤ 2 orders/yr), 58 % of traffic.\n",
	Check: checkPM006,
}

func pmAudienceLike(norm string) bool {
	return strings.Contains(norm, "audience") || strings.Contains(norm, "persona") ||
		strings.Contains(norm, "target user") || norm == "user stories" || norm == "who is this for"
}

// pmEvidenceHeadings is Appendix D.12's evidence row, normalised.
var pmEvidenceHeadings = map[string]bool{"evidence": true, "evidence and insights": true, "research": true,
	"user research": true, "customer interviews": true, "data": true}

func checkPM006(p *lint.Pass) {
	d := p.Doc
	sub, ok := pmProductSpecSub(p)
	if !ok {
		return
	}
	sev := lint.SeverityWarning
	if pmIsRFCLike(sub) {
		sev = lint.SeverityNote
	}
	audience := pmSections(d, pmAudienceLike, lint.ConceptAudience)
	if pmFirstFilled(d, audience) == nil {
		reportDoc(p, d, sev, "spec names no target users: add a \"## Target Users\" (or Audience) section saying who this is for")
	}
	if pmHasEvidence(p, d, audience) {
		return
	}
	reportDoc(p, d, sev, "spec gives no evidence that the problem is real: link research, data or "+
		"interview notes from the problem section, or add an \"## Evidence\" section")
}

func pmHasEvidence(p *lint.Pass, d *lint.Doc, audience []*lint.Heading) bool {
	for _, h := range d.Headings {
		if (h.Is(lint.ConceptEvidence) || pmEvidenceHeadings[h.Norm]) && !lint.SectionIsEmpty(d, h) {
			return true
		}
	}
	scope := append(pmSections(d, pmProblemLike, lint.ConceptProblem), audience...)
	for _, l := range d.Links {
		if l.FromKey != "" || !pmInAny(scope, l.Line) {
			continue
		}
		if l.Target == "" && !l.External && !l.Wiki {
			continue // a fragment link to the same page is not evidence
		}
		return true
	}
	return false
}
