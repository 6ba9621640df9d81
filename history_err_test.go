package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5"
)

const activeSpec = `---
type: spec
status: draft
owner: "@maya"
---
# Spec: Monthly close

See the [vision](../../VISION.md).
`

// A history that cannot be read (a subtree object missing: a partial or
// damaged clone) must not make the freshness rule quietly check nothing:
// the run goes on from the worktree and says which rule went without it.
func TestUnreadableHistoryIsReported(t *testing.T) {
	dir := gitRepo(t, map[string]string{"VISION.md": vision, "docs/specs/close.md": activeSpec})

	// With the history: PM013 reports the spec, committed in January, as stale.
	before := rolelint(t, dir, "--no-cache", "--format", "json", "--fail-on", "never")
	if !strings.Contains(before.stdout, `"PM013"`) {
		t.Fatalf("PM013 should report the stale spec when the history is readable:\n%s%s", before.stdout, before.stderr)
	}

	// Remove the loose object of HEAD's docs/specs tree.
	repo, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	head, err := repo.Head()
	if err != nil {
		t.Fatal(err)
	}
	c, err := repo.CommitObject(head.Hash())
	if err != nil {
		t.Fatal(err)
	}
	root, err := c.Tree()
	if err != nil {
		t.Fatal(err)
	}
	docs, err := root.Tree("docs")
	if err != nil {
		t.Fatal(err)
	}
	specs, err := docs.FindEntry("specs")
	if err != nil {
		t.Fatal(err)
	}
	h := specs.Hash.String()
	if err := os.Remove(filepath.Join(dir, ".git", "objects", h[:2], h[2:])); err != nil {
		t.Fatal(err)
	}

	after := rolelint(t, dir, "--no-cache", "--format", "json", "--fail-on", "never")
	if after.code != 0 {
		t.Fatalf("exit %d, want 0 (the worktree is readable; only the history is not):\n%s", after.code, after.stderr)
	}
	if strings.Contains(after.stdout, `"PM013"`) {
		t.Fatalf("PM013 cannot know the last change without the history:\n%s", after.stdout)
	}
	for _, want := range []string{"PM013 (spec-fresh) was not checked: cannot read the commit history", "docs/specs", h} {
		if !strings.Contains(after.stdout, want) {
			t.Errorf("the JSON output does not say %q:\n%s", want, after.stdout)
		}
	}
	text := rolelint(t, dir, "--no-cache", "--fail-on", "never")
	if !strings.Contains(text.stdout, "rolelint: error: PM013 (spec-fresh) was not checked") {
		t.Errorf("the text output does not carry the notification:\n%s", text.stdout)
	}
}
