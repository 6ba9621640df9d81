package lint

import (
	"bytes"
	"sort"
	"unicode/utf8"
	"unsafe"
)

// LineIndex converts byte offsets of a source to 1-based line and column.
// It is the one place where offsets become positions: columns count Unicode
// code points (SARIF columnKind "unicodeCodePoints"), starting at 1.
// A line ends at "\n", "\r\n" or a lone "\r".
type LineIndex struct {
	starts []int32 // byte offset where each line starts (files are far below 2 GiB: see DefaultMaxFileSize)
	size   int
	// text is the indexed source as a string when the parser made one
	// (Doc.Src is then a view of the same memory): Text returns substrings
	// of it instead of copies.
	text string
}

// NewLineIndex indexes src.
func NewLineIndex(src []byte) *LineIndex {
	if len(src) > maxIndexedSize {
		src = src[:maxIndexedSize] // never reached: files are capped far below
	}
	// One slot per LF, plus one per lone CR: sized once, no regrowth.
	n := 1 + bytes.Count(src, []byte{'\n'})
	if bytes.IndexByte(src, '\r') >= 0 {
		n += bytes.Count(src, []byte{'\r'})
	}
	li := &LineIndex{starts: make([]int32, 1, n), size: len(src)}
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\n':
			li.starts = append(li.starts, int32(i+1))
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			li.starts = append(li.starts, int32(i+1))
		}
	}
	return li
}

// maxIndexedSize keeps every offset within int32.
const maxIndexedSize = 1<<31 - 1

// newTextLineIndex indexes text, whose bytes src is (the same memory), and
// keeps text so that Text can return substrings.
func newTextLineIndex(text string, src []byte) *LineIndex {
	li := NewLineIndex(src)
	li.text = text
	return li
}

// sameMemory reports whether src is exactly the bytes of s.
func sameMemory(src []byte, s string) bool {
	return len(src) == len(s) && len(s) > 0 && unsafe.SliceData(src) == unsafe.StringData(s)
}

// Count returns the number of lines (a trailing newline does not start a new line).
func (li *LineIndex) Count() int {
	n := len(li.starts)
	if n > 1 && int(li.starts[n-1]) == li.size {
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
	return int(li.starts[n-1])
}

// Pos converts a byte offset to a 1-based line and code-point column.
func (li *LineIndex) Pos(src []byte, off int) (line, col int) {
	if off < 0 {
		off = 0
	}
	if off > len(src) {
		off = len(src)
	}
	i := sort.Search(len(li.starts), func(i int) bool { return int(li.starts[i]) > off }) - 1
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
	start := int(li.starts[n-1])
	end := len(src)
	if n < len(li.starts) {
		end = int(li.starts[n])
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
	if sameMemory(src, li.text) {
		return li.text[start:end]
	}
	return string(src[start:end])
}
