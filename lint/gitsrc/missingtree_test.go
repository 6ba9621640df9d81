package gitsrc

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// missingTreeRepo commits files in nested folders with the real git binary
// (two commits, objects left loose), then deletes the loose object of the
// tree of folder gone ("" for the root tree of HEAD), as in a partial clone
// (--filter=tree:0) or a damaged repository. It returns the repository and
// the deleted tree's id.
func missingTreeRepo(t *testing.T, gone string) (dir, treeID string) {
	t.Helper()
	isolate(t)
	dir = t.TempDir()
	gitBin(t, dir, "init", "-q")
	gitBin(t, dir, "config", "gc.auto", "0") // keep every object loose
	files := map[string]string{
		"README.md":              "readme\n",
		"docs/a.md":              "a\n",
		"docs/specs/s1.md":       "s1\n",
		"docs/specs/deep/s2.md":  "s2\n",
		"zz/last.md":             "last\n",
		"docs/specs/zz-after.md": "after\n",
	}
	for p, content := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		must(t, os.MkdirAll(filepath.Dir(full), 0o755))
		must(t, os.WriteFile(full, []byte(content), 0o644))
	}
	gitBin(t, dir, "add", "-A")
	gitBin(t, dir, "commit", "-q", "-m", "base")
	// The second commit leaves docs/specs alone, so its tree is shared.
	must(t, os.WriteFile(filepath.Join(dir, "docs", "a.md"), []byte("a, edited\n"), 0o644))
	gitBin(t, dir, "commit", "-q", "-am", "edit a")

	treeID = strings.TrimSpace(gitBin(t, dir, "rev-parse", "HEAD:"+gone))
	loose := filepath.Join(dir, ".git", "objects", treeID[:2], treeID[2:])
	if err := os.Remove(loose); err != nil {
		t.Fatalf("the tree %s of %q is not a loose object: %v", treeID, gone, err)
	}
	return dir, treeID
}

// wantMissingTree checks that err is an exit-3 UserError naming the folder
// and the tree object.
func wantMissingTree(t *testing.T, what string, err error, folder, treeID string) {
	t.Helper()
	var ue *UserError
	if !errors.As(err, &ue) {
		t.Errorf("%s: got %v (%T), want a *UserError naming %s and tree %s", what, err, err, folder, treeID)
		return
	}
	if ue.Code != 3 || !strings.Contains(ue.Msg, folder) || !strings.Contains(ue.Msg, treeID) {
		t.Errorf("%s: got exit %d and %q, want exit 3 naming %s and tree %s", what, ue.Code, ue.Msg, folder, treeID)
	}
}

// A missing subtree used to end go-git's TreeWalker quietly: --rev, --since
// and the history then lacked every file from that folder on, and said
// nothing. Each must fail instead, naming the folder and the object.
func TestMissingSubtreeFails(t *testing.T) {
	dir, treeID := missingTreeRepo(t, "docs/specs")
	repo, err := Open(dir)
	must(t, err)

	rev, err := repo.Rev("HEAD")
	if err == nil {
		t.Errorf("--rev HEAD: no error; the view lists %v", paths(t, rev))
	}
	wantMissingTree(t, "--rev HEAD", err, "folder docs/specs", treeID)

	// --since over the index view: the merge base's tree is walked.
	idx, err := repo.Index()
	must(t, err)
	_, err = repo.ChangedSince("HEAD~1", idx)
	wantMissingTree(t, "--since HEAD~1", err, "folder docs/specs", treeID)

	_, _, err = repo.History(HistoryOptions{}).Stats()
	wantMissingTree(t, "history", err, "folder docs/specs", treeID)

	// The first-parent diff reads the subtree only where it changed: in
	// the root commit, compared with nothing.
	root, err := repo.resolveCommit("HEAD~1")
	must(t, err)
	_, err = repo.History(HistoryOptions{}).changedPaths(nil, root)
	wantMissingTree(t, "history diff", err, "folder docs/specs", treeID)
}

func TestMissingRootTreeFails(t *testing.T) {
	dir, treeID := missingTreeRepo(t, "")
	repo, err := Open(dir)
	must(t, err)
	_, err = repo.Rev("HEAD")
	wantMissingTree(t, "--rev HEAD", err, "root folder", treeID)
}

// The whole command: rolelint --rev HEAD and --since exit 3 and say which
// folder.
func TestMissingSubtreeCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the rolelint binary")
	}
	// Built before missingTreeRepo isolates HOME, where go finds its caches.
	bin := filepath.Join(t.TempDir(), "rolelint")
	build := exec.Command("go", "build", "-o", bin, "github.com/rolelint/rolelint")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building rolelint: %v\n%s", err, out)
	}
	dir, treeID := missingTreeRepo(t, "docs/specs")
	for _, args := range [][]string{{"--rev", "HEAD"}, {"--since", "HEAD~1"}} {
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "NO_COLOR=", "GITHUB_STEP_SUMMARY=")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		err := cmd.Run() // stdout (findings, when it wrongly runs) is not needed
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 3 || !strings.Contains(stderr.String(), "folder docs/specs") || !strings.Contains(stderr.String(), treeID) {
			t.Errorf("rolelint %v: %v, want exit 3 naming docs/specs and %s; stderr:\n%s", args, err, treeID, stderr.String())
		}
	}
}

// Entry names that git never writes ("", ".", "..", a name with a slash)
// would let two entries claim one path, or a path leave the tree: the walk
// refuses them as damage rather than lint a made-up path.
func TestInvalidTreeEntryNameFails(t *testing.T) {
	for _, name := range []string{"..", ".", "a/b"} {
		r := newTestRepo(t)
		store := r.git.Storer
		blob := store.NewEncodedObject()
		blob.SetType(plumbing.BlobObject)
		w, err := blob.Writer()
		must(t, err)
		_, err = w.Write([]byte("x\n"))
		must(t, err)
		must(t, w.Close())
		blobID, err := store.SetEncodedObject(blob)
		must(t, err)
		tree := &object.Tree{Entries: []object.TreeEntry{{Name: name, Mode: filemode.Regular, Hash: blobID}}}
		treeObj := store.NewEncodedObject()
		must(t, tree.Encode(treeObj))
		treeID, err := store.SetEncodedObject(treeObj)
		must(t, err)
		sig := object.Signature{Name: "T", Email: "t@example.org", When: r.tick}
		commit := &object.Commit{Author: sig, Committer: sig, Message: "bad", TreeHash: treeID}
		commitObj := store.NewEncodedObject()
		must(t, commit.Encode(commitObj))
		commitID, err := store.SetEncodedObject(commitObj)
		must(t, err)

		_, err = r.open().Rev(commitID.String())
		var ue *UserError
		if !errors.As(err, &ue) || ue.Code != 3 || !strings.Contains(ue.Msg, fmt.Sprintf("%q", name)) {
			t.Errorf("entry %q: got %v, want exit 3 naming the entry", name, err)
		}
	}
}
