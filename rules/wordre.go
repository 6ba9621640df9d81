package rules

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/rolelint/rolelint/lint"
)

// wordRe is a case-insensitive regexp whose every match starts at a word
// boundary with one of a few letters, like `(?i)\b(i\s+want|we\s+can)\b`.
// Go's regexp has no literal prefix to skip to in such a pattern, so it
// runs the pattern from every byte of the text (with the backtracker: the
// story and Gherkin patterns were a tenth of a full run's CPU). wordRe
// runs the pattern anchored at the starts of the words that begin with
// one of those letters only, which finds the same matches, leftmost first.
type wordRe struct {
	re    *regexp.Regexp // flags + `\b` + body: what a match is
	at    *regexp.Regexp // flags + `^` + body: tried at each candidate start
	first [256]bool      // the bytes a match can start with
}

// newWordRe compiles flags+`\b`+body. Every match of body must start with
// one of the ASCII letters of first, in either case; a letter that has
// other case forms (k: the Kelvin sign, s: the long s) is refused.
func newWordRe(flags, body, first string) *wordRe {
	w := &wordRe{re: regexp.MustCompile(flags + `\b` + body), at: regexp.MustCompile(flags + `^` + body)}
	for _, r := range first {
		lower, upper := unicode.ToLower(r), unicode.ToUpper(r)
		if r >= 0x80 || lower == upper || unicode.SimpleFold(unicode.SimpleFold(lower)) != lower {
			panic("wordRe: " + string(r) + " is not a letter with two case forms only")
		}
		w.first[lower], w.first[upper] = true, true
	}
	return w
}

// String is the pattern, as regexp's.
func (w *wordRe) String() string { return w.re.String() }

// find returns the submatch indexes of the leftmost match that starts at
// or after from, or nil. A candidate start is a byte of first where `\b`
// holds, with the text before from seen as regexp sees it.
func (w *wordRe) find(s string, from int) []int {
	for p := from; p < len(s); p++ {
		if !w.first[s[p]] || !lint.WordBoundary(s, p) {
			continue
		}
		if m := w.at.FindStringSubmatchIndex(s[p:]); m != nil {
			for i := range m {
				if m[i] >= 0 {
					m[i] += p
				}
			}
			return m
		}
	}
	return nil
}

// MatchString is regexp.MatchString.
func (w *wordRe) MatchString(s string) bool { return w.find(s, 0) != nil }

// FindStringIndex is regexp.FindStringIndex.
func (w *wordRe) FindStringIndex(s string) []int {
	if m := w.find(s, 0); m != nil {
		return m[:2:2]
	}
	return nil
}

// FindStringSubmatchIndex is regexp.FindStringSubmatchIndex.
func (w *wordRe) FindStringSubmatchIndex(s string) []int { return w.find(s, 0) }

// FindAllStringIndex is regexp.FindAllStringIndex(s, -1). A match is never
// empty (it starts with a letter), so the next one is looked for where the
// last one ends.
func (w *wordRe) FindAllStringIndex(s string) [][]int {
	var out [][]int
	for from := 0; ; {
		m := w.find(s, from)
		if m == nil {
			return out
		}
		out = append(out, m[:2:2])
		from = m[1]
	}
}

// ReplaceAllStringFunc is regexp.ReplaceAllStringFunc.
func (w *wordRe) ReplaceAllStringFunc(s string, repl func(string) string) string {
	ms := w.FindAllStringIndex(s)
	if ms == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range ms {
		b.WriteString(s[last:m[0]])
		b.WriteString(repl(s[m[0]:m[1]]))
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}
