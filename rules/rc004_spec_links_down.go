package rules

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// RC004 spec-links-down.
var RC004 = &lint.Rule{
	ID:        "RC004",
	Name:      "spec-links-down",
	Set:       lint.SetRC,
	Kinds:     []lint.Kind{lint.KindSpec},
	Severity:  lint.SeverityWarning,
	Precision: lint.PrecisionHigh,
	Title:     "Approved specs point down to their delivery items or tracking issue, consistently",
	Doc: `Once a spec is approved, somebody has to deliver it, and the spec should say where that happens. KEP's
release checklist requires the tracking issue to link the KEP; Rust RFCs carry the tracking issue in
their header; Go proposals name their discussion issue; ISO/IEC/IEEE 29148 asks for traceability
between levels. The link must also agree with the items: an item that claims to deliver a spec should
be listed by it.

Applies to specs whose status is approved (statuses.spec_approved plus accepted, implementable,
implemented, final, shipped, …). Specs with no or an unrecognised status are left alone (PM001 reports
those). MADR decision records (sub-kind adr) are not checked: a decision has consequences, not a backlog.

A down-link is any of:

- a non-empty, non-placeholder header value under a tracking key: epic(s), stories, tracking issue,
  related issues (Prometheus "Related Issues and PRs" with its nested list), discussion at,
  discussions-to, discussion issue, kep-number, resolution, or any "<name> issue(s)" key (Rust Issue);
- a "Discussion at https://…" / "Proposal at …" line before the first section (Go proposals);
- a link inside a delivery section (Release Plan, Rollout, Implementation, Implementation History,
  Action Plan, Milestones, …) or a Links/References section, or a tracking-issue link before the first
  section (Backstage's "[**Discussion Issue**](…/issues/N)");
- a link anywhere in the spec to a backlog item of the repository.

Findings:

- no down-link at all: warning on the title line (naming the items that link up to the spec, if any);
- an item links up to the spec (RC003's links) but the spec lists neither it nor its epic: note on
  the title line, naming the item;
- a relative link in a delivery or links section whose target does not exist: warning at the link;
  a listed item that does not link back to the spec (directly or through its epic): warning at the link.

The set-level index (spec -> items that link up to it) is built once per run.

Fix: add the epic or tracking issue (Epic: [EP-3](../../backlog/ep-3.md), Tracking issue: <url>) or a
## Delivery section listing the epics, and make the items link back with spec:.

Silence one finding with <!-- rolelint-disable-next-line RC004 -- reason --> on the line above.`,
	Bad: `---
type: prd
status: approved
owner: "@alice"
---
# Checkout v2

## Goals
- Guests can pay without an account.`,
	Good: `---
type: prd
status: approved
owner: "@alice"
---
# Checkout v2

## Delivery
- Epic [task-50](../../backlog/tasks/task-50%20-%20Guest-checkout.md)`,
	CheckAll: rcCheckSpecLinksDown,
}

var (
	// rcDownKeys are header keys whose value is a tracking issue or delivery item.
	rcDownKeys = map[string]bool{"epic": true, "epics": true, "stories": true, "user stories": true, "items": true,
		"tracking issue": true, "tracking issues": true, "related issues": true, "related issues and prs": true,
		"related prs": true, "discussion at": true, "discussions to": true, "discussion issue": true,
		"kep number": true, "resolution": true, "issue": true, "issues": true, "jira": true, "backlog": true,
		"implementation": true, "implementation pr": true, "implementation prs": true}
	// rcDiscussionLine is Go's "Discussion at https://go.dev/issue/NNN." header line.
	rcDiscussionLine = regexp.MustCompile(`(?i)^\s*(?:earlier\s+)?(?:discussion|proposal|tracking issue|design discussion)s?\s+(?:at|in)\s*:?\s*\S*https?://`)
	rcTrackingLink   = regexp.MustCompile(`(?i)/issues?/\d+|/pull/\d+|go\.dev/issue/|golang\.org/issue/|/browse/[A-Z]+-\d+`)
	rcTrackingText   = regexp.MustCompile(`(?i)\b(?:tracking|discussion|enhancement|epic)\s+issue\b`)
)

func rcIsDownKey(norm string) bool {
	if rcDownKeys[norm] {
		return true
	}
	return strings.HasSuffix(norm, " issue") || strings.HasSuffix(norm, " issues")
}

func rcCheckSpecLinksDown(p *lint.Pass) {
	u := p.Universe
	// Every finding is about the spec itself: specs out of scope are not
	// checked, and the indexes over all items are built only when some
	// spec is (a hook run that changes no approved spec skips them).
	var specs []*lint.Doc
	for _, d := range u.Docs {
		if d.Kind != lint.KindSpec || d.SubKind == "adr" || !u.DocInScope(d) || rcIsRedirectStub(d) {
			continue
		}
		status, _, ok := lint.SpecStatus(d)
		if !ok || !lint.IsApproved(p.Config, status) {
			continue
		}
		specs = append(specs, d)
	}
	if len(specs) == 0 {
		return
	}
	idx := rcNewIDIndex(u)
	linkers, itemUps := rcUpLinkIndex(u, idx)
	for _, d := range specs {
		rcCheckOneSpecDown(p, d, idx, linkers[d.Path], itemUps)
	}
}

// rcUpLinkIndex maps each spec path to the items that link up to it, and
// each item to the documents it links up to. One pass over the items.
func rcUpLinkIndex(u *lint.Universe, idx *rcIdIndex) (map[string][]*lint.Doc, map[*lint.Doc][]*lint.Doc) {
	bySpec := map[string][]*lint.Doc{}
	ups := map[*lint.Doc][]*lint.Doc{}
	for _, d := range u.Docs {
		if !d.Kind.IsItem() {
			continue
		}
		for _, l := range rcUpLinks(u, idx, d) {
			if l.Target == nil || l.Target == d {
				continue
			}
			ups[d] = append(ups[d], l.Target)
			if l.Target.Kind == lint.KindSpec {
				s := bySpec[l.Target.Path]
				if len(s) == 0 || s[len(s)-1] != d {
					bySpec[l.Target.Path] = append(s, d)
				}
			}
		}
	}
	return bySpec, ups
}

func rcCheckOneSpecDown(p *lint.Pass, d *lint.Doc, idx *rcIdIndex, linkers []*lint.Doc, itemUps map[*lint.Doc][]*lint.Doc) {
	u := p.Universe
	hasDown := false
	listed := map[*lint.Doc]bool{}

	for _, f := range d.Header.Fields {
		if !rcIsDownKey(f.Norm) {
			continue
		}
		for _, v := range lint.FieldPeople(d, f) {
			if lint.IsPlaceholder(v) || lint.IsPlaceholderPerson(v) {
				continue
			}
			hasDown = true
			ref, _ := rcRefOf(v)
			if t := rcResolveDown(u, idx, d, ref); t != nil && t.Kind.IsItem() {
				listed[t] = true
			}
		}
	}
	firstSection := rcFirstSectionLine(d)
	for n := d.StartLine; n > 0 && n < firstSection && n <= d.EndLine; n++ {
		if rcDiscussionLine.MatchString(d.Line(n)) {
			hasDown = true
		}
	}
	for i := range d.Links {
		l := &d.Links[i]
		target, exists := u.Resolve(*l)
		if target != nil && target.Kind.IsItem() {
			hasDown = true
			listed[target] = true
		}
		inDelivery := rcInDeliverySection(l.Heading)
		if inDelivery || (l.Line < firstSection && l.FromKey == "" && (rcTrackingLink.MatchString(l.Dest) || rcTrackingText.MatchString(l.Text))) {
			if l.FromKey == "" || rcIsDownKey(l.FromKey) {
				hasDown = true
			}
		}
		if !inDelivery || l.External || l.Target == "" && !l.Escapes {
			continue
		}
		switch {
		case !exists:
			reportAt(p, d, l.Line, l.Col, lint.SeverityWarning, fmt.Sprintf("listed %s does not exist in the repository: fix the link or remove it", rcQuote(l.Dest)))
		case target != nil && target.Kind.IsItem() && !rcLinksBack(target, d, itemUps):
			reportAt(p, d, l.Line, l.Col, lint.SeverityWarning, fmt.Sprintf("listed %s %s does not link back to this spec: add `spec: %s` to it", target.Kind, rcDocName(target), d.Path))
		}
	}

	if !hasDown {
		msg := "approved spec links to no delivery item or tracking issue: add an `Epic:` or tracking-issue header, or list the epics under `## Delivery`"
		if len(linkers) > 0 {
			msg += fmt.Sprintf(" (%s link up to it)", rcNamesOf(linkers, 3))
		}
		reportDoc(p, d, lint.SeverityWarning, msg)
		return
	}
	for _, it := range linkers {
		if listed[it] || rcAnyListed(itemUps[it], listed) {
			continue
		}
		reportDoc(p, d, lint.SeverityNote, fmt.Sprintf("%s %s links up to this spec, but the spec does not list it or its epic: add it under `## Delivery`", it.Kind, rcDocName(it)))
	}
}

// rcResolveDown resolves a header value of a tracking key to a document, if any.
func rcResolveDown(u *lint.Universe, idx *rcIdIndex, d *lint.Doc, ref string) *lint.Doc {
	switch {
	case strings.Contains(ref, "://"):
		return nil
	case rcLooksLikePath(ref):
		t, _ := u.ResolveRef(d, ref)
		return t
	case rcLooksLikeID(ref):
		return idx.lookup(ref)
	}
	return nil
}

// rcLinksBack reports whether item links up to spec directly or through one
// of the documents it links up to (its epic).
func rcLinksBack(item, spec *lint.Doc, itemUps map[*lint.Doc][]*lint.Doc) bool {
	for _, t := range itemUps[item] {
		if t == spec {
			return true
		}
		for _, t2 := range itemUps[t] {
			if t2 == spec {
				return true
			}
		}
	}
	return false
}

func rcAnyListed(ds []*lint.Doc, listed map[*lint.Doc]bool) bool {
	for _, x := range ds {
		if listed[x] {
			return true
		}
	}
	return false
}

func rcInDeliverySection(h *lint.Heading) bool {
	for x := h; x != nil; x = x.Parent {
		if x.Is(lint.ConceptDelivery) || x.Is(lint.ConceptLinks) {
			return true
		}
	}
	return false
}

// rcFirstSectionLine returns the line of the first heading below the title
// (level 2 or deeper, not a bold label), or a line past the end.
func rcFirstSectionLine(d *lint.Doc) int {
	for _, h := range d.Headings {
		if h.Line > d.TitleLine && !h.Bold && h.Level >= 2 {
			return h.Line
		}
	}
	return d.EndLine + 1
}

func rcNamesOf(ds []*lint.Doc, max int) string {
	names := make([]string, 0, len(ds))
	for _, x := range ds {
		names = append(names, rcDocName(x))
	}
	sort.Strings(names)
	if len(names) > max {
		return strings.Join(names[:max], ", ") + fmt.Sprintf(" and %d more", len(names)-max)
	}
	return strings.Join(names, ", ")
}
