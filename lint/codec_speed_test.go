package lint

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math/rand"
	"reflect"
	"strings"
	"testing"
)

// refDecoder is the decoder's readers as they were before their one-byte
// fast paths: every read through one varint loop.
type refDecoder struct {
	s   string
	off int
	err error
}

func (d *refDecoder) uint() uint64 {
	if d.err != nil {
		return 0
	}
	var v uint64
	var shift uint
	for i := 0; i < binary.MaxVarintLen64; i++ {
		if d.off >= len(d.s) {
			break
		}
		c := d.s[d.off]
		d.off++
		if c < 0x80 {
			return v | uint64(c)<<shift
		}
		v |= uint64(c&0x7f) << shift
		shift += 7
	}
	d.err = errCorrupt
	return 0
}

func (d *refDecoder) int() int {
	v := d.uint()
	if v > uint64(len(d.s)) && v > 1<<31 {
		d.err = errCorrupt
		return 0
	}
	return int(v)
}

func (d *refDecoder) count() int {
	n := d.uint()
	if n > uint64(len(d.s)-d.off) {
		d.err = errCorrupt
		return 0
	}
	return int(n)
}

func (d *refDecoder) str() string {
	n := d.count()
	if d.err != nil {
		return ""
	}
	s := d.s[d.off : d.off+n]
	d.off += n
	return s
}

// TestDecoderReadersMatchReference: on random inputs (short and long
// varints, lengths past the end, truncations), every sequence of reads
// gives what the reference gives: the same values, offsets and errors.
func TestDecoderReadersMatchReference(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for round := 0; round < 20000; round++ {
		var b []byte
		for len(b) < r.Intn(40) {
			switch r.Intn(4) {
			case 0:
				b = append(b, byte(r.Intn(8))) // short lengths
			case 1:
				b = binary.AppendUvarint(b, uint64(r.Int63n(1<<uint(r.Intn(62)+1))))
			case 2:
				b = append(b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, byte(r.Intn(4)))
			default:
				b = append(b, byte(r.Intn(256)))
			}
		}
		d, ref := &decoder{s: string(b)}, &refDecoder{s: string(b)}
		for step := 0; step < 12; step++ {
			var got, want any
			op := r.Intn(4)
			switch op {
			case 0:
				got, want = d.uint(), ref.uint()
			case 1:
				got, want = d.int(), ref.int()
			case 2:
				got, want = d.count(), ref.count()
			default:
				got, want = d.str(), ref.str()
			}
			if got != want || d.off != ref.off || !errors.Is(d.err, ref.err) {
				t.Fatalf("% x, read %d (op %d): got %v at %d (%v), want %v at %d (%v)",
					b, step, op, got, d.off, d.err, want, ref.off, ref.err)
			}
		}
	}
}

// TestFieldEncodingRoundTrip: every mix of what the field flags leave out
// (a Norm equal to the Key, Values that are the one Value, a From equal to
// the previous field's, an empty File) decodes to the fields encoded.
func TestFieldEncodingRoundTrip(t *testing.T) {
	values := [][]string{nil, {"v"}, {"w"}, {"v", "w"}, {""}}
	var fields []Field
	for mask := 0; mask < 64; mask++ {
		f := Field{Key: "Key", Norm: "key", Value: "v", IsList: mask&1 != 0, Line: mask, Col: 300 + mask, From: "front-matter"}
		if mask&2 != 0 {
			f.Norm = f.Key
		}
		if mask&4 != 0 {
			f.From = "sidecar"
		}
		if mask&8 != 0 {
			f.File = "a/kep.yaml"
		}
		if mask&16 != 0 {
			f.From = ""
		}
		if mask&32 != 0 {
			f.Value = ""
		}
		for _, vs := range values {
			f.Values = vs
			fields = append(fields, f)
		}
	}
	for _, fs := range [][]Field{fields, fields[1:], fields[:1], {{}}, {{Key: "k", Norm: "k"}, {From: "x"}, {}}} {
		in := &Doc{Path: "a.md", Summary: true, Header: Header{Fields: fs}}
		var e encoder
		e.doc(in, nil)
		d := &decoder{s: string(e.b)}
		got := d.doc(0, nil)
		if d.err != nil || d.off != len(e.b) {
			t.Fatalf("decoding %d fields: %v at %d of %d", len(fs), d.err, d.off, len(e.b))
		}
		if !reflect.DeepEqual(got.Header.Fields, fs) {
			t.Fatalf("fields do not round-trip:\n%s", valueDiff(got.Header.Fields, fs))
		}
	}
}

// TestFieldEncodingCompact: a front matter's fields store each key and
// value once (not as Key and Norm, Value and Values), and their common
// source once.
func TestFieldEncodingCompact(t *testing.T) {
	d := NewParser(DefaultConfig()).Parse("backlog/US-7.md", []byte(
		"---\nid: US-7\ntitle: Export receipts\nstatus: in-progress\nowner: \"@alice\"\n---\n# US-7 Export receipts\n"))
	if len(d.Header.Fields) < 4 {
		t.Fatalf("%d fields parsed", len(d.Header.Fields))
	}
	var e encoder
	e.doc(d.Light(nil), nil)
	for _, s := range []string{"in-progress", "status", "@alice", "owner", "front-matter"} {
		if n := bytes.Count(e.b, []byte(s)); n != 1 {
			t.Errorf("%q is stored %d times: %q", s, n, strings.ToValidUTF8(string(e.b), "?"))
		}
	}
}
