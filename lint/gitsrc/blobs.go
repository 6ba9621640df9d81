package gitsrc

import (
	"encoding/hex"
	"errors"
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/rolelint/rolelint/lint"
)

// blobEntry is one path of a view stored in git objects (index or tree).
type blobEntry struct {
	hash plumbing.Hash
	mode filemode.FileMode
	size int64 // -1 when unknown (tree entries carry no size)
}

// blobView is the common part of Index and Rev: the paths of the view and
// their blobs, read from the object store. Symlinks that point to a file of
// the same view are kept and read through; other symlinks are noted and left
// out. Read finds a path by binary search in blobs: a map of every path
// cost more to build (40,000 paths on the pre-commit hook) than the few
// reads that a run makes look up.
type blobView struct {
	repo  *Repo
	files []lint.File // sorted by path
	// blobs[i] is files[i]'s path and blob (a symlink's target's blob for a
	// symlink), kept apart from files, which callers are given.
	blobs []rawEntry
	notes []lint.SourceNote
}

// rawEntry is one path of a view as read, before symlinks are resolved.
type rawEntry struct {
	path string
	blobEntry
}

func newBlobView(r *Repo) *blobView {
	return &blobView{repo: r}
}

// finish resolves symlinks against the view's own files and sorts the
// listing. raw comes in index or tree order, sorted by path already; when it
// is not (a damaged index or tree), it is sorted here, and of several
// entries of one path the last counts.
func (v *blobView) finish(raw []rawEntry) {
	raw = sortedUnique(raw)
	v.files = make([]lint.File, 0, len(raw))
	// Without symlinks, nothing is resolved: raw is the blobs already (2 MB
	// not copied on the pre-commit hook).
	links := slices.ContainsFunc(raw, func(e rawEntry) bool { return e.mode == filemode.Symlink })
	v.blobs = raw
	if links {
		v.blobs = make([]rawEntry, 0, len(raw))
	}
	for _, e := range raw {
		b := e.blobEntry
		if e.mode == filemode.Symlink {
			target, ok := v.resolveLink(raw, e.path)
			if !ok {
				continue
			}
			b = target
		}
		v.files = append(v.files, lint.File{Path: e.path, Size: b.size})
		if links {
			v.blobs = append(v.blobs, rawEntry{e.path, b})
		}
	}
	// The blob ids go into one string, as the index's names do (see
	// decodeIndexWhy): one allocation instead of one a file.
	const hexLen = 2 * len(plumbing.ZeroHash)
	var ids strings.Builder
	ids.Grow(len(v.blobs) * hexLen)
	var buf [hexLen]byte
	for _, b := range v.blobs {
		hex.Encode(buf[:], b.hash[:])
		ids.Write(buf[:])
	}
	all := ids.String()
	for i := range v.files {
		v.files[i].Hash = all[i*hexLen : (i+1)*hexLen]
	}
	sort.SliceStable(v.notes, func(i, j int) bool { return v.notes[i].Path < v.notes[j].Path })
}

// sortedUnique returns raw sorted by path, keeping the last entry of each
// path; it sorts (in place) only when raw is not strictly increasing.
func sortedUnique(raw []rawEntry) []rawEntry {
	sorted := true
	for i := 1; i < len(raw); i++ {
		if raw[i-1].path >= raw[i].path {
			sorted = false
			break
		}
	}
	if sorted {
		return raw
	}
	sort.SliceStable(raw, func(i, j int) bool { return raw[i].path < raw[j].path })
	out := raw[:0]
	for i, e := range raw {
		if i+1 < len(raw) && raw[i+1].path == e.path {
			continue // a later entry of the same path wins
		}
		out = append(out, e)
	}
	return out
}

// lookupRaw finds path in raw (sorted by path, unique).
func lookupRaw(raw []rawEntry, path string) (blobEntry, bool) {
	i, ok := sort.Find(len(raw), func(i int) int { return strings.Compare(path, raw[i].path) })
	if !ok {
		return blobEntry{}, false
	}
	return raw[i].blobEntry, true
}

// resolveLink follows a symlink (its blob is the target path) through at
// most 8 hops, staying inside the view, and returns the target's entry.
func (v *blobView) resolveLink(raw []rawEntry, link string) (blobEntry, bool) {
	e, note := followLink(link, func(p string) (blobEntry, bool) { return lookupRaw(raw, p) }, v.blob)
	if note != "" {
		v.notes = append(v.notes, lint.SourceNote{Path: link, Message: note})
		return blobEntry{}, false
	}
	return e, true
}

// followLink follows symlink link (its blob, read with read, is the target
// path) through at most 8 hops, staying inside the tree lookup answers for,
// and returns the target's entry, or the note that says why there is none.
func followLink(link string, lookup func(string) (blobEntry, bool), read func(plumbing.Hash, int64) ([]byte, error)) (blobEntry, string) {
	cur := link
	e, _ := lookup(cur)
	for hops := 0; hops < 8; hops++ {
		if e.mode != filemode.Symlink {
			return e, ""
		}
		data, err := read(e.hash, 4096)
		if err != nil {
			return blobEntry{}, noteSymlinkBroken
		}
		target := string(data)
		if strings.HasPrefix(target, "/") {
			return blobEntry{}, noteSymlinkOutside
		}
		next := path.Join(path.Dir(cur), target)
		if next == ".." || strings.HasPrefix(next, "../") {
			return blobEntry{}, noteSymlinkOutside
		}
		var ok bool
		if e, ok = lookup(next); !ok {
			return blobEntry{}, "symlink to a directory or a missing file, not followed"
		}
		cur = next
	}
	return blobEntry{}, noteSymlinkBroken
}

// Files lists the view.
func (v *blobView) Files() ([]lint.File, error) { return v.files, nil }

// Notes lists what the view skipped.
func (v *blobView) Notes() []lint.SourceNote { return v.notes }

// Read returns a file's blob, checking its size before inflating it.
func (v *blobView) Read(rel string, limit int64) ([]byte, error) {
	e, ok := lookupRaw(v.blobs, rel)
	if !ok {
		return nil, fmt.Errorf("read %s: no such file in this view", rel)
	}
	data, err := v.blob(e.hash, limit)
	if err != nil {
		if errors.Is(err, lint.ErrTooLarge) {
			return nil, fmt.Errorf("%s: %w", rel, err)
		}
		return nil, fmt.Errorf("read %s (blob %s): %w", rel, e.hash, err)
	}
	return data, nil
}

// blob reads one blob of at most limit bytes (limit <= 0: no limit).
func (v *blobView) blob(h plumbing.Hash, limit int64) ([]byte, error) {
	return v.repo.readBlob(h, limit)
}
