package app

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"sync"

	"github.com/rolelint/rolelint/lint"
)

// openCache returns the project's cache (docs/performance.md), or nil when
// it is off (--no-cache, ROLELINT_NO_CACHE) or there is no git directory to
// keep it in: it lives in <git dir>/rolelint/cache, never in the worktree.
func openCache(p *Project, f *Flags) *lint.Cache {
	if f.NoCache || p.Repo == nil || p.Repo.Bare() || getenv(f, "ROLELINT_NO_CACHE") != "" {
		return nil
	}
	gitDir := p.Repo.GitDir()
	if gitDir == "" {
		return nil
	}
	sub := "root"
	if p.Prefix != "" {
		sub = "sub-" + lint.CacheKey(p.Prefix)[:16]
	}
	return lint.OpenCache(filepath.Join(gitDir, "rolelint", "cache", sub), lint.CacheKey(buildID(), p.ConfigID))
}

// resultKey identifies what a whole run's result depends on beyond the
// documents themselves (which Run adds): the cache key's build and config,
// the view, CODEOWNERS, the history the freshness rule reads and its depth.
// head is the HEAD commit (Repo.Provenance).
func resultKey(p *Project, f *Flags, head string) string {
	parts := []string{buildID(), p.ConfigID, p.Source.Name(), f.Rev, strconv.Itoa(f.HistoryDepth)}
	if p.Repo != nil {
		parts = append(parts, head)
	}
	if p.Config.Roles.CodeOwners {
		parts = append(parts, p.codeOwners().read...)
	}
	return lint.CacheKey(parts...)
}

// buildID identifies the running rolelint: its version and commit, and the
// executable's size and time, so that a rebuilt binary (a developer's, or
// one built from a dirty tree) never reads what another build cached. It is
// worked out once per process: the cache key and the result key share it.
var buildID = sync.OnceValue(func() string {
	id := "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		id = bi.Main.Path + "@" + bi.Main.Version
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" || s.Key == "vcs.modified" {
				id += " " + s.Value
			}
		}
	}
	if exe, err := os.Executable(); err == nil {
		if st, err := os.Stat(exe); err == nil {
			id += " " + strconv.FormatInt(st.Size(), 10) + " " + st.ModTime().UTC().String()
		}
	}
	return id
})

func getenv(f *Flags, key string) string {
	if f.Getenv != nil {
		return f.Getenv(key)
	}
	return os.Getenv(key)
}
