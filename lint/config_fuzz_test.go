package lint

import (
	"errors"
	"testing"
)

// FuzzLoadConfig checks that any input gives either a config or a
// *ConfigError, never a panic, both or neither.
func FuzzLoadConfig(f *testing.F) {
	for _, seed := range []string{
		"",
		cfgFullConfig,
		cfgAliasBomb,
		"rules:\n  PO003: warning\n  PM013: {severity: note, max-age-days: 120}\n",
		"extends: strict\nrules: {po003: false, RC009: true}\n",
		"documents:\n  - {kind: backlog, paths: [BACKLOG.md], item-heading-level: 2}\n",
		"sections:\n  goals: {replace: true, headings: [Aims]}\n",
		"version: 1\n---\nversion: 2\n",
		"? [a]\n: b\n",
		"rules: [[[[]]]]\n",
		"ignore: [\"a/{b\"]\n",
		"lexicon: {extend: {jargon: [x]}, allow: [y]}\n",
		"a: !!binary aGVsbG8=\nversion: !!str 1\n",
	} {
		f.Add([]byte(seed))
	}
	catalog := cfgCatalog()
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := LoadConfig(".rolelint.yml", data, catalog)
		if (c == nil) == (err == nil) {
			t.Fatalf("LoadConfig returned config %v and error %v", c, err)
		}
		if err != nil {
			var ce *ConfigError
			if !errors.As(err, &ce) || ce.Msg == "" || ce.Line < 0 {
				t.Fatalf("error %T %q is not a proper *ConfigError", err, err)
			}
			return
		}
		if _, _, err := ActiveRules(c, catalog, nil, nil, nil); err != nil {
			t.Fatalf("ActiveRules on a loaded config: %v", err)
		}
	})
}
