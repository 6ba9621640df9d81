package rules

import "github.com/rolelint/rolelint/lint"

// poRules lists the Product Owner rules (backlog items), in ID order.
func poRules() []*lint.Rule {
	return []*lint.Rule{PO001, PO002, PO003, PO004, PO005, PO006, PO007, PO008, PO009, PO010, PO011, PO012, PO013}
}
