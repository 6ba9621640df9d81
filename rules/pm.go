package rules

import "github.com/rolelint/rolelint/lint"

// pmRules lists the Product Manager rules (specs and vision docs), in ID order.
func pmRules() []*lint.Rule {
	return []*lint.Rule{PM001, PM002, PM003, PM004, PM005, PM006, PM007, PM008, PM009, PM010, PM011, PM012, PM013}
}
