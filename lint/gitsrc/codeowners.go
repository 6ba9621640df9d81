package gitsrc

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/rolelint/rolelint/lint"
)

// CodeOwnersLocations are where GitHub looks for CODEOWNERS, in its order.
var CodeOwnersLocations = []string{".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"}

// codeOwnersMaxSize is GitHub's limit: a larger CODEOWNERS file is not loaded.
const codeOwnersMaxSize = 3 << 20

// CodeOwnersRule is one pattern line of a CODEOWNERS file.
type CodeOwnersRule struct {
	Pattern string   // as written (unescaped)
	Owners  []string // empty: the line un-owns the paths it matches
	Line    int
	re      *regexp.Regexp
}

// CodeOwnersFile is a parsed CODEOWNERS file; it implements lint.CodeOwners.
type CodeOwnersFile struct {
	Path  string
	Rules []CodeOwnersRule
}

var _ lint.CodeOwners = (*CodeOwnersFile)(nil)

// File implements lint.CodeOwners.
func (c *CodeOwnersFile) File() string { return c.Path }

// Owners implements lint.CodeOwners: the owners of the last rule matching
// path and that rule's line. A matching rule without owners un-owns the
// path: the owners are then nil with the rule's line. No match: nil, 0.
func (c *CodeOwnersFile) Owners(path string) ([]string, int) {
	if c == nil {
		return nil, 0
	}
	path = strings.TrimPrefix(path, "/")
	for i := len(c.Rules) - 1; i >= 0; i-- {
		r := &c.Rules[i]
		if r.re.MatchString(path) {
			if len(r.Owners) == 0 {
				return nil, r.Line
			}
			return append([]string(nil), r.Owners...), r.Line
		}
	}
	return nil, 0
}

// LoadCodeOwners reads the first of .github/CODEOWNERS, CODEOWNERS and
// docs/CODEOWNERS that exists in the view. It returns a nil interface when
// there is none (or it cannot be used), with notes saying why.
func LoadCodeOwners(src lint.Source) (lint.CodeOwners, []lint.SourceNote) {
	files, err := src.Files()
	if err != nil {
		return nil, []lint.SourceNote{{Path: "CODEOWNERS", Message: "cannot list files to find CODEOWNERS: " + err.Error()}}
	}
	for _, loc := range CodeOwnersLocations {
		i := sort.Search(len(files), func(i int) bool { return files[i].Path >= loc })
		if i == len(files) || files[i].Path != loc {
			continue
		}
		data, err := src.Read(loc, codeOwnersMaxSize)
		if err != nil {
			msg := "cannot read CODEOWNERS: " + err.Error()
			if errors.Is(err, lint.ErrTooLarge) {
				msg = "CODEOWNERS is over GitHub's 3 MB limit, so GitHub ignores it; so does rolelint"
			}
			return nil, []lint.SourceNote{{Path: loc, Message: msg}}
		}
		co, notes := ParseCodeOwners(loc, data)
		return co, notes
	}
	return nil, nil
}

// ParseCodeOwners parses a CODEOWNERS file with GitHub's semantics. Lines
// GitHub would skip (negation, bad owners, broken patterns) are skipped with
// a note naming file:line. It never fails.
func ParseCodeOwners(file string, data []byte) (*CodeOwnersFile, []lint.SourceNote) {
	co := &CodeOwnersFile{Path: file}
	var notes []lint.SourceNote
	text := strings.TrimPrefix(string(data), "\ufeff")
	for i, raw := range strings.Split(text, "\n") {
		line := i + 1
		raw = strings.TrimSuffix(raw, "\r")
		fields := splitCodeOwnersLine(raw)
		if len(fields) == 0 {
			continue
		}
		pat := fields[0]
		if strings.HasPrefix(pat, "!") {
			notes = append(notes, coNote(file, line, "negation (!pattern) is not supported by GitHub CODEOWNERS; the line is ignored"))
			continue
		}
		if strings.ContainsAny(pat, "[]") {
			notes = append(notes, coNote(file, line, "character ranges ([...]) are not supported by GitHub CODEOWNERS; the line is ignored"))
			continue
		}
		owners := fields[1:]
		if bad := firstBadOwner(owners); bad != "" {
			notes = append(notes, coNote(file, line, fmt.Sprintf("%q is not an owner (expected @user, @org/team or an e-mail address); GitHub ignores the line", bad)))
			continue
		}
		re, err := codeOwnersRegexp(pat)
		if err != nil {
			notes = append(notes, coNote(file, line, fmt.Sprintf("pattern %q cannot be used: %v; the line is ignored", pat, err)))
			continue
		}
		co.Rules = append(co.Rules, CodeOwnersRule{Pattern: pat, Owners: owners, Line: line, re: re})
	}
	return co, notes
}

func coNote(file string, line int, msg string) lint.SourceNote {
	return lint.SourceNote{Path: file, Message: fmt.Sprintf("%s:%d: %s", file, line, msg)}
}

// splitCodeOwnersLine splits a line into whitespace-separated fields,
// honouring backslash escapes (`\ ` a space in a path, `\#` a literal #) and
// stopping at an unescaped # that starts a field (a comment). Escapes are
// resolved, except that wildcards stay escaped for the pattern compiler.
func splitCodeOwnersLine(s string) []string {
	var fields []string
	var cur strings.Builder
	inField := false
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch == '\\' && i+1 < len(s):
			i++
			if s[i] == '*' || s[i] == '?' || s[i] == '\\' {
				cur.WriteByte('\\')
			}
			cur.WriteByte(s[i])
			inField = true
		case ch == ' ' || ch == '\t':
			if inField {
				fields = append(fields, cur.String())
				cur.Reset()
				inField = false
			}
		case ch == '#' && !inField:
			return fields
		default:
			cur.WriteByte(ch)
			inField = true
		}
	}
	if inField {
		fields = append(fields, cur.String())
	}
	return fields
}

var ownerRe = regexp.MustCompile(`^(@[A-Za-z0-9](?:[A-Za-z0-9_.-]*)(?:/[A-Za-z0-9_.-]+)?|[^@\s]+@[^@\s]+\.[^@\s]+)$`)

func firstBadOwner(owners []string) string {
	for _, o := range owners {
		if !ownerRe.MatchString(o) {
			return o
		}
	}
	return ""
}

// codeOwnersRegexp compiles a CODEOWNERS pattern (gitignore-like, GitHub's
// variant) into a regexp over slash-separated repo-relative file paths:
//
//   - a leading `/`, or a `/` inside the pattern, anchors it at the root;
//     otherwise it matches at any depth;
//   - a trailing `/` matches a directory, so everything below it;
//   - a pattern that names a directory also matches everything below it,
//     except `dir/*`, which GitHub documents as direct children only;
//   - `*` and `?` do not cross `/`; `**` does.
func codeOwnersRegexp(pat string) (*regexp.Regexp, error) {
	p := pat
	dirOnly := strings.HasSuffix(p, "/") && !strings.HasSuffix(p, `\/`)
	p = strings.TrimSuffix(p, "/")
	anchored := strings.HasPrefix(p, "/")
	p = strings.TrimPrefix(p, "/")
	if p == "" {
		if dirOnly || anchored {
			return regexp.Compile(`^.+$`) // "/" : the whole repository
		}
		return nil, errors.New("empty pattern")
	}
	if strings.Contains(p, "/") {
		anchored = true
	}
	segs := strings.Split(p, "/")
	var b strings.Builder
	b.WriteString("^")
	if !anchored {
		b.WriteString("(?:.*/)?")
	}
	for i, seg := range segs {
		last := i == len(segs)-1
		if seg == "**" {
			switch {
			case last:
				b.WriteString(".*")
			default:
				b.WriteString("(?:[^/]+/)*")
			}
			continue
		}
		b.WriteString(globSegment(seg))
		if !last {
			b.WriteString("/")
		}
	}
	last := segs[len(segs)-1]
	switch {
	case last == "**":
		b.WriteString("$")
	case dirOnly:
		b.WriteString("/.+$")
	case last == "*" && len(segs) > 1:
		b.WriteString("$") // docs/* : direct children only
	default:
		b.WriteString("(?:/.+)?$")
	}
	return regexp.Compile(b.String())
}

// globSegment turns one path segment of a glob into a regexp.
func globSegment(seg string) string {
	var b strings.Builder
	for i := 0; i < len(seg); i++ {
		switch ch := seg[i]; ch {
		case '\\':
			if i+1 < len(seg) {
				i++
				b.WriteString(regexp.QuoteMeta(seg[i : i+1]))
			}
		case '*':
			for i+1 < len(seg) && seg[i+1] == '*' {
				i++
			}
			b.WriteString("[^/]*")
		case '?':
			b.WriteString("[^/]")
		default:
			b.WriteString(regexp.QuoteMeta(seg[i : i+1])) // byte-wise: UTF-8 passes through
		}
	}
	return b.String()
}
