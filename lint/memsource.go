package lint

import (
	"fmt"
	"io/fs"
	"sort"
)

// MemSource is a Source held in memory: for tests, fuzzing and benchmarks.
type MemSource struct {
	Data map[string][]byte // repo-relative path -> content
}

// Name implements Source.
func (m *MemSource) Name() string { return "memory" }

// Root implements Source.
func (m *MemSource) Root() string { return "" }

// Files implements Source.
func (m *MemSource) Files() ([]File, error) {
	out := make([]File, 0, len(m.Data))
	for p, b := range m.Data {
		out = append(out, File{Path: p, Size: int64(len(b))})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// Read implements Source.
func (m *MemSource) Read(p string, limit int64) ([]byte, error) {
	b, ok := m.Data[p]
	if !ok {
		return nil, fmt.Errorf("%s: %w", p, fs.ErrNotExist)
	}
	if limit > 0 && int64(len(b)) > limit {
		return nil, fmt.Errorf("%s: %w", p, ErrTooLarge)
	}
	return b, nil
}

// Notes implements Source.
func (m *MemSource) Notes() []SourceNote { return nil }
