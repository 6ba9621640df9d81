package lint

import (
	"reflect"
	"strings"
	"testing"
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
