package lint

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"
)

// binarySniffLen is how many leading bytes are searched for NUL to tell a
// binary file from text (the same heuristic as git's).
const binarySniffLen = 8000

// decodeSource turns file bytes into the UTF-8 text the parser works on:
// a UTF-8 BOM is dropped, UTF-16 with a BOM is converted, and anything else
// is kept byte for byte (invalid UTF-8 included: goldmark copes with it).
// binary reports a NUL byte in the first 8000 bytes of the decoded text.
func decodeSource(src []byte) (text []byte, binary bool) {
	switch {
	case bytes.HasPrefix(src, []byte{0xEF, 0xBB, 0xBF}):
		src = src[3:]
	case bytes.HasPrefix(src, []byte{0xFF, 0xFE}):
		src = decodeUTF16(src[2:], false)
	case bytes.HasPrefix(src, []byte{0xFE, 0xFF}):
		src = decodeUTF16(src[2:], true)
	}
	head := src
	if len(head) > binarySniffLen {
		head = head[:binarySniffLen]
	}
	return src, bytes.IndexByte(head, 0) >= 0
}

// decodeUTF16 converts UTF-16 code units to UTF-8. A trailing odd byte is
// dropped; unpaired surrogates become U+FFFD.
func decodeUTF16(b []byte, bigEndian bool) []byte {
	units := make([]uint16, len(b)/2)
	for i := range units {
		lo, hi := b[2*i], b[2*i+1]
		if bigEndian {
			lo, hi = hi, lo
		}
		units[i] = uint16(lo) | uint16(hi)<<8
	}
	runes := utf16.Decode(units)
	out := make([]byte, 0, len(runes))
	for _, r := range runes {
		out = utf8.AppendRune(out, r)
	}
	return out
}

// markdownSource returns the bytes handed to goldmark: src with each lone
// CR turned into LF (goldmark only ends lines at LF; the byte length and so
// every offset stays the same) and the front matter, which ends before
// offset bodyStart, blanked with spaces so it is not read as Markdown.
// src itself is never modified.
func markdownSource(src []byte, bodyStart int) []byte {
	needCopy := bodyStart > 0
	if !needCopy {
		for i, c := range src {
			if c == '\r' && (i+1 == len(src) || src[i+1] != '\n') {
				needCopy = true
				break
			}
		}
	}
	if !needCopy {
		return src
	}
	out := make([]byte, len(src))
	copy(out, src)
	for i, c := range out {
		switch {
		case c == '\r' && (i+1 == len(out) || out[i+1] != '\n'):
			out[i] = '\n'
		case i < bodyStart && c != '\n':
			out[i] = ' '
		}
	}
	return out
}
