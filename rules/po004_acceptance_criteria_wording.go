package rules

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/rolelint/rolelint/lint"
)

// PO004 checks acceptance criteria for weak, vague and open-ended wording.
var PO004 = &lint.Rule{
	ID:        "PO004",
	Name:      "acceptance-criteria-wording",
	Set:       lint.SetPO,
	Kinds:     []lint.Kind{lint.KindStory, lint.KindBug, lint.KindTask, lint.KindEpic},
	Severity:  lint.SeverityWarning,
	Precision: lint.PrecisionLexical,
	Title:     "Acceptance criteria avoid weak, vague and open-ended phrases",
	Doc: `An acceptance criterion is a test: "fast", "works properly", "etc." and "if possible" cannot be
checked, so acceptance turns into an argument. The lexicon (RULES.md Appendix A) gathers NASA ARM weak
phrases, options and incompletes, ISO/IEC/IEEE 29148 §5.2.7 vague terms, INCOSE GtWR rules R7–R10, R26 and
R34–R35, and QUS "unambiguous". Lexical checks have modest precision, hence warning and note.

What is checked: every acceptance-criterion list item, every sentence in an acceptance-criteria section or
Backlog.md AC block, and every line of a gherkin/feature block there (Definition of Done lists are not
criteria), and — at note level — the story sentence after its "I want" indicator. Matching is on whole
words, case-insensitive, outside code spans and link destinations. "May" matches only in lower case (the
month). Terms of the unmeasured category ("fast", "some") pass when a number with a unit follows within four
tokens ("fast (≤ 2 s)"); vague pronouns ("it", "this") count only at the start of a sentence. Each distinct
term is reported once per criterion, with its category and source; the finding's severity is the
category's (warning, or note for option, superfluous, comparative, superlative, totality and vague-pronoun
words) unless the configuration sets one for the rule.

Fix: replace the term with an observable, measurable statement. Extend or narrow the lexicon with
` + "`lexicon: {extend: {subjective: [snappy]}, allow: [\"good standing\"]}`" + `; silence one line with
` + "`<!-- rolelint-disable-next-line PO004 -- reason -->`" + `.`,
	Bad:   `- [ ] The page loads fast and works properly on mobile, etc.`,
	Good:  `- [ ] On a 4G profile the order page renders in ≤ 2 s (p95) at 375 px width.`,
	Check: checkPO004,
}

// poLexiconAdvice says what to do about a term of each category.
var poLexiconAdvice = map[string]string{
	"escape_clause": "state the condition that applies, or drop the loophole",
	"open_ended":    "list every case the criterion covers",
	"incomplete":    "settle the open point before acceptance",
	"option":        "say whether it must happen",
	"superfluous":   "state the behavior directly",
	"subjective":    "replace it with an observable, testable property",
	"unmeasured":    "give a number and a unit, e.g. \"≤ 2 s\"",
	"comparative":   "state the baseline and the target",
	"superlative":   "state a measurable target",
	"totality":      "check that it holds without exception, or name the cases",
	"vague_outcome": "state the observable result",
	"vague_pronoun": "name the thing it refers to",
}

// backlogNumber is Backlog.md's criterion number at the start of an item.
var backlogNumber = regexp.MustCompile(`^\s*#\d+\s+`)

// lexTarget is one text to scan and the source lines it came from.
type lexTarget struct {
	prose    string
	from, to int
	col      int // fallback column
	note     bool
}

func checkPO004(p *lint.Pass) {
	d := p.Doc
	lx := lexiconFor(p.Config)
	var targets []lexTarget
	for _, b := range acBlocks(d) {
		if b.Field != nil {
			targets = append(targets, lexTarget{prose: b.FieldText, from: b.Field.Line, to: b.Field.Line, col: b.Field.Col})
			continue
		}
		for _, li := range acItems(d, b) {
			targets = append(targets, lexTarget{prose: li.Prose, from: li.Line, to: li.EndLine, col: li.Col})
		}
		for _, para := range acParagraphs(d, b) {
			targets = append(targets, lexTarget{prose: para.Prose, from: para.Line, to: para.EndLine, col: 1})
		}
		for _, c := range acGherkin(d, b) {
			for i, line := range strings.Split(c.Text, "\n") {
				n := c.Line + 1 + i
				targets = append(targets, lexTarget{prose: line, from: n, to: n, col: 1})
			}
		}
	}
	for _, t := range targets {
		reportLexicon(p, d, lx, t, 0)
	}
	if s, parts, ok := wellFormedStoryOf(p); ok && s.From != "field" {
		skip := parts.MeansStart
		if m := meansIndicator.FindStringIndex(s.Text[parts.MeansStart:]); m != nil {
			skip += m[1]
		}
		reportLexicon(p, d, lx, lexTarget{prose: s.Text, from: s.Line, to: s.EndLine, col: s.Col, note: true}, skip)
	}
}

// reportLexicon scans one target and reports each distinct term once, on the
// line and column where it is written. Hits before offset skip are ignored.
func reportLexicon(p *lint.Pass, d *lint.Doc, lx *lint.Lexicon, t lexTarget, skip int) {
	prose := t.prose
	if m := backlogNumber.FindStringIndex(prose); m != nil {
		// Backlog.md's "#1" is a number, not text: blank it (same length, so
		// offsets hold) and let the criterion start a sentence.
		prose = strings.Repeat(" ", m[1]) + prose[m[1]:]
	}
	seen := map[string]bool{}
	loc := newLocator(d, t.from, t.to)
	for _, h := range lx.Scan(prose) {
		if h.Offset < skip || seen[h.Term] {
			continue
		}
		seen[h.Term] = true
		text := prose[h.Offset : h.Offset+h.Length]
		line, col := loc.find(text)
		if line == 0 {
			line, col = t.from, t.col
		}
		sev := h.Severity
		if t.note {
			sev = lint.SeverityNote
		}
		advice := poLexiconAdvice[h.Category]
		if advice == "" {
			advice = "make it specific and testable"
		}
		where := "acceptance criterion"
		if t.note {
			where = "story sentence"
		}
		msg := fmt.Sprintf("%s uses %q (%s; %s): %s", where, text, strings.ReplaceAll(h.Category, "_", " "), h.Source, advice)
		f := lint.Finding{Path: d.Path, Line: line, Col: col, EndLine: line, EndCol: col + utf8.RuneCountInString(text),
			Message: msg, Severity: severityFor(p, sev)}
		f.Context = d.HeadingAt(line).Path() + "|" + lint.NormText(d.Line(line)) + "|" + msg
		p.Report(f)
	}
}

// locator finds successive terms in a span of source lines, left to right,
// so that a finding points at the word itself.
type locator struct {
	d        *lint.Doc
	to       int
	line     int
	byteOff  int
	lowLines map[int]string
}

func newLocator(d *lint.Doc, from, to int) *locator {
	return &locator{d: d, to: to, line: from, lowLines: map[int]string{}}
}

// find returns the 1-based line and code-point column of the next
// case-insensitive occurrence of text (whitespace in text matches any run of
// spaces on one line), or 0, 0 when it is not found.
func (l *locator) find(text string) (int, int) {
	needle := strings.ToLower(strings.Join(strings.Fields(text), " "))
	for n, off := l.line, l.byteOff; n <= l.to && n > 0; n, off = n+1, 0 {
		low, ok := l.lowLines[n]
		if !ok {
			low = strings.ToLower(l.d.Line(n))
			l.lowLines[n] = low
		}
		if off > len(low) {
			continue
		}
		if i := strings.Index(low[off:], needle); i >= 0 {
			at := off + i
			l.line, l.byteOff = n, at+len(needle)
			return n, utf8.RuneCountInString(l.d.Line(n)[:min(at, len(l.d.Line(n)))]) + 1
		}
	}
	return 0, 0
}
