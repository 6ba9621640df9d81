package lint

import (
	"fmt"
	"strings"
)

// maxSuggestInput bounds the length of a word we look for near matches of:
// edit distance is quadratic, and nobody mistypes a 100-character key.
const maxSuggestInput = 64

// Suggest returns the candidate closest to word, for "did you mean" hints.
// Case, '_' versus '-' and surrounding spaces do not count as differences. A
// candidate qualifies when it is at most max(2, len/3) edits away (and is not
// a complete rewrite of a short word), or when word is a prefix of it of at
// least four characters. Ties go to the alphabetically first candidate, so
// hints are deterministic.
func Suggest(word string, candidates []string) (string, bool) {
	w := foldForSuggest(word)
	if w == "" || len(w) > maxSuggestInput {
		return "", false
	}
	wr := []rune(w)
	best, bestDist := "", -1
	for _, c := range candidates {
		cf := foldForSuggest(c)
		if cf == "" || len(cf) > 4*maxSuggestInput {
			continue
		}
		d := levenshtein(wr, []rune(cf))
		if !closeEnough(wr, []rune(cf), d) {
			continue
		}
		if bestDist < 0 || d < bestDist || (d == bestDist && c < best) {
			best, bestDist = c, d
		}
	}
	return best, bestDist >= 0
}

// closeEnough decides whether a candidate at distance d from w is a plausible
// intended spelling.
func closeEnough(w, c []rune, d int) bool {
	if len(w) >= 4 && len(c) > len(w) && string(c[:len(w)]) == string(w) {
		return true // "acceptance" for "acceptance-criteria"
	}
	limit := max(2, len(w)/3)
	if d > limit {
		return false
	}
	// Replacing every character of a short word is not a typo.
	return d < max(len(w), len(c))
}

// didYouMean renders the hint suffix ` (did you mean "x"?)`, or "".
func didYouMean(word string, candidates []string) string {
	if s, ok := Suggest(word, candidates); ok {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return ""
}

func foldForSuggest(s string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "_", "-")
}

// EditDistance is the Levenshtein distance between a and b, counted in code
// points (the one implementation rules share).
func EditDistance(a, b string) int { return levenshtein([]rune(a), []rune(b)) }

// levenshtein is the edit distance (insertions, deletions, substitutions)
// between a and b, in O(len(b)) memory.
func levenshtein(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// hintFor is the end of an "unknown X" message: a "did you mean" when a
// candidate is close, else "; " and the otherwise text (typically the list
// of valid names).
func hintFor(word string, candidates []string, otherwise string) string {
	if h := didYouMean(word, candidates); h != "" {
		return h
	}
	if otherwise == "" {
		return ""
	}
	return "; " + otherwise
}
