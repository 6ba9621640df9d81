package gitsrc

import (
	"os"
	"path"
	"testing"
)

// The pre-commit hook's git work on a real repository named by
// ROLELINT_HOOK_REPO (skipped without it): the index view, the changes
// since HEAD, and InScope for every file, as lint/app asks it.
func hookRepo(b *testing.B) *Repo {
	dir := os.Getenv("ROLELINT_HOOK_REPO")
	if dir == "" {
		b.Skip("ROLELINT_HOOK_REPO is not set")
	}
	r, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	return r
}

func BenchmarkHookIndex(b *testing.B) {
	r := hookRepo(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Index(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHookChangedSince(b *testing.B) {
	r := hookRepo(b)
	idx, err := r.Index()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.ChangedSince("HEAD", idx); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHookInScope(b *testing.B) {
	b.Run("joined", func(b *testing.B) { benchInScope(b, func(p string) string { return path.Join("", p) }) })
	b.Run("plain", func(b *testing.B) { benchInScope(b, func(p string) string { return p }) })
}

func benchInScope(b *testing.B, full func(string) string) {
	r := hookRepo(b)
	idx, err := r.Index()
	if err != nil {
		b.Fatal(err)
	}
	files, _ := idx.Files()
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		c, err := r.ChangedSince("HEAD", idx)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		n := 0
		for _, f := range files {
			if c.InScope(full(f.Path)) {
				n++
			}
		}
		if n == 0 {
			b.Fatal("nothing in scope")
		}
	}
}

// BenchmarkHookAll is the whole of gitsrc's part of one hook run.
func BenchmarkHookAll(b *testing.B) {
	dir := os.Getenv("ROLELINT_HOOK_REPO")
	if dir == "" {
		b.Skip("ROLELINT_HOOK_REPO is not set")
	}
	b.ReportAllocs()
	for b.Loop() {
		r, err := Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		idx, err := r.Index()
		if err != nil {
			b.Fatal(err)
		}
		c, err := r.ChangedSince("HEAD", idx)
		if err != nil {
			b.Fatal(err)
		}
		files, _ := idx.Files()
		for _, f := range files {
			c.InScope(f.Path)
		}
	}
}
