package lint

import (
	"io/fs"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
)

func TestIsPlaceholder(t *testing.T) {
	placeholders := []string{
		"[Title]", "{feature name}", "<REQUIRED: owner>", "NNNN", "yyyy-mm-dd", "YYYY-MM-DD",
		"TBD", "tbd.", "TODO", "TODO: write the criteria", "...", "…", "Criteria 1",
		"- [ ] Criteria 1", "- [ ] #1 Criteria 2", "Goal 1", "Non-goal 2", "[ ]", "- [ ]",
		"<!-- describe the goal -->", "*TBD*", "<name>", "Add a description here",
		"Your goal here", "???", "{{owner}}", "<<[UNRESOLVED owner]>>",
	}
	for _, s := range placeholders {
		if !IsPlaceholder(s) {
			t.Errorf("IsPlaceholder(%q) = false, want true", s)
		}
	}
	content := []string{
		"", "   ", "N/A", "A deactivated user is shown \"Account disabled\".",
		"[Export](docs/export.md)", "<https://example.com>", "<br>", "Goal: cut churn by 5 %",
		"TBD list is empty", "Step 1 of the wizard shows the plan", "- [x] #1 init targets the pinned directory",
		"Criteria 12 pass in CI for every build", "Todo list items sync across devices",
		"Placeholder text is grey", "The xxx-large size is gone", "Lorem is a name here too: no",
	}
	for _, s := range content {
		if IsPlaceholder(s) {
			t.Errorf("IsPlaceholder(%q) = true, want false", s)
		}
	}
}

func TestIsEmptyText(t *testing.T) {
	empty := []string{
		"", "\n\n", "<!-- AC:BEGIN -->\n- [ ] Criteria 1\n<!-- AC:END -->\n",
		"<!--\nmulti-line\ncomment\n-->", "TBD", "- [ ]\n- [ ]\n", "| --- | --- |\n|  |  |",
		"**TODO**", "[Describe the problem]\n\n...\n", "<REQUIRED: problem statement>",
		"```\n```", "Goal 1", "- Add the description here", "TODO: write this", "Lorem ipsum dolor sit",
		"placeholder", "XXXX", "nnnn", "to do", "yyyy-mm-dd", "**TBD** / TODO", "Replace this with the goal",
		"- [ ] Criteria 2.", "tbſ", "Step 1",
	}
	for _, s := range empty {
		if !IsEmptyText(s) {
			t.Errorf("IsEmptyText(%q) = false, want true", s)
		}
	}
	full := []string{
		"34 % of carts are abandoned.", "- [ ] Criteria 1\n- [ ] Users see an error", "N/A",
		"See [the spec](spec.md).", "```\nGiven a cart\n```", "The [Feature] exports CSV",
		"| Metric | Target |\n| --- | --- |\n| churn | 5 % |",
		"TODO list is shown", "Users see it here and there", "Tasks 1 and 2 ship first: step 1", "tbd xyz",
		"\u212a", "fixme_now", "The TODO: list", "ſome text",
	}
	for _, s := range full {
		if IsEmptyText(s) {
			t.Errorf("IsEmptyText(%q) = true, want false", s)
		}
	}
}

func TestSectionIsEmpty(t *testing.T) {
	src := []byte("# T\n\n## Goals\n\n<!-- list goals -->\n- Goal 1\n\n### Sub\n\n## Risks\n\n### Security\n\nTokens leak.\n")
	d := &Doc{Path: "x.md", Src: src, Lines: NewLineIndex(src)}
	goals := &Heading{Level: 2, Text: "Goals", Line: 3, BodyLine: 4, EndLine: 9}
	sub := &Heading{Level: 3, Text: "Sub", Line: 8, BodyLine: 9, EndLine: 9, Parent: goals}
	risks := &Heading{Level: 2, Text: "Risks", Line: 10, BodyLine: 11, EndLine: 14}
	sec := &Heading{Level: 3, Text: "Security", Line: 12, BodyLine: 13, EndLine: 14, Parent: risks}
	d.Headings = []*Heading{goals, sub, risks, sec}
	if !SectionIsEmpty(d, goals) {
		t.Errorf("Goals section with a comment, a placeholder and an empty sub-heading should be empty")
	}
	if SectionIsEmpty(d, risks) {
		t.Errorf("Risks section whose sub-section has text should not be empty")
	}
	if !SectionIsEmpty(d, nil) {
		t.Errorf("nil heading should be empty")
	}
}

// --- Differential tests: the fast path against the regexps alone ---

// refIsPlaceholder is IsPlaceholder before its fast path.
func refIsPlaceholder(s string) bool {
	raw := strings.TrimSpace(s)
	if raw == "" {
		return false
	}
	if htmlComment.ReplaceAllString(raw, "") == "" {
		return true
	}
	t := stripLineMarkup(htmlComment.ReplaceAllString(raw, ""))
	if t == "" {
		return true
	}
	if isBracketPlaceholder(t) {
		return true
	}
	bare := strings.TrimSpace(strings.TrimRight(t, trailingPunct))
	if bare == "" {
		return true
	}
	return placeholderWord.MatchString(bare) ||
		placeholderPrefix.MatchString(t) ||
		numberedTemplateItem.MatchString(bare) ||
		instructionText.MatchString(bare) ||
		isBracketPlaceholder(bare)
}

// refIsEmptyText is IsEmptyText before its fast path.
func refIsEmptyText(s string) bool {
	s = htmlComment.ReplaceAllString(s, "")
	for _, line := range strings.Split(s, "\n") {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") || refIsPlaceholder(t) {
			continue
		}
		t = stripLineMarkup(t)
		for _, re := range inlinePlaceholders {
			t = re.ReplaceAllString(t, " ")
		}
		t = markupChars.Replace(removeBracketPlaceholders(t))
		if strings.IndexFunc(t, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			return false
		}
	}
	return true
}

// checkSameEmptiness fails when the fast paths change an answer for s.
func checkSameEmptiness(t *testing.T, where, s string) bool {
	t.Helper()
	if got, want := IsPlaceholder(s), refIsPlaceholder(s); got != want {
		t.Errorf("%s: IsPlaceholder(%q) = %v, reference %v", where, s, got, want)
		return false
	}
	if got, want := IsEmptyText(s), refIsEmptyText(s); got != want {
		t.Errorf("%s: IsEmptyText(%q) = %v, reference %v", where, s, got, want)
		return false
	}
	return true
}

// TestEmptinessEqualsReferenceOnCorpora compares the fast paths with the
// regexps on every line, paragraph, list item and header value of testdata
// and of the real corpora (when present; not with -short).
func TestEmptinessEqualsReferenceOnCorpora(t *testing.T) {
	roots := []string{"../testdata", "/work/shared/corpus"}
	if testing.Short() {
		roots = roots[:1]
	}
	p := NewParser(nil)
	seen := map[string]bool{}
	files := 0
	files += walkMarkdown(t, roots, func(root, path string, src []byte) error {
		d := p.Parse(path, src)
		all := strings.Split(string(src), "\n")
		for _, li := range d.ListItems {
			all = append(all, li.Text)
		}
		for _, para := range d.Paragraphs {
			all = append(all, para.Text)
		}
		for _, f := range d.Header.Fields {
			all = append(all, f.Value)
		}
		for _, s := range all {
			if seen[s] {
				continue
			}
			seen[s] = true
			if !checkSameEmptiness(t, path, s) {
				return fs.SkipAll
			}
		}
		return nil
	})
	if files == 0 {
		t.Fatal("no Markdown file found in testdata")
	}
	t.Logf("%d distinct texts of %d files compared", len(seen), files)
}

func TestEmptinessEqualsReferenceOnRandomText(t *testing.T) {
	pieces := []string{" ", "\t", "\n", "- ", "* ", "1. ", "#1 ", "# ", "> ", "[ ] ", "[x] ", "**", "_", "`", "|", "~",
		"TBD", "tbd", "TBA", "tbs", "tbſ", "todo", "TODO:", "to do", "fixme", "FIXME -", "xxx", "XXXX", "x", "n", "NNNN",
		"yyyy-mm-dd", "DD/MM/YYYY", "placeholder", "Lorem ipsum", "lorem", "here", "below", "Add", "your", "goes", "replace",
		"this", "me", "Goal", "Criteria", "acceptance", "step", "1", "12", "123", ".", "...", "…", ":", "!", ",",
		"<", ">", "<!--", "-->", "[", "]", "(", ")", "{", "}", "{{", "}}", "<REQUIRED: x>", "<br>", "\u212a", "é", "word", "users"}
	rng := rand.New(rand.NewPCG(3, 5))
	for n := 0; n < 50000; n++ {
		var b strings.Builder
		for k := rng.IntN(7); k >= 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
			if rng.IntN(2) == 0 {
				b.WriteByte(' ')
			}
		}
		if !checkSameEmptiness(t, "random", b.String()) {
			return
		}
	}
}

// hasBracketOrFoldLetter answers as ContainsAny does, on any bytes.
func TestHasBracketOrFoldLetter(t *testing.T) {
	parts := []string{"a", "<", "[", "{", "\u017f", "\u212a", "\xc5", "\xbf", "\xe2\x84", "\xaa", "\xe2", "é", " ", "\xff"}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for k := rng.IntN(6); k >= 0; k-- {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		s := b.String()
		want := strings.ContainsAny(s, "<[{\u017f\u212a")
		if got := hasBracketOrFoldLetter(s); got != want {
			t.Fatalf("%q: %v, want %v", s, got, want)
		}
	}
}
