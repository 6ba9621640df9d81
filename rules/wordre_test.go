package rules

import (
	"math/rand"
	"reflect"
	"strings"
	"testing"
)

// The patterns are the ones they replaced, written out.
func TestWordRePatterns(t *testing.T) {
	for _, c := range []struct {
		w    *wordRe
		want string
	}{
		{inlineThen, `(?i)\bthen\b`},
		{abbreviations, `(?i)\b(?:e\.g|i\.e|etc|vs|cf|approx|incl|a\.m|p\.m|mr|mrs|ms|dr|no)\.`},
		{inlineGivenWhen, `(?i)\b(given|when)\b`},
		{meansIndicator, `(?i)\b((?:i|we)\s+want\s+to|(?:i|we)\s+want|(?:i|we)\s+can|(?:i|we)\s+need\s+to|(?:i|we)\s+need|(?:i|we)\s+wish\s+to|i\s+am\s+able\s+to|(?:i['’]m|we['’]re|we\s+are)\s+able\s+to|(?:i|we)\s+should\s+be\s+able\s+to|(?:i|we)\s+would\s+like\s+to|(?:i|we)\s+would\s+like|i['’]d\s+like\s+to|we['’]d\s+like\s+to)\b`},
	} {
		if got := c.w.String(); got != c.want {
			t.Errorf("pattern %s, want %s", got, c.want)
		}
	}
}

// wordRe finds what regexp finds, on texts made of the patterns' words,
// their neighbours in case and form, word and non-word bytes around them
// (`_`, digits, UTF-8 letters, the Kelvin sign and the long s).
func TestWordReMatchesRegexp(t *testing.T) {
	tokens := strings.Fields(`I i we We WE wE want to can need wish am able I'm i’m we’re we're are should be would
		like I'd we’d i'd so that then Then THEN given Given when WHEN whenever athen then_ _then 2then then2
		thenx iwant awe weI x é ſ K k , . ; : - ** __ [x] # I’d e.g. E.G i.e etc. vs. VS cf approx. incl a.m. p.m. mr. Mrs. mſ. ms
		DR. no. No e.gx ..`)
	seps := []string{" ", " ", "  ", "\t", "\n", "", "-", "_", "é", ",", "'", "’", "**"}
	rng := rand.New(rand.NewSource(1))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for _, w := range []*wordRe{inlineThen, inlineGivenWhen, meansIndicator, abbreviations} {
		for i := 0; i < n; i++ {
			var b strings.Builder
			for k := rng.Intn(9); k >= 0; k-- {
				b.WriteString(tokens[rng.Intn(len(tokens))])
				b.WriteString(seps[rng.Intn(len(seps))])
			}
			s := b.String()
			if got, want := w.MatchString(s), w.re.MatchString(s); got != want {
				t.Fatalf("%s: MatchString(%q) = %v, want %v", w, s, got, want)
			}
			if got, want := w.FindStringIndex(s), w.re.FindStringIndex(s); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: FindStringIndex(%q) = %v, want %v", w, s, got, want)
			}
			if got, want := w.FindStringSubmatchIndex(s), w.re.FindStringSubmatchIndex(s); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: FindStringSubmatchIndex(%q) = %v, want %v", w, s, got, want)
			}
			if got, want := w.FindAllStringIndex(s), w.re.FindAllStringIndex(s, -1); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: FindAllStringIndex(%q) = %v, want %v", w, s, got, want)
			}
			if got, want := w.ReplaceAllStringFunc(s, strings.ToUpper), w.re.ReplaceAllStringFunc(s, strings.ToUpper); got != want {
				t.Fatalf("%s: ReplaceAllStringFunc(%q) = %q, want %q", w, s, got, want)
			}
		}
	}
}

func TestNewWordReRefusesFoldedLetters(t *testing.T) {
	for _, first := range []string{"k", "s", "1", "é"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("newWordRe accepted %q as a first letter", first)
				}
			}()
			newWordRe(`(?i)`, `x`, first)
		}()
	}
}
