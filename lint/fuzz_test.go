package lint

import (
	"fmt"
	"path"
	"strings"
	"testing"
	"time"
)

// fuzzInputLimit is how long one fuzz input may take. The fuzz engine has no
// per-input timeout, so a hang would only stall it; the watchdog turns a
// hang into a crash, which the engine records as a failing input.
const fuzzInputLimit = 10 * time.Second

// watchdog panics (crashing the fuzz worker) if stop is not called within
// fuzzInputLimit; the panic message quotes the input.
func watchdog(input ...any) (stop func() bool) {
	timer := time.AfterFunc(fuzzInputLimit, func() {
		panic(fmt.Sprintf("fuzz input still running after %v (a hang): %q", fuzzInputLimit, input))
	})
	return timer.Stop
}

// fuzzCatalog is the rule catalog the suppression fuzzer resolves IDs
// against: the config test catalog plus the engine's own rules.
func fuzzCatalog() []*Rule {
	return append(cfgCatalog(), MetaRules()...)
}

// FuzzSuppressions feeds arbitrary documents through the parser and the
// inline-suppression parser, then applies the directives to findings on every
// line. Directives and problems must point into the file, and a finding may
// only be hidden by a directive that covers it.
func FuzzSuppressions(f *testing.F) {
	for _, seed := range []string{
		"",
		"# T\n<!-- rolelint-disable-next-line PO003 -- reason -->\ntext\n",
		"<!-- rolelint-disable PM005 -->\nA\n<!-- rolelint-enable PM005 -->\n",
		"<!-- rolelint-disable -->\n<!-- rolelint-enable -->\n<!-- rolelint-enable -->\n",
		"<!-- rolelint-disable-file RC004, po003 -- because -->\n",
		"<!-- rolelint-disable-line NOPE -->\n",
		"<!--\nrolelint-disable-next-line\nPO003\n-->\n",
		"---\nrolelint:\n  disable: [PM005, XX1]\n---\n# T\n",
		"---\nrolelint: {disable: PM005 PO003}\n---\n",
		"<!-- rolelint-disable-next-line PO003 -->",
		"```\n<!-- rolelint-disable PO003 -->\n```\n",
		"\r\n<!-- rolelint-disable-next-line PO003 -->\r\r\n",
		"<!-- rolelint-enable PO003 --><!-- rolelint-disable PO003 -->",
		"<!-- rolelint-disable -- -- -- -->",
	} {
		f.Add([]byte(seed))
	}
	catalog := fuzzCatalog()
	known := ruleLookup(catalog)
	parser := NewParser(DefaultConfig())
	f.Fuzz(func(t *testing.T, src []byte) {
		defer watchdog(src)()
		d := parser.Parse("docs/x.md", src)
		assertNoParserCrash(t, d)
		lines := d.Lines.Count()
		dirs, probs := ParseSuppressions(d, known)
		for _, p := range probs {
			if p.Line < 1 || p.Line > max(lines, 1) || p.Message == "" {
				t.Fatalf("problem %+v outside the file's %d lines or without a message", p, lines)
			}
		}
		for _, dr := range dirs {
			if dr.Line < 1 || dr.Line > max(lines, 1) {
				t.Fatalf("directive %+v on line %d of a %d-line file", dr, dr.Line, lines)
			}
			if dr.FromLine < 1 || dr.ToLine < 1 {
				t.Fatalf("directive %+v has a range that starts before line 1", dr)
			}
			for _, id := range dr.Rules {
				if known(id) != id {
					t.Fatalf("directive %+v names %q, not a known rule ID", dr, id)
				}
			}
		}
		// One finding per line and rule of the catalog: every directive has
		// something it could hide.
		var findings []Finding
		for line := 1; line <= lines+1; line++ {
			for _, r := range catalog {
				findings = append(findings, Finding{RuleID: r.ID, Path: d.Path, Line: line, Col: 1, Message: "m"})
			}
		}
		unused := ApplySuppressions(d, findings, dirs)
		for _, f := range findings {
			if f.Suppressed == nil {
				continue
			}
			if !anyCovers(dirs, &f) {
				t.Fatalf("finding %s on line %d hidden by no covering directive", f.RuleID, f.Line)
			}
		}
		for _, u := range unused {
			if u.Path != d.Path || u.Line < 1 || u.Message == "" {
				t.Fatalf("unused-suppression finding %+v lacks a place or message", u)
			}
		}
	})
}

func anyCovers(dirs []*Directive, f *Finding) bool {
	for _, dr := range dirs {
		if dr.covers(f) {
			return true
		}
	}
	return false
}

// assertNoParserCrash fails when Parse recovered from a panic: the recovery
// keeps users safe, but the panic is still a bug.
func assertNoParserCrash(t *testing.T, d *Doc) {
	t.Helper()
	for _, p := range d.Problems {
		if strings.Contains(p.Message, "internal parser error") {
			t.Fatalf("the parser panicked on %s: %s", d.Path, p.Message)
		}
	}
}

// fuzzDocPaths are the folders a fuzzed link is written from.
var fuzzDocPaths = []string{"README.md", "docs/spec.md", "docs/a/b/c/deep.md", "backlog/US-1.md", "x y/%2e%2e.md"}

// FuzzResolveLink checks link resolution on any destination (`..`, %2e%2e,
// absolute paths, URLs, fragments, NUL): the target is either empty or a
// clean repository-relative path that stays inside the repository, and the
// universe lookups never panic and only return documents of the universe.
func FuzzResolveLink(f *testing.F) {
	for _, seed := range []string{
		"", "#", "#frag", "../VISION.md", "../../../../etc/passwd", "%2e%2e/%2e%2e/x.md", "%2E%2E%2F%2E%2E%2Fx.md",
		"/VISION.md", "//host/x", "https://example.com/a#b", "mailto:a@b", "www.example.com", "a\x00b.md",
		"<docs/spec.md>", "docs/../docs/./spec.md?x=1#y", "%zz", "..%2F..%2F", "C:\\Windows\\x.md", "\\\\server\\share",
		"file:///etc/passwd", ".", "..", "/", "/..", "a/b/../../..", "%00", "docs/", "spec.md#%E2%82", "EPIC-1", "[[VISION]]",
	} {
		f.Add(uint8(1), seed)
	}
	docs := []*Doc{
		{Path: "VISION.md", ID: "VISION", Kind: KindVision},
		{Path: "docs/spec.md", ID: "SPEC-1", Kind: KindSpec},
		{Path: "backlog/US-1.md", ID: "US-1", Kind: KindStory},
		{Path: "docs/README.md", Kind: KindUnknown},
	}
	u := NewUniverse(docs, []string{"VISION.md", "docs/spec.md", "backlog/US-1.md", "docs/README.md", "img/a.png"})
	inUniverse := map[*Doc]bool{}
	for _, d := range docs {
		inUniverse[d] = true
	}
	parser := NewParser(DefaultConfig())
	f.Fuzz(func(t *testing.T, which uint8, dest string) {
		defer watchdog(which, dest)()
		from := fuzzDocPaths[int(which)%len(fuzzDocPaths)]
		target, _, external, escapes := ResolveLinkDest(from, dest)
		checkTarget(t, dest, target, external, escapes)

		l := Link{Dest: dest, Target: target, External: external, Escapes: escapes, Wiki: which&0x80 != 0}
		if d, _ := u.Resolve(l); d != nil && !inUniverse[d] {
			t.Fatalf("Resolve(%q) returned a document outside the universe", dest)
		}
		fromDoc := &Doc{Path: from}
		if d, _ := u.ResolveRef(fromDoc, dest); d != nil && !inUniverse[d] {
			t.Fatalf("ResolveRef(%q) returned a document outside the universe", dest)
		}

		// The same destination written in a document, as a link, a wikilink
		// and a front-matter reference.
		src := "---\nepic: " + yamlQuote(dest) + "\n---\n# T\n\n[x](" + dest + ") [[" + dest + "]] <" + dest + ">\n"
		d := parser.Parse(from, []byte(src))
		assertNoParserCrash(t, d)
		for _, l := range d.Links {
			checkTarget(t, l.Dest, l.Target, l.External, l.Escapes)
			if got, _ := u.Resolve(l); got != nil && !inUniverse[got] {
				t.Fatalf("Resolve of parsed link %q returned a document outside the universe", l.Dest)
			}
		}
	})
}

// checkTarget asserts the invariants of a resolved link target.
func checkTarget(t *testing.T, dest, target string, external, escapes bool) {
	t.Helper()
	if external && (target != "" || escapes) {
		t.Fatalf("%q: external link with target %q, escapes %v", dest, target, escapes)
	}
	if escapes && target != "" {
		t.Fatalf("%q escapes the repository but has target %q", dest, target)
	}
	if target == "" {
		return
	}
	if strings.ContainsRune(target, 0) {
		t.Fatalf("%q: target %q holds a NUL byte", dest, target)
	}
	if strings.HasPrefix(target, "/") || target == ".." || strings.HasPrefix(target, "../") {
		t.Fatalf("%q: target %q leaves the repository", dest, target)
	}
	if path.Clean(target) != target {
		t.Fatalf("%q: target %q is not clean", dest, target)
	}
}

// yamlQuote writes s as a YAML double-quoted scalar.
func yamlQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\x`)
			b.WriteByte("0123456789abcdef"[r>>4])
			b.WriteByte("0123456789abcdef"[r&15])
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
