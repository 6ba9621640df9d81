package lint

import "testing"

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
		"Criteria 12 pass in CI for every build",
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
		"```\n```",
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
