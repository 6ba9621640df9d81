package rules

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/rolelint/rolelint/lint"
)

// PM013 checks that active specs are kept current.
var PM013 = &lint.Rule{
	ID:        "PM013",
	Name:      "spec-fresh",
	Set:       lint.SetPM,
	Kinds:     []lint.Kind{lint.KindSpec},
	Severity:  lint.SeverityNote,
	Precision: lint.PrecisionHeuristic,
	NeedsGit:  true,
	Title:     "An active spec has been changed recently, and its header date agrees with its history",
	Doc: "A spec that says \"in review\" but has not changed in months is either settled (and its status is " +
		"wrong) or abandoned; either way the Product Owner plans against stale intent. Go proposals carry " +
		"`Last updated`, KEPs `last-updated`, MADR `date` (\"when the decision was last updated\").\n\n" +
		"Applies to specs with an active status (draft, provisional, proposed, in review, …, plus " +
		"`statuses.spec_active`), and only with git history: without it (a plain directory, or a file not " +
		"yet committed) the rule is silent.\n\n" +
		"Checked: (1) stale — the last commit that touched the file is older than `max-age-days` (default " +
		"90) before the run's time; (2) inconsistent — the header date differs from that commit's date by more " +
		"than `max-age-days`. The header date is the first present of `last-updated`, `last updated`, `last " +
		"update`, `updated`, `date`, `created`, `creation-date`, `start date` (Appendix D.7). A creation date " +
		"(`created`, `creation-date`, `start date`) is naturally older than later edits, so for those only a " +
		"date later than the last commit counts as inconsistent. Dates are read as YYYY-MM-DD, YYYY/MM/DD, " +
		"\"2 January 2006\", \"January 2, 2006\", \"02-Jan-2006\" (PEP) or \"January 2006\"; a placeholder " +
		"(`YYYY-MM-DD`) or unreadable date is ignored here (PM009 reports placeholders in approved specs).\n\n" +
		pmSkipDoc + "\n\n" +
		"Fix: update the spec (and its `Last updated` date), or move it to its real status — approved, " +
		"deferred, withdrawn.\n\n" + pmSilenceDoc("PM013"),
	Bad:  "---\nstatus: in review\nlast-updated: 2024-11-02\n---\n# Quotas\n\n(last commit 7 months ago)\n",
	Good: "---\nstatus: in review\nlast-updated: 2025-06-02\n---\n# Quotas\n\n(last commit 2025-06-02)\n",
	Options: []lint.Option{
		{Name: "max-age-days", Type: "int", Default: 90,
			Doc: "days after which an active spec is stale, and the largest allowed gap between its header date and its last commit"},
	},
	Check: checkPM013,
}

// pmDateKeys are Appendix D.7's header dates in order; creation marks the
// ones that name when the spec started rather than when it last changed.
var pmDateKeys = []struct {
	key      string
	creation bool
}{
	{"last updated", false}, {"last update", false}, {"updated", false}, {"date", false},
	{"created", true}, {"creation date", true}, {"start date", true},
}

func checkPM013(p *lint.Pass) {
	d := p.Doc
	if p.Git == nil || pmSkip(p) {
		return
	}
	status := pmSpecStatus(p, d)
	if status == "" || !lint.IsActive(p.Config, status) {
		return
	}
	last, ok := p.Git.LastChange(d.Path)
	if !ok {
		return
	}
	maxAge := p.IntOption("max-age-days")
	if maxAge <= 0 {
		maxAge = 90
	}
	if age := pmDaysBetween(last, p.Now); age > maxAge {
		reportDoc(p, d, lint.SeverityNote, fmt.Sprintf(
			"spec is %q but its last commit was %d days ago (%s, more than %d): update it, or move it to its real status",
			status, age, last.UTC().Format("2006-01-02"), maxAge))
	}
	for _, dk := range pmDateKeys {
		f, ok := d.Header.Get(dk.key)
		if !ok {
			continue
		}
		when, ok := pmParseDate(f.Value)
		if !ok {
			return
		}
		gap := pmDaysBetween(last, when)
		if (!dk.creation && pmAbs(gap) > maxAge) || (dk.creation && gap > maxAge) {
			reportField(p, d, f, lint.SeverityNote, fmt.Sprintf(
				"header date %q is %d days from the last commit (%s): update %q when you change the spec",
				strings.TrimSpace(f.Value), pmAbs(gap), last.UTC().Format("2006-01-02"), f.Key))
		}
		return
	}
}

func pmAbs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// pmDaysBetween returns the whole days from a to b (negative when b is before a).
func pmDaysBetween(a, b time.Time) int {
	return int(b.Sub(a).Hours() / 24)
}

var (
	pmOrdinalSuffix = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th)\b`)
	pmDatePatterns  = []struct {
		re      *regexp.Regexp
		layouts []string
	}{
		{regexp.MustCompile(`\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?`), []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04"}},
		{regexp.MustCompile(`\d{4}-\d{1,2}-\d{1,2}`), []string{"2006-1-2"}},
		{regexp.MustCompile(`\d{4}/\d{1,2}/\d{1,2}`), []string{"2006/1/2"}},
		{regexp.MustCompile(`\d{4}\.\d{1,2}\.\d{1,2}`), []string{"2006.1.2"}},
		{regexp.MustCompile(`\d{1,2}-[A-Za-z]{3}-\d{4}`), []string{"2-Jan-2006"}},
		{regexp.MustCompile(`\d{1,2} [A-Za-z]{3,9},? \d{4}`), []string{"2 January 2006", "2 Jan 2006", "2 January, 2006", "2 Jan, 2006"}},
		{regexp.MustCompile(`[A-Za-z]{3,9}\.? \d{1,2},? \d{4}`), []string{"January 2, 2006", "January 2 2006", "Jan 2, 2006", "Jan 2 2006", "Jan. 2, 2006"}},
		{regexp.MustCompile(`[A-Za-z]{3,9},? \d{4}`), []string{"January 2006", "Jan 2006", "January, 2006"}},
		{regexp.MustCompile(`\d{4}-\d{2}\b`), []string{"2006-01"}},
	}
)

// pmParseDate reads the first date written in a header value, in UTC.
func pmParseDate(s string) (time.Time, bool) {
	s = pmDateMarkup.Replace(s)
	s = pmOrdinalSuffix.ReplaceAllString(s, "$1")
	s = strings.Join(strings.Fields(s), " ")
	for _, dp := range pmDatePatterns {
		for _, m := range dp.re.FindAllString(s, -1) {
			for _, layout := range dp.layouts {
				if t, err := time.Parse(layout, m); err == nil {
					return t.UTC(), true
				}
				// month names are matched case-insensitively
				if t, err := time.Parse(layout, pmTitleCase(m)); err == nil {
					return t.UTC(), true
				}
			}
		}
	}
	return time.Time{}, false
}

// pmTitleCase upper-cases the first letter of each word and lower-cases the rest.
func pmTitleCase(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		parts := strings.Split(w, "-")
		for j, p := range parts {
			if p != "" {
				parts[j] = strings.ToUpper(p[:1]) + strings.ToLower(p[1:])
			}
		}
		words[i] = strings.Join(parts, "-")
	}
	return strings.Join(words, " ")
}

// pmDateMarkup is built once: a Replacer is costly to make and safe to share.
var pmDateMarkup = strings.NewReplacer("`", "", "*", "", "_", " ")
