package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// rcOwnedKinds are the kinds that need one accountable owner.
var rcOwnedKinds = []lint.Kind{lint.KindVision, lint.KindSpec, lint.KindEpic, lint.KindStory, lint.KindBug, lint.KindTask}

// RC001 single-accountable-owner.
var RC001 = &lint.Rule{
	ID:        "RC001",
	Name:      "single-accountable-owner",
	Set:       lint.SetRC,
	Kinds:     rcOwnedKinds,
	Severity:  lint.SeverityError,
	Precision: lint.PrecisionHigh,
	Title:     "Every item, spec and vision document names exactly one accountable owner",
	Doc: `The Scrum Guide makes one person, not a committee, accountable for the Product Backlog and keeps
that accountability with them when work is delegated; the PM answers for specs and vision. Templates
name owners inconsistently (KEP: a SIG plus authors; BEP: an owners list; PRDs: Owner or Document
owner; Backlog.md: none), so rolelint normalises them and insists on one person.

What is checked, per item (epic, story, bug, task) and per spec or vision document:

- The owner is read from the first present key of: items — owner, owners, product_owner, po, dri,
  accountable (then product_manager, pm, document owner); specs and vision — owner, owners, document
  owner, product_manager, pm, dri, accountable, product_owner, po, owning-sig. MADR decision records
  (spec sub-kind adr) also accept contact: the one person an ADR names to answer for it. Options add a
  convention's own keys: owner-keys (read after the built-in keys) and single-owner-keys, which name the
  owner only when they list exactly one person (MADR deciders / decision-makers: one decider answers
  for the decision, several are a group). The adr preset sets both. Any header
  encoding counts: YAML front matter, a KEP kep.yaml sidecar, "Owner: x" lines, "- **Owner:** x"
  bullets, a header table. A bullet with an empty value takes the nested list below it (Prometheus'
  "* **Owners:**" with one sub-item per person).
- Items inherit the owner from their backlog file's front matter (product_owner: "@bob" in backlog.md)
  or, failing that, from the front matter of the nearest README.md/index.md in their folder or a parent
  folder. Specs and vision documents do not inherit.
- Missing owner: error on the title line. author(s), assignee, reporter, contributors, participants,
  deciders and approvers never count; the message says so when only they are present.
- More than one person (a list, "a, b", "a and b"): error at the field. One person answers.
- A template placeholder (TBD, [PM Name], {owner}, <name>, @jane.doe, @ghost, jane@example.com): error.
- A team or group (@org/team, a KEP owning-sig, "checkout team", "sig-apps"): accepted when the roles
  registry maps it to one person (roles: aliases:), otherwise a warning.

Not checked: items in archive/ or drafts/ folders (outside the live backlog), and "this document was
moved to …" redirect stubs.

Fix: add one owner (owner: "@alice"), move co-owners to contributors:, or map the team alias to its
accountable person in .rolelint.yml:

    roles:
      aliases: {"@acme/checkout-po": "@bob", "sig-apps": "@alice"}

Silence one finding with <!-- rolelint-disable-next-line RC001 -- reason --> on the line above.`,
	Bad: `---
type: prd
owners: ["@alice", "@bob"]
---
# Guest checkout`,
	Good: `---
type: prd
owner: "@alice"
contributors: ["@bob"]
---
# Guest checkout`,
	Options: []lint.Option{
		{Name: "owner-keys", Type: "[]string", Default: []string{},
			Doc: "more header keys that name the owner, read after the built-in ones (the adr preset sets contact)"},
		{Name: "single-owner-keys", Type: "[]string", Default: []string{},
			Doc: "header keys that name the owner only when they list exactly one person; several people there " +
				"are a group that decides together, not an owner (the adr preset sets decision-makers and deciders)"},
		{Name: "report-missing", Type: "bool", Default: true,
			Doc: "report a document that names no owner at all; the rfc preset turns this off because only some RFC " +
				"templates have an owner field (Prometheus `* **Owners:**` asks for a single champion; Flux and Rust " +
				"RFCs have none), so RC001 there checks the owners that are written down"},
	},
	CheckAll: rcCheckSingleOwner,
}

// rcOwnerOptions reads RC001's owner-keys and single-owner-keys, which
// RC002 shares so that both rules find the same owner.
func rcOwnerOptions(p *lint.Pass) lint.OwnerOptions {
	get := func(name string) []string {
		if v, ok := p.Config.RuleOption("RC001", name); ok {
			return rcStringList(v)
		}
		return nil
	}
	return lint.OwnerOptions{Keys: get("owner-keys"), SoleKeys: get("single-owner-keys")}
}

func rcCheckSingleOwner(p *lint.Pass) {
	u := p.Universe
	reported := map[string]bool{} // inherited fields are reported once
	opts := rcOwnerOptions(p)
	reportMissing, _ := p.Option("report-missing").(bool)
	for _, c := range rcOwnerChecks(u, opts) {
		rcCheckOwnerOf(p, c, opts, reportMissing, reported)
	}
}

// rcOwnerCheck is a document whose owner RC001 and RC002 check, with its
// owner field as lint.OwnerFieldWith finds it.
type rcOwnerCheck struct {
	d, from *lint.Doc
	f       lint.Field
	ok      bool
}

// rcOwnerChecksKey keys rcOwnerChecks' list in lint.Universe.Memo by the
// owner options it was made with.
type rcOwnerChecksKey struct{ opts string }

// rcOwnerChecks returns the documents that need an owner (setTable.owned),
// less those whose every finding would land on a document out of the run's
// scope, with their owner fields. RC001 and RC002 check the same documents'
// same owner field: the fields are looked up once per run, not once per rule
// over every document. Callers must not modify the list.
func rcOwnerChecks(u *lint.Universe, opts lint.OwnerOptions) []rcOwnerCheck {
	key := rcOwnerChecksKey{fmt.Sprintf("%q %q", opts.Keys, opts.SoleKeys)}
	return u.Memo(key, func() any {
		// Each document's owner is looked up on its own, so in parallel:
		// a hook reads the header of tens of thousands of documents here.
		owned := setTableOf(u).owned
		k := chunks(len(owned))
		parts := make([][]rcOwnerCheck, k)
		eachChunk(len(owned), k, func(c, lo, hi int) {
			for _, d := range owned[lo:hi] {
				f, from, ok := lint.OwnerFieldWith(u, d, opts)
				if rcReportsOnlyOutOfScope(u, d, f, from, ok) {
					continue // every finding would be on d, which the run does not report on
				}
				parts[c] = append(parts[c], rcOwnerCheck{d: d, from: from, f: f, ok: ok})
			}
		})
		return slices.Concat(parts...)
	}).([]rcOwnerCheck)
}

// rcNeedsOwner reports whether RC001 and RC002 check d's owner: a document
// of an owned kind that is not an item outside the live backlog, nor a
// redirect stub.
func rcNeedsOwner(d *lint.Doc) bool {
	return slices.Contains(rcOwnedKinds, d.Kind) && !(d.Kind.IsItem() && rcOutOfBacklog(d)) && !rcIsRedirectStub(d)
}

func rcCheckOwnerOf(p *lint.Pass, c rcOwnerCheck, opts lint.OwnerOptions, reportMissing bool, reported map[string]bool) {
	d, f, from := c.d, c.f, c.from
	if !c.ok {
		if reportMissing {
			reportDoc(p, d, lint.SeverityError, rcMissingOwnerMessage(d, opts))
		}
		return
	}
	if from != d {
		key := fmt.Sprintf("%s:%d:%d", f.File, f.Line, f.Col)
		if from.Path == d.Path {
			key = fmt.Sprintf("%s:%d:%d", d.Path, f.Line, f.Col)
		}
		if reported[key] {
			return
		}
		reported[key] = true
	}
	people := lint.FieldPeople(from, f)
	switch {
	case len(people) == 0:
		reportField(p, d, f, lint.SeverityError, fmt.Sprintf("%s is empty: name the one person accountable for this %s", f.Key, rcKindWord(d)))
	case len(people) > 1:
		reportField(p, d, f, lint.SeverityError, fmt.Sprintf("%d owners in %s (%s): name exactly one accountable person and move the others to contributors", len(people), f.Key, strings.Join(rcShortPeople(people), ", ")))
	case lint.IsPlaceholderPerson(people[0]):
		reportField(p, d, f, lint.SeverityError, fmt.Sprintf("owner %s is a template placeholder: name the one person accountable for this %s", rcQuote(people[0]), rcKindWord(d)))
	case lint.IsTeamOwner(f, people[0]):
		if _, alias := p.Universe.Roles.Person(lint.PersonOf(people[0])); alias {
			return
		}
		reportField(p, d, f, lint.SeverityWarning, fmt.Sprintf("owner %s is a group, not one person: map it to its accountable person under roles: aliases: in .rolelint.yml, or name a person", rcQuote(people[0])))
	}
}

// rcMissingOwnerMessage explains what to add, and why a present people field does not count.
func rcMissingOwnerMessage(d *lint.Doc, opts lint.OwnerOptions) string {
	want := "an `Owner:`"
	if len(opts.Keys) > 0 {
		want = "`" + opts.Keys[0] + ":`"
	}
	for _, k := range opts.SoleKeys {
		if f, ok := d.Header.Get(k); ok {
			if n := len(lint.FieldPeople(d, f)); n > 1 {
				return fmt.Sprintf("no accountable owner: %s lists %d people, who decide together; add %s naming the one person accountable for this %s",
					f.Key, n, want, rcKindWord(d))
			}
		}
	}
	nf, has := lint.NonOwnerField(d)
	if d.Kind.IsItem() {
		if has && nf.Norm == "assignee" || has && nf.Norm == "assignees" {
			return "no accountable owner: assignee is not an owner; add `owner:` or inherit `product_owner:` from the backlog"
		}
		if has {
			return fmt.Sprintf("no accountable owner: %s is not an owner; add `owner:` or inherit `product_owner:` from the backlog", nf.Key)
		}
		return "no accountable owner: add `owner:` (one person) or inherit `product_owner:` from the backlog"
	}
	if has {
		return fmt.Sprintf("no accountable owner: %s does not name the owner; add %s naming the one accountable person", nf.Key, want)
	}
	if len(opts.Keys) == 0 {
		return "no accountable owner: add an `Owner:` field naming the one accountable person"
	}
	return fmt.Sprintf("no accountable owner: add %s naming the one accountable person", want)
}

func rcKindWord(d *lint.Doc) string {
	if d.Kind == lint.KindUnknown {
		return "document"
	}
	return string(d.Kind)
}

func rcShortPeople(people []string) []string {
	out := make([]string, 0, len(people))
	for _, s := range people {
		pp := lint.PersonOf(s)
		if pp == "" {
			pp = s
		}
		out = append(out, pp)
	}
	return out
}
