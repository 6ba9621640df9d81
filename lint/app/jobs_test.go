package app

import (
	"runtime"
	"testing"
)

// --jobs N sets GOMAXPROCS for the run and puts it back after; 0 and
// negative numbers (the default) leave it.
func TestWithJobs(t *testing.T) {
	prev := runtime.GOMAXPROCS(0)
	for _, n := range []int{0, -4} {
		restore := withJobs(n)
		if got := runtime.GOMAXPROCS(0); got != prev {
			t.Errorf("withJobs(%d): GOMAXPROCS %d, want %d", n, got, prev)
		}
		restore()
	}
	restore := withJobs(prev + 3)
	if got := runtime.GOMAXPROCS(0); got != prev+3 {
		t.Errorf("withJobs(%d): GOMAXPROCS %d", prev+3, got)
	}
	restore()
	if got := runtime.GOMAXPROCS(0); got != prev {
		t.Errorf("after the run: GOMAXPROCS %d, want %d", got, prev)
	}
}
