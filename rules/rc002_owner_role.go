package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// rcDefaultSpecRoles are the roles that may own each spec sub-kind. A PRD, a
// vision document and a spec of unknown sub-kind belong to the PM; design
// documents of open-source processes (RFC, KEP, PEP, BEP, Go proposal, ADR)
// are often owned by a PO or the PM of the area, so both fit.
var rcDefaultSpecRoles = map[string][]string{
	"":            {"PM"},
	"prd":         {"PM"},
	"vision":      {"PM"},
	"one-pager":   {"PM"},
	"rfc":         {"PM", "PO"},
	"kep":         {"PM", "PO"},
	"pep":         {"PM", "PO"},
	"bep":         {"PM", "PO"},
	"go-proposal": {"PM", "PO"},
	"adr":         {"PM", "PO"},
	"design":      {"PM", "PO"},
	"proposal":    {"PM", "PO"},
}

// RC002 owner-role-fits-kind.
var RC002 = &lint.Rule{
	ID:        "RC002",
	Name:      "owner-role-fits-kind",
	Set:       lint.SetRC,
	Kinds:     rcOwnedKinds,
	Severity:  lint.SeverityError,
	Precision: lint.PrecisionHeuristic,
	Title:     "The owner's registered role fits the document: PO for items, PM for PRDs and vision",
	Doc: `Content authority is split: the Product Manager answers for vision, strategy and feature specs
(PRDs); the Product Owner for backlog items and their acceptance (SAFe; the Scrum Guide for the PO
side). When a PRD is owned by the PO, or a story by the PM, the wrong person holds the decision.
CODEOWNERS is the repository's own statement of who must review a path.

This rule needs the roles registry and says nothing until one is configured. Configure it in
.rolelint.yml:

    roles:
      product-managers: ["@alice"]
      product-owners: ["@bob"]
      aliases: {"@acme/checkout-po": "@bob", "sig-apps": "@alice"}
      codeowners: true

What is checked, for each document whose owner RC001 accepts (one person, not a placeholder):

- The owner (a handle, an e-mail or an alias; "Alice (@alice)" is read as @alice) is looked up in
  the registry; an alias stands for its person. A person listed as both PM and PO fits both.
- Items (epic, story, bug, task) need a PO; vision documents, PRDs and specs of unknown sub-kind need
  a PM; RFCs, KEPs, PEPs, BEPs, Go proposals and ADRs accept PM or PO. Change this per sub-kind with
  the spec-roles option. Mismatch: error at the owner field.
- An owner who is not in the registry: warning ("add them under roles:").
- With roles: {codeowners: true} and a CODEOWNERS file (.github/CODEOWNERS, CODEOWNERS,
  docs/CODEOWNERS; the last matching pattern wins): a warning when the owner — or a CODEOWNERS
  team the registry maps to them — is not among the owners of the document's path. A path no pattern
  matches is not reported (nobody was made reviewer, so there is nothing to contradict).

Fix: hand the document to the right role (owner: "@alice" for a PRD), correct the registry, or add the
owner to the CODEOWNERS line of the path.

Silence one finding with <!-- rolelint-disable-next-line RC002 -- reason --> on the line above.`,
	Bad: `---
type: prd
owner: "@bob"   # registered as product owner
---
# Checkout v2`,
	Good: `---
type: prd
owner: "@alice" # registered as product manager; CODEOWNERS: docs/prd/ @alice
---
# Checkout v2`,
	Options: []lint.Option{
		{Name: "spec-roles", Type: "map[string][]string", Default: rcDefaultSpecRoles,
			Doc: `roles (PM, PO) that may own each spec sub-kind; "" is a spec of unknown sub-kind, "vision" the vision documents; sub-kinds not listed accept PM or PO`},
		{Name: "item-roles", Type: "[]string", Default: []string{"PO"}, Doc: "roles that may own backlog items"},
	},
	CheckAll: rcCheckOwnerRole,
}

func rcCheckOwnerRole(p *lint.Pass) {
	u := p.Universe
	if !u.Roles.Configured() {
		return
	}
	specRoles := rcSpecRolesOption(p)
	itemRoles := rcStringList(p.Option("item-roles"))
	reported := map[string]bool{}
	opts := rcOwnerOptions(p)
	for _, c := range rcOwnerChecks(u, opts) {
		if !c.ok {
			continue // RC001's business
		}
		d, f, from := c.d, c.f, c.from
		people := lint.FieldPeople(from, f)
		if len(people) != 1 || lint.IsPlaceholderPerson(people[0]) {
			continue // RC001's business
		}
		if from != d {
			key := fmt.Sprintf("%s|%s:%d", d.Kind, f.File+from.Path, f.Line)
			if reported[key] {
				continue
			}
			reported[key] = true
		}
		owner := people[0]
		allowed := rcAllowedRoles(d, specRoles, itemRoles)
		rcCheckRegistryRole(p, d, f, owner, allowed)
		rcCheckCodeOwner(p, d, f, owner)
	}
}

func rcAllowedRoles(d *lint.Doc, specRoles map[string][]string, itemRoles []string) []string {
	switch {
	case d.Kind.IsItem():
		return itemRoles
	case d.Kind == lint.KindVision:
		if r, ok := specRoles["vision"]; ok {
			return r
		}
		return []string{"PM"}
	}
	if r, ok := specRoles[strings.ToLower(d.SubKind)]; ok {
		return r
	}
	return []string{"PM", "PO"}
}

func rcCheckRegistryRole(p *lint.Pass, d *lint.Doc, f lint.Field, owner string, allowed []string) {
	who := lint.PersonOf(owner)
	role := p.Universe.Roles.RoleOf(who)
	if role == lint.RoleNone {
		reportField(p, d, f, lint.SeverityWarning, fmt.Sprintf("owner %s is not in the roles registry: add them under roles: product-managers or product-owners in .rolelint.yml", who))
		return
	}
	if rcRoleFits(role, allowed) {
		return
	}
	reportField(p, d, f, lint.SeverityError, fmt.Sprintf("owner %s is registered as %s, but a %s is owned by a %s: hand it to a %s or correct the roles registry",
		who, rcRoleName(role), rcDocKindName(d), strings.Join(rcRoleNames(allowed), " or "), strings.Join(rcRoleNames(allowed), " or ")))
}

func rcRoleFits(role lint.Role, allowed []string) bool {
	for _, r := range strings.Split(string(role), "+") {
		for _, a := range allowed {
			if strings.EqualFold(strings.TrimSpace(a), r) {
				return true
			}
		}
	}
	return false
}

func rcRoleName(r lint.Role) string {
	switch r {
	case lint.RolePM:
		return "product manager (PM)"
	case lint.RolePO:
		return "product owner (PO)"
	}
	return string(r)
}

func rcRoleNames(rs []string) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = strings.ToUpper(strings.TrimSpace(r))
	}
	return out
}

func rcDocKindName(d *lint.Doc) string {
	if d.Kind == lint.KindSpec && d.SubKind != "" {
		return strings.ToUpper(d.SubKind)
	}
	return string(d.Kind)
}

// rcCheckCodeOwner warns when the owner is not among the CODEOWNERS owners of
// the document's path (Appendix D.15). Silent without CODEOWNERS or when no
// pattern matches the path.
func rcCheckCodeOwner(p *lint.Pass, d *lint.Doc, f lint.Field, owner string) {
	co := p.Universe.Owners
	if co == nil {
		return
	}
	owners, line := co.Owners(d.Path)
	if len(owners) == 0 {
		return
	}
	who := lint.PersonOf(owner)
	person, _ := p.Universe.Roles.Person(who)
	for _, c := range owners {
		cp := lint.NormPerson(c)
		if cp == who || cp == person {
			return
		}
		if ap, _ := p.Universe.Roles.Person(cp); ap == person {
			return
		}
	}
	listed := append([]string{}, owners...)
	sort.Strings(listed)
	reportField(p, d, f, lint.SeverityWarning, fmt.Sprintf("owner %s is not among the CODEOWNERS owners of %s (%s, %s:%d): add them to that line or hand the document to a code owner",
		who, d.Path, strings.Join(listed, " "), co.File(), line))
}

// rcSpecRolesOption reads the spec-roles option: a map from sub-kind to roles.
// Configured entries replace the default entries of the same sub-kind.
func rcSpecRolesOption(p *lint.Pass) map[string][]string {
	out := map[string][]string{}
	for k, v := range rcDefaultSpecRoles {
		out[k] = v
	}
	switch m := p.Option("spec-roles").(type) {
	case map[string][]string:
		for k, v := range m {
			out[strings.ToLower(k)] = v
		}
	case map[string]any:
		for k, v := range m {
			out[strings.ToLower(k)] = rcStringList(v)
		}
	}
	return out
}

// rcStringList converts an option value ([]string, []any or a string) to strings.
func rcStringList(v any) []string {
	switch x := v.(type) {
	case []string:
		return x
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, fmt.Sprint(e))
		}
		return out
	case string:
		var out []string
		for _, s := range strings.Split(x, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
