package gitsrc

import (
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/rolelint/rolelint/lint"
)

func lineSet(m map[int]bool) []int {
	out := []int{}
	for l := range m {
		out = append(out, l)
	}
	sort.Ints(out)
	return out
}

func numbered(n int, edit map[int]string) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		if s, ok := edit[i]; ok {
			b.WriteString(s)
			continue
		}
		fmt.Fprintf(&b, "line %d\n", i)
	}
	return b.String()
}

func TestChangedSinceOnBranchWithMerge(t *testing.T) {
	r := newTestRepo(t)
	r.write("a.md", "a\n")
	r.write("b.md", "b\n")
	r.write("c.md", numbered(20, nil))
	r.write("gone.md", "gone\n")
	base := r.commitAll("base")

	// main moves on: b.md changes.
	r.write("b.md", "b on main\n")
	mainHead := r.commitAll("main work")
	must(t, r.git.Storer.SetReference(plumbing.NewHashReference("refs/heads/main", mainHead)))

	// feature starts at base.
	must(t, r.wt().Checkout(&git.CheckoutOptions{Hash: base, Branch: "refs/heads/feature", Create: true}))
	r.write("a.md", "a on feature\n")
	r.write("n.md", "brand new\n")
	r.remove("c.md")
	r.write("renamed c.md", numbered(20, map[int]string{7: "line seven, edited\n"}))
	r.remove("gone.md")
	feature := r.commitAll("feature work")

	// Merge main into feature: the merge commit has both changes.
	r.write("b.md", "b on main\n")
	r.add("b.md")
	r.commit("merge main into feature", feature, mainHead)

	// Uncommitted worktree change counts too.
	r.write("n.md", "brand new, edited\n")

	repo := r.open()
	w, err := repo.Worktree()
	must(t, err)
	ch, err := repo.ChangedSince("main", w)
	must(t, err)
	if ch.Base() != mainHead {
		t.Errorf("merge base = %s; want main's head %s", ch.Base(), mainHead)
	}
	wantEqual(t, "changed paths", ch.Paths(), []string{"a.md", "n.md", "renamed c.md"})
	wantEqual(t, "renames", ch.Renames(), map[string]string{"c.md": "renamed c.md"})
	if ch.InScope("b.md") || ch.InScope("gone.md") {
		t.Error("b.md (same as main) or gone.md (deleted) is in scope")
	}
	if !ch.IsNew("n.md") || ch.IsNew("renamed c.md") || ch.IsNew("a.md") {
		t.Error("IsNew: want only n.md new")
	}
	wantEqual(t, "renamed file's added lines", lineSet(ch.AddedLines("renamed c.md")), []int{7})
	wantEqual(t, "new file's added lines", lineSet(ch.AddedLines("n.md")), []int{1})
	wantEqual(t, "unchanged file's added lines", lineSet(ch.AddedLines("b.md")), []int{})

	// The same question on the index view and on a Rev view.
	x, err := repo.Index()
	must(t, err)
	chx, err := repo.ChangedSince("main", x)
	must(t, err)
	wantEqual(t, "index changed paths", chx.Paths(), []string{"a.md", "n.md", "renamed c.md"})
	rv, err := repo.Rev("feature")
	must(t, err)
	chr, err := repo.ChangedSince("main", rv)
	must(t, err)
	wantEqual(t, "rev changed paths", chr.Paths(), []string{"a.md", "n.md", "renamed c.md"})
}

func TestNewOnlyLinesOnAnEditInTheMiddleOfALongDoc(t *testing.T) {
	r := newTestRepo(t)
	r.write("docs/spec.md", numbered(300, nil))
	r.commitAll("base")
	r.write("docs/spec.md", numbered(300, map[int]string{
		100: "line 100 rewritten\n",
		150: "line 150\ninserted A\ninserted B\n",
		200: "", // deleted line: nothing to report on
	}))
	repo := r.open()
	w, _ := repo.Worktree()
	ch, err := repo.ChangedSince("HEAD", w)
	must(t, err)
	wantEqual(t, "added lines", lineSet(ch.AddedLines("docs/spec.md")), []int{100, 151, 152})
	if !ch.KeepLine("docs/spec.md", 151) || ch.KeepLine("docs/spec.md", 150) {
		t.Error("KeepLine disagrees with AddedLines")
	}
}

func TestUnknownRevision(t *testing.T) {
	r := newTestRepo(t)
	r.write("a.md", "a\n")
	r.commitAll("one")
	repo := r.open()
	w, _ := repo.Worktree()
	_, err := repo.ChangedSince("nope", w)
	var ue *UserError
	if !errors.As(err, &ue) || ue.Code != 3 || !strings.HasPrefix(ue.Msg, `revision "nope" not found`) {
		t.Errorf("err = %v; want UserError code 3 starting with revision \"nope\" not found", err)
	}
}

func TestShallowCloneWithoutMergeBase(t *testing.T) {
	isolate(t)
	src := t.TempDir()
	gitBin(t, src, "init", "--quiet", "-b", "main")
	must(t, os.WriteFile(filepath.Join(src, "a.md"), []byte("a\n"), 0o644))
	gitBin(t, src, "add", "a.md")
	gitBin(t, src, "commit", "--quiet", "-m", "base")
	gitBin(t, src, "checkout", "--quiet", "-b", "feature")
	must(t, os.WriteFile(filepath.Join(src, "b.md"), []byte("b\n"), 0o644))
	gitBin(t, src, "add", "b.md")
	gitBin(t, src, "commit", "--quiet", "-m", "feature")
	gitBin(t, src, "checkout", "--quiet", "main")
	must(t, os.WriteFile(filepath.Join(src, "a.md"), []byte("a2\n"), 0o644))
	gitBin(t, src, "commit", "--quiet", "-am", "main moves")

	dst := filepath.Join(t.TempDir(), "clone")
	gitBin(t, src, "clone", "--quiet", "--depth", "1", "--no-single-branch", "--branch", "feature", "file://"+src, dst)
	repo, err := Open(dst)
	must(t, err)
	if !repo.Shallow() {
		t.Fatal("clone is not shallow")
	}
	w, _ := repo.Worktree()
	_, err = repo.ChangedSince("origin/main", w)
	var ue *UserError
	want := "the merge base of origin/main and HEAD is not in this clone (it is shallow). Fetch more history: `git fetch --deepen=100` or, in GitHub Actions, `actions/checkout` with `fetch-depth: 0`"
	if !errors.As(err, &ue) || ue.Code != 3 || ue.Msg != want {
		t.Errorf("err = %v\nwant UserError code 3: %s", err, want)
	}
	_, err = repo.ChangedSince("HEAD~3", w)
	if !errors.As(err, &ue) || !strings.Contains(ue.Msg, "shallow") {
		t.Errorf("missing revision in a shallow clone = %v; want a hint about the shallow clone", err)
	}
	// History stops at the shallow boundary instead of blaming it.
	h := repo.History(HistoryOptions{})
	if _, ok := h.LastChange("a.md"); ok {
		t.Error("LastChange(a.md) known in a depth-1 clone where a.md did not change")
	}
	if _, truncated, err := h.Stats(); !truncated || err != nil {
		t.Errorf("Stats: truncated %v, err %v; want truncated", truncated, err)
	}
}

func TestAddedLineNumbersAgainstLCS(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for iter := 0; iter < 2000; iter++ {
		a := randomLines(rng, rng.Intn(12))
		b := randomLines(rng, rng.Intn(12))
		added := AddedLineNumbers(strings.Join(a, ""), strings.Join(b, ""))
		// The kept lines of b must be a subsequence of a, of LCS length.
		var kept []string
		for i, l := range b {
			if !added[i+1] {
				kept = append(kept, l)
			}
		}
		if !isSubsequence(kept, a) {
			t.Fatalf("kept lines %q are not a subsequence of %q (b %q)", kept, a, b)
		}
		if want := lcsLen(a, b); len(kept) != want {
			t.Fatalf("a %q b %q: kept %d lines, LCS is %d", a, b, len(kept), want)
		}
	}
}

func TestAddedLineNumbersLargeInput(t *testing.T) {
	old := numbered(50_000, nil)
	edited := numbered(50_000, map[int]string{25_000: "changed\n", 49_999: "x\ny\n"})
	wantEqual(t, "added", lineSet(AddedLineNumbers(old, edited)), []int{25_000, 49_999, 50_000})
	wantEqual(t, "new text", lineSet(AddedLineNumbers("", "a\nb")), []int{1, 2})
	wantEqual(t, "CRLF only", lineSet(AddedLineNumbers("a\nb\n", "a\r\nb\r\n")), []int{})
}

func randomLines(rng *rand.Rand, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = string(rune('a'+rng.Intn(4))) + "\n"
	}
	return out
}

func isSubsequence(sub, of []string) bool {
	j := 0
	for _, x := range of {
		if j < len(sub) && sub[j] == x {
			j++
		}
	}
	return j == len(sub)
}

func lcsLen(a, b []string) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}

// A symlinked document is compared by what is read through it, as the
// views read it: unchanged when neither the link nor its target changed
// (it used to be in every --since scope), changed with its target.
func TestChangedSinceSymlinkReadsThrough(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	hookGit(t, dir, "init", "-q", "-b", "main")
	hookGit(t, dir, "config", "core.symlinks", "true")
	idxWrite(t, dir, "docs/a.md", "a\n")
	idxWrite(t, dir, "docs/same.md", "a\n")
	idxWrite(t, dir, "other/o.md", "o\n")
	hookSymlink(t, dir, "a.md", "docs/link.md")
	hookSymlink(t, dir, "docs/link.md", "top.md") // a link to a link
	hookSymlink(t, dir, "../other/o.md", "docs/far.md")
	hookGit(t, dir, "add", "-A")
	hookGit(t, dir, "commit", "-q", "-m", "base")
	r, err := Open(dir)
	must(t, err)
	check := func(what string, wantIndex, wantWorktree []string) {
		t.Helper()
		idx, err := r.Index()
		must(t, err)
		wt, err := r.Worktree()
		must(t, err)
		for _, v := range []struct {
			name string
			src  lint.Source
			want []string
		}{{"index", idx, wantIndex}, {"worktree", wt, wantWorktree}} {
			ch, err := r.ChangedSince("HEAD", v.src)
			must(t, err)
			got := ch.Paths()
			if got == nil {
				got = []string{}
			}
			wantEqual(t, what+", "+v.name, got, v.want)
			sameChanges(t, what+", "+v.name, r, "HEAD", v.src)
		}
	}
	check("nothing changed", []string{}, []string{})
	idxWrite(t, dir, "docs/a.md", "a, edited\n")
	check("target edited", []string{}, []string{"docs/a.md", "docs/link.md", "top.md"})
	hookGit(t, dir, "add", "-A")
	check("target staged", []string{"docs/a.md", "docs/link.md", "top.md"}, []string{"docs/a.md", "docs/link.md", "top.md"})
	idxWrite(t, dir, "docs/same.md", "a, edited\n")
	hookGit(t, dir, "add", "-A")
	hookGit(t, dir, "commit", "-q", "-m", "edit")
	hookSymlink(t, dir, "same.md", "docs/link.md") // the same text through another file
	hookSymlink(t, dir, "o.md", "docs/far.md")     // now broken: other text
	hookGit(t, dir, "add", "-A")
	check("links moved", []string{}, []string{})
}
