// Package rules holds rolelint's rule catalog. Each rule is a lint.Rule
// value; the engine in package lint never imports this package.
package rules

import (
	"sort"

	"github.com/rolelint/rolelint/lint"
)

// All returns every rule of the catalog, sorted by ID.
func All() []*lint.Rule {
	var all []*lint.Rule
	all = append(all, poRules()...)
	all = append(all, pmRules()...)
	all = append(all, rcRules()...)
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	return all
}

// ByID returns the rule with id (case-insensitive) or nil.
func ByID(id string) *lint.Rule {
	for _, r := range All() {
		if equalFold(r.ID, id) || r.Name == id {
			return r
		}
	}
	return nil
}

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'a' <= x && x <= 'z' {
			x -= 'a' - 'A'
		}
		if 'a' <= y && y <= 'z' {
			y -= 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
