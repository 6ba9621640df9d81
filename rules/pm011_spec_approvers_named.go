package rules

import (
	"fmt"
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// PM011 checks that a spec under review or approved names who approves it.
var PM011 = &lint.Rule{
	ID:        "PM011",
	Name:      "spec-approvers-named",
	Set:       lint.SetPM,
	Kinds:     []lint.Kind{lint.KindSpec},
	Severity:  lint.SeverityWarning,
	Precision: lint.PrecisionHeuristic,
	Title:     "A spec in review or approved names its approvers, and they are not its owner",
	Doc: "Role clarity separates the owner who writes a spec from the people who approve it. KEP approvers " +
		"must approve the move to `implementable`; MADR separates decision-makers from consulted and informed; " +
		"a PEP-Delegate decides PEPs; Yien's PRD template has stage sign-offs.\n\n" +
		"Applies (Appendix D.9) when the status is approved, or active but past the first draft (anything " +
		"but `draft`/`provisional`, e.g. `in review`, `proposed`). A missing or unrecognised status means the " +
		"rule stays silent.\n\n" +
		"Checked: an approval key — `approvers`, `reviewers`, `prr-approvers`, `decision-makers`, " +
		"`deciders`, `pep-delegate`, `sponsor`, `sign-off`/`signoff` — or a sign-off section (a heading " +
		"containing \"approv\" or \"sign-off\" with a table or list) holds at least one real entry: not a " +
		"placeholder (`TBD`, `@ghost`, `[Name]`) and not the accountable owner (RC's owner keys: owner, " +
		"document owner, product manager, dri, MADR `contact`, …). Entries are compared by handle or e-mail. " +
		"The catalog also asks that entries resolve in the roles registry; the registry lists only product " +
		"managers and product owners, while approvers are often tech leads or maintainers, so that part is " +
		"not checked (it would report every engineering approver).\n\n" +
		"Process note: RFC processes that record approval in pull-request review rather than in the file " +
		"(Flux, Prometheus, Go) will be reported for every accepted document; turn the rule off for them, or " +
		"add an `Approvers:` line when merging.\n\n" +
		pmSkipDoc + "\n\n" +
		"Fix: add `approvers: [\"@carol\"]` (someone other than the owner), or a sign-off table.\n\n" +
		pmSilenceDoc("PM011"),
	Bad:   "---\nstatus: implementable\nowner: \"@alice\"\napprovers: [TBD]\n---\n# Quotas\n",
	Good:  "---\nstatus: implementable\nowner: \"@alice\"\napprovers: [\"@carol\"]\n---\n# Quotas\n",
	Check: checkPM011,
}

var pmApprovalKeys = []string{"approvers", "approver", "reviewers", "prr approvers", "decision makers", "deciders",
	"pep delegate", "sponsor", "sign off", "signoff", "signed off by", "approved by"}

func checkPM011(p *lint.Pass) {
	d := p.Doc
	if pmSkip(p) {
		return
	}
	status := pmSpecStatus(p, d)
	if status == "" || !pm011Applies(p, status) {
		return
	}
	owners := map[string]bool{}
	ownerList := lint.Owners(d)
	if f, ok := lint.OwnerField(d); ok && len(ownerList) == 0 {
		ownerList = bracedPeople(lint.FieldText(d, f))
	}
	for _, o := range ownerList {
		owners[lint.PersonOf(o)] = true
	}
	entries, fields := pmApprovalEntries(d)
	var real []string
	ownerOnly := false
	for _, e := range entries {
		if strings.TrimSpace(e) == "" || lint.IsPlaceholderPerson(e) || lint.IsPlaceholder(e) {
			continue
		}
		if owners[lint.PersonOf(e)] {
			ownerOnly = true
			continue
		}
		real = append(real, e)
	}
	if len(real) == 0 {
		msg := fmt.Sprintf("spec is %q but names no approver: add `approvers:` with someone other than the owner, or a sign-off table", status)
		if ownerOnly {
			msg = fmt.Sprintf("spec is %q but its only approver is its owner: add an approver other than the owner", status)
		}
		if len(fields) > 0 {
			reportField(p, d, fields[0], lint.SeverityWarning, msg)
		} else {
			reportDoc(p, d, lint.SeverityWarning, msg)
		}
	}
}

// pm011Applies implements Appendix D.9.
func pm011Applies(p *lint.Pass, status string) bool {
	if lint.IsApproved(p.Config, status) {
		return true
	}
	if !lint.IsActive(p.Config, status) {
		return false
	}
	n := lint.NormStatus(status)
	return n != "draft" && n != "provisional"
}

// pmApprovalEntries returns the people named under approval keys and in
// sign-off sections, with the fields they came from.
func pmApprovalEntries(d *lint.Doc) ([]string, []lint.Field) {
	var entries []string
	var fields []lint.Field
	for _, k := range pmApprovalKeys {
		nk := lint.NormKey(k)
		for _, f := range d.Header.Fields {
			if f.Norm != nk {
				continue
			}
			fields = append(fields, f)
			people := lint.FieldPeople(d, f)
			if len(people) == 0 {
				people = bracedPeople(lint.FieldText(d, f))
			}
			entries = append(entries, people...)
		}
	}
	for _, h := range d.Headings {
		if !strings.Contains(h.Norm, "approv") && !strings.Contains(h.Norm, "sign off") && !strings.Contains(h.Norm, "signoff") {
			continue
		}
		for _, row := range d.Tables {
			if h.In(row.Line) {
				for _, c := range row.Cells {
					if pmLooksLikeHandleOrEmail(c) {
						entries = append(entries, c)
					}
				}
			}
		}
		for _, li := range d.ItemsIn(h) {
			if li.Task && !li.Checked {
				continue // an unchecked sign-off box is not a sign-off
			}
			entries = append(entries, li.Text)
		}
	}
	return entries, fields
}

// bracedPeople reads a MADR value whose author kept the template's braces
// around real names (`deciders: { Stephen Toub, Ben Thomas }`, which YAML
// reads as a mapping). The template's own text (`{list everyone involved in
// the decision}`) is not a list of names and gives nothing.
func bracedPeople(raw string) []string {
	raw = strings.TrimSpace(raw)
	if !strings.HasPrefix(raw, "{") || !strings.HasSuffix(raw, "}") {
		return nil
	}
	var out []string
	for _, part := range strings.Split(raw[1:len(raw)-1], ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		low := strings.ToLower(part)
		if len(strings.Fields(part)) > 4 || strings.Contains(low, "list ") || strings.Contains(low, "everyone") ||
			strings.Contains(low, "name") || strings.Contains(low, "involved") {
			return nil
		}
		out = append(out, part)
	}
	return out
}

func pmLooksLikeHandleOrEmail(s string) bool {
	return strings.Contains(s, "@") && !lint.IsPlaceholderPerson(s)
}
