package app

import (
	"io"

	"github.com/urfave/cli/v2"

	"github.com/rolelint/rolelint/lint"
)

// ExtraCommands returns the init, hook and graph commands.
func ExtraCommands(stdout, stderr io.Writer, catalog []*lint.Rule, version string) []*cli.Command {
	return nil
}
