package gitsrc

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/rolelint/rolelint/lint"
)

// Index is the --staged view: the blobs of .git/index, what the next commit
// will hold. A partially staged file is judged by its staged content; a staged
// delete is absent; a staged new file is present.
type Index struct {
	*blobView
	// entries are the index's, kept for ChangedSince (see indexTrees).
	entries []*index.Entry
}

// Index reads the index view.
func (r *Repo) Index() (*Index, error) {
	if r.root == "" {
		return nil, userErrorf("the repository is bare: it has no index to lint; use --rev REV to lint a commit")
	}
	idx, err := r.stagedIndex()
	if err != nil {
		return nil, err
	}
	v := newBlobView(r)
	raw := make([]rawEntry, 0, len(idx.Entries))
	var unmerged map[string]bool // made at the first conflict
	for _, e := range idx.Entries {
		switch {
		case e.Stage != 0:
			if !unmerged[e.Name] {
				v.notes = append(v.notes, lint.SourceNote{Path: e.Name, Message: "unmerged (merge conflict), skipped until it is resolved and staged"})
			}
			if unmerged == nil {
				unmerged = map[string]bool{}
			}
			unmerged[e.Name] = true
		case e.Mode == filemode.Submodule:
			v.notes = append(v.notes, lint.SourceNote{Path: e.Name, Message: noteSubmodule})
		case e.IntentToAdd:
			// `git add -N`: the content is not staged yet.
		default:
			raw = append(raw, rawEntry{e.Name, blobEntry{hash: e.Hash, mode: e.Mode, size: int64(e.Size)}})
		}
	}
	v.finish(raw)
	return &Index{blobView: v, entries: idx.Entries}, nil
}

// Name implements lint.Source.
func (x *Index) Name() string { return "index" }

// Root implements lint.Source.
func (x *Index) Root() string { return x.repo.root }

// Rev is the --rev view: the tree of one commit. It works in a bare repository.
type Rev struct {
	*blobView
	commit *object.Commit
}

// Rev resolves rev (a branch, tag, HEAD~2, a short or full SHA) and reads its tree.
func (r *Repo) Rev(rev string) (*Rev, error) {
	c, err := r.resolveCommit(rev)
	if err != nil {
		return nil, err
	}
	v := newBlobView(r)
	var raw []rawEntry
	err = r.eachTreeEntry(c, "commit "+short(c.Hash), func(name string, e object.TreeEntry) {
		switch e.Mode {
		case filemode.Submodule:
			v.notes = append(v.notes, lint.SourceNote{Path: name, Message: noteSubmodule})
		case filemode.Regular, filemode.Executable, filemode.Deprecated, filemode.Symlink:
			raw = append(raw, rawEntry{name, blobEntry{hash: e.Hash, mode: e.Mode, size: -1}})
		}
	})
	if err != nil {
		return nil, err
	}
	v.finish(raw)
	v.fillSizes()
	return &Rev{blobView: v, commit: c}, nil
}

// fillSizes asks the object store for the size of each blob (cheap: the
// object header only; see objectSize for why not EncodedObjectSize).
func (v *blobView) fillSizes() {
	for i := range v.files {
		if v.files[i].Size >= 0 {
			continue
		}
		if size, err := v.repo.objectSize(v.blobs[i].hash); err == nil {
			v.files[i].Size = size
		}
	}
}

// Name implements lint.Source: "rev <full sha>".
func (x *Rev) Name() string { return "rev " + x.commit.Hash.String() }

// Root implements lint.Source ("" in a bare repository).
func (x *Rev) Root() string { return x.repo.root }

// Commit is the commit this view shows.
func (x *Rev) Commit() *object.Commit { return x.commit }

// resolveCommit resolves a revision to a commit, with user-facing errors.
func (r *Repo) resolveCommit(rev string) (*object.Commit, error) {
	r.objectsReady()
	h, err := r.git.ResolveRevision(plumbing.Revision(rev))
	if err != nil || h == nil || h.IsZero() {
		if os.Getenv("GIT_QUARANTINE_PATH") != "" {
			return nil, userErrorf("revision %q not found: this runs inside a pre-receive or update hook, where git keeps pushed objects in a quarantine directory that rolelint cannot read; export the pushed tree with `git archive` and lint that directory (see docs/pre-receive.sample)", rev)
		}
		if r.Shallow() {
			return nil, userErrorf("revision %q not found; this clone is shallow, so it may simply not have been fetched. Fetch it (`git fetch origin %s`, or `git fetch --unshallow`) or, in GitHub Actions, use actions/checkout with `fetch-depth: 0`", rev, strings.TrimPrefix(rev, "origin/"))
		}
		return nil, userErrorf("revision %q not found (a branch, tag, commit SHA or an expression like HEAD~2 is expected; `git rev-parse %s` shows what git thinks)", rev, rev)
	}
	c, err := r.git.CommitObject(*h)
	if err != nil {
		return nil, r.missingObject(fmt.Sprintf("commit %s (from revision %q)", short(*h), rev), err)
	}
	return c, nil
}

// missingObject turns a go-git object error into a sentence that says what
// was being read and what to do.
func (r *Repo) missingObject(what string, err error) error {
	if errors.Is(err, plumbing.ErrObjectNotFound) {
		if r.Shallow() {
			return userErrorf("%s is not in this clone (it is shallow). Fetch more history: `git fetch --deepen=100` or, in GitHub Actions, `actions/checkout` with `fetch-depth: 0`", what)
		}
		return userErrorf("%s is missing from the object store (a partial clone or a damaged repository?); `git fsck` tells which objects are missing", what)
	}
	return userErrorf("cannot read %s: %v", what, err)
}

func short(h plumbing.Hash) string { return h.String()[:12] }
