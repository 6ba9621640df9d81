package report

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// SARIF constants.
const (
	sarifVersion = "2.1.0"
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	srcRoot      = "%SRCROOT%"
	// FingerprintKey names rolelint's entry in SARIF partialFingerprints.
	// GitHub also computes primaryLocationLineHash when it is absent; rolelint
	// does not emit that one because it depends on line contents and numbers.
	FingerprintKey = "rolelintFingerprint/v1"
)

// The SARIF object model, limited to what rolelint writes. Field order is
// the order of the output.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool                     sarifTool                      `json:"tool"`
		AutomationDetails        *sarifAutomation               `json:"automationDetails,omitempty"`
		VersionControlProvenance []sarifVCS                     `json:"versionControlProvenance,omitempty"`
		OriginalURIBaseIDs       map[string]sarifArtifactLocRef `json:"originalUriBaseIds"`
		Invocations              []sarifInvocation              `json:"invocations"`
		Artifacts                []sarifArtifact                `json:"artifacts,omitempty"`
		Results                  []sarifResult                  `json:"results"`
		ColumnKind               string                         `json:"columnKind"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name            string            `json:"name"`
		FullName        string            `json:"fullName,omitempty"`
		Version         string            `json:"version"`
		SemanticVersion string            `json:"semanticVersion,omitempty"`
		InformationURI  string            `json:"informationUri,omitempty"`
		Rules           []sarifDescriptor `json:"rules"`
		Notifications   []sarifDescriptor `json:"notifications,omitempty"`
	}
	sarifDescriptor struct {
		ID                   string               `json:"id"`
		Name                 string               `json:"name,omitempty"`
		ShortDescription     sarifText            `json:"shortDescription"`
		FullDescription      sarifText            `json:"fullDescription"`
		Help                 sarifText            `json:"help"`
		HelpURI              string               `json:"helpUri,omitempty"`
		DefaultConfiguration sarifConfiguration   `json:"defaultConfiguration"`
		Properties           *sarifRuleProperties `json:"properties,omitempty"`
	}
	sarifText struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown,omitempty"`
	}
	sarifConfiguration struct {
		Level string `json:"level"`
	}
	sarifRuleProperties struct {
		Tags      []string `json:"tags"`
		Precision string   `json:"precision,omitempty"`
		// RolelintPrecision keeps rolelint's own precision class
		// (high, heuristic, lexical); "precision" uses GitHub's scale.
		RolelintPrecision string `json:"rolelint/precision,omitempty"`
	}
	sarifAutomation struct {
		ID string `json:"id"`
	}
	sarifVCS struct {
		RepositoryURI string              `json:"repositoryUri"`
		RevisionID    string              `json:"revisionId,omitempty"`
		Branch        string              `json:"branch,omitempty"`
		MappedTo      sarifArtifactLocRef `json:"mappedTo"`
	}
	sarifArtifactLocRef struct {
		URI         string     `json:"uri,omitempty"`
		URIBaseID   string     `json:"uriBaseId,omitempty"`
		Description *sarifText `json:"description,omitempty"`
	}
	sarifInvocation struct {
		ExecutionSuccessful        bool                `json:"executionSuccessful"`
		ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
	}
	sarifNotification struct {
		Descriptor sarifDescriptorRef `json:"descriptor"`
		Level      string             `json:"level"`
		Message    sarifText          `json:"message"`
		Locations  []sarifLocation    `json:"locations,omitempty"`
	}
	sarifDescriptorRef struct {
		ID    string `json:"id"`
		Index int    `json:"index"`
	}
	sarifArtifact struct {
		Location       sarifArtifactLocation `json:"location"`
		Roles          []string              `json:"roles"`
		MimeType       string                `json:"mimeType"`
		SourceLanguage string                `json:"sourceLanguage"`
	}
	sarifArtifactLocation struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId"`
		Index     *int   `json:"index,omitempty"`
	}
	sarifResult struct {
		RuleID              string             `json:"ruleId"`
		RuleIndex           int                `json:"ruleIndex"`
		Level               string             `json:"level"`
		Message             sarifText          `json:"message"`
		Locations           []sarifLocation    `json:"locations"`
		PartialFingerprints map[string]string  `json:"partialFingerprints"`
		Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
	}
	sarifPhysicalLocation struct {
		ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
		Region           *sarifRegion          `json:"region,omitempty"`
		ContextRegion    *sarifRegion          `json:"contextRegion,omitempty"`
	}
	sarifRegion struct {
		StartLine   int        `json:"startLine"`
		StartColumn int        `json:"startColumn,omitempty"`
		EndLine     int        `json:"endLine,omitempty"`
		EndColumn   int        `json:"endColumn,omitempty"`
		Snippet     *sarifText `json:"snippet,omitempty"`
	}
	sarifSuppression struct {
		Kind          string         `json:"kind"`
		Justification string         `json:"justification,omitempty"`
		Location      *sarifLocation `json:"location,omitempty"`
	}
)

// writeSARIF renders one SARIF 2.1.0 run for GitHub code scanning and any
// other SARIF viewer. Suppressed findings are included with an "inSource"
// suppression so that code scanning closes their alerts instead of losing them.
func writeSARIF(b *bytes.Buffer, res *lint.Result, m Meta) error {
	rules, ruleIdx := sarifRules(res, m)
	artifacts, artifactIdx := sarifArtifacts(res)
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:            m.toolName(),
			FullName:        m.toolName() + " " + m.version(),
			Version:         m.numericVersion(),
			SemanticVersion: semanticVersion(m.numericVersion()),
			InformationURI:  m.informationURI(),
			Rules:           rules,
		}},
		OriginalURIBaseIDs: map[string]sarifArtifactLocRef{srcRoot: {
			URI:         fileURI(m.RepoRoot),
			Description: &sarifText{Text: "The root of the repository that was linted; result paths are relative to it."},
		}},
		Artifacts:  artifacts,
		Results:    []sarifResult{},
		ColumnKind: "unicodeCodePoints",
	}
	if m.SARIFCategory != "" {
		id := m.SARIFCategory
		if !strings.HasSuffix(id, "/") {
			id += "/"
		}
		run.AutomationDetails = &sarifAutomation{ID: id}
	}
	if uri, _ := remoteURI(m.RemoteURL); uri != "" {
		run.VersionControlProvenance = []sarifVCS{{
			RepositoryURI: uri, RevisionID: m.Revision, Branch: m.Branch,
			MappedTo: sarifArtifactLocRef{URIBaseID: srcRoot},
		}}
	}
	inv := sarifInvocation{ExecutionSuccessful: true}
	inv.ToolExecutionNotifications, run.Tool.Driver.Notifications = sarifNotifications(res, artifactIdx)
	run.Invocations = []sarifInvocation{inv}

	seen := map[string]int{}
	for _, f := range res.Findings {
		run.Results = append(run.Results, sarifResultOf(res, f, ruleIdx[f.RuleID], artifactIdx, seen))
	}
	return encodeJSON(b, sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}})
}

func sarifResultOf(res *lint.Result, f lint.Finding, ruleIndex int, artifactIdx map[string]int, seen map[string]int) sarifResult {
	snippet := snippetOf(res, f)
	r := regionOf(f, snippet)
	reg := &sarifRegion{StartLine: r.startLine, StartColumn: r.startColumn, EndLine: r.endLine, EndColumn: r.endColumn}
	if snippet != "" {
		reg.Snippet = &sarifText{Text: snippet}
	}
	// Two findings with the same fingerprint would become one alert; number
	// the repeats so that each one is tracked on its own.
	fp := Fingerprint(f)
	seen[fp]++
	if n := seen[fp]; n > 1 {
		fp = fmt.Sprintf("%s:%d", fp, n)
	}
	loc := sarifPhysicalLocation{ArtifactLocation: artifactLoc(f.Path, artifactIdx), Region: reg,
		ContextRegion: contextRegion(res, f.Path, r.startLine, r.endLine)}
	out := sarifResult{
		RuleID:              f.RuleID,
		RuleIndex:           ruleIndex,
		Level:               sarifLevel(f.Severity),
		Message:             sarifText{Text: sentence(f.Message)},
		Locations:           []sarifLocation{{PhysicalLocation: loc}},
		PartialFingerprints: map[string]string{FingerprintKey: fp},
	}
	if s := f.Suppressed; s != nil {
		sup := sarifSuppression{Kind: "inSource", Justification: s.Justification}
		if s.Line > 0 {
			sup.Location = &sarifLocation{PhysicalLocation: sarifPhysicalLocation{
				ArtifactLocation: artifactLoc(f.Path, artifactIdx), Region: &sarifRegion{StartLine: s.Line}}}
		}
		out.Suppressions = []sarifSuppression{sup}
	}
	return out
}

// contextLines is how many lines around a result its context region shows.
const contextLines = 2

// contextRegion returns the lines around a result (whole lines, so no
// columns), for viewers that show code the reader has not checked out; nil
// when the document is not in the universe.
func contextRegion(res *lint.Result, path string, start, end int) *sarifRegion {
	if res.Universe == nil {
		return nil
	}
	d := res.Universe.ByPath(path)
	if d == nil || d.Lines == nil {
		return nil
	}
	first, last := max(1, start-contextLines), min(d.Lines.Count(), end+contextLines)
	if first > last || end > d.Lines.Count() {
		return nil
	}
	lines := make([]string, 0, last-first+1)
	for n := first; n <= last; n++ {
		lines = append(lines, d.Line(n))
	}
	return &sarifRegion{StartLine: first, EndLine: last, Snippet: &sarifText{Text: strings.Join(lines, "\n")}}
}

// sentence ends a message with a period, as SARIF asks of plain-text messages.
func sentence(s string) string {
	t := strings.TrimRight(s, " \t\r\n")
	if t == "" {
		return "(no message)."
	}
	switch t[len(t)-1] {
	case '.', '!', '?':
		return t
	}
	return t + "."
}

func sarifLevel(s lint.Severity) string {
	switch s {
	case lint.SeverityError:
		return "error"
	case lint.SeverityWarning:
		return "warning"
	case lint.SeverityNote:
		return "note"
	}
	return "none"
}

func artifactLoc(path string, idx map[string]int) sarifArtifactLocation {
	loc := sarifArtifactLocation{URI: escapePath(path), URIBaseID: srcRoot}
	if i, ok := idx[path]; ok {
		loc.Index = &i
	}
	return loc
}

// sarifArtifacts lists every file a result or notification points at, sorted.
func sarifArtifacts(res *lint.Result) ([]sarifArtifact, map[string]int) {
	set := map[string]bool{}
	for _, f := range res.Findings {
		if f.Path != "" {
			set[f.Path] = true
		}
	}
	for _, n := range res.Notifications {
		if n.Path != "" {
			set[n.Path] = true
		}
	}
	paths := make([]string, 0, len(set))
	for p := range set {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	idx := map[string]int{}
	out := make([]sarifArtifact, 0, len(paths))
	for i, p := range paths {
		idx[p] = i
		out = append(out, sarifArtifact{
			Location:       sarifArtifactLocation{URI: escapePath(p), URIBaseID: srcRoot},
			Roles:          []string{"analysisTarget"},
			MimeType:       mimeTypeOf(p),
			SourceLanguage: sourceLanguageOf(p),
		})
	}
	return out, idx
}

func mimeTypeOf(p string) string {
	switch {
	case strings.HasSuffix(strings.ToLower(p), ".yaml"), strings.HasSuffix(strings.ToLower(p), ".yml"):
		return "application/yaml"
	case strings.HasSuffix(p, "CODEOWNERS"):
		return "text/plain"
	}
	return "text/markdown"
}

func sourceLanguageOf(p string) string {
	switch mimeTypeOf(p) {
	case "application/yaml":
		return "yaml"
	case "text/plain":
		return "plaintext"
	}
	return "markdown"
}

// sarifRules describes every active rule and every other rule that produced
// a result (engine diagnostics), sorted by ID, and maps IDs to indexes.
func sarifRules(res *lint.Result, m Meta) ([]sarifDescriptor, map[string]int) {
	known := ruleIndex(res)
	var list []*lint.Rule
	have := map[string]bool{}
	for _, r := range res.Rules {
		if r != nil && !have[r.ID] {
			have[r.ID] = true
			list = append(list, r)
		}
	}
	for _, f := range res.Findings {
		if have[f.RuleID] {
			continue
		}
		have[f.RuleID] = true
		r := known[f.RuleID]
		if r == nil {
			r = &lint.Rule{ID: f.RuleID, Name: f.RuleName, Severity: f.Severity, Title: "rolelint diagnostic " + f.RuleID}
		}
		list = append(list, r)
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].ID < list[j].ID })
	out := make([]sarifDescriptor, 0, len(list))
	idx := map[string]int{}
	for i, r := range list {
		idx[r.ID] = i
		out = append(out, ruleDescriptor(r, m))
	}
	return out, idx
}

func ruleDescriptor(r *lint.Rule, m Meta) sarifDescriptor {
	d := sarifDescriptor{
		ID:                   r.ID,
		ShortDescription:     sarifText{Text: sentence(r.Title)},
		FullDescription:      sarifText{Text: sentence(firstParagraph(r.Doc, r.Title))},
		Help:                 sarifText{Text: helpText(r, m), Markdown: helpMarkdown(r, m)},
		HelpURI:              m.helpURI(r.ID),
		DefaultConfiguration: sarifConfiguration{Level: sarifLevel(r.Severity)},
		Properties: &sarifRuleProperties{
			Tags:              ruleTags(r),
			Precision:         githubPrecision(r.Precision),
			RolelintPrecision: r.Precision,
		},
	}
	// SARIF wants a rule's name to differ from its opaque ID.
	if r.Name != "" && r.Name != r.ID {
		d.Name = r.Name
	}
	return d
}

// ruleTags are the tags GitHub shows and filters on: the rule set and the
// domain.
func ruleTags(r *lint.Rule) []string {
	var set string
	switch r.Set {
	case lint.SetPO:
		set = "po"
	case lint.SetPM:
		set = "pm"
	case lint.SetRC:
		set = "role-clarity"
	case "":
		set = "rolelint"
	default:
		set = string(r.Set)
	}
	return []string{set, "product-docs"}
}

// githubPrecision maps rolelint's precision classes to code scanning's
// precision scale (very-high, high, medium, low), which orders alerts.
func githubPrecision(p string) string {
	switch p {
	case lint.PrecisionHigh:
		return "high"
	case lint.PrecisionHeuristic:
		return "medium"
	case lint.PrecisionLexical:
		return "low"
	}
	return ""
}

// firstParagraph returns the first blank-line-separated paragraph of doc,
// joined onto one line, or fallback when doc is empty.
func firstParagraph(doc, fallback string) string {
	doc = strings.TrimSpace(strings.ReplaceAll(doc, "\r\n", "\n"))
	if doc == "" {
		return fallback
	}
	para := blankLine.Split(doc, 2)[0]
	return strings.Join(strings.Fields(para), " ")
}

var blankLine = regexp.MustCompile(`\n[ \t]*\n`)

// helpText is the plain-text help: title, documentation, examples, options.
func helpText(r *lint.Rule, m Meta) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", r.ID, strings.TrimSpace(r.Title))
	if doc := strings.TrimSpace(r.Doc); doc != "" {
		b.WriteString("\n" + doc + "\n")
	}
	if r.Bad != "" {
		b.WriteString("\nExample that is reported:\n\n" + indent(r.Bad, "    ") + "\n")
	}
	if r.Good != "" {
		b.WriteString("\nExample that passes:\n\n" + indent(r.Good, "    ") + "\n")
	}
	if len(r.Options) > 0 {
		b.WriteString("\nOptions (in .rolelint.yml under rules: " + r.ID + "):\n")
		for _, o := range r.Options {
			fmt.Fprintf(&b, "  %s (%s, default %v): %s\n", o.Name, o.Type, formatDefault(o.Default), o.Doc)
		}
	}
	if u := m.helpURI(r.ID); u != "" {
		b.WriteString("\nDocumentation: " + u + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// helpMarkdown is the Markdown help GitHub shows in an alert.
func helpMarkdown(r *lint.Rule, m Meta) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s %s**: %s\n", r.ID, r.Name, strings.TrimSpace(r.Title))
	if doc := strings.TrimSpace(r.Doc); doc != "" {
		b.WriteString("\n" + doc + "\n")
	}
	if r.Bad != "" {
		b.WriteString("\n**Reported:**\n\n" + fenced(r.Bad, "markdown") + "\n")
	}
	if r.Good != "" {
		b.WriteString("\n**Passes:**\n\n" + fenced(r.Good, "markdown") + "\n")
	}
	if len(r.Options) > 0 {
		b.WriteString("\n**Options** (`.rolelint.yml`, under `rules: " + r.ID + "`):\n\n")
		for _, o := range r.Options {
			fmt.Fprintf(&b, "- `%s` (%s, default `%v`): %s\n", o.Name, o.Type, formatDefault(o.Default), o.Doc)
		}
	}
	if u := m.helpURI(r.ID); u != "" {
		fmt.Fprintf(&b, "\n[Documentation of %s](%s)\n", r.ID, u)
	}
	return strings.TrimRight(b.String(), "\n")
}

func formatDefault(v any) string {
	switch x := v.(type) {
	case nil:
		return "none"
	case []string:
		return "[" + strings.Join(x, ", ") + "]"
	}
	return fmt.Sprint(v)
}

func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n")
}

// fenced wraps s in a code fence longer than any backtick run inside it.
func fenced(s, lang string) string {
	fence := strings.Repeat("`", max(3, longestBacktickRun(s)+1))
	return fence + lang + "\n" + strings.TrimRight(s, "\n") + "\n" + fence
}

// longestBacktickRun returns the length of the longest run of backticks in s.
func longestBacktickRun(s string) int {
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}

var semver = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$`)

// semanticVersion returns v without a leading "v" when it is a semantic
// version (SemVer 2.0), "" otherwise (for example "dev").
func semanticVersion(v string) string {
	v = strings.TrimPrefix(v, "v")
	if semver.MatchString(v) {
		return v
	}
	return ""
}

// Notification descriptors: a run failure (unreadable file, a rule that
// crashed) and a notice (a skipped file, a limit of the run).
var (
	notificationFailure = &lint.Rule{
		ID: "RLN001", Name: "run-failure", Severity: lint.SeverityError,
		Title: "rolelint could not process a file or run a rule",
		Doc: "A file could not be read, or a rule failed on a document. The file's other checks and the " +
			"other files were still processed. The message names the file and the cause; an internal " +
			"error in a rule is a bug in rolelint, please report it.",
	}
	notificationNotice = &lint.Rule{
		ID: "RLN002", Name: "run-notice", Severity: lint.SeverityNote,
		Title: "rolelint skipped a file or noted a limit of the run",
		Doc: "A file was not checked, for example because it is larger than --max-file-size or lies in " +
			"a submodule. The message says why and what to change to include it.",
	}
)

// sarifNotifications converts the run's notifications and returns the
// descriptors they refer to.
func sarifNotifications(res *lint.Result, artifactIdx map[string]int) ([]sarifNotification, []sarifDescriptor) {
	if len(res.Notifications) == 0 {
		return nil, nil
	}
	var descs []sarifDescriptor
	descIdx := map[string]int{}
	ref := func(r *lint.Rule) sarifDescriptorRef {
		i, ok := descIdx[r.ID]
		if !ok {
			i = len(descs)
			descIdx[r.ID] = i
			descs = append(descs, ruleDescriptor(r, Meta{}))
			descs[i].Properties = nil
		}
		return sarifDescriptorRef{ID: r.ID, Index: i}
	}
	// Give descriptors a stable order whatever order notifications come in.
	for _, r := range []*lint.Rule{notificationFailure, notificationNotice} {
		for _, n := range res.Notifications {
			if (n.Level == lint.SeverityError) == (r == notificationFailure) {
				ref(r)
				break
			}
		}
	}
	out := make([]sarifNotification, 0, len(res.Notifications))
	for _, n := range res.Notifications {
		desc := notificationNotice
		if n.Level == lint.SeverityError {
			desc = notificationFailure
		}
		level := sarifLevel(n.Level)
		if level == "none" {
			level = "note"
		}
		sn := sarifNotification{Descriptor: ref(desc), Level: level, Message: sarifText{Text: sentence(n.Message)}}
		if n.Path != "" {
			loc := sarifPhysicalLocation{ArtifactLocation: artifactLoc(n.Path, artifactIdx)}
			if n.Line > 0 {
				loc.Region = &sarifRegion{StartLine: n.Line}
			}
			sn.Locations = []sarifLocation{{PhysicalLocation: loc}}
		}
		out = append(out, sn)
	}
	return out, descs
}
