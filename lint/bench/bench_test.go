package bench

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/text"

	"github.com/rolelint/rolelint/lint"
	"github.com/rolelint/rolelint/lint/app"
	"github.com/rolelint/rolelint/lint/gitsrc"
	"github.com/rolelint/rolelint/lint/report"
	"github.com/rolelint/rolelint/rules"
)

// Benchmarks of a whole run on a generated corpus (see docs/performance.md).
//
//	ROLELINT_BENCH_SIZES=1k,10k,40k go test ./lint/bench -run '^$' -bench Ratios -count 3 -timeout 2h
//
// ROLELINT_BENCH_SIZES picks the corpus sizes (default 1k); corpora are
// generated once and cached under ROLELINT_BENCH_DIR (default: the user cache
// folder), because generating 40k documents takes longer than linting them.

const (
	benchCommits = 30
	benchSeed    = 1
)

func benchSizes(b *testing.B) []int {
	spec := os.Getenv("ROLELINT_BENCH_SIZES")
	if spec == "" {
		spec = "1k"
	}
	var out []int
	for _, s := range strings.Split(spec, ",") {
		s = strings.TrimSpace(strings.ToLower(s))
		mult := 1
		if strings.HasSuffix(s, "k") {
			s, mult = strings.TrimSuffix(s, "k"), 1000
		}
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			b.Fatalf("ROLELINT_BENCH_SIZES: %q is not a size such as 1k or 500", s)
		}
		out = append(out, n*mult)
	}
	return out
}

func sizeName(n int) string {
	if n%1000 == 0 {
		return fmt.Sprintf("%dk", n/1000)
	}
	return strconv.Itoa(n)
}

func corpusFor(b *testing.B, n int) string {
	b.Helper()
	cache := os.Getenv("ROLELINT_BENCH_DIR")
	if cache == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			base = os.TempDir()
		}
		cache = filepath.Join(base, "rolelint-bench")
	}
	start := time.Now()
	dir, err := CorpusDir(cache, n, benchCommits, benchSeed)
	if err != nil {
		b.Fatal(err)
	}
	if d := time.Since(start); d > time.Second {
		sum, _ := Summary(dir)
		b.Logf("generated %s in %s: %s", dir, d.Round(time.Millisecond), sum)
	}
	return dir
}

// A mode is one way of running over the corpus; it returns the number of
// findings (or documents) so that the work cannot be optimised away.
type mode struct {
	name string
	run  func(b *testing.B, dir string) int
}

// The modes. "full" is a first run: its cache is emptied before, so it
// reads and parses everything and writes the cache. The modes after it run
// with the cache it left, as they would in a repository where rolelint ran
// before (the hook after a first run, a second run): "staged" (the hook's
// `--staged --since HEAD`) and "since" read only the changed documents and
// take the others' light forms from the cache; "rerun" (BenchmarkRatios)
// finds the whole result of "full" there. "nocache" is a full run with the
// cache off (--no-cache), and "staged-all", the CLI's plain `--staged` with
// every document in scope, runs without the result cache. "files" is the
// pre-commit framework's `rolelint FILE...`: the worktree, the staged
// documents named, the cache "full" left.
var modes = []mode{
	{"read", readFloor},
	{"goldmark", goldmarkFloor},
	{"parse", parseFloor},
	{"full", func(b *testing.B, dir string) int { return lintRun(b, dir, viewWorktree, "", cacheCold) }},
	{"staged", func(b *testing.B, dir string) int { return lintRun(b, dir, viewIndex, "HEAD", cacheWarm) }},
	{"since", func(b *testing.B, dir string) int { return lintRun(b, dir, viewWorktree, "HEAD~1", cacheWarm) }},
	{"files", func(b *testing.B, dir string) int {
		return lintRunPaths(b, dir, viewWorktree, "", cacheWarm, stagedPaths(b, dir))
	}},
	{"staged-all", func(b *testing.B, dir string) int { return lintRun(b, dir, viewIndex, "", cacheNoResult) }},
	{"nocache", func(b *testing.B, dir string) int { return lintRun(b, dir, viewWorktree, "", cacheOff) }},
}

// rerun is the second full run, with the cache the first one left.
var rerun = mode{"rerun", func(b *testing.B, dir string) int { return lintRun(b, dir, viewWorktree, "", cacheWarm) }}

// stagedPaths are the documents Stage staged: the files the pre-commit
// framework names to the `rolelint` hook. They are worked out once per
// corpus, outside the timed runs, as the framework hands them over.
func stagedPaths(b *testing.B, dir string) []string {
	stagedMu.Lock()
	defer stagedMu.Unlock()
	if paths, ok := staged[dir]; ok {
		return paths
	}
	repo, err := git.PlainOpen(dir)
	if err != nil {
		b.Fatal(err)
	}
	paths, err := headChanges(repo)
	if err != nil {
		b.Fatal(err)
	}
	staged[dir] = paths
	return paths
}

var (
	stagedMu sync.Mutex
	staged   = map[string][]string{}
)

// startRun collects what earlier runs left, gives the memory back to the
// system, and gives the next run the collector's settings that the binary
// starts with (app.SetSoftMemoryLimit: a quiet start, shorter for a run
// that reports on every document, then the soft limit), so that each run is
// measured as a new rolelint process runs it: from memory it has to ask the
// system for, and collecting only when the binary would. The floors get the
// settings of the full run they are compared with. GOGC or GOMEMLIMIT in the
// environment turn the settings off, as they do for the binary. Cache files
// are mapped, not read, as main has them (lint.MapCacheFiles; the mappings
// stay, so each run adds the cache's size to the address space, not to
// the memory in use).
func startRun(b *testing.B, dir, mode string) {
	if mode == "files" {
		stagedPaths(b, dir)
	}
	debug.FreeOSMemory()
	app.SetSoftMemoryLimit()
	lint.MapCacheFiles()
	if mode != "staged" && mode != "since" && mode != "files" {
		app.FullRunQuietStart()
	}
}

// BenchmarkModes times each mode alone: use it for profiles, e.g.
//
//	ROLELINT_BENCH_SIZES=10k go test ./lint/bench -run '^$' -bench 'Modes/10k/full' -cpuprofile cpu.out
func BenchmarkModes(b *testing.B) {
	for _, n := range benchSizes(b) {
		b.Run(sizeName(n), func(b *testing.B) {
			dir := corpusFor(b, n)
			for _, m := range append(append([]mode{}, modes...), rerun) {
				b.Run(m.name, func(b *testing.B) {
					if os.Getenv("ROLELINT_BENCH_NOWARM") == "" {
						lintRun(b, dir, viewWorktree, "", cacheCold) // a first run fills the cache
					}
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						b.StopTimer()
						startRun(b, dir, m.name)
						b.StartTimer()
						m.run(b, dir)
					}
					b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(n), "µs/doc")
				})
			}
		})
	}
}

// BenchmarkRatios runs every mode once per iteration, one after the other on
// the same corpus, so that the ratios between them hold even on a shared,
// noisy machine: each ratio compares runs made seconds apart. "rerun" is a
// second full run on the unchanged repository. Each mode reports its wall
// time (-ms) and the CPU time of the process during it (-cpums, user+system
// of all threads, from getrusage), which other processes on the machine
// disturb much less than wall time; ratios are given for both.
func BenchmarkRatios(b *testing.B) {
	for _, n := range benchSizes(b) {
		b.Run(sizeName(n), func(b *testing.B) {
			dir := corpusFor(b, n)
			wall := map[string]time.Duration{}
			cpu := map[string]time.Duration{}
			// "rerun" right after "full": a run that reports on named
			// files ("files") keeps its own result in the cache's one slot
			// for a whole result, as the CLI does.
			var order []mode
			for _, m := range modes {
				order = append(order, m)
				if m.name == "full" {
					order = append(order, rerun)
				}
			}
			for i := 0; i < b.N; i++ {
				for _, m := range order {
					startRun(b, dir, m.name)
					c0, start := cpuTime(), time.Now()
					m.run(b, dir)
					wall[m.name] += time.Since(start)
					cpu[m.name] += cpuTime() - c0
				}
			}
			per := func(t map[string]time.Duration, name string) float64 {
				return float64(t[name].Microseconds()) / 1000 / float64(b.N)
			}
			for _, m := range order {
				b.ReportMetric(per(wall, m.name), m.name+"-ms")
				b.ReportMetric(per(cpu, m.name), m.name+"-cpums")
			}
			for _, t := range []struct {
				unit string
				m    map[string]time.Duration
			}{{"", wall}, {"-cpu", cpu}} {
				ratio := func(a, c string) float64 { return per(t.m, a) / per(t.m, c) }
				b.ReportMetric(ratio("full", "goldmark"), "full/goldmark"+t.unit)
				b.ReportMetric(ratio("full", "parse"), "full/parse"+t.unit)
				b.ReportMetric(ratio("staged", "full"), "staged/full"+t.unit)
				b.ReportMetric(ratio("staged-all", "full"), "staged-all/full"+t.unit)
				b.ReportMetric(ratio("since", "full"), "since/full"+t.unit)
				b.ReportMetric(ratio("files", "full"), "files/full"+t.unit)
				b.ReportMetric(ratio("rerun", "full"), "rerun/full"+t.unit)
				b.ReportMetric(ratio("nocache", "goldmark"), "nocache/goldmark"+t.unit)
			}
			b.ReportMetric(per(wall, "full")*1000/float64(n), "full-µs/doc")
			b.ReportMetric(per(cpu, "full")*1000/float64(n), "full-cpuµs/doc")
		})
	}
}

// markdownFiles lists the Markdown files of the worktree view, as a run does.
func markdownFiles(b *testing.B, dir string) (lint.Source, []lint.File) {
	repo, err := gitsrc.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		b.Fatal(err)
	}
	files, err := wt.Files()
	if err != nil {
		b.Fatal(err)
	}
	var md []lint.File
	for _, f := range files {
		if lint.IsMarkdown(f.Path) {
			md = append(md, f)
		}
	}
	return wt, md
}

// each calls fn on every Markdown file's bytes on GOMAXPROCS goroutines.
func each(b *testing.B, dir string, fn func(path string, src []byte)) int {
	src, files := markdownFiles(b, dir)
	jobs := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	next := make(chan lint.File, jobs)
	for w := 0; w < jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range next {
				data, err := src.Read(f.Path, lint.DefaultMaxFileSize)
				if err != nil {
					b.Error(err)
					continue
				}
				fn(f.Path, data)
			}
		}()
	}
	for _, f := range files {
		next <- f
	}
	close(next)
	wg.Wait()
	return len(files)
}

// readFloor lists and reads every Markdown file: the cost of I/O alone.
func readFloor(b *testing.B, dir string) int {
	return each(b, dir, func(string, []byte) {})
}

// goldmarkFloor reads and parses every file with a plain goldmark parser:
// the floor the issue measures other tools against.
func goldmarkFloor(b *testing.B, dir string) int {
	md := goldmark.New()
	return each(b, dir, func(_ string, src []byte) {
		md.Parser().Parse(text.NewReader(src))
	})
}

// parseFloor reads every file and builds rolelint's Doc (goldmark plus front
// matter, classification and the Doc model), without any rule.
func parseFloor(b *testing.B, dir string) int {
	p := lint.NewParser(loadConfig(b, dir))
	return each(b, dir, func(path string, src []byte) { p.Parse(path, src) })
}

func loadConfig(b *testing.B, dir string) *lint.Config {
	data, err := os.ReadFile(filepath.Join(dir, ".rolelint.yml"))
	if err != nil {
		b.Fatal(err)
	}
	cfg, err := lint.LoadConfig(".rolelint.yml", data, rules.All())
	if err != nil {
		b.Fatal(err)
	}
	return cfg
}

type view int

const (
	viewWorktree view = iota
	viewIndex
)

// lintRun does what `rolelint [--staged] [--since REV]` does, minus flag
// parsing: open the repository, pick the view, load CODEOWNERS and history,
// scope to the changes since rev (when set), lint, and write the text report.
// The index view with since "HEAD" is the hook's `--staged --since HEAD`;
// with since "" it is the CLI's plain `--staged` (the whole index in scope).
type cacheUse int

const (
	cacheOff      cacheUse = iota // no cache (--no-cache)
	cacheCold                     // an empty cache, filled by the run
	cacheWarm                     // the cache as the last run left it
	cacheNoResult                 // the cache without the whole-result entry (light documents only)
)

// benchCache is the cache folder of the benchmarks, in the corpus's git dir.
func benchCache(dir string) string { return filepath.Join(dir, ".git", "rolelint", "cache", "bench") }

// benchKey keys the benchmarks' cache by the test binary, as rolelint keys
// its cache by its build: a cache left by other code is a miss.
func benchKey() string {
	key := "bench"
	if exe, err := os.Executable(); err == nil {
		if st, err := os.Stat(exe); err == nil {
			key += fmt.Sprintf(" %d %d", st.Size(), st.ModTime().UnixNano())
		}
	}
	return key
}

func lintRun(b *testing.B, dir string, v view, since string, use cacheUse) int {
	return lintRunPaths(b, dir, v, since, use, nil)
}

// lintRunPaths is lintRun reporting on paths only, as `rolelint FILE...`
// does (the pre-commit framework's hook, which names the files committed).
func lintRunPaths(b *testing.B, dir string, v view, since string, use cacheUse, paths []string) int {
	repo, err := gitsrc.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	var src lint.Source
	if v == viewIndex {
		src, err = repo.Index()
	} else {
		src, err = repo.Worktree()
	}
	if err != nil {
		b.Fatal(err)
	}
	catalog := rules.All()
	cfg := loadConfig(b, dir)
	opts := lint.Options{Source: src, Config: cfg, Rules: catalog, Paths: paths,
		Now: Epoch.Add(40 * 24 * time.Hour)}
	owners, _ := gitsrc.LoadCodeOwners(src)
	opts.Owners = owners
	opts.Git = repo.History(gitsrc.HistoryOptions{})
	var cache *lint.Cache
	if use != cacheOff {
		if use == cacheCold {
			if err := os.RemoveAll(benchCache(dir)); err != nil {
				b.Fatal(err)
			}
		}
		cache = lint.OpenCache(benchCache(dir), benchKey())
		opts.Cache = cache
		if use != cacheNoResult {
			_, head, _ := repo.Provenance()
			opts.ResultKey = lint.CacheKey("bench", src.Name(), head)
		}
	}
	if since != "" {
		changes, err := repo.ChangedSince(since, src)
		if err != nil {
			b.Fatal(err)
		}
		opts.InScope = changes.InScope
	}
	res, err := lint.Run(opts)
	if err != nil {
		b.Fatal(err)
	}
	if err := cache.Flush(); err != nil {
		b.Fatal(err)
	}
	if file := os.Getenv("ROLELINT_BENCH_HEAPPROFILE"); file != "" {
		writeHeapProfile(b, file) // what a run holds at its end: the universe and the findings
	}
	meta := report.Meta{ToolName: "rolelint", Version: "bench", RepoRoot: dir, Quiet: true}
	if err := report.Write(io.Discard, report.FormatText, res, meta); err != nil {
		b.Fatal(err)
	}
	return len(res.Findings)
}

// writeHeapProfile writes the live heap (-sample_index=inuse_space) to file.
func writeHeapProfile(b *testing.B, file string) {
	runtime.GC()
	f, err := os.Create(file)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if err := pprof.WriteHeapProfile(f); err != nil {
		b.Fatal(err)
	}
}

// TestCorpusIsDeterministic checks the generator's promise: same arguments,
// same commits; and that the staged and since scopes hold ChangedPerCommit
// documents, which the benchmarks rely on.
func TestCorpusIsDeterministic(t *testing.T) {
	a, c := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, c} {
		if err := Generate(dir, 60, 3, 7); err != nil {
			t.Fatal(err)
		}
	}
	ha, hc := headOf(t, a), headOf(t, c)
	if ha != hc {
		t.Fatalf("same seed, different HEAD: %s vs %s", ha, hc)
	}
	other := t.TempDir()
	if err := Generate(other, 60, 3, 8); err != nil {
		t.Fatal(err)
	}
	if headOf(t, other) == ha {
		t.Fatal("a different seed gave the same HEAD")
	}
	staged, err := Stage(a)
	if err != nil {
		t.Fatal(err)
	}
	if len(staged) != ChangedPerCommit {
		t.Fatalf("staged %d paths, want %d: %v", len(staged), ChangedPerCommit, staged)
	}
	repo, err := gitsrc.Open(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		src  func() (lint.Source, error)
		rev  string
	}{
		{"staged", func() (lint.Source, error) { return repo.Index() }, "HEAD"},
		{"since", func() (lint.Source, error) { return repo.Worktree() }, "HEAD~1"},
	} {
		src, err := tc.src()
		if err != nil {
			t.Fatal(err)
		}
		ch, err := repo.ChangedSince(tc.rev, src)
		if err != nil {
			t.Fatal(err)
		}
		got := ch.Paths()
		sort.Strings(got)
		if strings.Join(got, "\n") != strings.Join(staged, "\n") {
			t.Errorf("%s scope = %v, want the staged paths %v", tc.name, got, staged)
		}
	}
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	cfgData, err := os.ReadFile(filepath.Join(a, ".rolelint.yml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := lint.LoadConfig(".rolelint.yml", cfgData, rules.All())
	if err != nil {
		t.Fatal(err)
	}
	res, err := lint.Run(lint.Options{Source: wt, Config: cfg, Rules: rules.All(), Now: Epoch})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[lint.Kind]int{}
	for _, d := range res.Universe.Files {
		kinds[d.Kind]++
	}
	for _, k := range []lint.Kind{lint.KindVision, lint.KindSpec, lint.KindEpic, lint.KindStory, lint.KindBug, lint.KindBacklog} {
		if kinds[k] == 0 {
			t.Errorf("no document of kind %s in the corpus: %v", k, kinds)
		}
	}
}

func headOf(t *testing.T, dir string) string {
	t.Helper()
	repo, err := gitsrc.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, rev, _ := repo.Provenance()
	return rev
}

// BenchmarkReports times rendering the findings of one full run in each
// output format (the run itself is not timed):
//
//	ROLELINT_BENCH_SIZES=10k go test ./lint/bench -run '^$' -bench Reports
func BenchmarkReports(b *testing.B) {
	for _, n := range benchSizes(b) {
		b.Run(sizeName(n), func(b *testing.B) {
			dir := corpusFor(b, n)
			res := lintResult(b, dir)
			meta := report.Meta{ToolName: "rolelint", Version: "bench", RepoRoot: dir, Quiet: true}
			for _, f := range report.Formats() {
				b.Run(f, func(b *testing.B) {
					for i := 0; i < b.N; i++ {
						if err := report.Write(io.Discard, f, res, meta); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(len(res.Findings)), "findings")
				})
			}
		})
	}
}

// lintResult is the result of a full run on the worktree of dir.
func lintResult(b *testing.B, dir string) *lint.Result {
	repo, err := gitsrc.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		b.Fatal(err)
	}
	owners, _ := gitsrc.LoadCodeOwners(wt)
	res, err := lint.Run(lint.Options{Source: wt, Config: loadConfig(b, dir), Rules: rules.All(),
		Now: Epoch.Add(40 * 24 * time.Hour), Owners: owners, Git: repo.History(gitsrc.HistoryOptions{})})
	if err != nil {
		b.Fatal(err)
	}
	return res
}
