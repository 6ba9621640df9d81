package lint

import (
	"io/fs"
	"math/rand/v2"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// hitTerms renders hits as "term/category@offset" for comparison.
func hitTerms(hs []LexHit) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.Term+"/"+h.Category)
	}
	return out
}

func TestLexiconScan(t *testing.T) {
	lx := NewLexicon(LexiconConfig{})
	cases := []struct {
		text string
		want []string
	}{
		{"The page loads fast and works properly on mobile, etc.",
			[]string{"fast/unmeasured", "works/vague_outcome", "properly/vague_outcome", "etc./open_ended"}},
		{"On a 4G profile the order page renders in ≤ 2 s (p95) at 375 px width.", nil},
		{"The export is fast: under 200ms for 10k rows.", nil},
		{"The export is fast (under 2 s).", nil},
		{"The export is fast enough for our needs today.", []string{"fast/unmeasured"}},
		{"It shows an error. It retries.", []string{"it/vague_pronoun", "it/vague_pronoun"}},
		{"The job restarts it after a crash.", nil},
		{"Released in May.", nil},
		{"The user may cancel.", []string{"may/option"}},
		{"The UI is easy to use and user-friendly.", []string{"easy to use/subjective", "user-friendly/subjective"}},
		{"Retry if possible; owner TBD.", []string{"if possible/escape_clause", "tbd/incomplete"}},
		{"Network errors are logged.", nil},
		{"Fields are validated, including but not limited to email.", []string{"including but not limited to/open_ended"}},
		{"What happens then???", []string{"???/incomplete"}},
		{"Filters persist when returning to the All Tasks view.", nil},
		{"All existing tests pass.", []string{"all/totality"}},
		{"Adds a clear-all action and a fast-forward merge.", nil},
		{"A real-time feed.", []string{"real-time/unmeasured"}},
	}
	for _, c := range cases {
		got := hitTerms(lx.Scan(c.text))
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("Scan(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

func TestLexiconOffsetsAndSeverity(t *testing.T) {
	lx := NewLexicon(LexiconConfig{})
	text := "Shows the best result always."
	hs := lx.Scan(text)
	if len(hs) != 2 {
		t.Fatalf("got %v", hitTerms(hs))
	}
	if text[hs[0].Offset:hs[0].Offset+hs[0].Length] != "best" || hs[0].Severity != SeverityNote || hs[0].Source == "" {
		t.Errorf("first hit %+v", hs[0])
	}
	if hs[1].Category != "totality" || !strings.HasPrefix(text[hs[1].Offset:], "always") {
		t.Errorf("second hit %+v", hs[1])
	}
}

func TestLexiconConfig(t *testing.T) {
	lx := NewLexicon(LexiconConfig{
		Extend: map[string][]string{"subjective": {"snappy"}, "jargon": {"synergy"}},
		Allow:  []string{"good standing"},
	})
	got := hitTerms(lx.Scan("A snappy UI creates synergy for members in good standing, a good idea."))
	want := []string{"snappy/subjective", "synergy/jargon", "good/subjective"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	cats := lx.Categories()
	if cats[0] != "escape_clause" || cats[len(cats)-1] != "jargon" {
		t.Errorf("Categories() = %v", cats)
	}
}

// --- Differential tests: the term matcher against the regexp it replaced ---

// refTermsRegexp is the alternation the lexicon compiled before the term
// matcher replaced it (kept here as the reference the matcher must equal):
// case-insensitive, longest term first, `\s+` between words, `\b` on a word
// edge.
func refTermsRegexp(terms []string) *regexp.Regexp {
	sorted := append([]string(nil), terms...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if len(sorted[i]) != len(sorted[j]) {
			return len(sorted[i]) > len(sorted[j])
		}
		return sorted[i] < sorted[j]
	})
	parts := make([]string, 0, len(sorted))
	for _, t := range sorted {
		words := strings.Fields(t)
		for i, w := range words {
			words[i] = regexp.QuoteMeta(w)
		}
		p := strings.Join(words, `\s+`)
		first, _ := utf8.DecodeRuneInString(t)
		last, _ := utf8.DecodeLastRuneInString(t)
		if isWordRune(first) {
			p = `\b` + p
		}
		if isWordRune(last) {
			p += `\b`
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return regexp.MustCompile(`$^`)
	}
	return regexp.MustCompile(`(?i)(?:` + strings.Join(parts, "|") + `)`)
}

// refLexicon is the lexicon as it scanned before the term matcher.
type refLexicon struct {
	l       *Lexicon
	re      *regexp.Regexp
	allowRe *regexp.Regexp
}

func newRefLexicon(c LexiconConfig) *refLexicon {
	l := NewLexicon(c)
	terms := make([]string, 0, len(l.byTerm))
	for k := range l.byTerm {
		terms = append(terms, k)
	}
	ref := &refLexicon{l: l, re: refTermsRegexp(terms)}
	var allow []string
	for _, a := range c.Allow {
		if k := normTerm(a); k != "" {
			allow = append(allow, k)
		}
	}
	if len(allow) > 0 {
		ref.allowRe = refTermsRegexp(allow)
	}
	return ref
}

// scan is Lexicon.Scan as it was, on the regexp.
func (r *refLexicon) scan(prose string) []LexHit {
	if prose == "" {
		return nil
	}
	var allowed [][]int
	if r.allowRe != nil {
		allowed = r.allowRe.FindAllStringIndex(prose, -1)
	}
	var hits []LexHit
	for _, m := range r.re.FindAllStringIndex(prose, -1) {
		text := prose[m[0]:m[1]]
		e, ok := r.l.byTerm[normTerm(text)]
		if !ok {
			continue
		}
		if lowerCaseOnly[e.term] && text != e.term {
			continue
		}
		if refOverlapsAny(m, allowed) {
			continue
		}
		if inHyphenCompound(prose, m[0], m[1]) && !strings.Contains(e.term, "-") {
			continue
		}
		if looksLikeName(text) && !atSentenceStart(prose, m[0]) {
			continue
		}
		if e.cat.unlessMeasured && refFollowedByMeasure(prose[m[1]:]) {
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

func refOverlapsAny(m []int, spans [][]int) bool {
	for _, s := range spans {
		if m[0] < s[1] && s[0] < m[1] {
			return true
		}
	}
	return false
}

func refFollowedByMeasure(rest string) bool {
	toks := strings.Fields(rest)
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

// diffConfigs are the lexicon configurations every differential test runs:
// the default, and one with odd extensions (punctuation, non-ASCII, runes
// that fold to ASCII letters, terms sharing prefixes) and allow phrases.
var diffConfigs = []LexiconConfig{
	{},
	{
		Extend: map[string][]string{
			"subjective": {"snappy", "naïve", "Über", "c++", "e.g.", "--", "k8s", "ſome", "x  y", "_under_", "réal-time"},
			"jargon":     {"synergy", "best-in-class", "as such", "it is", "?!", "…", "ΣΑΣ"},
		},
		Allow: []string{"good standing", "all tasks", "fast path", "it is"},
	},
}

// checkSameHits fails when the lexicon and its reference disagree on text.
func checkSameHits(t *testing.T, where string, lx *Lexicon, ref *refLexicon, text string) bool {
	t.Helper()
	got, want := lx.Scan(text), ref.scan(text)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: Scan(%q)\n got  %+v\n want %+v", where, text, got, want)
		return false
	}
	return true
}

func TestTermMatcherEqualsRegexp(t *testing.T) {
	for ci, c := range diffConfigs {
		lx := NewLexicon(c)
		terms := make([]string, 0, len(lx.byTerm))
		for k := range lx.byTerm {
			terms = append(terms, k)
		}
		re := refTermsRegexp(terms)
		rng := rand.New(rand.NewPCG(uint64(ci), 7))
		for n := 0; n < 20000; n++ {
			s := randomProse(rng, terms)
			got := lx.terms.findAll(s)
			want := re.FindAllStringIndex(s, -1)
			if !sameSpans(got, want) {
				t.Fatalf("config %d: findAll(%q) = %v, regexp %v", ci, s, got, want)
			}
		}
	}
}

// randomProse glues pieces that stress the matcher: terms in varied case,
// fragments of terms, every kind of space, hyphens, digits, runes that fold
// to ASCII letters (Kelvin sign, long s), other non-ASCII and invalid bytes.
func randomProse(rng *rand.Rand, terms []string) string {
	pieces := []string{" ", "  ", "\t", "\n", "\v", "\f", "\r", "\u00a0", "\u2003", "-", "_", ".", ",", "?", "???",
		"(", ")", "'", "\"", "’", "…", "K", "ſ", "é", "É", "İ", "ı", "\xff", "\xe2\x84", "2", "200ms", "5 s",
		"x", "as", "so", "it", "a", "etc", "ETC.", "foo", "All", "May", "may", "real", "time", "to"}
	var b strings.Builder
	for n := rng.IntN(12); n >= 0; n-- {
		switch rng.IntN(4) {
		case 0:
			b.WriteString(pieces[rng.IntN(len(pieces))])
		case 1:
			term := terms[rng.IntN(len(terms))]
			b.WriteString(term[:rng.IntN(len(term)+1)])
		default:
			b.WriteString(randomCase(rng, terms[rng.IntN(len(terms))]))
		}
	}
	return b.String()
}

// randomCase changes the case of some letters and swaps k/s for the Kelvin
// sign and the long s now and then.
func randomCase(rng *rand.Rand, s string) string {
	var b strings.Builder
	for _, r := range s {
		switch x := rng.IntN(20); {
		case x == 0 && r == 'k':
			r = '\u212a'
		case x == 0 && r == 's':
			r = '\u017f'
		case x == 1 && r == ' ':
			b.WriteString(" \t")
		case x < 6:
			r = unicode.ToUpper(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

func sameSpans(got [][2]int, want [][]int) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i][0] != want[i][0] || got[i][1] != want[i][1] {
			return false
		}
	}
	return true
}

func TestLexiconScanEqualsReferenceOnRandomText(t *testing.T) {
	for ci, c := range diffConfigs {
		lx, ref := NewLexicon(c), newRefLexicon(c)
		terms := make([]string, 0, len(lx.byTerm))
		for k := range lx.byTerm {
			terms = append(terms, k)
		}
		rng := rand.New(rand.NewPCG(uint64(ci), 11))
		for n := 0; n < 20000; n++ {
			if !checkSameHits(t, "random", lx, ref, randomProse(rng, terms)) {
				return
			}
		}
	}
}

// TestLexiconScanEqualsReferenceOnCorpora compares the lexicon with the
// regexp it replaced on every list item and paragraph of testdata and of the
// real corpora (when present; not with -short), in both prose and raw text
// form: the default lexicon everywhere, the odd configuration on testdata.
func TestLexiconScanEqualsReferenceOnCorpora(t *testing.T) {
	roots := []string{"../testdata", "/work/shared/corpus"}
	if testing.Short() {
		roots = roots[:1]
	}
	type lexPair struct {
		lx  *Lexicon
		ref *refLexicon
	}
	var pairs []lexPair
	for _, c := range diffConfigs {
		pairs = append(pairs, lexPair{NewLexicon(c), newRefLexicon(c)})
	}
	p := NewParser(nil)
	seen := map[string]bool{}
	texts, files := 0, 0
	files += walkMarkdown(t, roots, func(root, path string, src []byte) error {
		d := p.Parse(path, src)
		var all []string
		for _, li := range d.ListItems {
			all = append(all, li.Prose, li.Text)
		}
		for _, para := range d.Paragraphs {
			all = append(all, para.Prose, para.Text)
		}
		for _, text := range all {
			if seen[text] {
				continue // templates repeat; the reference regexp is slow
			}
			seen[text] = true
			texts++
			for i, lp := range pairs {
				if i > 0 && root != roots[0] {
					break // the odd configuration only on testdata: the reference is slow
				}
				if !checkSameHits(t, path, lp.lx, lp.ref, text) {
					return fs.SkipAll
				}
			}
		}
		return nil
	})
	if files == 0 {
		t.Fatal("no Markdown file found in testdata")
	}
	t.Logf("%d distinct texts of %d files compared", texts, files)
}

func FuzzLexiconScanEqualsReference(f *testing.F) {
	for _, s := range []string{"The page loads fast and works properly, etc.", "It is \u212aey. ſome tasks…", "real -time real-time-ish",
		"As soon as  possible\tif\nnecessary", "\xff\xfeall", "fast (≤ 2 s)", "good standing is good"} {
		f.Add(s)
	}
	lx, ref := NewLexicon(diffConfigs[1]), newRefLexicon(diffConfigs[1])
	f.Fuzz(func(t *testing.T, s string) {
		checkSameHits(t, "fuzz", lx, ref, s)
	})
}
