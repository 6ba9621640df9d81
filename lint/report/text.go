package report

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/fatih/color"
	"github.com/rolelint/rolelint/lint"
)

// palette holds the text format's colors. Each color object is switched on
// or off explicitly, so the package-global color.NoColor (which fatih/color
// sets from the process's own stdout) never decides for the caller.
type palette struct {
	path, rule, gutter, summary  *color.Color
	severity                     map[lint.Severity]*color.Color
	suppressed, summaryBad, good *color.Color
}

func newPalette(enabled bool) palette {
	mk := func(attrs ...color.Attribute) *color.Color {
		c := color.New(attrs...)
		if enabled {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
		return c
	}
	return palette{
		path:    mk(color.Bold),
		rule:    mk(color.Faint),
		gutter:  mk(color.FgBlue),
		summary: mk(color.Bold),
		severity: map[lint.Severity]*color.Color{
			lint.SeverityError:   mk(color.FgRed, color.Bold),
			lint.SeverityWarning: mk(color.FgYellow, color.Bold),
			lint.SeverityNote:    mk(color.FgCyan, color.Bold),
			lint.SeverityOff:     mk(color.Faint),
		},
		suppressed: mk(color.Faint),
		summaryBad: mk(color.FgRed, color.Bold),
		good:       mk(color.FgGreen, color.Bold),
	}
}

// paint colors s, leaving an empty string empty (no stray escape codes).
func paint(c *color.Color, s string) string {
	if s == "" {
		return s
	}
	return c.Sprint(s)
}

func (p palette) sev(s lint.Severity) *color.Color {
	if c, ok := p.severity[s]; ok {
		return c
	}
	return p.severity[lint.SeverityOff]
}

// writeText renders the human format:
//
//	docs/spec.md:12:5: error PO003 message
//	   12 | the source line
//	      |     ^^^^
//
// flush, when not nil, is called after each finding so that a large report
// can be written out as it is rendered (see Write).
func writeText(b *bytes.Buffer, res *lint.Result, m Meta, flush func() error) error {
	p := newPalette(m.Color)
	printed := false
	for _, f := range res.Findings {
		if !m.shown(f) {
			continue
		}
		writeTextFinding(b, p, res, f)
		printed = true
		if flush != nil {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	for _, n := range res.Notifications {
		writeTextNotification(b, p, n)
		printed = true
	}
	if !m.Quiet {
		if printed {
			b.WriteByte('\n')
		}
		line := SummaryLine(res, m)
		counts := res.Counts()
		c := p.good
		if counts[lint.SeverityError] > 0 {
			c = p.summaryBad
		} else if counts[lint.SeverityWarning]+counts[lint.SeverityNote] > 0 {
			c = p.summary
		}
		b.WriteString(paint(c, line))
		b.WriteByte('\n')
	}
	return nil
}

func writeTextFinding(b *bytes.Buffer, p palette, res *lint.Result, f lint.Finding) {
	line := startLine(f)
	col := f.Col
	if col < 1 {
		col = 1
	}
	loc := fmt.Sprintf("%s:%d:%d:", sanitizeTerminal(f.Path), line, col)
	msgLines := strings.Split(sanitizeMessage(f.Message), "\n")
	fmt.Fprintf(b, "%s %s %s %s", paint(p.path, loc), paint(p.sev(f.Severity), f.Severity.String()),
		paint(p.rule, sanitizeTerminal(f.RuleID)), msgLines[0])
	if f.Suppressed != nil {
		note := "(suppressed"
		if f.Suppressed.Justification != "" {
			note += ": " + sanitizeTerminal(f.Suppressed.Justification)
		}
		note += ")"
		b.WriteString(" " + paint(p.suppressed, note))
	}
	b.WriteByte('\n')
	for _, extra := range msgLines[1:] {
		b.WriteString("    " + extra + "\n")
	}
	snippet := sanitizeTerminal(snippetOf(res, f))
	if strings.TrimSpace(snippet) == "" {
		return
	}
	num := strconv.Itoa(line)
	fmt.Fprintf(b, "  %s %s\n", paint(p.gutter, num+" |"), snippet)
	if f.DocLevel || f.Col < 1 {
		return
	}
	pad, caret := caretLine(snippet, f)
	if caret == "" {
		return
	}
	fmt.Fprintf(b, "  %s %s%s\n", paint(p.gutter, strings.Repeat(" ", len(num))+" |"), pad, paint(p.sev(f.Severity), caret))
}

// caretLine returns the padding and the marker under the reported columns:
// tabs of the snippet are mirrored so the caret lines up, and the marker
// spans the finding's columns when it ends on the same line.
func caretLine(snippet string, f lint.Finding) (pad, caret string) {
	runes := []rune(snippet)
	if f.Col > len(runes)+1 {
		return "", ""
	}
	var b strings.Builder
	for _, r := range runes[:f.Col-1] {
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	width := 1
	if (f.EndLine == 0 || f.EndLine == f.Line) && f.EndCol > f.Col {
		width = f.EndCol - f.Col
		if rest := len(runes) - (f.Col - 1); width > rest && rest > 0 {
			width = rest
		}
	}
	return b.String(), strings.Repeat("^", width)
}

func writeTextNotification(b *bytes.Buffer, p palette, n lint.Notification) {
	where := sanitizeTerminal(n.Path)
	if where == "" {
		where = "rolelint"
	}
	if n.Line > 0 {
		where += ":" + strconv.Itoa(n.Line)
	}
	level := notificationLevel(n)
	msg := strings.ReplaceAll(sanitizeMessage(n.Message), "\n", "\n    ")
	fmt.Fprintf(b, "%s %s %s\n", paint(p.path, where+":"), paint(p.sev(level), level.String()+":"), msg)
}

// sanitizeMessage is sanitizeTerminal that keeps line breaks (normalised to
// "\n") for multi-line messages.
func sanitizeMessage(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = sanitizeTerminal(l)
	}
	return strings.Join(lines, "\n")
}

// runeLen counts code points (columns are code points).
func runeLen(s string) int { return utf8.RuneCountInString(s) }
