package report

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// writeGitHub prints one workflow command per finding, which the Actions
// runner turns into an annotation on the file and line:
//
//	::error file=docs/a.md,line=3,endLine=3,col=1,endColumn=9,title=PO003 acceptance-criteria-present::message
//
// Notifications become annotations too; the summary line ends the log.
func writeGitHub(b *bytes.Buffer, res *lint.Result, m Meta, flush func() error) error {
	for _, f := range res.Findings {
		if f.Suppressed != nil {
			continue // an annotation cannot be marked as suppressed
		}
		writeGitHubFinding(b, res, f)
		if flush != nil {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	for _, n := range res.Notifications {
		props := [][2]string{}
		if n.Path != "" {
			props = append(props, [2]string{"file", n.Path})
			if n.Line > 0 {
				props = append(props, [2]string{"line", strconv.Itoa(n.Line)})
			}
		}
		props = append(props, [2]string{"title", m.toolName()})
		level := notificationLevel(n)
		WorkflowCommand(b, githubCommand(level), props, n.Message)
	}
	if !m.Quiet {
		b.WriteString(SummaryLine(res, m) + "\n")
	}
	return nil
}

func writeGitHubFinding(b *bytes.Buffer, res *lint.Result, f lint.Finding) {
	r := regionOf(f, snippetOf(res, f))
	props := [][2]string{
		{"file", f.Path},
		{"line", strconv.Itoa(r.startLine)},
		{"endLine", strconv.Itoa(r.endLine)},
	}
	// Columns only make sense for a finding on one line; GitHub ignores them
	// otherwise, and a document-level finding is about the whole line.
	if !f.DocLevel && r.endLine == r.startLine {
		props = append(props, [2]string{"col", strconv.Itoa(r.startColumn)})
		if r.endColumn > r.startColumn {
			props = append(props, [2]string{"endColumn", strconv.Itoa(r.endColumn)})
		}
	}
	title := f.RuleID
	if f.RuleName != "" {
		title += " " + f.RuleName
	}
	props = append(props, [2]string{"title", title})
	WorkflowCommand(b, githubCommand(f.Severity), props, f.Message)
}

func githubCommand(s lint.Severity) string {
	switch s {
	case lint.SeverityError:
		return "error"
	case lint.SeverityWarning:
		return "warning"
	}
	return "notice"
}

// WorkflowCommand writes one GitHub Actions workflow command line,
// "::name key=value,...::message", escaping the message and the property
// values the way the runner unescapes them.
func WorkflowCommand(b *bytes.Buffer, name string, props [][2]string, message string) {
	b.WriteString("::" + name)
	for i, p := range props {
		if i == 0 {
			b.WriteByte(' ')
		} else {
			b.WriteByte(',')
		}
		b.WriteString(p[0] + "=" + EscapeProperty(p[1]))
	}
	b.WriteString("::" + EscapeData(message) + "\n")
}

// EscapeData escapes a workflow command's message: '%', '\r' and '\n'.
func EscapeData(s string) string {
	return dataEscaper.Replace(s)
}

// The escapers are built once: a Replacer builds its lookup table on first
// use, which costs more than escaping one short message.
var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// EscapeProperty escapes a workflow command's property value: as
// EscapeData, plus ':' and ','.
func EscapeProperty(s string) string {
	return propertyEscaper.Replace(s)
}

// AppendSummary appends the Markdown job summary to the file at path (the
// runner's $GITHUB_STEP_SUMMARY, to which other steps may have written
// already), creating it when missing.
func AppendSummary(path string, res *lint.Result, m Meta) error {
	var buf bytes.Buffer
	if err := WriteSummary(&buf, res, m); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("write job summary %s: %w", path, err)
	}
	if _, err := f.Write(buf.Bytes()); err != nil {
		f.Close()
		return fmt.Errorf("write job summary %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write job summary %s: %w", path, err)
	}
	return nil
}
