package lint

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// termMatcher finds lexicon terms in a text in one left-to-right pass. It
// reports exactly the matches of the case-insensitive alternation the
// lexicon used to compile (`(?i)\bterm one\b|…`, longest term first, words
// joined by `\s+`, `\b` on an edge that is a word character), so that
// swapping it in changed no finding, but without the regexp engine: that
// engine ran one NFA thread per term at every byte and cost more than all
// the rest of the linting together.
//
// At each position the matcher looks only at the terms whose first rune
// folds to the rune found there, in the alternation's priority order, and
// takes the first that matches; scanning resumes after the match.
type termMatcher struct {
	terms []matchTerm
	ascii [utf8.RuneSelf]*termStarts // by case-folded first rune, for ASCII
	other map[rune]*termStarts       // the same for the other runes
}

// termStarts lists the terms that begin with one (case-folded) rune, in
// priority order, split by whether they need a word boundary before them.
type termStarts struct {
	atBoundary []int // first rune is a word character: `\b` before it
	anywhere   []int
}

// matchTerm is one term: its words, each rune case-folded with foldRune.
type matchTerm struct {
	words         [][]rune
	boundaryAfter bool // last rune is a word character: `\b` after it
}

// newTermMatcher indexes normalised terms (lower case, single spaces).
func newTermMatcher(terms []string) *termMatcher {
	sorted := append([]string(nil), terms...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if len(sorted[i]) != len(sorted[j]) {
			return len(sorted[i]) > len(sorted[j])
		}
		return sorted[i] < sorted[j]
	})
	m := &termMatcher{other: map[rune]*termStarts{}}
	for _, t := range sorted {
		words := strings.Fields(t)
		if len(words) == 0 {
			continue
		}
		mt := matchTerm{}
		for _, w := range words {
			rs := make([]rune, 0, len(w))
			for _, r := range w {
				rs = append(rs, foldRune(r))
			}
			mt.words = append(mt.words, rs)
		}
		first, _ := utf8.DecodeRuneInString(t)
		last, _ := utf8.DecodeLastRuneInString(t)
		mt.boundaryAfter = isWordRune(last)
		idx := len(m.terms)
		m.terms = append(m.terms, mt)
		st := m.startsOf(mt.words[0][0], true)
		if isWordRune(first) {
			st.atBoundary = append(st.atBoundary, idx)
		} else {
			st.anywhere = append(st.anywhere, idx)
		}
	}
	return m
}

// startsOf returns the entry of a folded first rune, creating it if asked.
func (m *termMatcher) startsOf(folded rune, create bool) *termStarts {
	if folded >= 0 && folded < utf8.RuneSelf {
		if m.ascii[folded] == nil && create {
			m.ascii[folded] = &termStarts{}
		}
		return m.ascii[folded]
	}
	st := m.other[folded]
	if st == nil && create {
		st = &termStarts{}
		m.other[folded] = st
	}
	return st
}

// findAll returns the [start, end) byte spans of the matches in s, in order,
// never overlapping.
func (m *termMatcher) findAll(s string) [][2]int {
	var out [][2]int
	for i := 0; i < len(s); {
		r, w := foldedRuneAt(s, i)
		st := m.startsOf(r, false)
		if st == nil {
			i += w
			continue
		}
		best, end := -1, 0
		if len(st.atBoundary) > 0 && WordBoundary(s, i) {
			best, end = m.firstMatch(st.atBoundary, s, i)
		}
		if len(st.anywhere) > 0 {
			if k, e := m.firstMatch(st.anywhere, s, i); k >= 0 && (best < 0 || k < best) {
				best, end = k, e
			}
		}
		if best < 0 {
			i += w
			continue
		}
		out = append(out, [2]int{i, end})
		i = end
	}
	return out
}

// firstMatch returns the first of the candidate terms (in priority order)
// that matches at i, and where its match ends; -1 when none does.
func (m *termMatcher) firstMatch(cands []int, s string, i int) (int, int) {
	for _, k := range cands {
		if end, ok := m.terms[k].matchAt(s, i); ok {
			return k, end
		}
	}
	return -1, 0
}

// matchAt reports whether the term matches s at i and where the match ends.
// Words are separated by one or more of the regexp `\s` class.
func (t *matchTerm) matchAt(s string, i int) (int, bool) {
	pos := i
	for k, word := range t.words {
		if k > 0 {
			j := pos
			for j < len(s) && isPerlSpace(s[j]) {
				j++
			}
			if j == pos {
				return 0, false
			}
			pos = j
		}
		for _, want := range word {
			if pos >= len(s) {
				return 0, false
			}
			got, w := foldedRuneAt(s, pos)
			if got != want {
				return 0, false
			}
			pos += w
		}
	}
	if t.boundaryAfter && !WordBoundary(s, pos) {
		return 0, false
	}
	return pos, true
}

// asciiFold is foldRune for the ASCII runes.
var asciiFold = func() (t [utf8.RuneSelf]rune) {
	for r := range t {
		t[r] = foldRune(rune(r))
	}
	return t
}()

// foldedRuneAt decodes the rune at s[i] (an invalid byte is U+FFFD of
// width 1, as the regexp package reads it) and folds it.
func foldedRuneAt(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return asciiFold[c], 1
	}
	r, w := utf8.DecodeRuneInString(s[i:])
	return foldRune(r), w
}

// foldRune maps a rune to the smallest rune of its simple case-folding
// orbit, so that two runes match case-insensitively (as `(?i)` matches
// them) exactly when their foldRune is equal: k, K and the Kelvin sign K
// all fold to 'K'.
func foldRune(r rune) rune {
	if r < 0 || r > unicode.MaxRune {
		return r
	}
	least := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		least = min(least, f)
	}
	return least
}

// WordBoundary is the regexp `\b` at byte offset i: an ASCII word
// character on exactly one side.
func WordBoundary(s string, i int) bool {
	before := i > 0 && isASCIIWordByte(s[i-1])
	after := i < len(s) && isASCIIWordByte(s[i])
	return before != after
}

func isASCIIWordByte(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// isPerlSpace is the regexp `\s` class: ASCII space, tab, newline, form
// feed and carriage return (not vertical tab).
func isPerlSpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\f' || b == '\r'
}
