package gitsrc

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/objfile"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/rolelint/rolelint/lint"
)

// objectSize is the inflated size of an object, read from its header only.
//
// It exists because go-git's ObjectStorage.EncodedObjectSize leaks a file
// descriptor per call on a loose object: it opens the object file and closes
// only the zlib reader on top of it (objfile.Reader.Close does not close the
// underlying reader), so the file stays open until a finalizer runs. Called
// once per file of a large repository, that exhausts the descriptor limit and
// later reads fail. Loose objects are therefore read here, closing both the
// zlib reader and the file; packed objects (and storers that are not on disk)
// still go through EncodedObjectSize, which closes what it opens for them.
func (r *Repo) objectSize(h plumbing.Hash) (int64, error) {
	r.objectsReady()
	if s, ok := r.storage(); ok {
		f, err := s.Filesystem().Open(looseObjectPath(h))
		if err == nil {
			return looseObjectSize(f)
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return 0, err
		}
	}
	return r.git.Storer.EncodedObjectSize(h)
}

// looseObjectPath is where object h lies when loose, relative to the git
// directory.
func looseObjectPath(h plumbing.Hash) string {
	hex := h.String()
	return path.Join("objects", hex[:2], hex[2:])
}

// looseObjectSize reads the header of a loose object file and closes it.
func looseObjectSize(f io.ReadCloser) (size int64, err error) {
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	zr, err := objfile.NewReader(f)
	if err != nil {
		return 0, err
	}
	defer zr.Close()
	_, size, err = zr.Header()
	return size, err
}

// readBlob returns the content of blob h, failing with lint.ErrTooLarge
// (after reading only the object header) when it is over limit bytes
// (limit <= 0: no limit). A loose object is inflated straight from its file,
// opened once and closed; a packed one is read through go-git.
func (r *Repo) readBlob(h plumbing.Hash, limit int64) ([]byte, error) {
	r.objectsReady()
	if s, ok := r.storage(); ok {
		f, err := s.Filesystem().Open(looseObjectPath(h))
		if err == nil {
			return readLooseBlob(f, h, limit)
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	if limit > 0 {
		if size, err := r.git.Storer.EncodedObjectSize(h); err == nil && size > limit {
			return nil, fmt.Errorf("%d bytes, over the limit of %d bytes: %w", size, limit, lint.ErrTooLarge)
		}
	}
	b, err := object.GetBlob(r.git.Storer, h)
	if err != nil {
		return nil, err
	}
	rc, err := b.Reader()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return readAtMost(rc, h.String(), b.Size, limit)
}

// readLooseBlob inflates a loose object file that must hold a blob, and
// closes it.
func readLooseBlob(f io.ReadCloser, h plumbing.Hash, limit int64) ([]byte, error) {
	defer f.Close()
	zr, err := objfile.NewReader(f)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	typ, size, err := zr.Header()
	if err != nil {
		return nil, err
	}
	if typ != plumbing.BlobObject {
		return nil, fmt.Errorf("object %s is a %s, not a blob: %w", h, typ, plumbing.ErrObjectNotFound)
	}
	if limit > 0 && size > limit {
		return nil, fmt.Errorf("%d bytes, over the limit of %d bytes: %w", size, limit, lint.ErrTooLarge)
	}
	return readAtMost(zr, h.String(), size, limit)
}

// eachTreeEntry calls fn for every entry of commit c's tree, recursively,
// folders before what they hold. what names the commit in errors ("commit
// abc1234", "the merge base abc1234").
//
// It walks the tree objects itself instead of using go-git's TreeWalker: the
// walker ends quietly, as if the tree were done, when a subtree is not in
// the object store (a partial clone, a damaged repository), and the files of
// that folder and of every folder after it would silently go unlinted. Here
// a tree that cannot be read fails the walk (see treeError).
func (r *Repo) eachTreeEntry(c *object.Commit, what string, fn func(name string, e object.TreeEntry)) error {
	tree, err := r.readTree(c.TreeHash, "", what)
	if err != nil {
		return err
	}
	return r.walkTree(tree, "", what, fn)
}

// walkTree calls fn for the entries of tree t, the folder dir, and below.
func (r *Repo) walkTree(t *object.Tree, dir, what string, fn func(name string, e object.TreeEntry)) error {
	for _, e := range t.Entries {
		name, err := entryPath(t, dir, what, e)
		if err != nil {
			return err
		}
		fn(name, e)
		if e.Mode != filemode.Dir {
			continue
		}
		sub, err := r.readTree(e.Hash, name, what)
		if err != nil {
			return err
		}
		if err := r.walkTree(sub, name, what, fn); err != nil {
			return err
		}
	}
	return nil
}

// entryPath is the path of entry e of tree t, the folder dir of what. An
// entry name git never writes ("", ".", "..", one with a slash) is damage:
// two entries could then claim one path.
func entryPath(t *object.Tree, dir, what string, e object.TreeEntry) (string, error) {
	if e.Name == "" || e.Name == "." || e.Name == ".." || strings.IndexByte(e.Name, '/') >= 0 {
		return "", userErrorf("the tree of %s (object %s) in %s holds an invalid entry name %q; the repository is damaged (`git fsck` tells more)", folderName(dir), t.Hash, what, e.Name)
	}
	if dir == "" {
		return e.Name, nil
	}
	return dir + "/" + e.Name, nil
}

// readTree reads tree object h, which holds folder dir ("" for the root) of
// what; errors are treeError's.
func (r *Repo) readTree(h plumbing.Hash, dir, what string) (*object.Tree, error) {
	if err := checkTreeDepth(dir, what); err != nil {
		return nil, err
	}
	t, err := r.git.TreeObject(h)
	if err != nil {
		return nil, r.treeError(h, dir, what, err)
	}
	return t, nil
}

// maxTreeDepth is how deep folders may nest, go-git's TreeWalker limit (the
// walks replaced it): a deeper tree is damaged or hostile, and every level
// keeps its path in memory.
const maxTreeDepth = 1024

// checkTreeDepth fails when folder dir of what is nested deeper than
// maxTreeDepth.
func checkTreeDepth(dir, what string) error {
	if dir == "" || strings.Count(dir, "/") < maxTreeDepth {
		return nil
	}
	top, _, _ := strings.Cut(dir, "/")
	return userErrorf("the folders under %s in %s nest more than %d deep; the repository is damaged (`git fsck` tells more)", top, what, maxTreeDepth)
}

// treeError says which folder's tree (dir, "" for the root; object h) of
// what could not be read. It stops the run (exit 3) rather than lint what is
// left: the files under that folder would be missing from the result unsaid.
func (r *Repo) treeError(h plumbing.Hash, dir, what string, err error) error {
	if errors.Is(err, plumbing.ErrObjectNotFound) {
		return userErrorf("cannot read the tree of %s (object %s) in %s: %v; it is missing from the object store (a partial clone or a damaged repository?), so the files under it cannot be linted. `git fsck` tells which objects are missing; fetch them, or lint a full clone", folderName(dir), h, what, err)
	}
	return userErrorf("cannot read the tree of %s (object %s) in %s: %v; the repository may be damaged (`git fsck` tells more)", folderName(dir), h, what, err)
}

func folderName(dir string) string {
	if dir == "" {
		return "the root folder"
	}
	return "folder " + dir
}
