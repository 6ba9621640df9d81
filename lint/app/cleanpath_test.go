package app

import (
	"math/rand"
	"path"
	"strings"
	"testing"

	"github.com/rolelint/rolelint/lint"
)

// cleanPath is path.Clean: on the paths of real fixtures and on random
// strings of the characters that matter to it.
func TestCleanPathIsPathClean(t *testing.T) {
	cases := []string{"", ".", "..", "/", "//", "a", "a/b.md", "a//b", "a/./b", "a/../b", "./a", "../a", "a/", "a/.", "a/..",
		"/a", ".a/b", "a/.b", "a/..b", "a/b../c", "...", "a/.../b", "docs/specs/ç ü.md", "backlog/stories/x/US-1-a.md"}
	rng := rand.New(rand.NewSource(1))
	alphabet := []byte("a./")
	for i := 0; i < 200000; i++ {
		b := make([]byte, rng.Intn(9))
		for j := range b {
			b[j] = alphabet[rng.Intn(len(alphabet))]
		}
		cases = append(cases, string(b))
	}
	for _, p := range cases {
		if got, want := cleanPath(p), path.Clean(p); got != want {
			t.Fatalf("cleanPath(%q) = %q, want %q", p, got, want)
		}
		if lint.CleanRel(p) && (path.Clean(p) != p || strings.HasPrefix(p, "/")) {
			t.Fatalf("lint.CleanRel(%q), but path.Clean gives %q", p, path.Clean(p))
		}
	}
}

// A clean path costs no allocation and comes back as it is.
func TestCleanPathAllocations(t *testing.T) {
	p := "backlog/stories/search-3/US-22923-split-mileage-logs.md"
	if a := testing.AllocsPerRun(100, func() { p = cleanPath(p) }); a != 0 {
		t.Errorf("cleanPath allocates %.0f times", a)
	}
}
