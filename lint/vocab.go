package lint

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Section concepts (RULES.md Appendix B). A heading may play several.
const (
	ConceptSummary            = "summary"
	ConceptProblem            = "problem"
	ConceptVisionFit          = "vision"
	ConceptGoals              = "goals"
	ConceptNonGoals           = "non-goals"
	ConceptMetrics            = "success-metrics"
	ConceptAudience           = "audience"
	ConceptEvidence           = "evidence"
	ConceptProposal           = "proposal"
	ConceptAlternatives       = "alternatives"
	ConceptRisks              = "risks"
	ConceptOpenQuestions      = "open-questions"
	ConceptDelivery           = "delivery"
	ConceptRequirements       = "requirements"
	ConceptAcceptanceCriteria = "acceptance-criteria"
	ConceptDescription        = "description"
	ConceptStory              = "story"
	ConceptSteps              = "steps-to-reproduce"
	ConceptExpected           = "expected-behavior"
	ConceptActual             = "actual-behavior"
	ConceptDefinitionOfDone   = "definition-of-done"
	ConceptLinks              = "links"
)

// builtinSections is the heading vocabulary: concept -> normalised headings.
// Spelling variants (behavior/behaviour) are folded by NormHeading.
var builtinSections = map[string][]string{
	ConceptSummary:            {"summary", "abstract", "tl;dr", "tldr", "executive summary", "overview", "description"},
	ConceptProblem:            {"motivation", "background", "problem", "problem statement", "problem and opportunity", "problem alignment", "context and problem statement", "context", "why", "the problem", "problem to solve"},
	ConceptVisionFit:          {"background and strategic fit", "strategic fit", "vision", "product vision", "strategy", "alignment", "objectives", "strategic alignment"},
	ConceptGoals:              {"goals", "goal", "goals and objectives", "objectives", "business goals", "product goals", "success criteria", "goals and non goals"},
	ConceptNonGoals:           {"non goals", "non goal", "nongoals", "out of scope", "what we are not doing", "not doing", "goals and non goals"},
	ConceptMetrics:            {"success metrics", "metrics", "key metrics", "kpis", "kpi", "success", "measures of success", "guardrail metrics", "success criteria", "measuring success"},
	ConceptAudience:           {"audience", "target users", "target audience", "users", "personas", "user personas", "customer interviews", "who is this for"},
	ConceptEvidence:           {"evidence", "evidence and insights", "research", "customer interviews", "user research", "data"},
	ConceptProposal:           {"proposal", "specification", "solution alignment", "key features", "design details", "guide level explanation", "reference level explanation", "high level approach", "decision outcome", "design", "detailed design", "how", "solution"},
	ConceptAlternatives:       {"alternatives", "alternatives considered", "rationale and alternatives", "rationale", "rejected ideas", "considered options", "pros and cons of the options", "prior art", "alternative solutions", "alternative designs"},
	ConceptRisks:              {"risks", "risks and mitigations", "drawbacks", "security implications", "backwards compatibility", "backward compatibility", "compatibility", "risks and assumptions", "security considerations"},
	ConceptOpenQuestions:      {"open questions", "unresolved questions", "open issues", "questions", "faq", "open issues if applicable"},
	ConceptDelivery:           {"release plan", "rollout", "rollout plan", "launch plan", "development and launch planning", "key milestones", "milestones", "graduation criteria", "implementation", "implementation history", "implementation plan", "reference implementation", "when", "action plan", "timeline", "delivery"},
	ConceptRequirements:       {"requirements", "functional requirements", "non functional requirements", "key logic", "user stories"},
	ConceptAcceptanceCriteria: {"acceptance criteria", "acceptance tests", "conditions of satisfaction", "confirmation", "scenarios", "acceptance"},
	ConceptDescription:        {"description", "user story", "story", "summary"},
	ConceptStory:              {"user story", "story"},
	ConceptSteps:              {"steps to reproduce", "to reproduce", "reproduction", "steps", "reproduction steps", "how to reproduce"},
	ConceptExpected:           {"expected behavior", "expected", "expected result", "expected results"},
	ConceptActual:             {"actual behavior", "current behavior", "observed", "actual", "observed behavior", "actual result", "actual results"},
	ConceptDefinitionOfDone:   {"definition of done", "dod"},
	ConceptLinks:              {"links", "parent", "epic", "related spec", "related", "references", "related issues"},
}

// Concepts lists every concept name, sorted (for config validation).
func Concepts() []string {
	out := make([]string, 0, len(builtinSections))
	for c := range builtinSections {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// Vocabulary resolves normalised headings to concepts. Build one per run
// with NewVocabulary and share it.
type Vocabulary struct {
	byHeading map[string]vocabEntry
}

// vocabEntry is what a normalised heading of the vocabulary resolves to.
type vocabEntry struct {
	// norm is the heading itself, held once so that the Norm of every
	// parsed heading that names a section shares its string.
	norm     string
	concepts []string
}

// NewVocabulary merges the built-in headings with config sections.
func NewVocabulary(c *Config) *Vocabulary {
	v := &Vocabulary{byHeading: map[string]vocabEntry{}}
	for _, concept := range Concepts() {
		if c != nil && c.SectionsReplace[concept] {
			continue
		}
		for _, h := range builtinSections[concept] {
			v.add(NormHeading(h), concept)
		}
	}
	if c != nil {
		for _, concept := range configSortedKeys(c.Sections) {
			for _, h := range c.Sections[concept] {
				v.add(NormHeading(h), concept)
			}
		}
	}
	return v
}

func (v *Vocabulary) add(h, concept string) {
	e := v.byHeading[h]
	for _, c := range e.concepts {
		if c == concept {
			return
		}
	}
	v.byHeading[h] = vocabEntry{norm: h, concepts: append(e.concepts, concept)}
}

// lookup returns the concepts a normalised heading plays and the
// vocabulary's own copy of norm (norm itself when it is not known).
func (v *Vocabulary) lookup(norm string) (string, []string) {
	if e, ok := v.byHeading[norm]; ok {
		return e.norm, e.concepts
	}
	return norm, nil
}

// ConceptsOf returns the concepts a normalised heading plays.
func (v *Vocabulary) ConceptsOf(norm string) []string {
	return v.byHeading[norm].concepts
}

var (
	headingNumbering = regexp.MustCompile(`^(?:\d+(?:\.\d+)*\.?|[a-z]\.|[ivx]+\.)\s+`)
	headingOptional  = regexp.MustCompile(`\s*\((?:optional|if applicable|required)\)\s*$`)
)

var headingMarkup = strings.NewReplacer("**", "", "__", "", "`", "", "&", " and ", "-", " ", "_", " ", "/", " ", "’", "'")

// NormHeading normalises a heading title (RULES.md Appendix C.3): lower
// case; emphasis, trailing ':' and numbering stripped; "(optional)" dropped;
// '&' -> "and"; '-' and '_' -> space; emoji stripped; whitespace collapsed;
// British spellings folded to American (behaviour -> behavior).
func NormHeading(s string) string {
	s = strings.ToLower(s)
	if strings.ContainsAny(s, headingMarkupChars) {
		s = headingMarkup.Replace(s)
	}
	s = strings.Map(func(r rune) rune {
		if r == '*' || r == '#' {
			return -1
		}
		if r > 0x2000 && (unicode.Is(unicode.So, r) || unicode.Is(unicode.Sk, r) || r == 0xFE0F || r == 0x200D) {
			return -1
		}
		return r
	}, s)
	s = collapseSpace(s)
	s = strings.TrimRight(s, ":. ")
	if mayBeNumbered(s) {
		s = headingNumbering.ReplaceAllString(s, "")
	}
	if strings.IndexByte(s, '(') >= 0 {
		s = headingOptional.ReplaceAllString(s, "")
	}
	s = strings.ReplaceAll(s, "behaviour", "behavior")
	s = strings.TrimSpace(strings.Trim(s, ":"))
	return collapseSpace(s)
}

// headingMarkupChars are the first characters of headingMarkup's patterns.
const headingMarkupChars = "*_`&-/’"

// mayBeNumbered reports whether s starts the way every headingNumbering
// match does: a digit, or a letter followed (at once or after more roman
// digits) by a '.'.
func mayBeNumbered(s string) bool {
	if s == "" {
		return false
	}
	c := s[0]
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' && strings.IndexByte(s, '.') >= 0
}

// collapseSpace is strings.Join(strings.Fields(s), " "), without the
// allocations when s is already trimmed and single-spaced ASCII.
func collapseSpace(s string) string {
	prevSpace := true // a leading space needs the slow path too
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf, c == '\t', c == '\n', c == '\v', c == '\f', c == '\r':
			return strings.Join(strings.Fields(s), " ")
		case c == ' ':
			if prevSpace {
				return strings.Join(strings.Fields(s), " ")
			}
			prevSpace = true
		default:
			prevSpace = false
		}
	}
	if prevSpace && s != "" {
		return strings.Join(strings.Fields(s), " ") // a trailing space
	}
	return s
}
