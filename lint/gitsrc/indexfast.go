package gitsrc

import (
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
)

// decodeIndex decodes a git index file held in memory. go-git's decoder
// reads it field by field through reflection, several allocations per
// entry: ~100 ms for a 40,000-entry index, on the pre-commit hook's critical
// path. The fast decoder below gives the same Version and Entries as
// go-git's for every index go-git reads; whatever it does not fully
// understand goes to go-git's decoder. Two differences: an index whose
// optional extensions (TREE, REUC, EOIE) are malformed is read, as git
// reads it, where go-git refuses it; and a version-4 index whose names would
// take more than idxNameRatio times its size is refused, where go-git would
// try to allocate them.
func decodeIndex(data []byte) (*index.Index, error) {
	idx, r := decodeIndexWhy(data)
	switch r {
	case fastOK:
		return idx, nil
	case fastTooLong:
		return nil, errIndexNames
	}
	idx = &index.Index{}
	if err := index.NewDecoder(bytes.NewReader(data)).Decode(idx); err != nil {
		return nil, err
	}
	return idx, nil
}

const (
	idxHeaderLen = 12 // "DIRC", version, entry count
	idxFixedLen  = 62 // an entry's stat data, object id and flags
	idxHashLen   = 20 // the trailing SHA-1
	// idxMinEntry is the smallest entry on disk in any version (62 bytes,
	// then an empty name padded, or a 1-byte strip length and its NUL): it
	// bounds the entry count by the file length before anything is allocated.
	idxMinEntry = 64
	// idxNameRatio bounds the total length of the names of a version-4 index
	// (prefix compression can make it quadratic in the file length) at this
	// many times the file length: 64-byte entries with 4096-byte paths.
	idxNameRatio = 64

	idxFlagExtended = 0x4000
	idxNameMask     = 0xfff
	idxIntentToAdd  = 1 << 13
	idxSkipWorktree = 1 << 14
)

// fastResult is how decodeIndexWhy ended.
type fastResult int

const (
	fastOK       fastResult = iota
	fastFallback            // go-git's decoder decides
	fastTooLong             // version 4 names past idxNameRatio times the file
)

var errIndexNames = errors.New("its path names would take more than 64 times its size (a damaged index?)")

// decodeIndexWhy decodes versions 2 to 4 of the index format
// (https://git-scm.com/docs/index-format) exactly as go-git's index.Decoder
// reads entries, padding included. It returns nothing, and fastFallback, for
// anything else: a malformed layout, a bad checksum, an extension that
// changes the entries' meaning (split index "link", sparse "sdir": lower-case
// signatures, which go-git refuses as well). Optional extensions (upper-case
// signatures, TREE and REUC among them) are skipped: rolelint uses none.
func decodeIndexWhy(data []byte) (*index.Index, fastResult) {
	if len(data) < idxHeaderLen+idxHashLen || string(data[:4]) != "DIRC" {
		return nil, fastFallback
	}
	ver := binary.BigEndian.Uint32(data[4:])
	if ver < 2 || ver > 4 {
		return nil, fastFallback
	}
	count := binary.BigEndian.Uint32(data[8:])
	if uint64(count) > uint64(len(data)-idxHeaderLen-idxHashLen)/idxMinEntry {
		return nil, fastFallback
	}
	n := int(count)
	// Entries and extensions end where the checksum starts.
	body := data[:len(data)-idxHashLen]
	// The checksum (4 ms for the 40,000 entries of the pre-commit hook) is
	// computed on another core while the entries are decoded; a decoded
	// index whose checksum turns out wrong is dropped.
	sumOK := checkIndexSum(body, data[len(body):])

	// Pass 1: the layout and the names' total length; nothing is allocated
	// until the whole file is known to be well formed.
	off := idxHeaderLen
	var total, prev int64 // all names' length; the previous name's (version 4)
	maxTotal := min(int64(len(data))*idxNameRatio, math.MaxInt)
	for i := 0; i < n; i++ {
		p, ok := idxNamePos(body, off)
		if !ok {
			return nil, fastFallback
		}
		var l int64
		if ver == 4 {
			strip, q, ok := idxVarint(body, p)
			if !ok || strip > uint64(prev) {
				return nil, fastFallback
			}
			nul := bytes.IndexByte(body[q:], 0)
			if nul < 0 {
				return nil, fastFallback
			}
			l = prev - int64(strip) + int64(nul)
			off = q + nul + 1
		} else {
			nl, end, ok := idxNameV2(body, off, p)
			if !ok {
				return nil, fastFallback
			}
			l = int64(nl)
			off = end
		}
		prev = l
		if total += l; total > maxTotal {
			return nil, fastTooLong
		}
	}
	for off < len(body) {
		// An extension: signature, length, data. go-git rejects lower-case
		// (mandatory) ones; so does this.
		if len(body)-off < 8 || body[off] < 'A' || body[off] > 'Z' {
			return nil, fastFallback
		}
		size := binary.BigEndian.Uint32(body[off+4:])
		if uint64(size) > uint64(len(body)-off-8) {
			return nil, fastFallback
		}
		off += 8 + int(size)
	}

	// Pass 2: fill one slab of entries and one string of all names.
	idx := &index.Index{Version: ver}
	if n == 0 {
		if !sumOK() {
			return nil, fastFallback
		}
		return idx, fastOK // go-git leaves Entries nil
	}
	entries := make([]index.Entry, n)
	idx.Entries = make([]*index.Entry, n)
	// All names go into one string: a Builder never changes the bytes it
	// holds, so each entry's name is a substring of what it has so far.
	var names strings.Builder
	names.Grow(int(total))
	prevName := ""
	off = idxHeaderLen
	for i := range entries {
		e := &entries[i]
		idx.Entries[i] = e
		b := body[off:]
		sec, nsec := binary.BigEndian.Uint32(b[0:]), binary.BigEndian.Uint32(b[4:])
		if sec != 0 || nsec != 0 {
			e.CreatedAt = time.Unix(int64(sec), int64(nsec))
		}
		msec, mnsec := binary.BigEndian.Uint32(b[8:]), binary.BigEndian.Uint32(b[12:])
		if msec != 0 || mnsec != 0 {
			e.ModifiedAt = time.Unix(int64(msec), int64(mnsec))
		}
		e.Dev = binary.BigEndian.Uint32(b[16:])
		e.Inode = binary.BigEndian.Uint32(b[20:])
		e.Mode = filemode.FileMode(binary.BigEndian.Uint32(b[24:]))
		e.UID = binary.BigEndian.Uint32(b[28:])
		e.GID = binary.BigEndian.Uint32(b[32:])
		e.Size = binary.BigEndian.Uint32(b[36:])
		copy(e.Hash[:], b[40:60])
		flags := binary.BigEndian.Uint16(b[60:])
		e.Stage = index.Stage(flags>>12) & 0x3
		if flags&idxFlagExtended != 0 {
			ext := binary.BigEndian.Uint16(b[62:])
			e.IntentToAdd = ext&idxIntentToAdd != 0
			e.SkipWorktree = ext&idxSkipWorktree != 0
		}
		p, _ := idxNamePos(body, off) // pass 1 checked every bound
		start := names.Len()
		if ver == 4 {
			strip, q, _ := idxVarint(body, p)
			nul := bytes.IndexByte(body[q:], 0)
			names.WriteString(prevName[:len(prevName)-int(strip)])
			names.Write(body[q : q+nul])
			off = q + nul + 1
		} else {
			nl, end, _ := idxNameV2(body, off, p)
			names.Write(body[p : p+nl])
			off = end
		}
		e.Name = names.String()[start:]
		prevName = e.Name
	}
	if !sumOK() {
		return nil, fastFallback
	}
	return idx, fastOK
}

// idxSumAsync is the index size from which checkIndexSum hashes on another
// goroutine: below it, starting one costs more than it saves.
const idxSumAsync = 256 << 10

// checkIndexSum starts checking body's SHA-1 against trailer and returns
// a function that waits for the answer. An all-zero trailer is git's
// index.skipHash (on with feature.manyFiles since git 2.40, so on exactly
// the large repositories): git, libgit2 and JGit read such an index without
// a checksum. go-git v5 refuses it.
func checkIndexSum(body, trailer []byte) func() bool {
	if allZero(trailer) {
		return func() bool { return true }
	}
	check := func() bool {
		sum := sha1.Sum(body)
		return bytes.Equal(sum[:], trailer)
	}
	if len(body) < idxSumAsync {
		ok := check()
		return func() bool { return ok }
	}
	done := make(chan bool, 1)
	go func() { done <- check() }()
	return sync.OnceValue(func() bool { return <-done })
}

// idxNamePos returns where the name part of the entry at off starts (after
// the extended flags, when present), or false when the entry is cut short.
func idxNamePos(body []byte, off int) (int, bool) {
	p := off + idxFixedLen
	if p > len(body) {
		return 0, false
	}
	if binary.BigEndian.Uint16(body[p-2:])&idxFlagExtended != 0 {
		if p += 2; p > len(body) {
			return 0, false
		}
	}
	return p, true
}

// idxNameV2 reads a version 2 or 3 name starting at p of the entry at off
// as go-git does: the 12-bit length, or up to a NUL when it is saturated
// (0xFFF), then NUL padding to a multiple of 8 (not checked, as go-git does
// not). It returns the name's length and where the next entry starts.
func idxNameV2(body []byte, off, p int) (int, int, bool) {
	hdr := p - off
	nl := int(binary.BigEndian.Uint16(body[off+idxFixedLen-2:]) & idxNameMask)
	var end int
	if nl == idxNameMask {
		nl = bytes.IndexByte(body[p:], 0)
		if nl < 0 {
			return 0, 0, false
		}
		end = p + nl + 1 + max(8-(hdr+nl)%8-1, 0)
	} else {
		end = p + nl + 8 - (hdr+nl)%8
	}
	if end > len(body) {
		return 0, 0, false
	}
	return nl, end, true
}

// idxVarint reads the offset-encoded varint of version 4 (the strip
// length). Values past 2^40 fail: no name is that long (see idxNameRatio),
// and go-git fails on them too (too long to strip, or an overflow).
func idxVarint(b []byte, p int) (uint64, int, bool) {
	if p >= len(b) {
		return 0, 0, false
	}
	c := b[p]
	p++
	v := uint64(c & 0x7f)
	for c&0x80 != 0 {
		if v >= 1<<40 || p >= len(b) {
			return 0, 0, false
		}
		c = b[p]
		p++
		v = (v+1)<<7 + uint64(c&0x7f)
	}
	return v, p, true
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
