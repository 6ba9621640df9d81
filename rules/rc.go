package rules

import "github.com/rolelint/rolelint/lint"

// rcRules lists the role-clarity rules, in ID order.
func rcRules() []*lint.Rule {
	return []*lint.Rule{RC001, RC002, RC003, RC004, RC005, RC006}
}
