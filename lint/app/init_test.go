package app

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolelint/rolelint/lint"
	"github.com/rolelint/rolelint/rules"
)

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	writeFiles(t, root, files)
	return root
}

// writeFiles writes files (slash-separated paths) under dir, making folders.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, text := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// runInit writes the config into root and loads it back the way rolelint
// does; it returns the text and the loaded config.
func runInit(t *testing.T, root string, opts InitOptions) (string, *lint.Config) {
	t.Helper()
	opts.Dir, opts.Explicit = root, true
	var out bytes.Buffer
	opts.Out = &out
	if err := Init(opts, rules.All()); err != nil {
		t.Fatalf("init: %v", err)
	}
	file := filepath.Join(root, ".rolelint.yml")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := lint.ReadConfigFile(file, rules.All())
	if err != nil {
		t.Fatalf("the written config does not load: %v\n%s", err, data)
	}
	if !strings.Contains(out.String(), "wrote "+file) {
		t.Errorf("init did not say what it wrote: %q", out.String())
	}
	return string(data), cfg
}

// kindsWith parses the files of root with cfg and returns each file's kind.
func kindsWith(t *testing.T, root string, cfg *lint.Config) map[string]lint.Kind {
	t.Helper()
	files, err := listFiles(root)
	if err != nil {
		t.Fatal(err)
	}
	src := &lint.MemSource{Data: map[string][]byte{}}
	for _, p := range files.all {
		b, _ := os.ReadFile(filepath.Join(root, p))
		src.Data[p] = b
	}
	res, err := lint.Run(lint.Options{Source: src, Config: cfg, InScope: func(string) bool { return false }})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]lint.Kind{}
	for _, p := range files.all {
		out[p] = lint.KindUnknown
	}
	for _, d := range res.Universe.Files {
		out[d.Path] = d.Kind
	}
	return out
}

func wantKinds(t *testing.T, got map[string]lint.Kind, want map[string]lint.Kind) {
	t.Helper()
	for p, k := range want {
		if got[p] != k {
			t.Errorf("%s: kind %q, want %q", p, got[p], k)
		}
	}
}

// wantPreset checks the preset init chose. Convention presets are only
// expected when this build has them; otherwise recommended is right.
func wantPreset(t *testing.T, cfg *lint.Config, name string) {
	t.Helper()
	if _, ok := lint.PresetByName(name); !ok {
		name = lint.PresetRecommended
	}
	if len(cfg.Extends) != 1 || cfg.Extends[0] != name {
		t.Errorf("extends = %v, want [%s]", cfg.Extends, name)
	}
}

func TestInitBacklogMD(t *testing.T) {
	root := writeTree(t, map[string]string{
		"backlog/config.yml":                           "project_name: demo\n",
		"backlog/readme.md":                            "# Backlog\n",
		"backlog/tasks/task-1 - Scan.md":               "---\nid: task-1\ntitle: Scan\n---\n# task-1 Scan\n",
		"backlog/tasks/task-2 - Fix crash.md":          "---\nid: task-2\nlabels: [bug]\n---\n# task-2 Fix crash\n",
		"backlog/drafts/task-3 - Idea.md":              "---\nid: task-3\n---\n# task-3 Idea\n",
		"backlog/decisions/decision-1 - Use Go.md":     "---\nid: decision-1\n---\n# decision-1 Use Go\n",
		"backlog/milestones/m-1 - v1.md":               "---\nid: m-1\n---\n# m-1 v1\n",
		"backlog/docs/doc-1 - Guide.md":                "# Guide\n",
		".github/CODEOWNERS":                           "* @alice\n",
		"README.md":                                    "# Demo\n",
		"node_modules/pkg/backlog/tasks/task-9 - x.md": "# not ours\n",
	})
	text, cfg := runInit(t, root, InitOptions{})
	wantPreset(t, cfg, "backlog-md")
	for _, want := range []string{"Backlog.md backlog (backlog/config.yml)", "CODEOWNERS at .github/CODEOWNERS", "codeowners: true"} {
		if !strings.Contains(text, want) {
			t.Errorf("config lacks %q:\n%s", want, text)
		}
	}
	if !cfg.Roles.CodeOwners {
		t.Error("roles.codeowners not set although CODEOWNERS exists")
	}
	if len(cfg.Documents) != 3 || cfg.Documents[0].Kind != lint.KindStory || cfg.Documents[1].Kind != lint.KindSpec || cfg.Documents[2].Kind != lint.KindEpic {
		t.Errorf("documents = %+v, want Backlog.md tasks, decisions and milestones", cfg.Documents)
	}
	if strings.Contains(text, "node_modules") {
		t.Error("init looked inside node_modules")
	}
	wantKinds(t, kindsWith(t, root, cfg), map[string]lint.Kind{
		"backlog/tasks/task-1 - Scan.md":           lint.KindStory,
		"backlog/tasks/task-2 - Fix crash.md":      lint.KindBug, // labels still decide under a story glob
		"backlog/drafts/task-3 - Idea.md":          lint.KindStory,
		"backlog/decisions/decision-1 - Use Go.md": lint.KindSpec,
		"backlog/milestones/m-1 - v1.md":           lint.KindEpic,
		"backlog/docs/doc-1 - Guide.md":            lint.KindUnknown,
		"backlog/readme.md":                        lint.KindUnknown,
	})
}

func TestInitKEPs(t *testing.T) {
	root := writeTree(t, map[string]string{
		"keps/README.md":                                 "# Kubernetes Enhancement Proposals\n",
		"keps/NNNN-kep-template/README.md":               "# KEP-NNNN: Your short, descriptive title\n",
		"keps/NNNN-kep-template/kep.yaml":                "title: template\n",
		"keps/sig-auth/1234-workload-identity/README.md": "# KEP-1234: Workload identity\n\n## Motivation\n",
		"keps/sig-auth/1234-workload-identity/kep.yaml":  "title: Workload identity\nkep-number: 1234\nowning-sig: sig-auth\nstatus: implementable\n",
		"keps/sig-node/2000-swap/README.md":              "# KEP-2000: Swap\n",
		"keps/sig-node/2000-swap/kep.yaml":               "title: Swap\nstatus: provisional\n",
		"CODEOWNERS":                                     "keps/ @sig-leads\n",
	})
	text, cfg := runInit(t, root, InitOptions{})
	wantPreset(t, cfg, "kep")
	if !strings.Contains(text, "KEPs") || !strings.Contains(text, `"keps/**/README.md"`) {
		t.Errorf("KEP layout not detected:\n%s", text)
	}
	// The explicit glob must not turn the template and the index into KEPs.
	for _, ign := range []string{`"keps/README.md"`, `"keps/NNNN-kep-template/README.md"`} {
		if !strings.Contains(text, "  - "+ign) {
			t.Errorf("ignore lacks %s:\n%s", ign, text)
		}
	}
	wantKinds(t, kindsWith(t, root, cfg), map[string]lint.Kind{
		"keps/sig-auth/1234-workload-identity/README.md": lint.KindSpec,
		"keps/sig-node/2000-swap/README.md":              lint.KindSpec,
		"keps/README.md":                                 lint.KindUnknown,
		"keps/NNNN-kep-template/README.md":               lint.KindUnknown,
	})
}

func TestInitRFCsADRsVisionBacklogFile(t *testing.T) {
	root := writeTree(t, map[string]string{
		"rfcs/README.md":                    "# RFCs\n\nHow we write RFCs.\n",
		"rfcs/0000-template.md":             "# RFC-0000 Title\n",
		"rfcs/0001-authorization/README.md": "# RFC-0001 Authorization\n\n**Status:** provisional\n",
		"docs/decisions/0001-use-madr.md":   "---\nstatus: accepted\n---\n# Use MADR\n",
		"docs/decisions/adr-template.md":    "# {short title}\n",
		"docs/VISION.md":                    "# Vision\n",
		"BACKLOG.md":                        "# Backlog\n\n## US-1 Sign in\n\nAs a user, I want to sign in, so that I see my data.\n",
		"docs/guide/[draft] {odd} name.md":  "# Guide\n",
	})
	text, cfg := runInit(t, root, InitOptions{})
	wantPreset(t, cfg, "rfc") // the first convention found wins; adr is named in a comment
	for _, want := range []string{"kind: rfc", "kind: adr", "kind: backlog", `vision: ["docs/VISION.md"]`, "# roles:"} {
		if !strings.Contains(text, want) {
			t.Errorf("config lacks %q:\n%s", want, text)
		}
	}
	if cfg.Roles.CodeOwners {
		t.Error("codeowners turned on without a CODEOWNERS file")
	}
	if !strings.Contains(text, "docs/decisions/") || !strings.Contains(text, "1 spec") {
		t.Errorf("the census of folders is missing:\n%s", text)
	}
	kinds := kindsWith(t, root, cfg)
	wantKinds(t, kinds, map[string]lint.Kind{
		"rfcs/0001-authorization/README.md": lint.KindSpec,
		"rfcs/README.md":                    lint.KindUnknown,
		"rfcs/0000-template.md":             lint.KindUnknown,
		"docs/decisions/0001-use-madr.md":   lint.KindSpec,
		"docs/decisions/adr-template.md":    lint.KindUnknown,
		"docs/VISION.md":                    lint.KindVision,
		"BACKLOG.md":                        lint.KindBacklog,
	})
}

func TestInitEmptyRepositoryStillLoads(t *testing.T) {
	root := writeTree(t, map[string]string{"main.go": "package main\n"})
	text, cfg := runInit(t, root, InitOptions{})
	if len(cfg.Documents) != 0 || !strings.Contains(text, "no known document layout") {
		t.Errorf("unexpected config:\n%s", text)
	}
	wantPreset(t, cfg, lint.PresetRecommended)
	if err := os.Remove(filepath.Join(root, ".rolelint.yml")); err != nil {
		t.Fatal(err)
	}
	text, cfg = runInit(t, root, InitOptions{Preset: "strict"})
	if !strings.Contains(text, "extends: [strict]") {
		t.Errorf("--preset strict not written:\n%s", text)
	}
	wantPreset(t, cfg, lint.PresetStrict)
}

func TestInitRefusesToOverwrite(t *testing.T) {
	root := writeTree(t, map[string]string{".rolelint.yml": "version: 1\n# mine\n"})
	err := Init(InitOptions{Dir: root, Explicit: true, Out: &bytes.Buffer{}}, rules.All())
	if err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("want a refusal that names --force, got %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(root, ".rolelint.yml")); string(b) != "version: 1\n# mine\n" {
		t.Fatal("existing config changed")
	}
	if _, cfg := runInit(t, root, InitOptions{Force: true}); cfg == nil {
		t.Fatal("--force did not write")
	}
	if b, _ := os.ReadFile(filepath.Join(root, ".rolelint.yml")); strings.Contains(string(b), "# mine") {
		t.Fatal("--force kept the old config")
	}
}

func TestInitUnknownPreset(t *testing.T) {
	root := t.TempDir()
	err := Init(InitOptions{Dir: root, Explicit: true, Preset: "kubernetes", Out: &bytes.Buffer{}}, rules.All())
	if err == nil || !strings.Contains(err.Error(), "recommended") {
		t.Fatalf("want an error listing the presets, got %v", err)
	}
	if _, ok := lint.FindConfig(root); ok {
		t.Error("a config was written for an unknown preset")
	}
}

// Ignore entries are literal paths: glob characters in a file name must not
// turn them into patterns, and the YAML must still load.
func TestInitIgnoreEscapesGlobCharacters(t *testing.T) {
	text := RenderInitConfig(&Layout{Ignore: []string{`rfcs/[draft] {x} *.md`, `rfcs/"q" \ .md`}}, lint.PresetRecommended)
	cfg, err := lint.LoadConfig(".rolelint.yml", []byte(text), rules.All())
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	if len(cfg.Ignore) < 2 || cfg.Ignore[len(cfg.Ignore)-2] != `rfcs/\[draft\] \{x\} \*.md` || cfg.Ignore[len(cfg.Ignore)-1] != `rfcs/"q" \\ .md` {
		t.Errorf("ignore = %q", cfg.Ignore)
	}
}
