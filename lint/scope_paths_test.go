package lint

import (
	"math/rand"
	"path"
	"strings"
	"testing"
)

// pathInScope reports whether p lies under one of paths, cleaning them on
// each call: the run cleans them once (cleanScope, inCleanScope).
func pathInScope(paths []string, p string) bool {
	return inCleanScope(cleanScope(paths), p)
}

// pathInScopeRef is pathInScope as it was before the scope's paths were
// cleaned once per run: each call cleans every path.
func pathInScopeRef(paths []string, p string) bool {
	if len(paths) == 0 {
		return true
	}
	for _, s := range paths {
		s = strings.TrimSuffix(path.Clean(s), "/")
		if s == "." || s == "" || p == s || strings.HasPrefix(p, s+"/") {
			return true
		}
	}
	return false
}

func TestPathInScopeIsTheReference(t *testing.T) {
	scopes := []string{"", ".", "/", "./", "a", "a/", "./a", "a//b", "a/b/../c", "a/./b", "docs", "docs/x.md",
		"do", "docs/", "../docs", "/docs", "a/b/c", "é", "docs/x.md/"}
	cands := []string{"", "a", "a/b", "a/b.md", "ab/c.md", "a/c", "a/c/d.md", "docs/x.md", "docs/x.mdx", "do/x",
		"docs", "docsx/y.md", "x/docs/y.md", "é/a.md", "éa/b.md", "a/b/c/d.md", "a/b/cd.md", "/docs/x.md"}
	check := func(paths []string, p string) {
		t.Helper()
		if got, want := pathInScope(paths, p), pathInScopeRef(paths, p); got != want {
			t.Fatalf("pathInScope(%q, %q) = %v, want %v", paths, p, got, want)
		}
		if got, want := inCleanScope(cleanScope(paths), p), pathInScopeRef(paths, p); got != want {
			t.Fatalf("inCleanScope(%q, %q) = %v, want %v", paths, p, got, want)
		}
	}
	for _, p := range cands {
		check(nil, p)
		for _, a := range scopes {
			check([]string{a}, p)
			for _, b := range scopes {
				check([]string{a, b}, p)
			}
		}
	}
	r := rand.New(rand.NewSource(1))
	part := []string{"a", "b", ".", "..", "", "ab", "docs"}
	gen := func() string {
		n := r.Intn(4)
		var el []string
		for range n {
			el = append(el, part[r.Intn(len(part))])
		}
		return strings.Join(el, "/")
	}
	for range 20000 {
		check([]string{gen(), gen()}, gen())
	}
}
