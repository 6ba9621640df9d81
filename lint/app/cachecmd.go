package app

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/urfave/cli/v2"
)

func cacheCommand(stdout io.Writer) *cli.Command {
	return &cli.Command{
		Name:      "cache",
		Usage:     "show or delete the cache rolelint keeps in <git dir>/rolelint (docs/git.md)",
		ArgsUsage: "status|clean [folder]",
		Action: func(c *cli.Context) error {
			if c.NArg() > 2 {
				return usagef("cache takes a subcommand and at most one folder")
			}
			dir := "."
			if c.NArg() == 2 {
				dir = c.Args().Get(1)
			}
			switch c.Args().First() {
			case "status":
				return CacheStatus(dir, stdout)
			case "clean":
				return CacheClean(dir, stdout)
			case "":
				return usagef("cache needs a subcommand: rolelint cache status (or clean)")
			}
			return usagef("cache %q: use status or clean", c.Args().First())
		},
	}
}

// cacheRoot is <git dir>/rolelint for the repository holding dir.
func cacheRoot(dir string) (string, error) {
	repo, err := openRepo(dir, "rolelint keeps no cache there")
	if err != nil {
		return "", err
	}
	gitDir := repo.GitDir()
	if gitDir == "" {
		return "", usagef("the repository at %s has no git directory on disk: rolelint keeps no cache there", dir)
	}
	return filepath.Join(gitDir, "rolelint"), nil
}

// CacheStatus prints where the cache is and how much it holds.
func CacheStatus(dir string, out io.Writer) error {
	root, err := cacheRoot(dir)
	if err != nil {
		return err
	}
	var files int
	var size int64
	err = filepath.WalkDir(root, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				files++
				size += info.Size()
			}
		}
		return nil
	})
	switch {
	case errors.Is(err, fs.ErrNotExist):
		fmt.Fprintf(out, "%s: no cache yet (a run writes it; --no-cache or ROLELINT_NO_CACHE=1 turn it off)\n", root)
		return nil
	case err != nil:
		return cannotf("cannot read the cache at %s: %v", root, err)
	}
	fmt.Fprintf(out, "%s: %d files, %s\n", root, files, byteSize(size))
	return nil
}

// CacheClean deletes the cache; the next run rebuilds what it needs.
func CacheClean(dir string, out io.Writer) error {
	root, err := cacheRoot(dir)
	if err != nil {
		return err
	}
	if _, err := os.Lstat(root); errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(out, "%s: no cache to delete\n", root)
		return nil
	}
	if err := os.RemoveAll(root); err != nil {
		return cannotf("cannot delete the cache at %s: %v", root, err)
	}
	fmt.Fprintf(out, "deleted %s\n", root)
	return nil
}

func byteSize(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
