package gitsrc

import "strings"

// AddedLineNumbers returns the 1-based numbers of the lines of newText that a
// minimal line diff from oldText marks as inserted (added or changed lines;
// a changed line is a delete plus an insert). It uses Myers' O((N+M)D)
// algorithm in its linear-space form (middle snake, divide and conquer).
func AddedLineNumbers(oldText, newText string) map[int]bool {
	a, b := internLines(splitLines(oldText), splitLines(newText))
	added := make([]bool, len(b))
	size := (len(a)+len(b)+1)/2 + 2
	d := &differ{vf: make([]int, 2*size+1), vb: make([]int, 2*size+1), added: added}
	d.diff(a, b, 0)
	out := map[int]bool{}
	for i, isAdded := range added {
		if isAdded {
			out[i+1] = true
		}
	}
	return out
}

// splitLines splits text into lines; a final newline does not start a line.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.Split(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r") // a CRLF/LF change is not an edit
	}
	return lines
}

// internLines maps equal lines to equal ints, so comparisons are cheap.
func internLines(old, new []string) ([]int, []int) {
	ids := map[string]int{}
	conv := func(ls []string) []int {
		out := make([]int, len(ls))
		for i, l := range ls {
			id, ok := ids[l]
			if !ok {
				id = len(ids)
				ids[l] = id
			}
			out[i] = id
		}
		return out
	}
	return conv(old), conv(new)
}

type differ struct {
	vf, vb []int  // furthest reaching x per diagonal, forward and backward
	added  []bool // per line of the new text
}

// diff marks the lines of b (which starts at bOff in the whole new text) that
// are not part of a longest common subsequence with a.
func (d *differ) diff(a, b []int, bOff int) {
	for len(a) > 0 && len(b) > 0 && a[0] == b[0] {
		a, b, bOff = a[1:], b[1:], bOff+1
	}
	for len(a) > 0 && len(b) > 0 && a[len(a)-1] == b[len(b)-1] {
		a, b = a[:len(a)-1], b[:len(b)-1]
	}
	if len(b) == 0 {
		return
	}
	if len(a) == 0 {
		for i := range b {
			d.added[bOff+i] = true
		}
		return
	}
	// Both non-empty and trimmed: the edit distance is at least 2, so each
	// half below has a strictly smaller distance and the recursion ends.
	x, y, u, v, ok := d.middleSnake(a, b)
	if !ok {
		for i := range b {
			d.added[bOff+i] = true
		}
		return
	}
	d.diff(a[:x], b[:y], bOff)
	d.diff(a[u:], b[v:], bOff+v)
}

// middleSnake finds the middle snake of an optimal edit path from a to b:
// the diagonal run from (x, y) to (u, v) where the forward and backward
// searches meet.
func (d *differ) middleSnake(a, b []int) (x, y, u, v int, ok bool) {
	n, m := len(a), len(b)
	maxD := (n + m + 1) / 2
	off := maxD + 1
	delta := n - m
	odd := delta%2 != 0
	vf, vb := d.vf, d.vb
	vf[off+1], vb[off+1] = 0, 0
	for dd := 0; dd <= maxD; dd++ {
		for k := -dd; k <= dd; k += 2 {
			var px int
			if k == -dd || (k != dd && vf[off+k-1] < vf[off+k+1]) {
				px = vf[off+k+1]
			} else {
				px = vf[off+k-1] + 1
			}
			py := px - k
			sx, sy := px, py
			for px < n && py < m && a[px] == b[py] {
				px, py = px+1, py+1
			}
			vf[off+k] = px
			if kb := delta - k; odd && kb >= -(dd-1) && kb <= dd-1 && px+vb[off+kb] >= n {
				return sx, sy, px, py, true
			}
		}
		for k := -dd; k <= dd; k += 2 {
			var px int
			if k == -dd || (k != dd && vb[off+k-1] < vb[off+k+1]) {
				px = vb[off+k+1]
			} else {
				px = vb[off+k-1] + 1
			}
			py := px - k
			sx, sy := px, py
			for px < n && py < m && a[n-px-1] == b[m-py-1] {
				px, py = px+1, py+1
			}
			vb[off+k] = px
			if kf := delta - k; !odd && kf >= -dd && kf <= dd && px+vf[off+kf] >= n {
				return n - px, m - py, n - sx, m - sy, true
			}
		}
	}
	// Unreachable: the searches always meet by maxD.
	return 0, 0, 0, 0, false
}
