package lint

import (
	"sort"
	"unicode/utf8"
)

// LineIndex converts byte offsets of a source to 1-based line and column.
// It is the one place where offsets become positions: columns count Unicode
// code points (SARIF columnKind "unicodeCodePoints"), starting at 1.
// A line ends at "\n", "\r\n" or a lone "\r".
type LineIndex struct {
	starts []int // byte offset where each line starts
	size   int
}

// NewLineIndex indexes src.
func NewLineIndex(src []byte) *LineIndex {
	li := &LineIndex{starts: []int{0}, size: len(src)}
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\n':
			li.starts = append(li.starts, i+1)
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			li.starts = append(li.starts, i+1)
		}
	}
	return li
}

// Count returns the number of lines (a trailing newline does not start a new line).
func (li *LineIndex) Count() int {
	n := len(li.starts)
	if n > 1 && li.starts[n-1] == li.size {
		return n - 1
	}
	return n
}

// Start returns the byte offset where 1-based line n starts.
func (li *LineIndex) Start(n int) int {
	if n < 1 {
		return 0
	}
	if n > len(li.starts) {
		return li.size
	}
	return li.starts[n-1]
}

// Pos converts a byte offset to a 1-based line and code-point column.
func (li *LineIndex) Pos(src []byte, off int) (line, col int) {
	if off < 0 {
		off = 0
	}
	if off > len(src) {
		off = len(src)
	}
	i := sort.Search(len(li.starts), func(i int) bool { return li.starts[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	return i + 1, utf8.RuneCount(src[li.starts[i]:off]) + 1
}

// Text returns 1-based line n without its line ending.
func (li *LineIndex) Text(src []byte, n int) string {
	if n < 1 || n > len(li.starts) {
		return ""
	}
	start := li.starts[n-1]
	end := len(src)
	if n < len(li.starts) {
		end = li.starts[n]
	}
	if start > len(src) {
		return ""
	}
	if end > len(src) {
		end = len(src)
	}
	for end > start && (src[end-1] == '\n' || src[end-1] == '\r') {
		end--
	}
	return string(src[start:end])
}
