package gitsrc

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/rolelint/rolelint/lint"
)

func TestWorktreeHonoursIgnoreFilesAndTracking(t *testing.T) {
	r := newTestRepo(t)
	// Committed before .gitignore exists: tracked files in ignored places stay.
	r.write("build/kept.md", "tracked although build/ is ignored\n")
	r.write("notes.log", "tracked log\n")
	r.commitAll("first")

	r.write(".gitignore", "*.log\nbuild/\n# a comment\n\\#literal.md\n")
	r.write("docs/.gitignore", "draft-*.md\n!draft-keep.md\n")
	r.write("docs/spec one.md", "spaces\n")
	r.write("docs/spécification.md", "non-ASCII\n")
	r.write("docs/draft-a.md", "ignored by the nested .gitignore\n")
	r.write("docs/draft-keep.md", "re-included\n")
	r.write("other/draft-b.md", "the nested rule does not apply here\n")
	r.write("build/new.md", "untracked in an ignored dir\n")
	r.write("new.log", "untracked log\n")
	r.write("#literal.md", "escaped hash pattern\n")
	r.write("secret.md", "excluded by info/exclude\n")
	r.write("global.md", "excluded by core.excludesFile\n")
	r.write("node_modules/pkg/readme.md", "not ignored: git lists it too\n")
	r.write("nested/.git/HEAD", "ref: refs/heads/main\n")
	r.write("nested/inner.md", "inside an untracked nested repository\n")
	if err := os.WriteFile(filepath.Join(r.dir, ".git", "info", "exclude"), []byte("secret.md\n"), 0o644); err != nil {
		if err := os.MkdirAll(filepath.Join(r.dir, ".git", "info"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(r.dir, ".git", "info", "exclude"), []byte("secret.md\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	excludes := filepath.Join(t.TempDir(), "global-ignore")
	if err := os.WriteFile(excludes, []byte("global.md\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := r.git.Config()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Raw.Section("core").SetOption("excludesfile", excludes)
	if err := r.git.SetConfig(cfg); err != nil {
		t.Fatal(err)
	}

	w, err := r.open().Worktree()
	if err != nil {
		t.Fatal(err)
	}
	wantEqual(t, "files", paths(t, w), []string{
		".gitignore",
		"build/kept.md",
		"docs/.gitignore",
		"docs/draft-keep.md",
		"docs/spec one.md",
		"docs/spécification.md",
		"node_modules/pkg/readme.md",
		"notes.log",
		"other/draft-b.md",
	})
	wantEqual(t, "nested repo note", notesOf(w)["nested"], noteNestedRepo)
	if got := read(t, w, "docs/spécification.md"); got != "non-ASCII\n" {
		t.Errorf("read = %q", got)
	}
	if w.Name() != "worktree" || w.Root() != r.dir {
		t.Errorf("Name, Root = %q, %q", w.Name(), w.Root())
	}
}

func TestWorktreeSkipsSubmodules(t *testing.T) {
	r := newTestRepo(t)
	r.write("a.md", "a\n")
	r.write("sub/.git", "gitdir: ../.git/modules/sub\n")
	r.write("sub/inner.md", "belongs to the submodule\n")
	r.add("a.md")
	idx, err := r.git.Storer.Index()
	if err != nil {
		t.Fatal(err)
	}
	idx.Entries = append(idx.Entries, &index.Entry{Name: "sub", Mode: filemode.Submodule, Hash: plumbing.NewHash("1111111111111111111111111111111111111111")})
	if err := r.git.Storer.SetIndex(idx); err != nil {
		t.Fatal(err)
	}
	repo := r.open()
	w, _ := repo.Worktree()
	wantEqual(t, "files", paths(t, w), []string{"a.md"})
	wantEqual(t, "notes", w.Notes(), []lint.SourceNote{{Path: "sub", Message: noteSubmodule}})
	x, err := repo.Index()
	if err != nil {
		t.Fatal(err)
	}
	wantEqual(t, "index files", paths(t, x), []string{"a.md"})
	wantEqual(t, "index notes", x.Notes(), []lint.SourceNote{{Path: "sub", Message: noteSubmodule}})
}

func TestDiskSymlinksFIFOsAndDirectories(t *testing.T) {
	r := newTestRepo(t)
	outside := filepath.Join(t.TempDir(), "outside.md")
	if err := os.WriteFile(outside, []byte("secret outside\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r.write("real.md", "real\n")
	must(t, os.Symlink(outside, filepath.Join(r.dir, "out.md")))
	must(t, os.Symlink("real.md", filepath.Join(r.dir, "in.md")))
	must(t, os.Symlink("loop2.md", filepath.Join(r.dir, "loop1.md")))
	must(t, os.Symlink("loop1.md", filepath.Join(r.dir, "loop2.md")))
	must(t, os.Symlink("..", filepath.Join(r.dir, "up")))
	must(t, os.Mkdir(filepath.Join(r.dir, "dir.md"), 0o755))
	if err := syscall.Mkfifo(filepath.Join(r.dir, "x.md"), 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	w, err := r.open().Worktree()
	if err != nil {
		t.Fatal(err)
	}
	d, err := NewDir(r.dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range []lint.Source{w, d} {
		t.Run(src.Name(), func(t *testing.T) {
			wantEqual(t, "files", paths(t, src), []string{"in.md", "real.md"})
			wantEqual(t, "notes", notesOf(src), map[string]string{
				"loop1.md": noteSymlinkBroken,
				"loop2.md": noteSymlinkBroken,
				"out.md":   noteSymlinkOutside,
				"up":       noteSymlinkOutside,
				"x.md":     noteNotRegular,
			})
			if got := read(t, src, "in.md"); got != "real\n" {
				t.Errorf("in.md = %q", got)
			}
			for _, bad := range []string{"out.md", "x.md", "dir.md", "../outside.md", "/etc/passwd", "up/x"} {
				if _, err := src.Read(bad, 1<<20); err == nil {
					t.Errorf("Read(%q) succeeded; want an error", bad)
				}
			}
		})
	}
}

func TestReadTooLargeDoesNotReadTheFile(t *testing.T) {
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "huge.md"))
	must(t, err)
	must(t, f.Truncate(1<<30)) // sparse 1 GB
	must(t, f.Close())
	d, err := NewDir(dir)
	must(t, err)
	start := time.Now()
	_, err = d.Read("huge.md", lint.DefaultMaxFileSize)
	if !errors.Is(err, lint.ErrTooLarge) {
		t.Fatalf("err = %v; want ErrTooLarge", err)
	}
	if !strings.Contains(err.Error(), "1073741824 bytes") {
		t.Errorf("error does not give the size: %v", err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("took %v: the file was read", took)
	}
}

func TestDirSkipsVCSAndVendoredDirectories(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"a.md", "node_modules/x.md", "vendor/y.md", "sub/vendor/z.md", ".git/HEAD", "docs/b.md"} {
		full := filepath.Join(dir, p)
		must(t, os.MkdirAll(filepath.Dir(full), 0o755))
		must(t, os.WriteFile(full, []byte("x"), 0o644))
	}
	d, err := NewDir(dir)
	must(t, err)
	wantEqual(t, "files", paths(t, d), []string{"a.md", "docs/b.md"})
}

func TestIndexJudgesStagedContent(t *testing.T) {
	r := newTestRepo(t)
	r.write("partial.md", "v1\n")
	r.write("deleted.md", "to delete\n")
	r.write("old name.md", "renamed\n")
	r.commitAll("first")

	r.write("partial.md", "v2 staged\n")
	r.add("partial.md")
	r.write("partial.md", "v3 only on disk\n")
	if _, err := r.wt().Remove("deleted.md"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.wt().Move("old name.md", "nouveau nom é.md"); err != nil {
		t.Fatal(err)
	}
	r.write("added.md", "new and staged\n")
	r.add("added.md")
	r.write("untracked.md", "not staged\n")

	repo := r.open()
	x, err := repo.Index()
	must(t, err)
	wantEqual(t, "index files", paths(t, x), []string{"added.md", "nouveau nom é.md", "partial.md"})
	if got := read(t, x, "partial.md"); got != "v2 staged\n" {
		t.Errorf("staged content = %q", got)
	}
	if _, err := x.Read("deleted.md", 100); err == nil {
		t.Error("a staged delete is still readable")
	}
	files, _ := x.Files()
	if files[0].Hash == "" || files[0].Size != int64(len("new and staged\n")) {
		t.Errorf("file = %+v; want hash and size", files[0])
	}
	w, _ := repo.Worktree()
	wantEqual(t, "worktree files", paths(t, w), []string{"added.md", "nouveau nom é.md", "partial.md", "untracked.md"})
	if got := read(t, w, "partial.md"); got != "v3 only on disk\n" {
		t.Errorf("worktree content = %q", got)
	}
}

func TestIndexLimitUsesObjectSize(t *testing.T) {
	r := newTestRepo(t)
	r.write("big.md", strings.Repeat("x", 5000))
	r.add("big.md")
	x, err := r.open().Index()
	must(t, err)
	if _, err := x.Read("big.md", 1000); !errors.Is(err, lint.ErrTooLarge) {
		t.Errorf("err = %v; want ErrTooLarge", err)
	}
}

func TestRevOnBareClone(t *testing.T) {
	r := newTestRepo(t)
	r.write("doc.md", "one\n")
	first := r.commitAll("one")
	r.write("doc.md", "two\n")
	r.write("link.md", "")
	r.remove("link.md")
	must(t, os.Symlink("doc.md", filepath.Join(r.dir, "link.md")))
	r.commitAll("two")
	if _, err := r.git.CreateTag("v1", first, nil); err != nil {
		t.Fatal(err)
	}
	bare := filepath.Join(t.TempDir(), "bare.git")
	gitBin(t, r.dir, "clone", "--bare", "--quiet", r.dir, bare)

	repo, err := Open(bare)
	must(t, err)
	if repo.Root() != "" || !repo.Bare() {
		t.Fatalf("Root = %q; want a bare repository", repo.Root())
	}
	for rev, want := range map[string]string{"HEAD": "two\n", "HEAD~1": "one\n", "v1": "one\n", first.String()[:7]: "one\n", "master": "two\n"} {
		v, err := repo.Rev(rev)
		if err != nil {
			t.Errorf("Rev(%q): %v", rev, err)
			continue
		}
		if got := read(t, v, "doc.md"); got != want {
			t.Errorf("Rev(%q) doc.md = %q; want %q", rev, got, want)
		}
		if v.Root() != "" || !strings.HasPrefix(v.Name(), "rev ") {
			t.Errorf("Rev(%q): Root %q, Name %q", rev, v.Root(), v.Name())
		}
	}
	head, _ := repo.Rev("HEAD")
	wantEqual(t, "rev files", paths(t, head), []string{"doc.md", "link.md"})
	if got := read(t, head, "link.md"); got != "two\n" {
		t.Errorf("symlink read through = %q", got)
	}
	_, err = repo.Rev("nope")
	var ue *UserError
	if !errors.As(err, &ue) || ue.Code != 3 || ue.Msg[:len(`revision "nope" not found`)] != `revision "nope" not found` {
		t.Errorf("Rev(nope) = %v; want UserError code 3 naming the revision", err)
	}
	if _, err := repo.Worktree(); !errors.As(err, &ue) {
		t.Errorf("Worktree on a bare repository = %v; want a UserError", err)
	}
}

func TestOpenFindsRootFromSubdirectory(t *testing.T) {
	r := newTestRepo(t)
	r.write("docs/deep/a.md", "a\n")
	repo, err := Open(filepath.Join(r.dir, "docs", "deep"))
	must(t, err)
	if repo.Root() != r.dir {
		t.Errorf("Root = %q; want %q", repo.Root(), r.dir)
	}
	if _, err := Open(t.TempDir()); !errors.Is(err, ErrNoRepo) {
		t.Errorf("Open(no repo) = %v; want ErrNoRepo", err)
	}
}

func TestEmptyRepository(t *testing.T) {
	r := newTestRepo(t)
	r.write("a.md", "a\n")
	repo := r.open()
	w, err := repo.Worktree()
	must(t, err)
	wantEqual(t, "files", paths(t, w), []string{"a.md"})
	x, err := repo.Index()
	must(t, err)
	wantEqual(t, "index", paths(t, x), []string{})
	_, err = repo.ChangedSince("HEAD", w)
	var ue *UserError
	if !errors.As(err, &ue) || ue.Code != 3 {
		t.Errorf("ChangedSince in an empty repo = %v; want a UserError", err)
	}
	if _, ok := repo.History(HistoryOptions{}).LastChange("a.md"); ok {
		t.Error("LastChange in an empty repository")
	}
	url, rev, branch := repo.Provenance()
	wantEqual(t, "provenance", []string{url, rev, branch}, []string{"", "", "master"})
}

func TestDetachedHeadAndProvenance(t *testing.T) {
	r := newTestRepo(t)
	r.write("a.md", "a\n")
	first := r.commitAll("one")
	r.write("a.md", "b\n")
	r.commitAll("two")
	gitBin(t, r.dir, "remote", "add", "origin", "https://user:s3cret@example.com/org/repo.git")
	gitBin(t, r.dir, "checkout", "--quiet", "--detach", first.String())
	repo := r.open()
	url, rev, branch := repo.Provenance()
	wantEqual(t, "provenance", []string{url, rev, branch}, []string{"https://example.com/org/repo.git", first.String(), ""})
	w, err := repo.Worktree()
	must(t, err)
	if got := read(t, w, "a.md"); got != "a\n" {
		t.Errorf("a.md = %q", got)
	}
}

func TestStripCredentials(t *testing.T) {
	for in, want := range map[string]string{
		"https://user:pass@github.com/o/r.git":   "https://github.com/o/r.git",
		"https://x-access-token:ghs_abc@host/r":  "https://host/r",
		"ssh://git@github.com/o/r.git":           "ssh://github.com/o/r.git",
		"git@github.com:o/r.git":                 "git@github.com:o/r.git",
		"https://github.com/o/r":                 "https://github.com/o/r",
		"https://us%er:p@ss@host:8443/r\x7f.git": "https://host:8443/r\x7f.git",
	} {
		if got := StripCredentials(in); got != want {
			t.Errorf("StripCredentials(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestDotGitFileAndLinkedWorktree(t *testing.T) {
	r := newTestRepo(t)
	r.write("a.md", "main\n")
	r.commitAll("one")

	// .git as a file pointing to a git directory elsewhere.
	store := filepath.Join(t.TempDir(), "store")
	must(t, os.Rename(filepath.Join(r.dir, ".git"), store))
	r.write(".git", "gitdir: "+store+"\n")
	repo, err := Open(filepath.Join(r.dir))
	must(t, err)
	w, err := repo.Worktree()
	must(t, err)
	wantEqual(t, "files via .git file", paths(t, w), []string{"a.md"})

	// A linked worktree made by `git worktree add`.
	must(t, os.Remove(filepath.Join(r.dir, ".git")))
	must(t, os.Rename(store, filepath.Join(r.dir, ".git")))
	linked := filepath.Join(t.TempDir(), "linked")
	gitBin(t, r.dir, "worktree", "add", "--quiet", "-b", "feature", linked)
	must(t, os.WriteFile(filepath.Join(linked, "b.md"), []byte("in the linked worktree\n"), 0o644))
	gitBin(t, linked, "add", "b.md")
	repo, err = Open(linked)
	must(t, err)
	if repo.Root() != linked {
		t.Errorf("Root = %q; want %q", repo.Root(), linked)
	}
	w, err = repo.Worktree()
	must(t, err)
	wantEqual(t, "linked worktree files", paths(t, w), []string{"a.md", "b.md"})
	x, err := repo.Index()
	must(t, err)
	wantEqual(t, "linked worktree index", paths(t, x), []string{"a.md", "b.md"})
	if _, _, branch := repo.Provenance(); branch != "feature" {
		t.Errorf("branch = %q; want feature", branch)
	}
}

func TestSHA256RepositoryGivesAClearError(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	gitBin(t, dir, "init", "--quiet", "--object-format=sha256")
	_, err := Open(dir)
	var ue *UserError
	if !errors.As(err, &ue) || !strings.Contains(ue.Msg, "SHA-256") {
		t.Errorf("Open(sha256 repo) = %v; want a UserError about SHA-256", err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
