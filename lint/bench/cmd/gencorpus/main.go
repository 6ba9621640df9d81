// Command gencorpus writes a generated corpus of product documents into a
// new git repository, for measuring the rolelint binary (see docs/performance.md):
//
//	go run ./lint/bench/cmd/gencorpus -n 10000 -commits 30 -seed 1 -staged /tmp/corpus-10k
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/rolelint/rolelint/lint/bench"
)

func main() {
	n := flag.Int("n", 1000, "number of documents")
	commits := flag.Int("commits", 30, "number of commits in the history")
	seed := flag.Int64("seed", 1, "random seed; the same seed gives the same corpus")
	staged := flag.Bool("staged", false, "then edit and stage again the documents of the last commit (the state a pre-commit hook sees)")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: gencorpus [-n N] [-commits M] [-seed S] [-staged] DIR\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	dir := flag.Arg(0)
	if err := bench.Generate(dir, *n, *commits, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
	if *staged {
		if _, err := bench.Stage(dir); err != nil {
			fmt.Fprintln(os.Stderr, "gencorpus:", err)
			os.Exit(1)
		}
	}
	sum, err := bench.Summary(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
	fmt.Printf("%s: %s, %d commits\n", dir, sum, *commits)
}
