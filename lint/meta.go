package lint

// Engine diagnostics: findings that come from rolelint itself rather than
// from a catalog rule. They have rule values so that every output format
// (SARIF rules[], explain) can describe them.
var (
	// ParseErrorRule reports a document rolelint could not fully read.
	ParseErrorRule = &Rule{
		ID: "RL001", Name: "parse-error", Set: SetEngine, Severity: SeverityWarning, Precision: PrecisionHigh,
		Title: "The document could not be fully parsed",
		Doc: "rolelint reports a document whose header or content it could not read, for example YAML front matter " +
			"that is not valid YAML (an unquoted `@handle` is a common cause), or a file that is binary. The rest of " +
			"the document is still checked where possible, and the other files always are.\n\n" +
			"Fix the YAML (quote values that start with `@`, `*`, `&`, `!`, `{` or `[`), or exclude the file with " +
			"`ignore:` in .rolelint.yml.",
		Bad:  "---\nowner: @alice\n---\n",
		Good: "---\nowner: \"@alice\"\n---\n",
	}
	// UnusedSuppressionRule reports an inline suppression that hid nothing.
	UnusedSuppressionRule = &Rule{
		ID: "RL002", Name: "unused-suppression", Set: SetEngine, Severity: SeverityNote, Precision: PrecisionHigh,
		Title: "An inline suppression suppresses nothing",
		Doc: "A `rolelint-disable…` comment that no longer hides any finding is reported so that suppressions do " +
			"not rot. Remove the comment, or fix its rule ID.",
		Bad:  "<!-- rolelint-disable-next-line PO003 -- legacy story -->\nAs a user, I want …\n",
		Good: "As a user, I want …\n",
	}
	// InvalidSuppressionRule reports a suppression that names an unknown rule.
	InvalidSuppressionRule = &Rule{
		ID: "RL003", Name: "invalid-suppression", Set: SetEngine, Severity: SeverityWarning, Precision: PrecisionHigh,
		Title: "An inline suppression names an unknown rule",
		Doc: "A `rolelint-disable…` comment or a front-matter `rolelint: {disable: […]}` entry names a rule ID " +
			"that does not exist. Use an ID from `rolelint rules` (for example PO003) or a rule name " +
			"(acceptance-criteria-present).",
		Bad:  "<!-- rolelint-disable-next-line PO03 -->\n",
		Good: "<!-- rolelint-disable-next-line PO003 -- reason -->\n",
	}
)

// WithMetaRules adds the engine diagnostics to a catalog (once), so that
// config, presets and flags can set their severity or turn them off.
func WithMetaRules(catalog []*Rule) []*Rule {
	out := append([]*Rule{}, catalog...)
	have := map[string]bool{}
	for _, r := range catalog {
		have[r.ID] = true
	}
	for _, m := range MetaRules() {
		if !have[m.ID] {
			out = append(out, m)
		}
	}
	return out
}

// MetaRules lists the engine diagnostics.
func MetaRules() []*Rule {
	return []*Rule{ParseErrorRule, UnusedSuppressionRule, InvalidSuppressionRule}
}
