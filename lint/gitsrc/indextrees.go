package gitsrc

import (
	"crypto/sha1"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
)

// indexTrees holds the tree id of each folder of an index, computed from its
// entries as `git write-tree` would, without writing anything. A folder of
// the merge base whose tree has the same id holds exactly the index's
// entries there (the id hashes every name, mode and blob id below it), so
// --staged --since reads only the base's trees of folders that changed: on
// the pre-commit hook, a handful of 170 trees, not all 40,000 entries.
//
// The ids are computed, never taken from the index's TREE extension (git's
// cache-tree): a stale or wrong extension would then hide a change, and
// checking it costs what computing does.
type indexTrees struct {
	entries []*index.Entry // sorted by name
	dirs    []indexDir     // in walk order (a folder before what it holds), the root first
	at      map[string]int // folder path -> its place in dirs
}

type indexDir struct {
	path string
	id   plumbing.Hash
	// ok is false when the folder holds what a tree cannot: a conflict, a
	// name git would not write, an unusual mode. Its id is then never used.
	ok     bool
	lo, hi int // entries[lo:hi] are the folder's, all the way down
}

// computeIndexTrees computes the folders' tree ids; nil when the entries are
// not in git's order (a damaged index), where folders would not be
// contiguous.
func computeIndexTrees(entries []*index.Entry) *indexTrees {
	for i, e := range entries {
		// A name with an empty folder part ("/a", "a//b", "a/") is not one
		// git writes; the folders below would not be found.
		if n := e.Name; n == "" || n[0] == '/' || n[len(n)-1] == '/' || strings.Contains(n, "//") {
			return nil
		}
		if i > 0 {
			if a := entries[i-1]; a.Name > e.Name || a.Name == e.Name && a.Stage >= e.Stage {
				return nil
			}
		}
	}
	t := &indexTrees{entries: entries, at: make(map[string]int, 64)}
	// The content of every open folder, innermost last, is one buffer: a
	// folder's tree is hashed and cut off when it closes, and its entry goes
	// to its parent, whose content is then at the end again.
	type open struct {
		dir   int // in t.dirs
		start int // where its content starts in buf
		bad   bool
	}
	buf := make([]byte, 0, 64<<10) // the open folders' content: a few hundred entries
	var stack []open
	push := func(path string, lo int) {
		t.at[path] = len(t.dirs)
		t.dirs = append(t.dirs, indexDir{path: path, lo: lo})
		stack = append(stack, open{dir: len(t.dirs) - 1, start: len(buf)})
	}
	var hdr []byte
	pop := func(hi int) {
		o := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		d := &t.dirs[o.dir]
		d.hi = hi
		if !o.bad {
			hdr = append(strconv.AppendInt(append(hdr[:0], "tree "...), int64(len(buf)-o.start), 10), 0)
			h := sha1.New()
			h.Write(hdr)
			h.Write(buf[o.start:])
			h.Sum(d.id[:0])
			d.ok = true
		}
		empty := len(buf) == o.start
		buf = buf[:o.start]
		if len(stack) == 0 {
			return
		}
		parent := &stack[len(stack)-1]
		if !d.ok {
			parent.bad = true
			return
		}
		if empty {
			return // intent-to-add entries only: git writes no tree for it
		}
		buf = append(buf, "40000 "...)
		buf = append(buf, d.path[strings.LastIndexByte(d.path, '/')+1:]...)
		buf = append(buf, 0)
		buf = append(buf, d.id[:]...)
	}
	push("", 0)
	for i, e := range entries {
		dir, base := "", e.Name
		k := strings.LastIndexByte(e.Name, '/')
		if k >= 0 {
			dir, base = e.Name[:k], e.Name[k+1:]
		}
		for top := t.dirs[stack[len(stack)-1].dir].path; top != "" && dir != top && !strings.HasPrefix(dir, top+"/"); top = t.dirs[stack[len(stack)-1].dir].path {
			pop(i)
		}
		for top := t.dirs[stack[len(stack)-1].dir].path; top != dir; top = t.dirs[stack[len(stack)-1].dir].path {
			rest := dir
			if top != "" {
				rest = dir[len(top)+1:]
			}
			part, _, _ := strings.Cut(rest, "/")
			name := dir[:len(part)] // a slice of dir: no copy per level
			if top != "" {
				name = dir[:len(top)+1+len(part)]
			}
			push(name, i)
			if !treeName(name[strings.LastIndexByte(name, '/')+1:]) {
				stack[len(stack)-1].bad = true
			}
		}
		top := &stack[len(stack)-1]
		switch {
		case e.Stage != 0 || !treeName(base):
			top.bad = true // git cannot write this tree; the base's is read
		case e.IntentToAdd:
			// `git add -N`: not in the tree git would write, nor in the view.
		case e.Mode == filemode.Regular || e.Mode == filemode.Executable || e.Mode == filemode.Symlink || e.Mode == filemode.Submodule:
			buf = append(buf, treeMode(e.Mode)...)
			buf = append(buf, ' ')
			buf = append(buf, base...)
			buf = append(buf, 0)
			buf = append(buf, e.Hash[:]...)
		default:
			top.bad = true
		}
	}
	for len(stack) > 0 {
		pop(len(entries))
	}
	return t
}

// treeMode is the octal mode of a tree entry, as strconv would write it
// (one of the four modes a tree of the index holds), without converting it
// for each of 40,000 entries.
func treeMode(m filemode.FileMode) string {
	switch m {
	case filemode.Regular:
		return "100644"
	case filemode.Executable:
		return "100755"
	case filemode.Symlink:
		return "120000"
	case filemode.Submodule:
		return "160000"
	}
	return strconv.FormatUint(uint64(m), 8)
}

// treeName reports whether git writes name as a tree entry; the walk of the
// base refuses the others (see walkTree).
func treeName(name string) bool {
	return name != "" && name != "." && name != ".." && strings.IndexByte(name, 0) < 0
}

// same returns the folder dir's place in dirs when its tree id is id.
func (t *indexTrees) same(dir string, id plumbing.Hash) (int, bool) {
	if t == nil {
		return 0, false
	}
	k, ok := t.at[dir]
	if !ok || !t.dirs[k].ok || t.dirs[k].id != id {
		return 0, false
	}
	return k, true
}

// files appends the files of folder dirs[k], all the way down, as the walk
// of an identical tree would list them.
func (t *indexTrees) files(k int, out []rawEntry) []rawEntry {
	d := t.dirs[k]
	for _, e := range t.entries[d.lo:d.hi] {
		if e.Stage == 0 && !e.IntentToAdd && e.Mode.IsFile() {
			out = append(out, rawEntry{e.Name, blobEntry{hash: e.Hash, mode: e.Mode, size: -1}})
		}
	}
	return out
}

// hasLink reports whether folder dirs[k] holds a symlink, all the way down.
func (t *indexTrees) hasLink(k int) bool {
	d := t.dirs[k]
	for _, e := range t.entries[d.lo:d.hi] {
		if e.Mode == filemode.Symlink {
			return true
		}
	}
	return false
}

// subtrees calls fn for folder dirs[k] and each folder below it, in walk
// order, until fn fails.
func (t *indexTrees) subtrees(k int, fn func(d indexDir) error) error {
	prefix := t.dirs[k].path + "/"
	for j := k; j < len(t.dirs); j++ {
		if j > k && prefix != "/" && !strings.HasPrefix(t.dirs[j].path, prefix) {
			break
		}
		if err := fn(t.dirs[j]); err != nil {
			return err
		}
	}
	return nil
}
