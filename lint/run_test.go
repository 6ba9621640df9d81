package lint

import (
	"strings"
	"testing"
)

// TestRulePanicBecomesNotification checks that a rule that panics on one
// document costs that document's check, not the run: the other rule still
// reports, and the panic is a notification naming the rule and the file.
func TestRulePanicBecomesNotification(t *testing.T) {
	boom := &Rule{ID: "PO901", Name: "boom", Set: SetPO, Severity: SeverityError, Precision: PrecisionHigh,
		Check: func(p *Pass) {
			if strings.Contains(p.Doc.Path, "bad") {
				panic("rule bug")
			}
		}}
	ok := &Rule{ID: "PO902", Name: "ok", Set: SetPO, Severity: SeverityError, Precision: PrecisionHigh,
		Check: func(p *Pass) { p.ReportDoc(p.Doc, "seen") }}
	src := &MemSource{Data: map[string][]byte{
		"backlog/bad.md":  []byte("---\ntype: story\n---\n# Bad\n"),
		"backlog/good.md": []byte("---\ntype: story\n---\n# Good\n"),
	}}
	res, err := Run(Options{Source: src, Rules: []*Rule{boom, ok}, Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(res.Findings); n != 2 {
		t.Errorf("want the other rule's 2 findings, got %d: %+v", n, res.Findings)
	}
	if len(res.Notifications) != 1 || res.Notifications[0].Path != "backlog/bad.md" ||
		!strings.Contains(res.Notifications[0].Message, "internal error in rule PO901 on backlog/bad.md") {
		t.Errorf("notifications = %+v", res.Notifications)
	}
}
