//go:build unix

package lint

import (
	"os"
	"syscall"
)

// mapFile maps a cache file read-only into memory, or returns ok false
// (the caller reads it then). The mapping is never undone: the strings
// decoded from it share its bytes, and they live as long as the results
// that hold them. A cache file is never written in place (a new file is
// renamed over it), so the mapped bytes cannot change under the run.
func mapFile(name string) (b []byte, ok bool) {
	f, err := os.Open(name)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() <= 0 || st.Size() > 1<<30 {
		return nil, false
	}
	b, err = syscall.Mmap(int(f.Fd()), 0, int(st.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, false
	}
	return b, true
}
