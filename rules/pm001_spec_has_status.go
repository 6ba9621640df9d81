package rules

import (
	"fmt"
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// PM001 checks that a spec states where it is in its lifecycle.
var PM001 = &lint.Rule{
	ID:        "PM001",
	Name:      "spec-has-status",
	Set:       lint.SetPM,
	Kinds:     []lint.Kind{lint.KindSpec},
	Severity:  lint.SeverityError,
	Precision: lint.PrecisionHigh,
	Title:     "A spec has a lifecycle status, and the status is a recognised one",
	Doc: "Readers, reviewers and the Product Owner need to know whether a spec is a draft, under review, " +
		"approved, or dead. KEP `status`, PEP `Status` (required), MADR `status` and PRD `Status` headers all " +
		"say it; later rules (PM009, PM011, PM012, PM013, RC004) key off it.\n\n" +
		"Checked: a status key exists — `status`, `document status`, `state` or `lifecycle status` in any " +
		"header encoding (YAML front matter, `Status: x` lines, `- Status: x` bullets, a header table, a bold " +
		"`**Status:** x` line), or a Nygard-style `## Status` section whose first line is the status. " +
		"Prometheus' `* **Implementation Status:** …` counts when no lifecycle key exists: a merged Prometheus " +
		"proposal is accepted by definition, and its implementation status (`Implemented`, `Not implemented`, " +
		"`Partially implemented`) is the only state it records. The value must not be the template's menu " +
		"(`provisional|implementable|implemented`, `Draft / Review / Approved`, `{proposed | rejected | …}`: " +
		"error \"template value not chosen\") and must be one of `statuses.spec_active`, " +
		"`statuses.spec_approved` (built-ins plus config) or an end state (rejected, withdrawn, deferred, " +
		"deprecated, superseded, replaced, obsolete, abandoned, declined); otherwise a warning. Values are " +
		"compared after normalisation: case, backticks, a `{ accepted }` pair of template braces, a remark in " +
		"parentheses (`implemented (partially)`) and a MADR `superseded by [ADR-0005](…)` link are ignored.\n\n" +
		"Go proposals (sub-kind `go-proposal`) are exempt: their status lives on the proposal issue.\n\n" +
		pmSkipDoc + "\n\n" +
		"Fix: add a status header (`status: draft`) or choose one value of the template's menu. Teach " +
		"rolelint a project-specific status under `statuses: {spec_active: [...], spec_approved: [...]}`.\n\n" +
		pmSilenceDoc("PM001"),
	Bad:   "---\ntitle: Guest checkout\nstatus: provisional|implementable|implemented\n---\n# Guest checkout\n",
	Good:  "---\ntitle: Guest checkout\nstatus: implementable\n---\n# Guest checkout\n",
	Check: checkPM001,
}

func checkPM001(p *lint.Pass) {
	d := p.Doc
	if pmSkip(p) || pmSubKind(p.Universe, d) == pmSubGoProposal {
		return
	}
	value, f, ok := lint.SpecStatus(d)
	if !ok {
		reportDoc(p, d, lint.SeverityError,
			"spec has no status: add a status header such as `status: draft` (or in review, approved)")
		return
	}
	if strings.TrimSpace(lint.NormStatus(value)) == "" {
		reportField(p, d, f, lint.SeverityError,
			fmt.Sprintf("status %q is empty: write the spec's current state, e.g. draft, in review or approved", f.Key))
		return
	}
	if menu := lint.StatusMenu(value); menu != nil {
		reportField(p, d, f, lint.SeverityError,
			fmt.Sprintf("template value not chosen: status %q lists %d choices; keep the one that applies", value, len(menu)))
		return
	}
	if !lint.IsKnownSpecStatus(p.Config, value) {
		reportField(p, d, f, lint.SeverityWarning,
			fmt.Sprintf("status %q is not a recognised lifecycle status: use draft, in review, approved, "+
				"implemented, rejected… or add it under statuses.spec_active / spec_approved in .rolelint.yml", value))
	}
}
