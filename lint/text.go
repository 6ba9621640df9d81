package lint

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// Template placeholders (RULES.md Appendix C.4). A placeholder is text a
// template left for the author to replace: it says nothing yet.

var (
	// htmlComment matches an HTML comment, possibly spanning lines.
	htmlComment = regexp.MustCompile(`(?s)<!--.*?-->`)
	// mdInlineLink matches a Markdown inline link `[text](dest)`; group 1 is its text.
	mdInlineLink = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	// leadingMarkers strips block markup at the start of a line: heading
	// hashes, blockquote marks, list bullets or numbers, checkboxes and a
	// Backlog.md criterion number (`- [x] #1 text`).
	leadingMarkers = regexp.MustCompile(`^(?:\s*(?:#{1,6}\s+|>\s?|[-*+]\s+|\d{1,9}[.)]\s+|\[[ xX]\](?:\s+|$)|#\d+\s+))+`)
	// wholeBracketed is a text that is one bracketed, braced or angled span.
	wholeBracketed = regexp.MustCompile(`^(?:\[[^\[\]]*\]|\{[^{}]*\}|\{\{[^{}]*\}\}|<[^<>]*>|<<[^<>]*>>)$`)
	// placeholderWord is a text that is only a template marker word.
	placeholderWord = regexp.MustCompile(`(?i)^(?:tbd|tba|tbc|tbe|tbr|tbs|todo|to do|fixme|xxx+|n+|\?+|\.{2,}|…|-+|_+|lorem ipsum.*|placeholder|yyyy[-/.]mm[-/.]dd|dd[-/.]mm[-/.]yyyy|mm[-/.]dd[-/.]yyyy|yyyy|nnnn+|x{4,})$`)
	// placeholderPrefix is text that starts with a marker word and a colon or
	// dash: "TODO: write this", "TBD - after the spike".
	placeholderPrefix = regexp.MustCompile(`(?i)^(?:tbd|tba|todo|fixme)\s*[:\-–—]`)
	// numberedTemplateItem is "Criteria 1", "Goal 2", "Non-goal 1", "Step 3".
	numberedTemplateItem = regexp.MustCompile(`(?i)^(?:acceptance\s+)?(?:criteria|criterion|ac|goal|non[- ]?goal|requirement|req|item|step|metric|kpi|story|scenario|question|risk|option|task|feature|milestone|assumption|dependency|user|persona|point|benefit|objective|outcome|alternative|pro|con|bullet|example|note|test|case|test\s+case)\s*#?\s*\d{1,2}$`)
	// instructionText is template prose addressed to the author.
	instructionText = regexp.MustCompile(`(?i)^(?:(?:add|insert|enter|write|fill\s+in|put|type|describe|list|provide)\b.*\b(?:here|below)|your\s+.*\s+here|.*\bgoes\s+here|replace\s+(?:this|me)\b.*)$`)
	// trailingPunct is stripped before whole-text comparisons.
	trailingPunct = ".:;,!"
)

// htmlTagNames are real HTML elements; `<br>` is markup, `<name>` a placeholder.
var htmlTagNames = map[string]bool{
	"a": true, "b": true, "i": true, "u": true, "p": true, "br": true, "hr": true, "img": true,
	"div": true, "span": true, "details": true, "summary": true, "sup": true, "sub": true,
	"em": true, "strong": true, "code": true, "pre": true, "kbd": true, "table": true,
	"tr": true, "td": true, "th": true, "ul": true, "ol": true, "li": true, "center": true,
	"picture": true, "source": true, "video": true, "small": true, "ins": true, "del": true,
	"s": true, "blockquote": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
}

// stripLineMarkup removes block markers and emphasis around a single line.
func stripLineMarkup(s string) string {
	s = strings.TrimSpace(s)
	s = leadingMarkers.ReplaceAllString(s, "")
	s = strings.TrimSpace(s)
	for _, m := range []string{"***", "**", "__", "*", "_", "`"} {
		if len(s) >= 2*len(m) && strings.HasPrefix(s, m) && strings.HasSuffix(s, m) {
			s = strings.TrimSpace(s[len(m) : len(s)-len(m)])
		}
	}
	return s
}

// IsPlaceholder reports whether s, as a whole, is a template placeholder:
// `[Title]`, `{…}`, `<REQUIRED: …>`, `NNNN`, `yyyy-mm-dd`, TBD/TODO/FIXME,
// `...`, `…`, "Criteria 1", "Goal 1", a lone checkbox `[ ]`, an HTML comment,
// or author-directed template prose ("Add description here"). List bullets,
// checkboxes, Backlog.md numbers (`#1`) and emphasis around s are ignored.
// An empty or blank s is not a placeholder (it is empty: see IsEmptyText);
// "N/A" is not a placeholder either: it is a statement that nothing applies.
func IsPlaceholder(s string) bool {
	raw := strings.TrimSpace(s)
	if raw == "" || isPlainProse(raw) {
		return false
	}
	text := htmlComment.ReplaceAllString(raw, "")
	if text == "" {
		return true
	}
	t := stripLineMarkup(text)
	if t == "" {
		// only markers were there: a lone "- [ ]" or "#1"
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

// isBracketPlaceholder reports whether t is one bracketed span that is not
// real markup (a Markdown link, a checkbox, an HTML tag or an autolink).
func isBracketPlaceholder(t string) bool {
	if !wholeBracketed.MatchString(t) {
		return false
	}
	if strings.HasPrefix(t, "<") && !strings.HasPrefix(t, "<<") {
		inner := strings.TrimSpace(strings.Trim(t, "<>/"))
		if inner == "" || strings.Contains(inner, "://") || strings.HasPrefix(inner, "mailto:") || strings.Contains(inner, "@") && !strings.Contains(inner, " ") {
			return false // autolink or e-mail
		}
		name := strings.ToLower(strings.FieldsFunc(inner, func(r rune) bool { return unicode.IsSpace(r) || r == '/' || r == '>' })[0])
		if htmlTagNames[name] {
			return false
		}
	}
	return true
}

// inlinePlaceholders are placeholder tokens removed from inside a line by
// IsEmptyText (the whole-line forms are handled by IsPlaceholder).
var inlinePlaceholders = []*regexp.Regexp{
	regexp.MustCompile(`<<\[?UNRESOLVED[^>]*>>|<<\[/UNRESOLVED\]>>`),
	regexp.MustCompile(`<REQUIRED:[^>]*>|<OPTIONAL:[^>]*>`),
	regexp.MustCompile(`\{\{[^{}]*\}\}`),
	regexp.MustCompile(`(?i)\b(?:tbd|tba|tbc|todo|fixme)\b`),
	regexp.MustCompile(`(?i)\byyyy[-/.]mm[-/.]dd\b|\bNNNN+\b`),
	regexp.MustCompile(`\.{3,}|…`),
}

// markupChars are removed before deciding whether text remains.
var markupChars = strings.NewReplacer("*", " ", "_", " ", "`", " ", "|", " ", "~", " ", ">", " ", "#", " ", "[ ]", " ", "[x]", " ", "[X]", " ")

// IsEmptyText reports whether nothing remains of s after removing HTML
// comments, whole-line placeholders, inline placeholder tokens (TBD, TODO,
// `<REQUIRED: …>`, `...`), Markdown markup (headings, bullets, checkboxes,
// emphasis, table pipes and rules) and whitespace. Text inside fenced code
// counts as content; the fence lines themselves do not.
func IsEmptyText(s string) bool {
	if strings.Contains(s, "<!--") {
		s = htmlComment.ReplaceAllString(s, "")
	}
	for _, line := range strings.Split(s, "\n") {
		if lineHasContent(line) {
			return false
		}
	}
	return true
}

// lineHasContent reports whether one line keeps a letter or digit once
// placeholders and markup are gone.
func lineHasContent(line string) bool {
	t := strings.TrimSpace(line)
	if t == "" || strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
		return false
	}
	if isPlainProse(t) {
		return true
	}
	if IsPlaceholder(t) {
		return false
	}
	t = stripLineMarkup(t)
	for _, re := range inlinePlaceholders {
		t = re.ReplaceAllString(t, " ")
	}
	t = removeBracketPlaceholders(t)
	t = markupChars.Replace(t)
	return strings.IndexFunc(t, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// bracketSpan matches a bracketed or braced span; the caller keeps the ones
// that are Markdown links.
var bracketSpan = regexp.MustCompile(`\[[^\[\]]*\]|\{[^{}]*\}`)

// removeBracketPlaceholders drops `[Title]` and `{name}` spans that are not
// part of a Markdown link (`[text](url)`, `[text][ref]`, `[ref]: url`).
func removeBracketPlaceholders(t string) string {
	var b strings.Builder
	last := 0
	for _, m := range bracketSpan.FindAllStringIndex(t, -1) {
		if t[m[0]] == '[' && m[1] < len(t) && strings.ContainsRune("([:", rune(t[m[1]])) {
			continue
		}
		if m[0] > 0 && t[m[0]-1] == ']' {
			continue // second half of a reference link
		}
		b.WriteString(t[last:m[0]])
		b.WriteByte(' ')
		last = m[1]
	}
	b.WriteString(t[last:])
	return b.String()
}

// SectionIsEmpty reports whether h's section (sub-sections included) holds
// nothing but headings, comments, placeholders and markup. A nil heading is
// empty.
func SectionIsEmpty(d *Doc, h *Heading) bool {
	text, _ := sectionContent(d, h)
	return IsEmptyText(text)
}

// sectionContent returns the lines of h's section, each ended by "\n",
// without the lines of the other headings in it (a heading title is
// structure, not content). It also returns the lines and headings it looked
// at, which tests bound: the work is linear in the section, plus one binary
// search, since d.Headings is in source order (as headingAt assumes).
func sectionContent(d *Doc, h *Heading) (text string, steps int) {
	if d == nil || h == nil || h.EndLine < h.BodyLine {
		return "", 0
	}
	hs := d.Headings
	// A line before h's own line is not in h (Heading.In), even when h's
	// body starts there, so such a line is kept whatever heading it holds.
	from := max(h.BodyLine, h.Line)
	i := sort.Search(len(hs), func(i int) bool {
		steps++
		return hs[i].Line >= from
	})
	var b strings.Builder
	for n := h.BodyLine; n <= h.EndLine; n++ {
		steps++
		sub := false
		for ; i < len(hs) && hs[i].Line <= n; i++ {
			steps++
			sub = sub || hs[i] != h && hs[i].Line == n
		}
		if sub {
			continue
		}
		b.WriteString(d.Line(n))
		b.WriteByte('\n')
	}
	return b.String(), steps
}

// hasBracketOrFoldLetter is strings.ContainsAny(t, "<[{\u017f\u212a")
// (the long s and the Kelvin sign, which case-insensitive regexps fold to
// s and k), without decoding every rune as ContainsAny does for non-ASCII
// characters: the UTF-8 of either letter starts with a byte that starts
// every sequence it is in, so a search for its bytes finds the same.
func hasBracketOrFoldLetter(t string) bool {
	return strings.ContainsAny(t, "<[{") || strings.Contains(t, "\u017f") || strings.Contains(t, "\u212a")
}

// isPlainProse is the fast path of IsPlaceholder and IsEmptyText, taken by
// most lines of a document: it reports true only for a trimmed text that is
// certainly not a placeholder and certainly keeps a letter once inline
// placeholders and markup are gone, so that callers may skip the regexps.
// It is conservative: false means "ask the regexps". The conditions mirror
// the regexps above (keep them in step when those change):
//   - no '<', '[' or '{': no comment, bracketed, braced or angled placeholder;
//   - no Kelvin sign or long s, the only non-ASCII runes that `(?i)` matches
//     to ASCII letters ("tbſ" is "tbs");
//   - the first word is not TBD/TBA/TODO/FIXME (placeholderPrefix), Replace
//     (instructionText) or Lorem (placeholderWord);
//   - the end, past punctuation and emphasis, is not a digit ("Goal 1") nor
//     "here"/"below" ("Add the description here");
//   - some run of ASCII letters is a real word: not a marker word (TBD, TODO,
//     to do, FIXME, placeholder, xxx, NNNN, yyyy-mm-dd), which the
//     placeholder regexps would match or remove whole.
func isPlainProse(t string) bool {
	if hasBracketOrFoldLetter(t) {
		return false
	}
	tail := strings.ToLower(strings.TrimRightFunc(t, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(".:;,!*_`", r)
	}))
	if tail == "" || tail[len(tail)-1] >= '0' && tail[len(tail)-1] <= '9' ||
		strings.HasSuffix(tail, "here") || strings.HasSuffix(tail, "below") {
		return false
	}
	first := true
	for i := 0; i < len(t); {
		if !isPlainLetter(t[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(t) && isPlainLetter(t[j]) {
			j++
		}
		word := strings.ToLower(t[i:j])
		if first && placeholderLeadWords[word] {
			return false
		}
		first = false
		if !placeholderWords[word] && strings.Trim(word, "x") != "" && strings.Trim(word, "n") != "" {
			return true
		}
		i = j
	}
	return false
}

// placeholderLeadWords start a placeholder line: "TODO: …", "Replace this …",
// "Lorem ipsum …".
var placeholderLeadWords = map[string]bool{"tbd": true, "tba": true, "todo": true, "fixme": true, "replace": true, "lorem": true}

// placeholderWords are the letter runs of placeholderWord and of the inline
// placeholders (x… and n… runs are checked apart).
var placeholderWords = map[string]bool{"tbd": true, "tba": true, "tbc": true, "tbe": true, "tbr": true, "tbs": true,
	"todo": true, "to": true, "do": true, "fixme": true, "placeholder": true, "yyyy": true, "mm": true, "dd": true}

func isPlainLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }
