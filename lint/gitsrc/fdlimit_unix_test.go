//go:build unix

package gitsrc

import (
	"syscall"
	"testing"
)

// limitOpenFiles lowers the soft limit on open files to n more than are open
// now, for the rest of the test, so that a descriptor leak makes reads fail
// (as on a large repository) instead of going unnoticed.
func limitOpenFiles(t *testing.T, n int) {
	t.Helper()
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &old); err != nil {
		t.Skipf("getrlimit: %v", err)
	}
	lim := old
	lim.Cur = uint64(openFDs(t) + n)
	if lim.Cur >= old.Cur {
		return
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Skipf("setrlimit: %v", err)
	}
	t.Cleanup(func() { _ = syscall.Setrlimit(syscall.RLIMIT_NOFILE, &old) })
}
