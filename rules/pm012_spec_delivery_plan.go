package rules

import (
	"fmt"
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// PM012 checks that a spec says how and when it ships.
var PM012 = &lint.Rule{
	ID:        "PM012",
	Name:      "spec-delivery-plan",
	Set:       lint.SetPM,
	Kinds:     []lint.Kind{lint.KindSpec},
	Severity:  lint.SeverityWarning,
	Precision: lint.PrecisionHeuristic,
	Title:     "An approved or active spec states its release or rollout intent",
	Doc: "The spec's release-level plan is the Product Manager's hand-off to the Product Owner: which " +
		"release, which milestones, how it rolls out. BEP *Release Plan*, KEP *Graduation Criteria* and " +
		"milestone fields, Go *Implementation* (who and when), Atlassian *Target release*, Lenny *When*, Yien " +
		"*Key Milestones*. It is not a sprint plan (that would be RC005's finding).\n\n" +
		"Applies to specs with an approved status (warning) or an active one (note); a missing or " +
		"unrecognised status means the rule stays silent (Appendix D.6). ADRs are not checked: a decision " +
		"record has no release plan.\n\n" +
		"Checked: a section from the delivery vocabulary (Release Plan, Rollout, Launch Plan, Development and " +
		"Launch Planning, Key Milestones, Milestones, Graduation Criteria, Implementation, Implementation " +
		"History, Implementation Plan, Reference Implementation, Action Plan, Timeline, When), or a heading " +
		"containing \"rollout\", \"release\", \"milestone\", \"timeline\" or \"launch\", with real text; or a " +
		"header value for `target release`, `release`, `milestone`, `latest-milestone` or `target version`.\n\n" +
		pmSkipDoc + "\n\n" +
		"Fix: add `## Release Plan`, e.g. \"Beta to 10 % of EU traffic in 2025-Q3 behind flag " +
		"`guest_checkout`; GA after 4 weeks without P1 incidents.\"\n\n" + pmSilenceDoc("PM012"),
	Bad: "---\nstatus: approved\n---\n# Guest checkout\n\n## Goals\n\n- Let occasional buyers pay without an account.\n",
	Good: "---\nstatus: approved\n---\n# Guest checkout\n\n## Release Plan\n\nBeta to 10 % of EU traffic in 2025-Q3 behind " +
		"flag `guest_checkout`; GA after 4 weeks without P1 incidents.\n",
	Check: checkPM012,
}

var pmDeliveryKeys = []string{"target release", "release", "milestone", "latest milestone", "target version"}

func pmDeliveryLike(norm string) bool {
	for _, w := range []string{"rollout", "roll out", "release", "milestone", "timeline", "launch"} {
		if strings.Contains(norm, w) {
			return true
		}
	}
	return false
}

func checkPM012(p *lint.Pass) {
	d := p.Doc
	if pmSkip(p) || pmSubKind(p.Universe, d) == pmSubADR {
		return
	}
	status := pmSpecStatus(p, d)
	var sev lint.Severity
	switch {
	case status == "":
		return
	case lint.IsApproved(p.Config, status):
		sev = lint.SeverityWarning
	case lint.IsActive(p.Config, status):
		sev = lint.SeverityNote
	default:
		return
	}
	for _, k := range pmDeliveryKeys {
		if f, ok := d.Header.Get(k); ok && strings.TrimSpace(f.Value) != "" && !lint.IsPlaceholder(f.Value) {
			return
		}
	}
	hs := pmSections(d, pmDeliveryLike, lint.ConceptDelivery)
	if pmFirstFilled(d, hs) != nil {
		return
	}
	if len(hs) > 0 {
		reportAt(p, d, hs[0].Line, 1, sev, fmt.Sprintf(
			"spec is %q but its delivery section \"%s\" is empty: say which release it targets and how it rolls out",
			status, pmHeadingLabel(hs[0])))
		return
	}
	reportDoc(p, d, sev, fmt.Sprintf("spec is %q but states no delivery plan: add a \"## Release Plan\" "+
		"(target release, milestones, rollout) or a `target release:` header", status))
}
