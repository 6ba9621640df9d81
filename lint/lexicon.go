package lint

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// LexHit is one lexicon term found in a text.
type LexHit struct {
	Term     string   // the lexicon term (lower case, as listed)
	Category string   // escape_clause, open_ended, ...
	Severity Severity // the category's severity
	Source   string   // where the term comes from (NASA ARM, 29148, GtWR ...)
	Offset   int      // byte offset of the match in the scanned text
	Length   int      // byte length of the match
}

// lexCategory is one category of RULES.md Appendix A.
type lexCategory struct {
	name            string
	severity        Severity
	source          string
	terms           []string
	unlessMeasured  bool // `unmeasured`: pass when a number and unit follow within 4 tokens
	sentenceInitial bool // `vague_pronoun`: only at the start of a sentence
}

// defaultLexicon is RULES.md Appendix A, in its order.
var defaultLexicon = []lexCategory{
	{name: "escape_clause", severity: SeverityWarning, source: "GtWR R8, 29148 loopholes, ARM",
		terms: []string{"if possible", "where possible", "as far as possible", "as much as possible",
			"as appropriate", "as applicable", "where applicable", "as required", "if necessary",
			"when necessary", "if needed", "when needed", "if practical", "if practicable", "to the extent practical"}},
	{name: "open_ended", severity: SeverityWarning, source: "GtWR R9, ARM incompletes, 29148",
		terms: []string{"including but not limited to", "but not limited to", "not limited to", "etc",
			"etc.", "and so on", "among others", "and the like", "as a minimum", "provide support"}},
	{name: "incomplete", severity: SeverityWarning, source: "ARM",
		terms: []string{"tbd", "tbs", "tbe", "tbc", "tbr", "todo", "not defined", "not determined", "???"}},
	{name: "option", severity: SeverityNote, source: "ARM options, QuARS optionality",
		terms: []string{"may", "might", "could", "optionally", "possibly", "eventually"}},
	{name: "superfluous", severity: SeverityNote, source: "GtWR R10, ARM weak phrases",
		terms: []string{"be able to", "be capable of", "capability of", "capability to", "have the ability to", "provide for"}},
	{name: "subjective", severity: SeverityWarning, source: "29148 subjective, QuARS, Wiegers",
		terms: []string{"user friendly", "user-friendly", "easy", "easy to use", "intuitive", "seamless",
			"simple", "clean", "nice", "good", "robust", "flexible", "efficient", "effective",
			"cost effective", "adequate", "reasonable", "appropriate", "normal", "timely"}},
	{name: "unmeasured", severity: SeverityWarning, source: "GtWR R34/R35, Wiegers", unlessMeasured: true,
		terms: []string{"fast", "faster", "quick", "quickly", "slow", "promptly", "immediately", "soon",
			"real-time", "real time", "as soon as possible", "optimal", "optimize", "maximize",
			"minimize", "minimal", "significant", "several", "many", "few", "some", "large", "small"}},
	{name: "comparative", severity: SeverityNote, source: "29148 comparative",
		terms: []string{"better", "better than", "improved", "higher quality", "more", "less", "superior"}},
	{name: "superlative", severity: SeverityNote, source: "29148", terms: []string{"best", "most", "worst"}},
	{name: "totality", severity: SeverityNote, source: "29148 totality, GtWR R26",
		terms: []string{"all", "always", "never", "every", "any", "none"}},
	{name: "vague_outcome", severity: SeverityWarning, source: "GtWR R7 examples",
		terms: []string{"works", "working", "correctly", "properly", "as expected", "as intended", "fine"}},
	{name: "vague_pronoun", severity: SeverityNote, source: "29148, QuARS implicitness, GtWR R24", sentenceInitial: true,
		terms: []string{"it", "this", "that", "these", "those", "they"}},
}

// lowerCaseOnly lists terms that are also proper nouns or month names; they
// match only when written in lower case (Appendix D.11: "May" is a month).
var lowerCaseOnly = map[string]bool{"may": true}

// lexEntry is one term with its category, after config merging.
type lexEntry struct {
	term string
	cat  *lexCategory
}

// Lexicon finds weak, vague and open-ended wording (RULES.md Appendix A).
// Build one with NewLexicon and share it; Scan is safe for concurrent use.
type Lexicon struct {
	cats   []*lexCategory
	byTerm map[string]lexEntry // normalised term -> entry
	terms  *termMatcher        // every term, longest first, with word boundaries
	allow  *termMatcher        // configured allow phrases; nil when none
}

// NewLexicon builds the default lexicon, extended by c.Extend (category ->
// extra terms; an unknown category becomes a new warning category) and
// narrowed by c.Allow (phrases never reported, matched case-insensitively).
func NewLexicon(c LexiconConfig) *Lexicon {
	l := &Lexicon{byTerm: map[string]lexEntry{}}
	byName := map[string]*lexCategory{}
	for i := range defaultLexicon {
		cat := defaultLexicon[i]
		cat.terms = append([]string(nil), cat.terms...)
		l.cats = append(l.cats, &cat)
		byName[cat.name] = &cat
	}
	for _, name := range configSortedKeys(c.Extend) {
		cat := byName[name]
		if cat == nil {
			cat = &lexCategory{name: name, severity: SeverityWarning, source: "config"}
			l.cats = append(l.cats, cat)
			byName[name] = cat
		}
		cat.terms = append(cat.terms, c.Extend[name]...)
	}
	var alts []string
	for _, cat := range l.cats {
		for _, t := range cat.terms {
			k := normTerm(t)
			if k == "" {
				continue
			}
			if _, dup := l.byTerm[k]; dup {
				continue // the first category listing a term keeps it
			}
			l.byTerm[k] = lexEntry{term: k, cat: cat}
			alts = append(alts, k)
		}
	}
	l.terms = newTermMatcher(alts)
	var allow []string
	for _, a := range c.Allow {
		if k := normTerm(a); k != "" {
			allow = append(allow, k)
		}
	}
	if len(allow) > 0 {
		l.allow = newTermMatcher(allow)
	}
	return l
}

// normTerm lower-cases a term and collapses its whitespace.
func normTerm(t string) string {
	return strings.Join(strings.Fields(strings.ToLower(t)), " ")
}

func isWordRune(r rune) bool {
	return r == '_' || r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// Categories returns the category names: Appendix A's order, then config
// categories sorted by name.
func (l *Lexicon) Categories() []string {
	out := make([]string, 0, len(l.cats))
	for _, c := range l.cats {
		out = append(out, c.name)
	}
	return out
}

// Scan returns the lexicon hits in prose, in text order. prose should be
// text outside code spans and link destinations (ListItem.Prose,
// Paragraph.Prose). Matching is case-insensitive on word boundaries, except
// for lower-case-only terms ("may"). `unmeasured` terms followed within four
// tokens by a number with a unit are not reported; `vague_pronoun` terms are
// reported only at the start of a sentence; allowed phrases hide the terms
// they contain. A capitalised match inside a sentence ("the All Tasks
// view") is taken for a name or UI label and not reported, and so is a
// term that is part of a hyphenated word ("clear-all", "fast-forward").
func (l *Lexicon) Scan(prose string) []LexHit {
	if l == nil || prose == "" {
		return nil
	}
	var allowed [][2]int
	if l.allow != nil {
		allowed = l.allow.findAll(prose)
	}
	var hits []LexHit
	for _, m := range l.terms.findAll(prose) {
		text := prose[m[0]:m[1]]
		e, ok := l.byTerm[normMatch(text)]
		if !ok {
			continue
		}
		if lowerCaseOnly[e.term] && text != e.term {
			continue
		}
		if overlapsAny(m, allowed) {
			continue
		}
		if inHyphenCompound(prose, m[0], m[1]) && !strings.Contains(e.term, "-") {
			continue // "clear-all", "fast-forward": part of a compound word
		}
		if looksLikeName(text) && !atSentenceStart(prose, m[0]) {
			continue // "the All Tasks view", "Fast Refresh": a name, not a claim
		}
		if e.cat.unlessMeasured && followedByMeasure(prose[m[1]:]) {
			continue
		}
		if e.cat.sentenceInitial && !atSentenceStart(prose, m[0]) {
			continue
		}
		hits = append(hits, LexHit{Term: e.term, Category: e.cat.name, Severity: e.cat.severity,
			Source: e.cat.source, Offset: m[0], Length: m[1] - m[0]})
	}
	return hits
}

// looksLikeName reports whether a match is capitalised like a name or UI
// label ("All", "Fast"), as opposed to lower case or an all-caps marker (TBD).
func looksLikeName(text string) bool {
	first, _ := utf8.DecodeRuneInString(text)
	return unicode.IsUpper(first) && strings.IndexFunc(text, unicode.IsLower) >= 0
}

// inHyphenCompound reports whether the match [start, end) is joined to a
// word by a hyphen on either side.
func inHyphenCompound(s string, start, end int) bool {
	if start > 1 && s[start-1] == '-' && isWordByte(s[start-2]) {
		return true
	}
	return end+1 < len(s) && s[end] == '-' && isWordByte(s[end+1])
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80
}

func overlapsAny(m [2]int, spans [][2]int) bool {
	for _, s := range spans {
		if m[0] < s[1] && s[0] < m[1] {
			return true
		}
	}
	return false
}

// atSentenceStart reports whether the text before off is empty or ends a
// sentence (`.`, `!`, `?`, `:` or `;`, then spaces), ignoring opening quotes
// and brackets.
func atSentenceStart(s string, off int) bool {
	before := strings.TrimRightFunc(s[:off], func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`"'“‘(*_`, r)
	})
	if before == "" {
		return true
	}
	last, _ := utf8.DecodeLastRuneInString(before)
	return strings.ContainsRune(".!?:;", last)
}

var (
	numberWithUnit = regexp.MustCompile(`(?i)^[<>≤≥~=]*\d+(?:[.,]\d+)*\s*(?:%|x|ms|msec|s|sec|secs|seconds?|m|min|mins|minutes?|h|hrs?|hours?|d|days?|weeks?|months?|years?|b|kb|mb|gb|tb|kib|mib|gib|px|pt|em|rem|fps|rps|qps|tps|req/s|rpm|kbps|mbps|gbps|ms/op|ns|µs|us|items?|users?|requests?|rows?|records?|entries|times|tasks?|percent|pct|p\d\d)?[.,;:)]*$`)
	bareNumber     = regexp.MustCompile(`^[<>≤≥~=(]*\d+(?:[.,]\d+)*[.,;:)]*$`)
	unitWord       = regexp.MustCompile(`(?i)^(?:%|ms|msec|s|sec|secs|seconds?|min|mins|minutes?|h|hrs?|hours?|days?|weeks?|months?|years?|kb|mb|gb|tb|kib|mib|gib|px|fps|rps|qps|tps|percent|items?|users?|requests?|rows?|records?|entries|times|tasks?)[.,;:)]*$`)
)

// followedByMeasure reports whether one of the next four tokens is a number
// with a unit ("2 s", "200ms", "95%"): "loads fast (≤ 2 s)" is measured.
func followedByMeasure(rest string) bool {
	var buf [5]string // the fifth token is the unit of a bare fourth number
	toks := firstFields(rest, buf[:0])
	for i := 0; i < len(toks) && i < 4; i++ {
		t := strings.TrimLeft(toks[i], "(")
		if !strings.ContainsAny(t, "0123456789") {
			continue
		}
		if bareNumber.MatchString(t) {
			if i+1 < len(toks) && unitWord.MatchString(toks[i+1]) {
				return true
			}
			continue
		}
		if numberWithUnit.MatchString(t) {
			return true
		}
	}
	return false
}

// firstFields appends to buf the first cap(buf) fields of s, exactly as
// strings.Fields would split them, without splitting the rest of s: Scan
// calls it on the whole remainder of a paragraph for every unmeasured term.
func firstFields(s string, buf []string) []string {
	start := -1
	for i, r := range s {
		if unicode.IsSpace(r) {
			if start >= 0 {
				buf = append(buf, s[start:i])
				start = -1
				if len(buf) == cap(buf) {
					return buf
				}
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		buf = append(buf, s[start:])
	}
	return buf
}

// normMatch is normTerm for a matched text, without allocating in the usual
// case: lower-case ASCII with single spaces is already normal.
func normMatch(text string) string {
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' ||
			c == ' ' && (i == 0 || i == len(text)-1 || text[i-1] == ' ') {
			return normTerm(text)
		}
	}
	return text
}
