package gitsrc

import (
	"errors"
	"fmt"
	"path"
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

// blobView is the common part of Index and Rev: a map of paths to blobs,
// read from the object store. Symlinks that point to a file of the same view
// are kept and read through; other symlinks are noted and left out.
type blobView struct {
	repo    *Repo
	entries map[string]blobEntry // regular and executable files, and resolved symlinks
	files   []lint.File
	notes   []lint.SourceNote
}

func newBlobView(r *Repo) *blobView {
	return &blobView{repo: r, entries: map[string]blobEntry{}}
}

// finish resolves symlinks against the view's own files and sorts the listing.
func (v *blobView) finish(raw map[string]blobEntry) {
	for p, e := range raw {
		if e.mode != filemode.Symlink {
			v.entries[p] = e
		}
	}
	for p, e := range raw {
		if e.mode != filemode.Symlink {
			continue
		}
		if target, ok := v.resolveLink(raw, p); ok {
			v.entries[p] = raw[target]
		}
	}
	for p, e := range v.entries {
		v.files = append(v.files, lint.File{Path: p, Size: e.size, Hash: e.hash.String()})
	}
	sort.Slice(v.files, func(i, j int) bool { return v.files[i].Path < v.files[j].Path })
	sort.SliceStable(v.notes, func(i, j int) bool { return v.notes[i].Path < v.notes[j].Path })
}

// resolveLink follows a symlink (its blob is the target path) through at
// most 8 hops, staying inside the view.
func (v *blobView) resolveLink(raw map[string]blobEntry, link string) (string, bool) {
	cur := link
	for hops := 0; hops < 8; hops++ {
		e := raw[cur]
		if e.mode != filemode.Symlink {
			return cur, true
		}
		data, err := v.blob(e.hash, 4096)
		if err != nil {
			v.notes = append(v.notes, lint.SourceNote{Path: link, Message: noteSymlinkBroken})
			return "", false
		}
		target := string(data)
		if strings.HasPrefix(target, "/") {
			v.notes = append(v.notes, lint.SourceNote{Path: link, Message: noteSymlinkOutside})
			return "", false
		}
		next := path.Join(path.Dir(cur), target)
		if next == ".." || strings.HasPrefix(next, "../") {
			v.notes = append(v.notes, lint.SourceNote{Path: link, Message: noteSymlinkOutside})
			return "", false
		}
		if _, ok := raw[next]; !ok {
			v.notes = append(v.notes, lint.SourceNote{Path: link, Message: "symlink to a directory or a missing file, not followed"})
			return "", false
		}
		cur = next
	}
	v.notes = append(v.notes, lint.SourceNote{Path: link, Message: noteSymlinkBroken})
	return "", false
}

// Files lists the view.
func (v *blobView) Files() ([]lint.File, error) { return v.files, nil }

// Notes lists what the view skipped.
func (v *blobView) Notes() []lint.SourceNote { return v.notes }

// Read returns a file's blob, checking its size before inflating it.
func (v *blobView) Read(rel string, limit int64) ([]byte, error) {
	e, ok := v.entries[rel]
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
