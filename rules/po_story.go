package rules

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// The story sentence and its chunks (RULES.md PO001/PO002, Appendix D.2).
// Shared by PO001, PO002, PO005, PO006, PO007, PO008 and PO009.

// storySentence is the text that should read "As a <role>, I want <means>,
// so that <ends>", with where it was found.
type storySentence struct {
	Text string // whitespace-collapsed plain text
	Line int    // 1-based line where it starts
	Col  int
	From string // "title", "paragraph", "section", "field"
	// EndLine is the last line of the source paragraph (== Line for a title or field).
	EndLine int
}

var (
	// roleIndicator: "As a", "As an", or "As" followed by a role phrase.
	roleIndicator = regexp.MustCompile(`(?i)^\s*(as\s+an?|as)\s+`)
	// meansIndicator: the means indicators of RULES.md PO001, plus "I would
	// like (to)", "I'd like to" and the plural "we want/need/can" (AQUSA
	// accepts these too; rejecting them would be a false alarm).
	meansIndicator = newWordRe(`(?i)`, `((?:i|we)\s+want\s+to|(?:i|we)\s+want|(?:i|we)\s+can|(?:i|we)\s+need\s+to|(?:i|we)\s+need|(?:i|we)\s+wish\s+to|i\s+am\s+able\s+to|(?:i['’]m|we['’]re|we\s+are)\s+able\s+to|(?:i|we)\s+should\s+be\s+able\s+to|(?:i|we)\s+would\s+like\s+to|(?:i|we)\s+would\s+like|i['’]d\s+like\s+to|we['’]d\s+like\s+to)\b`, "iw")
	// endsIndicator: "so that", "in order to", or a bare "so" after a comma.
	endsIndicator = regexp.MustCompile(`(?i)(\bso\s+that\b|\bin\s+order\s+to\b|,\s*so\b)`)
)

// storyParts are the chunks of a story sentence. Empty strings mean the
// chunk is missing.
type storyParts struct {
	RoleInd, Role   string
	MeansInd, Means string
	EndsInd, Ends   string
	MeansStart      int // byte offset of the means indicator in the sentence (-1 if none)
	EndsStart       int // byte offset of the ends indicator (-1 if none)
}

// parseStory splits a story sentence into role, means and ends.
func parseStory(s string) storyParts {
	p := storyParts{MeansStart: -1, EndsStart: -1}
	rest := s
	offset := 0
	if m := roleIndicator.FindStringSubmatchIndex(s); m != nil {
		p.RoleInd = strings.ToLower(strings.Join(strings.Fields(s[m[2]:m[3]]), " "))
		rest = s[m[1]:]
		offset = m[1]
	}
	mm := meansIndicator.FindStringSubmatchIndex(rest)
	if mm == nil {
		if p.RoleInd != "" {
			p.Role = poTrimChunk(rest)
		}
		return p
	}
	if p.RoleInd != "" {
		p.Role = poTrimChunk(rest[:mm[0]])
	}
	p.MeansInd = strings.ToLower(strings.Join(strings.Fields(rest[mm[2]:mm[3]]), " "))
	p.MeansInd = strings.ReplaceAll(p.MeansInd, "’", "'")
	p.MeansStart = offset + mm[0]
	after := rest[mm[1]:]
	afterOff := offset + mm[1]
	if em := endsIndicator.FindStringSubmatchIndex(after); em != nil {
		p.Means = poTrimChunk(after[:em[0]])
		ind := strings.TrimLeft(after[em[2]:em[3]], ", ")
		p.EndsInd = strings.ToLower(strings.Join(strings.Fields(ind), " "))
		p.Ends = poTrimChunk(after[em[1]:])
		if p.EndsInd == "so" { // ", so that": the comma form matched first
			if rest, ok := poCutPrefixFold(p.Ends, "that "); ok {
				p.EndsInd, p.Ends = "so that", strings.TrimSpace(rest)
			}
		}
		p.EndsStart = afterOff + em[0]
	} else {
		p.Means = poTrimChunk(after)
	}
	return p
}

// poCutPrefixFold cuts a case-insensitive prefix.
func poCutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// poTrimChunk trims spaces and the punctuation that joins chunks.
func poTrimChunk(s string) string {
	return strings.TrimSpace(strings.Trim(strings.TrimSpace(s), ",;:.!—–-"))
}

// poWordCount counts whitespace-separated words.
func poWordCount(s string) int { return len(strings.Fields(s)) }

// partsHaveRole reports whether a parsed sentence starts like a story ("As a
// <role> … I want"): a role indicator, a role and a means indicator.
// (parseStory sets RoleInd exactly when roleIndicator matches, so callers
// may try the cheap anchored match first.)
func partsHaveRole(p storyParts) bool {
	return p.RoleInd != "" && p.Role != "" && p.MeansInd != ""
}

// storyCandidates returns the places Appendix D.2 names, in its order:
// a title starting with a role indicator; the first paragraph directly under
// the title before any sub-heading; the first paragraph of a Description /
// User Story / Story section; a `story` form field.
func storyCandidates(d *lint.Doc) []storySentence {
	var out []storySentence
	if roleIndicator.MatchString(d.Title) {
		out = append(out, storySentence{Text: poCollapse(d.Title), Line: d.TitleLine, Col: 1, From: "title", EndLine: d.TitleLine})
	}
	if p := firstParagraphUnderTitle(d); p != nil {
		out = append(out, storySentence{Text: poCollapse(p.Text), Line: p.Line, Col: 1, From: "paragraph", EndLine: p.EndLine})
	}
	for _, h := range d.Headings {
		if !h.Is(lint.ConceptDescription) && !h.Is(lint.ConceptStory) {
			continue
		}
		for i := range d.Paragraphs {
			p := &d.Paragraphs[i]
			if h.In(p.Line) && p.Line > h.Line && !lint.IsEmptyText(p.Text) {
				out = append(out, storySentence{Text: poCollapse(p.Text), Line: p.Line, Col: 1, From: "section", EndLine: p.EndLine})
				break
			}
		}
		break
	}
	if f, ok := d.Header.Get("story", "user story"); ok && strings.TrimSpace(f.Value) != "" {
		out = append(out, storySentence{Text: poCollapse(f.Value), Line: f.Line, Col: f.Col, From: "field", EndLine: f.Line})
	}
	return out
}

// storyFacts is what the story rules derive from one item's story sentence,
// computed once per item and run (see storyOf).
type storyFacts struct {
	sentence storySentence
	found    bool       // the item has a candidate sentence at all
	parts    storyParts // parseStory(sentence.Text)
}

// storyMemoKey keys an item's storyFacts in lint.Universe.Memo.
type storyMemoKey struct{ doc *lint.Doc }

// storyOf returns the item's story sentence and its parts, shared by every
// story rule of the run through the universe's memo: PO001, PO002, PO004,
// PO005, PO006, PO007, PO008, PO009 and PO011 all ask for it, and finding it
// means testing every candidate paragraph for emptiness and parsing each
// with three regexps. u may be nil (computed each time).
func storyOf(u *lint.Universe, d *lint.Doc) *storyFacts {
	build := func() any {
		if d.Summary {
			return decodeStoryFacts(d.Facts.Get(storyFact))
		}
		s, parts, ok := findStoryParsed(d)
		return &storyFacts{sentence: s, found: ok, parts: parts}
	}
	if u == nil {
		return build().(*storyFacts)
	}
	return u.Memo(storyMemoKey{d}, build).(*storyFacts)
}

// storyFact is the lint fact (lint.RegisterFact) that keeps an item's
// storyFacts in its light form, for PO008 and PO009, which compare every
// item of the run with the ones they report on.
const storyFact = "po.story"

func init() {
	lint.RegisterFact(storyFact, func(u *lint.Universe, d *lint.Doc) string {
		if !d.Kind.IsItem() {
			return ""
		}
		return storyOf(u, d).encode()
	})
}

// storyFactParts is the number of parts encode joins.
const storyFactParts = 13

func (f *storyFacts) encode() string {
	if !f.found {
		return ""
	}
	s, p := f.sentence, f.parts
	itoa := strconv.Itoa
	return lint.JoinFact(s.Text, itoa(s.Line), itoa(s.Col), s.From, itoa(s.EndLine),
		p.RoleInd, p.Role, p.MeansInd, p.Means, p.EndsInd, p.Ends, itoa(p.MeansStart), itoa(p.EndsStart))
}

// decodeStoryFacts reads what encode wrote ("" or anything else: no story).
func decodeStoryFacts(v string) *storyFacts {
	x := lint.SplitFact(v)
	if len(x) != storyFactParts {
		return &storyFacts{parts: storyParts{MeansStart: -1, EndsStart: -1}}
	}
	atoi := func(s string) int { n, _ := strconv.Atoi(s); return n }
	return &storyFacts{found: true,
		sentence: storySentence{Text: x[0], Line: atoi(x[1]), Col: atoi(x[2]), From: x[3], EndLine: atoi(x[4])},
		parts: storyParts{RoleInd: x[5], Role: x[6], MeansInd: x[7], Means: x[8], EndsInd: x[9], Ends: x[10],
			MeansStart: atoi(x[11]), EndsStart: atoi(x[12])}}
}

// hasRole reports whether the sentence starts like a story (partsHaveRole).
func (f *storyFacts) hasRole() bool { return partsHaveRole(f.parts) }

// findStoryParsed picks the story sentence: the first candidate with a role
// and a means indicator, else the first that starts with a role indicator,
// else the first candidate at all (so that a malformed story is reported
// where its text is). It returns the sentence parsed (each candidate is
// parsed at most once); ok is false when the item has no text to judge.
// Rules call storyOf, which remembers the answer.
func findStoryParsed(d *lint.Doc) (storySentence, storyParts, bool) {
	cands := storyCandidates(d)
	parsed := make([]*storyParts, len(cands))
	parse := func(i int) storyParts {
		if parsed[i] == nil {
			p := parseStory(cands[i].Text)
			parsed[i] = &p
		}
		return *parsed[i]
	}
	for i, c := range cands {
		if roleIndicator.MatchString(c.Text) && partsHaveRole(parse(i)) {
			return c, parse(i), true
		}
	}
	for i, c := range cands {
		if roleIndicator.MatchString(c.Text) {
			return c, parse(i), true
		}
	}
	if len(cands) > 0 {
		return cands[0], parse(0), true
	}
	return storySentence{}, storyParts{}, false
}

// firstParagraphUnderTitle returns the first paragraph after the title line
// and before the first heading that follows it, within the document.
func firstParagraphUnderTitle(d *lint.Doc) *lint.Paragraph {
	start := d.TitleLine
	if start == 0 {
		start = d.StartLine - 1
	}
	stop := d.EndLine + 1
	for _, h := range d.Headings {
		if h.Line > start && h.Line < stop {
			stop = h.Line
		}
	}
	for i := range d.Paragraphs {
		p := &d.Paragraphs[i]
		if p.Line > start && p.Line < stop && !lint.IsEmptyText(p.Text) {
			return p
		}
	}
	return nil
}

func poCollapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// storyTypeValues are explicit type/kind/label values that make an item a story.
var storyTypeValues = map[string]bool{"story": true, "user story": true, "userstory": true, "user-story": true, "user_story": true}

// storyID matches ids that name a story: US-7, STORY-12.
var storyID = regexp.MustCompile(`(?i)^(?:us|story|user-story)[-_ ]?\d`)

// isStory reports whether an item is a user story for the story rules. The
// parser gives every item without a recognised type the story kind; that
// alone is not enough here, because a Backlog.md task or a generic item is
// not a story and "As a … I want …" would be a false alarm on it. An item is
// a story when its type/kind or a label says so, when a configured glob made
// it one, when its id is a story id (US-7), or when its story sentence reads
// "As <role> … I want …" (RULES.md PO001 "Applies to"; a lone "As discussed,"
// is not enough).
func isStory(u *lint.Universe, d *lint.Doc) bool {
	if d == nil || d.Kind != lint.KindStory {
		return false
	}
	if isStoryMarked(d) {
		return true
	}
	f := storyOf(u, d)
	return f.found && f.hasRole()
}

// isStoryMarked is isStory's test of everything but the story sentence:
// a configured kind, a story id, or a type, kind or label that says story.
func isStoryMarked(d *lint.Doc) bool {
	if d.KindBy == "config" || storyID.MatchString(d.ID) {
		return true
	}
	for _, key := range []string{"type", "kind", "issue type", "item type"} {
		if f, ok := d.Header.Get(key); ok && storyTypeValues[lint.NormKey(f.Value)] {
			return true
		}
	}
	for _, key := range []string{"labels", "label", "tags"} {
		if f, ok := d.Header.Get(key); ok {
			for _, v := range f.Values {
				if storyTypeValues[lint.NormKey(v)] {
					return true
				}
			}
		}
	}
	return false
}

// wellFormedStoryOf is the common start of the story-sentence rules: the
// pass's document must be a story (isStory) whose sentence is well formed
// (isWellFormedStory); ok is false otherwise.
func wellFormedStoryOf(p *lint.Pass) (storySentence, storyParts, bool) {
	if !isStory(p.Universe, p.Doc) {
		return storySentence{}, storyParts{}, false
	}
	return isWellFormedStory(p.Universe, p.Doc)
}

// isWellFormedStory reports whether an item's story sentence has a role and a
// means of at least two words (PO001 passes); it returns the parsed sentence.
func isWellFormedStory(u *lint.Universe, d *lint.Doc) (storySentence, storyParts, bool) {
	f := storyOf(u, d)
	if !f.found {
		return f.sentence, storyParts{}, false
	}
	p := f.parts
	return f.sentence, p, partsHaveRole(p) && poWordCount(p.Means) >= 2
}
