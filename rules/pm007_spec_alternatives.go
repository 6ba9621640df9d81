package rules

import (
	"regexp"
	"strings"
	"unicode/utf8"

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
		"contains \"alternative\", \"alternate\" (\"Alternates considered\", \"Alternate proposals\"), \"rationale\", \"decisions to make\" (a list of choices, each with its decision), \"rejected\", \"discarded\", \"prior art\", \"trade-off\", \"comparison\", " +
		"\"options considered\", \"considered options\", \"pros and cons\", \"prior work\", \"related work\", " +
		"\"other approaches/options/designs\", \"previous approaches/attempts/proposals\", or starts with \"why not\". A spec without such a section still passes when it weighs options in running " +
		"text, as many design documents do inside Background or Design: a heading that asks \"X or Y?\", or a " +
		"sentence (not a question, not a placeholder) such as \"There were several alternatives considered\", " +
		"\"An alternative might be …\", \"We considered …\", \"my previous proposals\" or \"This kind of approach " +
		"doesn't seem suitable\". A memorandum (a title with \"Memorandum\" or \"Memo\") records how things " +
		"are and chooses nothing, so it is not checked.\n\n" +
		"Severity: warning for RFC-like specs (RFC, KEP, PEP, BEP, Go proposal, ADR, unknown sub-kind); note " +
		"for PRDs.\n\n" +
		pmSkipDoc + "\n\n" +
		"Fix: list at least two options you considered and why the others were rejected.\n\n" + pmSilenceDoc("PM007"),
	Bad:   "# RFC: Quotas\n\n## Rationale and alternatives\n\n<!-- Why is this design the best in the space of possible designs? -->\n",
	Good:  "# RFC: Quotas\n\n## Alternatives\n\n- Per-user rate limits: rejected, tenants share users.\n- Per-tenant quotas (chosen): matches billing.\n",
	Check: checkPM007,
}

func pmAlternativesLike(norm string) bool {
	for _, w := range []string{"alternative", "alternate", "rationale", "decisions to make", "discarded", "rejected", "prior art", "trade off", "tradeoff",
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
	if pmSkip(p) || pmMemorandum.MatchString(d.Title) {
		return
	}
	sev := lint.SeverityWarning
	if !pmIsRFCLike(pmSubKind(p.Universe, d)) {
		sev = lint.SeverityNote
	}
	hs := pmSections(d, pmAlternativesLike, lint.ConceptAlternatives)
	if len(hs) == 0 && pmWeighsOptions(d) {
		return
	}
	if len(hs) == 0 {
		reportDoc(p, d, sev, "spec records no alternatives: add an \"## Alternatives\" section with the options "+
			"you considered and why they were rejected")
		return
	}
	if pmFirstFilled(d, hs) == nil {
		reportAt(p, d, hs[0].Line, 1, sev, "alternatives section \""+pmHeadingLabel(hs[0])+
			"\" is empty: list the options you considered and why they were rejected")
	}
}

var (
	// pmMemorandum is the title of a spec that records how things are and
	// chooses nothing ("RFC-0001 Memorandum on Flux Authorization"), so it
	// has no alternatives to weigh.
	pmMemorandum = regexp.MustCompile(`(?i)\b(?:memorandum|memo)\b`)
	// pmChoiceHeading is a heading that asks which of two options to take
	// ("Coverage instrumentation: compiler or tool?").
	pmChoiceHeading = regexp.MustCompile(`(?i)\S\s+or\s+\S.*\?\s*$`)
	// pmAlternativesProse are sentences that record a considered option in
	// running text, the way many design documents do without a heading:
	// "There were several alternatives considered", "An alternative might
	// be ...", "we also considered ...", "my previous generics proposals",
	// "This kind of approach doesn't seem suitable for Go".
	pmAlternativesProse = regexp.MustCompile(`(?i)\b(?:` +
		`alternatives?\s+(?:were|was|we|that\s+we)\s+(?:also\s+)?considered|` +
		`(?:several|other|some|two|three|many)\s+alternatives|` +
		`there\s+are\s+alternatives\s+to|` +
		`(?:an|one|another|a\s+(?:feasible|possible|simpler|viable))\s+alternative\s+(?:would|might|could|is|was|to|approach|design|here|in\s+this\s+space)|` +
		`we\s+(?:also\s+)?(?:considered|rejected|looked\s+at)|` +
		`(?:was|were)\s+considered\s+(?:and|but)\s+rejected|` +
		`previous\s+(?:\w+\s+){0,2}proposals|` +
		`(?:this|that|such\s+an?)\s+(?:kind\s+of\s+)?(?:approach|option|alternative|design|mechanism|solution)\s+(?:does\s+not|doesn't|would\s+not|wouldn't|is\s+not|isn't)\s+(?:seem\s+|be\s+)?(?:suitable|appropriate|viable|feasible|a\s+good\s+fit))`)
)

// pmWeighsOptions reports whether a spec without an alternatives section
// still records the options it weighed: a heading that asks "X or Y?", or
// a sentence of running text (not a question, not a template placeholder or
// comment) that names a considered or rejected alternative. Go design
// documents often do this inside Background or Design; asking them for a
// separate section would be a false alarm.
func pmWeighsOptions(d *lint.Doc) bool {
	for _, h := range d.Headings {
		if !h.Bold && strings.Contains(h.Text, "?") && pmChoiceHeading.MatchString(h.Text) {
			return true
		}
	}
	texts := make([]string, 0, len(d.Paragraphs)+len(d.ListItems))
	for _, para := range d.Paragraphs {
		texts = append(texts, para.Prose)
	}
	for _, li := range d.ListItems {
		texts = append(texts, li.Text)
	}
	for _, t := range texts {
		if strings.Contains(t, "<!--") {
			t = pmHTMLComment.ReplaceAllString(t, "")
		}
		t = strings.TrimSpace(t)
		if t == "" || strings.ContainsAny(t[:1], "[{<") || !pmMayWeighOptions(t) || lint.IsPlaceholder(t) {
			continue
		}
		for _, sentence := range pmSentenceEnd.Split(t, -1) {
			if !strings.HasSuffix(strings.TrimSpace(sentence), "?") && pmAlternativesProse.MatchString(sentence) {
				return true
			}
		}
	}
	return false
}

// pmOptionWords holds, for each branch of pmAlternativesProse, a word that
// every match of the branch contains (lower case).
var pmOptionWords = []string{"alternative", "considered", "rejected", "looked", "proposals",
	"suitable", "appropriate", "viable", "feasible", "fit"}

// pmMayWeighOptions is a cheap test that pmAlternativesProse needs: false
// means no sentence of t can match. Text that is not plain ASCII is left to
// the regexp, whose (?i) folds some letters to non-ASCII ones (k, s).
func pmMayWeighOptions(t string) bool {
	for i := 0; i < len(t); i++ {
		if t[i] >= utf8.RuneSelf {
			return true
		}
	}
	low := strings.ToLower(t)
	for _, w := range pmOptionWords {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}

// pmSentenceEnd splits running text into sentences, keeping a question
// mark with its sentence.
var pmSentenceEnd = regexp.MustCompile(`[.!]\s+`)
