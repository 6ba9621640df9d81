// Command rolelint lints product documents (specs, PRDs, RFCs, vision docs,
// epics, stories, bugs, backlogs) kept as Markdown in a git repository.
//
// main stays thin: it parses flags, calls package app and maps errors to
// exit codes (CLI.md).
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/mattn/go-isatty"
	"github.com/urfave/cli/v2"

	"github.com/rolelint/rolelint/lint"
	"github.com/rolelint/rolelint/lint/app"
	"github.com/rolelint/rolelint/rules"
)

// version is set by the build (-ldflags "-X main.version=v1.2.3"); otherwise
// the module version from the build info, or "dev".
var version = ""

func main() {
	app.SetSoftMemoryLimit()
	lint.MapCacheFiles()
	stop := app.StartProfile(os.Getenv("ROLELINT_CPUPROFILE"))
	code := run(os.Args, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func toolVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

func lintFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "config", Usage: "config file (default: .rolelint.yml / .rolelint.yaml at the project root)"},
		&cli.StringSliceFlag{Name: "format", Usage: "output `F[=FILE]`: text, json, sarif, github, markdown; repeatable"},
		&cli.StringFlag{Name: "color", Value: "auto", Usage: "auto, always or never (NO_COLOR and FORCE_COLOR honoured)"},
		&cli.BoolFlag{Name: "staged", Usage: "lint what the git index holds (pre-commit)"},
		&cli.StringFlag{Name: "since", Usage: "report only on documents changed since the merge base of `REV` and HEAD"},
		&cli.BoolFlag{Name: "new-only", Usage: "with --since: keep only findings on added or changed lines"},
		&cli.StringFlag{Name: "rev", Usage: "lint the tree of commit `REV` (works in bare repositories)"},
		&cli.StringSliceFlag{Name: "sets", Usage: "rule sets to run: po, pm, rc (comma separated)"},
		&cli.StringSliceFlag{Name: "enable", Usage: "rule `IDs` to turn on"},
		&cli.StringSliceFlag{Name: "disable", Usage: "rule `IDs` to turn off"},
		&cli.StringFlag{Name: "fail-on", Value: "error", Usage: "exit 1 on findings at or above: error, warning, note or never"},
		&cli.StringFlag{Name: "baseline", Usage: "hide the findings recorded in `FILE`"},
		&cli.StringFlag{Name: "write-baseline", Usage: "record the current findings in `FILE`"},
		&cli.IntFlag{Name: "jobs", Usage: "use at most N CPUs at once (default: all of them)"},
		&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no summary line"},
		&cli.StringFlag{Name: "summary", Usage: "also write a Markdown job summary to `FILE`"},
		&cli.StringFlag{Name: "sarif-category", Usage: "SARIF automationDetails.id (code scanning category)"},
		&cli.Int64Flag{Name: "max-file-size", Value: lint.DefaultMaxFileSize, Usage: "skip files over this many `BYTES`, with a note"},
		&cli.IntFlag{Name: "history-depth", Value: 1000, Usage: "commits read for last-change dates (PM013)"},
		&cli.BoolFlag{Name: "no-cache", Usage: "neither read nor write the cache in <git dir>/rolelint (also ROLELINT_NO_CACHE=1)"},
	}
}

func lintAction(stdout, stderr io.Writer) cli.ActionFunc {
	return func(c *cli.Context) error {
		f := &app.Flags{
			Paths:         c.Args().Slice(),
			Config:        c.String("config"),
			Formats:       c.StringSlice("format"),
			Color:         c.String("color"),
			Staged:        c.Bool("staged"),
			Since:         c.String("since"),
			NewOnly:       c.Bool("new-only"),
			Rev:           c.String("rev"),
			Sets:          c.StringSlice("sets"),
			Enable:        c.StringSlice("enable"),
			Disable:       c.StringSlice("disable"),
			FailOn:        c.String("fail-on"),
			Baseline:      c.String("baseline"),
			WriteBaseline: c.String("write-baseline"),
			Jobs:          c.Int("jobs"),
			Quiet:         c.Bool("quiet"),
			Summary:       c.String("summary"),
			SARIFCategory: c.String("sarif-category"),
			MaxFileSize:   c.Int64("max-file-size"),
			HistoryDepth:  c.Int("history-depth"),
			NoCache:       c.Bool("no-cache"),
			Version:       toolVersion(),
			Stdout:        stdout,
			Stderr:        stderr,
			IsTerminal:    isTerminal(stdout),
		}
		return exitCode(app.Lint(f, rules.All()))
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// codeError carries an exit code through urfave/cli without printing.
type codeError int

func (e codeError) Error() string { return fmt.Sprintf("exit %d", int(e)) }

func exitCode(code int) error {
	if code == 0 {
		return nil
	}
	return codeError(code)
}

func newApp(stdout, stderr io.Writer) *cli.App {
	catalog := rules.All()
	a := &cli.App{
		Name:      "rolelint",
		Usage:     "lint product documents (specs, PRDs, vision, epics, stories, bugs) for role clarity",
		UsageText: "rolelint [lint flags] [paths...]\nrolelint command [flags] [args...]",
		Version:   toolVersion(),
		Writer:    stdout,
		ErrWriter: stderr,
		Flags:     lintFlags(),
		Action:    lintAction(stdout, stderr),
		// Exit codes are ours (CLI.md): never let the library exit.
		ExitErrHandler:  func(*cli.Context, error) {},
		HideHelpCommand: true,
		OnUsageError:    onUsageError,
		Commands: []*cli.Command{
			{
				Name:         "lint",
				Usage:        "lint the documents (paths narrow the scope)",
				ArgsUsage:    "[paths...]",
				Flags:        lintFlags(),
				Action:       lintAction(stdout, stderr),
				OnUsageError: onUsageError,
			},
			{
				Name:  "rules",
				Usage: "list every rule: id, name, set, kinds, severity, title",
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "format", Value: "text", Usage: "text, json or markdown"},
					&cli.StringFlag{Name: "preset", Usage: "show the severities a built-in preset gives"},
				},
				Action: func(c *cli.Context) error {
					var sev map[string]lint.Severity
					var preset *lint.Preset
					if name := c.String("preset"); name != "" {
						p, ok := lint.PresetByName(name)
						preset = p
						if !ok {
							return usageError{fmt.Errorf("unknown preset %q: use one of %s", name, presetNames())}
						}
						cfg := lint.DefaultConfig()
						cfg.Extends = []string{name}
						_, s, err := lint.ActiveRules(cfg, catalog, nil, nil, nil)
						if err != nil {
							return usageError{err}
						}
						sev = s
					}
					if err := app.WriteRules(stdout, c.String("format"), catalog, sev); err != nil {
						return usageError{err}
					}
					if preset != nil && (c.String("format") == "text" || c.String("format") == "") {
						fmt.Fprintf(stdout, "\nPreset %s: %s\n", preset.Name, preset.Description)
						for _, ch := range lint.PresetDiff(preset, lint.WithMetaRules(catalog)) {
							fmt.Fprintf(stdout, "  %s %s -> %s", ch.RuleID, ch.From, ch.To)
							if ch.Reason != "" {
								fmt.Fprintf(stdout, ": %s", ch.Reason)
							}
							fmt.Fprintln(stdout)
						}
					}
					return nil
				},
			},
			{
				Name:      "explain",
				Usage:     "full documentation of one rule, with bad and good examples",
				ArgsUsage: "RULE",
				Action: func(c *cli.Context) error {
					if c.NArg() != 1 {
						return usageError{errors.New("explain takes one rule ID or name, for example: rolelint explain PO003")}
					}
					id := c.Args().First()
					r := rules.ByID(id)
					if r == nil {
						for _, m := range lint.MetaRules() {
							if strings.EqualFold(m.ID, id) || m.Name == id {
								r = m
							}
						}
					}
					if r == nil {
						return usageError{fmt.Errorf("unknown rule %q: `rolelint rules` lists them", id)}
					}
					app.Explain(stdout, r)
					return nil
				},
			},
			{
				Name:  "version",
				Usage: "print the version",
				Action: func(*cli.Context) error {
					fmt.Fprintln(stdout, "rolelint "+toolVersion())
					return nil
				},
			},
		},
	}
	a.Commands = append(a.Commands, app.ExtraCommands(stdout, catalog)...)
	return a
}

func presetNames() string {
	var names []string
	for _, p := range lint.Presets() {
		names = append(names, p.Name)
	}
	return strings.Join(names, ", ")
}

type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }

func onUsageError(_ *cli.Context, err error, _ bool) error { return usageError{err} }

func run(args []string, stdout, stderr io.Writer) int {
	a := newApp(stdout, stderr)
	err := a.Run(interspersed(a, args))
	if err == nil {
		return 0
	}
	var ce codeError
	if errors.As(err, &ce) {
		return int(ce)
	}
	var ae *app.Error
	if errors.As(err, &ae) {
		fmt.Fprintln(stderr, "rolelint: "+ae.Msg)
		return ae.Code
	}
	fmt.Fprintln(stderr, "rolelint: "+err.Error())
	var ue usageError
	if errors.As(err, &ue) || strings.Contains(err.Error(), "flag provided but not defined") {
		fmt.Fprintln(stderr, "Run 'rolelint --help' for usage.")
	}
	return 2
}

// interspersed moves flags that follow positional arguments in front of
// them, so that `rolelint docs --format sarif` works as users expect
// (urfave/cli stops parsing flags at the first argument).
func interspersed(a *cli.App, args []string) []string {
	if len(args) < 2 {
		return args
	}
	flags := a.Flags
	start := 1
	for _, c := range a.Commands {
		if args[1] == c.Name {
			flags = c.Flags
			start = 2
			break
		}
	}
	takesValue := map[string]bool{}
	for _, f := range flags {
		_, isBool := f.(*cli.BoolFlag)
		for _, n := range f.Names() {
			takesValue[n] = !isBool
		}
	}
	var fl, pos []string
	rest := args[start:]
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		if a == "--" {
			pos = append(pos, rest[i+1:]...)
			break
		}
		if strings.HasPrefix(a, "-") && len(a) > 1 {
			fl = append(fl, a)
			name := strings.TrimLeft(a, "-")
			if !strings.Contains(name, "=") && takesValue[name] && i+1 < len(rest) {
				fl = append(fl, rest[i+1])
				i++
			}
			continue
		}
		pos = append(pos, a)
	}
	out := append([]string{}, args[:start]...)
	out = append(out, fl...)
	if len(pos) > 0 {
		out = append(out, "--")
		out = append(out, pos...)
	}
	return out
}
