package lint

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"testing"
)

// BenchmarkParseCorpus parses every Markdown file of the directory named by
// ROLELINT_PARSE_CORPUS (a corpus from lint/bench, for example) from memory,
// on one goroutine, so that reading and scheduling do not blur the parser's
// own cost. It reports the parse time per document and the heap that the
// parsed documents keep alive (what a run's universe holds per document).
//
//	ROLELINT_PARSE_CORPUS=/tmp/rlbench/corpus-v1-n10000-c30-s1 go test ./lint -run '^$' -bench ParseCorpus
func BenchmarkParseCorpus(b *testing.B) {
	dir := os.Getenv("ROLELINT_PARSE_CORPUS")
	if dir == "" {
		b.Skip("set ROLELINT_PARSE_CORPUS to a directory of Markdown files")
	}
	type file struct {
		path string
		src  []byte
	}
	var files []file
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() && e.Name() == ".git" {
			return filepath.SkipDir
		}
		if e.IsDir() || !strings.HasSuffix(p, ".md") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files = append(files, file{filepath.ToSlash(rel), src})
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if len(files) == 0 {
		b.Fatalf("no Markdown files under %s", dir)
	}
	p := NewParser(nil)

	// Live heap per document: parse everything once and keep the docs.
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	docs := make([]*Doc, len(files))
	for i, f := range files {
		docs[i] = p.Parse(f.path, append([]byte(nil), f.src...))
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	live := float64(after.HeapAlloc-before.HeapAlloc) / float64(len(files))
	if out := os.Getenv("ROLELINT_PARSE_HEAPPROFILE"); out != "" {
		writeParseHeapProfile(b, out)
	}
	runtime.KeepAlive(docs)

	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, f := range files {
			p.Parse(f.path, f.src)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(len(files)), "µs/doc")
	b.ReportMetric(live, "live-B/doc")
}

// writeParseHeapProfile writes the live heap (-sample_index=inuse_space) to file.
func writeParseHeapProfile(b *testing.B, file string) {
	f, err := os.Create(file)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if err := pprof.WriteHeapProfile(f); err != nil {
		b.Fatal(err)
	}
}
