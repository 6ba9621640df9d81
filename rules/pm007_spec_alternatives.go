package rules

import (
	"regexp"
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// PM007 checks that a spec records the alternatives it considered.
var PM007 = &lint.Rule{
	ID:        "PM007",
	Name:      "spec-alternatives-considered",
	Set:       lint.SetPM,
	Kinds:     []lint.Kind{lint.KindSpec},
	Severity:  lint.SeverityWarning,
	Precision: lint.PrecisionHeuristic,
	Title:     "A spec records the alternatives it considered",
	Doc: "A decision is only as good as the options it was chosen from. KEP *Alternatives*, Rust *Rationale " +
		"and alternatives*, PEP *Rejected Ideas*, Go *Rationale*, MADR *Considered Options*, BEP " +
		"*Alternatives*; Yien's PRD asks about alternatives under *High Level Approach*.\n\n" +
		"Checked: a section from the alternatives vocabulary (Alternatives, Alternatives Considered, Rationale " +
		"and alternatives, Rationale, Rejected Ideas, Considered Options, Pros and Cons of the Options, Prior " +
		"art) with real text. Read more widely, because real documents phrase it many ways: any heading that " +
		"contains \"alternative\", \"rationale\", \"rejected\", \"prior art\", \"trade-off\", \"comparison\", " +
		"\"options considered\", \"considered options\", \"pros and cons\", \"prior work\", \"related work\", " +
		"\"other approaches/options/designs\", \"previous approaches/attempts/proposals\", or starts with \"why not\".\n\n" +
		"Severity: warning for RFC-like specs (RFC, KEP, PEP, BEP, Go proposal, ADR, unknown sub-kind); note " +
		"for PRDs.\n\n" +
		pmSkipDoc + "\n\n" +
		"Fix: list at least two options you considered and why the others were rejected.\n\n" + pmSilenceDoc("PM007"),
	Bad:   "# RFC: Quotas\n\n## Rationale and alternatives\n\n<!-- Why is this design the best in the space of possible designs? -->\n",
	Good:  "# RFC: Quotas\n\n## Alternatives\n\n- Per-user rate limits: rejected, tenants share users.\n- Per-tenant quotas (chosen): matches billing.\n",
	Check: checkPM007,
}

func pmAlternativesLike(norm string) bool {
	for _, w := range []string{"alternative", "rationale", "rejected", "prior art", "trade off", "tradeoff",
		"comparison", "options considered", "considered options", "pros and cons", "approaches considered",
		"prior work", "related work", "other approaches", "other options", "previous approaches", "previous attempts",
		"previous proposals", "other designs"} {
		if strings.Contains(norm, w) {
			return true
		}
	}
	// "Considered Root Structure Options", "Naming options", and numbered
	// options or proposals ("Option 1: …", "Proposal 2") compare choices too.
	if strings.HasSuffix(norm, " options") || strings.Contains(norm, " options ") {
		return true
	}
	return strings.HasPrefix(norm, "why not ") || pmNumberedChoice.MatchString(norm)
}

var pmNumberedChoice = regexp.MustCompile(`^(?:proposed\s+)?(?:option|proposal|approach|alternative)\s+\d`)

func checkPM007(p *lint.Pass) {
	d := p.Doc
	if pmSkip(p) {
		return
	}
	sev := lint.SeverityWarning
	if !pmIsRFCLike(pmSubKind(p.Universe, d)) {
		sev = lint.SeverityNote
	}
	hs := pmSections(d, pmAlternativesLike, lint.ConceptAlternatives)
	if len(hs) == 0 {
		pmReportDoc(p, d, sev, "spec records no alternatives: add an \"## Alternatives\" section with the options "+
			"you considered and why they were rejected")
		return
	}
	if pmFirstFilled(d, hs) == nil {
		pmReportAt(p, d, hs[0].Line, 1, sev, "alternatives section \""+pmHeadingLabel(hs[0])+
			"\" is empty: list the options you considered and why they were rejected")
	}
}
