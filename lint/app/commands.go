package app

import (
	"io"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/rolelint/rolelint/lint"
	"github.com/rolelint/rolelint/lint/graph"
)

// ExtraCommands returns the init, hook, graph and cache commands. Their errors are
// *Error values (with the exit code CLI.md gives them).
func ExtraCommands(stdout io.Writer, catalog []*lint.Rule) []*cli.Command {
	return []*cli.Command{initCommand(stdout, catalog), hookCommand(stdout), graphCommand(stdout, catalog), cacheCommand(stdout)}
}

func initCommand(stdout io.Writer, catalog []*lint.Rule) *cli.Command {
	return &cli.Command{
		Name:      "init",
		Usage:     "write a commented .rolelint.yml for this repository (detects its layout)",
		ArgsUsage: "[folder]",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "preset", Usage: "preset to extend (default: the one made for the layout found, else recommended): " + strings.Join(presetList(), ", ")},
			&cli.BoolFlag{Name: "force", Usage: "overwrite an existing .rolelint.yml"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 1 {
				return usagef("init takes at most one folder, got %d arguments", c.NArg())
			}
			return Init(InitOptions{
				Dir: c.Args().First(), Explicit: c.NArg() == 1,
				Preset: c.String("preset"), Force: c.Bool("force"), Out: stdout,
			}, catalog)
		},
	}
}

func hookCommand(stdout io.Writer) *cli.Command {
	return &cli.Command{
		Name:      "hook",
		Usage:     "install or uninstall a native git pre-commit hook that runs `rolelint --staged`",
		ArgsUsage: "install|uninstall",
		Description: "install writes the pre-commit hook into the folder git runs hooks from (core.hooksPath when set;\n" +
			"in a linked worktree, the main repository's hooks). It never replaces a hook it did not write unless\n" +
			"--force is given. uninstall removes the hook only if rolelint wrote it.",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "force", Usage: "replace a pre-commit hook rolelint did not write (it is kept as pre-commit.rolelint-backup)"},
		},
		Action: func(c *cli.Context) error {
			opts := HookOptions{Dir: ".", Force: c.Bool("force"), Out: stdout}
			switch c.Args().First() {
			case "install":
				if c.NArg() > 1 {
					return usagef("hook install takes no further arguments")
				}
				return HookInstall(opts)
			case "uninstall":
				return HookUninstall(opts)
			case "":
				return usagef("hook needs a subcommand: rolelint hook install (or uninstall)")
			}
			return usagef("hook %q: use install or uninstall", c.Args().First())
		},
	}
}

func graphCommand(stdout io.Writer, catalog []*lint.Rule) *cli.Command {
	return &cli.Command{
		Name:      "graph",
		Usage:     "the traceability graph vision -> spec -> epic -> story/bug, with missing links and orphans",
		ArgsUsage: "[folder]",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Value: "mermaid", Usage: "mermaid, dot or json"},
			&cli.StringFlag{Name: "config", Usage: "config file (default: .rolelint.yml at the project root)"},
			&cli.BoolFlag{Name: "staged", Usage: "the documents as the git index holds them"},
			&cli.StringFlag{Name: "rev", Usage: "the documents of commit `REV`"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 1 {
				return usagef("graph takes at most one folder, got %d arguments", c.NArg())
			}
			out, err := Graph(GraphOptions{
				Dir: c.Args().First(), Format: c.String("format"), Config: c.String("config"),
				Staged: c.Bool("staged"), Rev: c.String("rev"),
			}, catalog)
			if err != nil {
				return err
			}
			_, err = stdout.Write(out)
			return err
		},
	}
}

// GraphOptions are the inputs of Graph.
type GraphOptions struct {
	Dir    string // a folder in the project; "" means the current one
	Format string // mermaid, dot or json
	Config string
	Staged bool
	Rev    string
}

// Graph parses the project's documents and renders their traceability graph.
func Graph(opts GraphOptions, catalog []*lint.Rule) ([]byte, error) {
	format := strings.ToLower(opts.Format)
	if format == "" {
		format = "mermaid"
	}
	if !slices.Contains(graph.Formats, format) {
		return nil, usagef("--format %q: use %s", opts.Format, strings.Join(graph.Formats, ", "))
	}
	dir := opts.Dir
	if dir == "" {
		dir = "."
	}
	proj, err := OpenProject(dir, &Flags{Config: opts.Config, Staged: opts.Staged, Rev: opts.Rev}, catalog)
	if err != nil {
		return nil, err
	}
	// Only the parsed universe is needed: no rule runs.
	res, err := lint.Run(lint.Options{Source: proj.Source, Config: proj.Config, InScope: func(string) bool { return false }})
	if err != nil {
		return nil, cannotf("%v", err)
	}
	out, err := graph.Render(graph.Build(res.Universe), format)
	if err != nil {
		return nil, cannotf("cannot render the graph: %v", err)
	}
	return out, nil
}
