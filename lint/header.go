package lint

import (
	"fmt"
	"html"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"go.yaml.in/yaml/v3"
)

// Header field sources (Field.From).
const (
	FromFrontMatter = "front-matter"
	FromSidecar     = "sidecar"
	FromLines       = "lines"
	FromBullets     = "bullets"
	FromTable       = "table"
	FromBold        = "bold"
)

// maxFrontMatter caps the front matter that is read (YAML bombs and
// runaway files): beyond it the front matter is reported and skipped.
const maxFrontMatter = 64 << 10

// srcPos is a 1-based line and column.
type srcPos struct{ line, col int }

// headerField is a Field plus what the parser needs to turn its values into
// links: where each value sits and the last line the field covers (a bold
// label with an indented sub-list spans several lines).
type headerField struct {
	Field
	valPos  []srcPos // one per entry of Values (front matter only)
	endLine int      // last line of the field in the body (0 for front matter)
}

// frontMatter is the YAML block between a first line `---` and a closing
// `---` or `...` line.
type frontMatter struct {
	closeLine int      // line of the closing delimiter
	bodyStart int      // byte offset of the line after the closing delimiter
	lines     []string // the content lines; lines[0] is file line 2
	content   []byte
}

// findFrontMatter locates the front matter. ok is false when there is none;
// a Problem is returned for front matter that is never closed or too large.
func findFrontMatter(src []byte, li *LineIndex) (fm frontMatter, ok bool, prob *Problem) {
	if strings.TrimRight(li.Text(src, 1), " \t") != "---" {
		return fm, false, nil
	}
	n := li.Count()
	for ln := 2; ln <= n; ln++ {
		if li.Start(ln)-li.Start(2) > maxFrontMatter {
			return fm, false, &Problem{Line: 1, Col: 1, Message: fmt.Sprintf(
				"front matter is larger than %d KiB and was not read; keep document metadata short", maxFrontMatter>>10)}
		}
		text := li.Text(src, ln)
		if t := strings.TrimRight(text, " \t"); t == "---" || t == "..." {
			fm.closeLine = ln
			fm.bodyStart = li.Start(ln + 1)
			if fm.bodyStart > len(src) {
				fm.bodyStart = len(src)
			}
			fm.content = []byte(strings.Join(fm.lines, "\n") + "\n")
			return fm, true, nil
		}
		fm.lines = append(fm.lines, text)
	}
	// A lone `---` first line is usually a thematic break; only call it
	// broken front matter when the next line looks like a YAML key.
	if len(fm.lines) > 0 && fallbackKey.MatchString(fm.lines[0]) {
		return frontMatter{}, false, &Problem{Line: 1, Col: 1,
			Message: "front matter opened with --- on line 1 is never closed; add a closing --- line"}
	}
	return frontMatter{}, false, nil
}

var yamlErrLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlHeader parses YAML metadata (front matter or a sidecar file) into
// fields. lineOff is added to YAML line numbers to get file lines. On a
// YAML error it returns the error's file line and message.
func yamlHeader(content []byte, lineOff int, from, file string) ([]headerField, *Problem) {
	var root yaml.Node
	if err := yaml.Unmarshal(content, &root); err != nil {
		line, msg := 1, strings.TrimPrefix(err.Error(), "yaml: ")
		if m := yamlErrLine.FindStringSubmatch(err.Error()); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		}
		return nil, &Problem{Line: line + lineOff, Col: 1, Message: msg}
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		return nil, nil // empty
	}
	m := root.Content[0]
	if m.Kind != yaml.MappingNode {
		if m.Kind == yaml.ScalarNode && m.Tag == "!!null" {
			return nil, nil
		}
		return nil, &Problem{Line: m.Line + lineOff, Col: m.Column, Message: "is not a mapping of keys to values"}
	}
	var out []headerField
	yamlMapping(m, "", lineOff, from, file, &out)
	return out, nil
}

// yamlMapping appends the fields of mapping m. Nested mappings are flattened
// one level as "parent.child" (the parent key is kept too, with no value).
func yamlMapping(m *yaml.Node, prefix string, lineOff int, from, file string, out *[]headerField) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], yamlDeref(m.Content[i+1])
		key := k.Value
		if prefix != "" {
			key = prefix + "." + key
		}
		f := headerField{Field: Field{Key: key, Norm: NormKey(key), Line: k.Line + lineOff, Col: k.Column, From: from, File: file}}
		keys, brace := yamlBraceList(v)
		switch v.Kind {
		case yaml.ScalarNode:
			f.Value = yamlScalar(v)
			if f.Value != "" {
				f.Values = []string{f.Value}
				f.valPos = []srcPos{{v.Line + lineOff, v.Column}}
			}
		case yaml.SequenceNode:
			f.IsList = true
			for _, item := range v.Content {
				budget := 1000
				if s := yamlRender(item, 0, &budget); s != "" {
					f.Values = append(f.Values, s)
					f.valPos = append(f.valPos, srcPos{item.Line + lineOff, item.Column})
				}
			}
			f.Value = strings.Join(f.Values, ", ")
		case yaml.MappingNode:
			if brace {
				// MADR's template writes `deciders: { Tao Chen, Ben Thomas }`:
				// YAML reads a mapping with null values; the author meant a list.
				for _, kn := range keys {
					f.Values = append(f.Values, strings.TrimSpace(kn.Value))
					f.valPos = append(f.valPos, srcPos{kn.Line + lineOff, kn.Column})
				}
				f.IsList, f.Value = len(keys) > 1, strings.Join(f.Values, ", ")
				break
			}
			if prefix != "" {
				budget := 1000
				f.Value = yamlRender(v, 0, &budget)
				if f.Value != "" {
					f.Values = []string{f.Value}
				}
			}
		}
		*out = append(*out, f)
		if v.Kind == yaml.MappingNode && prefix == "" && !brace {
			yamlMapping(v, key, lineOff, from, file, out)
		}
	}
}

// yamlBraceList returns the non-empty key nodes of a flow mapping whose
// values are all null (`{ a, b }`), which people write meaning a list. The
// nodes, not just their text, so that each name keeps its own position.
func yamlBraceList(v *yaml.Node) ([]*yaml.Node, bool) {
	if v.Kind != yaml.MappingNode || v.Style&yaml.FlowStyle == 0 || len(v.Content) == 0 {
		return nil, false
	}
	var keys []*yaml.Node
	for i := 0; i+1 < len(v.Content); i += 2 {
		if val := v.Content[i+1]; val.Kind != yaml.ScalarNode || val.Tag != "!!null" || v.Content[i].Kind != yaml.ScalarNode {
			return nil, false
		}
		if strings.TrimSpace(v.Content[i].Value) != "" {
			keys = append(keys, v.Content[i])
		}
	}
	return keys, len(keys) > 0
}

// yamlDeref follows one alias. Aliases are never expanded recursively, so a
// YAML "billion laughs" document costs no more than its own size.
func yamlDeref(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

func yamlScalar(n *yaml.Node) string {
	if n.Tag == "!!null" {
		return ""
	}
	return strings.TrimSpace(n.Value)
}

// yamlRender renders a non-scalar value compactly ("a, b" / "k: v, k: v")
// within a budget of visited nodes.
func yamlRender(n *yaml.Node, depth int, budget *int) string {
	*budget--
	if *budget < 0 || depth > 3 {
		return ""
	}
	n = yamlDeref(n)
	switch n.Kind {
	case yaml.ScalarNode:
		return yamlScalar(n)
	case yaml.SequenceNode:
		var parts []string
		for _, c := range n.Content {
			if s := yamlRender(c, depth+1, budget); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, ", ")
	case yaml.MappingNode:
		var parts []string
		for i := 0; i+1 < len(n.Content); i += 2 {
			if s := yamlRender(n.Content[i+1], depth+1, budget); s != "" {
				parts = append(parts, n.Content[i].Value+": "+s)
			}
		}
		return strings.Join(parts, ", ")
	}
	return ""
}

var (
	fallbackKey  = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_ .()/-]*?)\s*:(?:\s+(.*))?$`)
	fallbackItem = regexp.MustCompile(`^\s+-\s*(.*)$`)
	fallbackSub  = regexp.MustCompile(`^\s+([A-Za-z_][A-Za-z0-9_ .()/-]*?)\s*:(?:\s+(.*))?$`)
)

// fallbackHeader reads broken front matter line by line as `key: value`,
// with `- item` lines under an empty key as a list and indented `key: value`
// lines under an empty key as "parent.child". lines[0] is file line
// firstLine. It recovers the fields of files YAML rejects (for example an
// unquoted `assignee: @name`).
func fallbackHeader(lines []string, firstLine int) []headerField {
	var out []headerField
	parent := -1 // index in out of the last top-level key with an empty value
	for i, raw := range lines {
		line := firstLine + i
		text := strings.TrimRight(raw, " \t\r")
		trimmed := strings.TrimSpace(text)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if text[0] != ' ' && text[0] != '\t' {
			m := fallbackKey.FindStringSubmatch(text)
			if m == nil {
				parent = -1
				continue
			}
			f := headerField{Field: Field{Key: m[1], Norm: NormKey(m[1]), Line: line, Col: 1, From: FromFrontMatter}}
			v := strings.TrimSpace(m[2])
			if strings.HasPrefix(v, "[") && strings.HasSuffix(v, "]") {
				f.IsList = true
				for _, part := range strings.Split(v[1:len(v)-1], ",") {
					if s := yamlUnquote(part); s != "" {
						f.Values = append(f.Values, s)
					}
				}
				f.Value = strings.Join(f.Values, ", ")
			} else if v = yamlUnquote(v); v != "" {
				f.Value, f.Values = v, []string{v}
			}
			out = append(out, f)
			parent = -1
			if m[2] == "" {
				parent = len(out) - 1
			}
			continue
		}
		if parent < 0 {
			continue
		}
		if m := fallbackItem.FindStringSubmatch(text); m != nil {
			p := &out[parent]
			if s := yamlUnquote(m[1]); s != "" {
				p.IsList = true
				p.Values = append(p.Values, s)
				p.Value = strings.Join(p.Values, ", ")
			}
			continue
		}
		if m := fallbackSub.FindStringSubmatch(text); m != nil {
			key := out[parent].Key + "." + m[1]
			f := headerField{Field: Field{Key: key, Norm: NormKey(key), Line: line, Col: len(text) - len(strings.TrimLeft(text, " \t")) + 1, From: FromFrontMatter}}
			if v := yamlUnquote(m[2]); v != "" {
				f.Value, f.Values = v, []string{v}
			}
			out = append(out, f)
		}
	}
	return out
}

// simpleFrontMatter reads the most common front matter without the YAML
// library, which costs more than the rest of the header: every line is
// `key: value` with a plain key and a value that YAML can only read as the
// same text (plain ASCII words, or quoted without escapes). On anything
// else (lists, nesting, comments, blank lines, null, repeated keys, tabs,
// non-ASCII) ok is false and the caller uses the YAML library, so the
// fields are always what yamlHeader returns. lines[0] is file line
// firstLine.
func simpleFrontMatter(lines []string, firstLine int) (fields []headerField, ok bool) {
	if len(lines) == 0 || len(lines) > 64 {
		return nil, false
	}
	fields = make([]headerField, 0, len(lines))
	for i, line := range lines {
		key, value, valueCol, ok := simpleYAMLLine(line)
		if !ok {
			return nil, false
		}
		for _, f := range fields {
			if f.Key == key {
				return nil, false
			}
		}
		ln := firstLine + i
		fields = append(fields, headerField{
			Field:  Field{Key: key, Norm: NormKey(key), Value: value, Values: []string{value}, Line: ln, Col: 1, From: FromFrontMatter},
			valPos: []srcPos{{ln, valueCol}},
		})
	}
	return fields, true
}

// simpleYAMLLine splits `key: value` as simpleFrontMatter accepts it.
// valueCol is the 1-based column where the value (or its quote) starts.
func simpleYAMLLine(line string) (key, value string, valueCol int, ok bool) {
	colon := strings.IndexByte(line, ':')
	if colon <= 0 || colon > 128 || colon+2 > len(line) || line[colon+1] != ' ' {
		return "", "", 0, false
	}
	key = line[:colon]
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !(yamlLetter(c) || c == '_' || i > 0 && (c >= '0' && c <= '9' || c == '-')) {
			return "", "", 0, false
		}
	}
	start := colon + 1
	for start < len(line) && line[start] == ' ' {
		start++
	}
	raw := line[start:]
	if raw == "" || raw[len(raw)-1] == ' ' {
		return "", "", 0, false
	}
	switch q := raw[0]; q {
	case '"', '\'':
		if len(raw) < 3 || raw[len(raw)-1] != q {
			return "", "", 0, false
		}
		if inner := raw[1 : len(raw)-1]; strings.ContainsAny(inner, "\"'\\") || !plainASCII(inner) {
			return "", "", 0, false
		}
		value = strings.TrimSpace(raw[1 : len(raw)-1])
		if value == "" {
			return "", "", 0, false
		}
	default:
		if !yamlLetter(q) && !(q >= '0' && q <= '9') || !plainASCII(raw) || strings.ContainsAny(raw, ":#") || isYAMLNull(raw) {
			return "", "", 0, false
		}
		value = raw
	}
	return key, value, start + 1, true
}

func yamlLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// plainASCII reports whether s holds only printable ASCII without the
// characters that open YAML structures inside a value.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c > '~' {
			return false
		}
		switch c {
		case '[', ']', '{', '}', ',', '&', '*', '!', '|', '>', '%', '`', '\\':
			return false
		}
	}
	return true
}

func isYAMLNull(s string) bool {
	switch s {
	case "null", "Null", "NULL", "~":
		return true
	}
	return false
}

// yamlUnquote trims a YAML-ish scalar and removes matching surrounding quotes.
func yamlUnquote(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		s = s[1 : len(s)-1]
	}
	return strings.TrimSpace(s)
}

// frontMatterFields parses the front matter; on a YAML error it reports the
// error as a Problem and recovers the fields line by line. fast allows the
// shortcut of simpleFrontMatter.
func frontMatterFields(fm frontMatter, fast bool) ([]headerField, *Problem) {
	if fast {
		if fields, ok := simpleFrontMatter(fm.lines, 2); ok {
			return fields, nil
		}
	}
	fields, prob := yamlHeader(fm.content, 1, FromFrontMatter, "")
	if prob == nil {
		return fields, nil
	}
	prob.Message = "front matter is not valid YAML: " + prob.Message +
		"; its fields were read line by line (quote values that start with @, {, [, * or `)"
	return fallbackHeader(fm.lines, 2), prob
}

// --- header fields in the Markdown body (Appendix C.1, D.3) ---

var (
	// `Key: value`: a key of 1-4 words at the start of a line.
	lineKeyRe = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9()/'_.-]*(?:[ \t]+[A-Za-z0-9()/'_.&-]+){0,3})[ \t]*:(?:[ \t]+(.*))?$`)
	// `Discussion at https://...` (Go proposals): a key ending in "at" followed by a URL.
	atKeyRe = regexp.MustCompile(`^([A-Za-z]+(?:[ \t]+[A-Za-z]+){0,2}[ \t]+at)[ \t]*:?[ \t]+((?:https?://|www\.|\[|<)\S.*)$`)
	// `**Key:** value`, `**Key**: value` and the same with __.
	boldStarRe  = regexp.MustCompile(`^\*\*[ \t]*([^*:]+?)[ \t]*(:?)[ \t]*\*\*[ \t]*(:?)(.*)$`)
	boldUnderRe = regexp.MustCompile(`^__[ \t]*([^_:]+?)[ \t]*(:?)[ \t]*__[ \t]*(:?)(.*)$`)
	boldOnlyRe  = regexp.MustCompile(`^\*\*([^*:]{1,60})\*\*$`)

	mdLinkRe    = regexp.MustCompile(`!?\[([^\]]*)\]\(([^)\s]*)(?:\s+"[^"]*")?\)`)
	mdRefLinkRe = regexp.MustCompile(`\[([^\]]*)\]\[[^\]]*\]`)
	brTagRe     = regexp.MustCompile(`(?i)<br\s*/?>`)
)

// lineField recognises one header line: a bold label, `X at URL` or
// `Key: value`. bulletOK allows the plain `Key: value` form with an empty
// value (the caller then looks for a sub-list).
func lineField(line string) (key, value, from string, ok bool) {
	line = strings.TrimSpace(line)
	// Each pattern needs a mark the line must hold; the checks skip the
	// regexps on the many body lines that hold none of them.
	var bold *regexp.Regexp
	switch {
	case strings.HasPrefix(line, "**"):
		bold = boldStarRe
	case strings.HasPrefix(line, "__"):
		bold = boldUnderRe
	}
	if bold != nil {
		if m := bold.FindStringSubmatch(line); m != nil {
			n := len(strings.Fields(m[1]))
			if (m[2] == ":") != (m[3] == ":") && n >= 1 && n <= 6 { // exactly one colon
				return m[1], cleanValue(m[4]), FromBold, true
			}
		}
	}
	if mayBeAtKey(line) {
		if m := atKeyRe.FindStringSubmatch(line); m != nil {
			return m[1], cleanValue(m[2]), FromLines, true
		}
	}
	if strings.IndexByte(line, ':') < 0 {
		return "", "", "", false
	}
	if m := lineKeyRe.FindStringSubmatch(line); m != nil {
		v := cleanValue(m[2])
		if strings.HasPrefix(v, "//") {
			return "", "", "", false // a URL, not a key
		}
		return m[1], v, FromLines, true
	}
	return "", "", "", false
}

// mayBeAtKey reports whether line holds what atKeyRe needs: the word "at"
// and the start of a URL, link or autolink.
func mayBeAtKey(line string) bool {
	return strings.Contains(line, "at") &&
		(strings.ContainsAny(line, "/[<") || strings.Contains(line, "www."))
}

// emphasisMarks are removed from header values.
var emphasisMarks = strings.NewReplacer("**", "", "__", "")

// cleanValue turns the Markdown of a header value into text: links become
// their text, <br> and emphasis markers go, entities are decoded, and
// trailing hard-break backslashes are dropped. Angle-bracket e-mail
// addresses are kept (NormPerson reads them).
func cleanValue(v string) string {
	if strings.IndexByte(v, '<') >= 0 {
		v = brTagRe.ReplaceAllString(v, " ")
	}
	if strings.IndexByte(v, '[') >= 0 {
		v = mdLinkRe.ReplaceAllString(v, "$1")
		v = mdRefLinkRe.ReplaceAllString(v, "$1")
	}
	if strings.Contains(v, "**") || strings.Contains(v, "__") {
		v = emphasisMarks.Replace(v)
	}
	v = html.UnescapeString(v)
	v = strings.TrimSpace(v)
	v = strings.TrimSpace(strings.TrimSuffix(v, "\\"))
	return v
}

// linkValues returns the URL or path parts of a raw header value: Markdown
// link destinations, <...> autolinks and bare URLs, or the whole value.
func linkValues(raw string) []string {
	var out []string
	if strings.IndexByte(raw, '[') >= 0 {
		for _, m := range mdLinkRe.FindAllStringSubmatch(raw, -1) {
			out = append(out, m[2])
		}
		if len(out) > 0 {
			return out
		}
	}
	// Every form looksLikeLink accepts holds a '/' or a '.', and cleanValue
	// adds neither unless it decodes an entity.
	if !strings.ContainsAny(raw, "/.&") {
		return nil
	}
	for _, w := range strings.Fields(cleanValue(raw)) {
		w = strings.Trim(w, "<>()\"'`,;")
		w = strings.TrimRight(w, ".")
		if looksLikeLink(w) {
			out = append(out, w)
		}
	}
	return out
}

// looksLikeLink reports whether a header value names a URL or a file path.
func looksLikeLink(v string) bool {
	v = strings.TrimSpace(v)
	if v == "" || strings.ContainsAny(v, " \t") {
		return false
	}
	lower := strings.ToLower(v)
	base := strings.SplitN(strings.SplitN(lower, "#", 2)[0], "?", 2)[0]
	return strings.Contains(v, "://") || strings.HasPrefix(lower, "www.") ||
		strings.HasSuffix(base, ".md") || strings.HasSuffix(base, ".markdown") ||
		strings.HasPrefix(v, "./") || strings.HasPrefix(v, "../") ||
		(strings.HasPrefix(v, "/") && !strings.HasPrefix(v, "//"))
}

// bodyHeader collects header fields from leading Markdown blocks:
// `Key: value` and bold-label lines of paragraphs, `- Key: value` and
// `- **Key:** value` bullets (a bold label with an empty value takes the
// items of its sub-list as values), and a two-column table.
func (b *builder) bodyHeader(blocks []ast.Node) []headerField {
	var out []headerField
	for _, n := range blocks {
		switch n := n.(type) {
		case *ast.Paragraph:
			out = append(out, b.paragraphFields(n)...)
		case *ast.List:
			for it := n.FirstChild(); it != nil; it = it.NextSibling() {
				if f, ok := b.bulletField(it); ok {
					out = append(out, f)
				}
			}
		case *extast.Table:
			out = append(out, b.tableFields(n)...)
		}
	}
	return out
}

func (b *builder) paragraphFields(p *ast.Paragraph) []headerField {
	var out []headerField
	lines := p.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		raw := b.segmentString(seg)
		key, value, from, ok := lineField(raw)
		if !ok || value == "" {
			continue
		}
		start := seg.Start + len(raw) - len(strings.TrimLeft(raw, " \t"))
		line, col := b.pos(start)
		out = append(out, headerField{
			Field:   Field{Key: key, Norm: NormKey(key), Value: value, Values: []string{value}, Line: line, Col: col, From: from},
			endLine: line,
		})
	}
	return out
}

// bulletField reads one leading list item as a header field.
func (b *builder) bulletField(item ast.Node) (headerField, bool) {
	var first ast.Node
	var sub *ast.List
	for c := item.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Paragraph, *ast.TextBlock:
			if first == nil {
				first = c
			}
		case *ast.List:
			if sub == nil {
				sub = c
			}
		}
	}
	if first == nil || first.Lines().Len() == 0 {
		return headerField{}, false
	}
	if _, task := first.FirstChild().(*extast.TaskCheckBox); task {
		return headerField{}, false
	}
	seg := first.Lines().At(0)
	raw := b.segmentString(seg)
	key, value, from, ok := lineField(raw)
	if !ok && sub != nil {
		// `* **Owners**` with no colon, followed by a sub-list of values
		if m := boldOnlyRe.FindStringSubmatch(strings.TrimSpace(raw)); m != nil {
			key, value, from, ok = strings.TrimSpace(m[1]), "", FromBold, true
		}
	}
	if !ok {
		return headerField{}, false
	}
	if from == FromLines {
		from = FromBullets
	}
	line, col := b.pos(seg.Start + len(raw) - len(strings.TrimLeft(raw, " \t")))
	f := headerField{Field: Field{Key: key, Norm: NormKey(key), Line: line, Col: col, From: from}, endLine: line}
	switch {
	case value != "":
		f.Value, f.Values = value, []string{value}
	case sub != nil:
		f.IsList = true
		for it := sub.FirstChild(); it != nil; it = it.NextSibling() {
			if s := strings.TrimSpace(b.ownText(it, textPlain)); s != "" {
				f.Values = append(f.Values, s)
			}
		}
		f.Value = strings.Join(f.Values, ", ")
		f.endLine, _ = b.pos(b.endOffset(sub))
	case from != FromBold:
		return headerField{}, false // `- Key:` alone is too weak a signal
	}
	return f, true
}

// tableFields reads a two-column table as key/value rows. The header row is
// a field too unless it only names the columns (`| Field | Value |`).
func (b *builder) tableFields(t *extast.Table) []headerField {
	var out []headerField
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		if row.ChildCount() != 2 {
			return nil
		}
		key := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(b.inlineText(row.FirstChild(), textPlain)), ":"))
		value := strings.TrimSpace(b.inlineText(row.LastChild(), textPlain))
		if _, isHead := row.(*extast.TableHeader); isHead && isColumnNames(key, value) {
			continue
		}
		if key == "" || len(strings.Fields(key)) > 6 {
			continue
		}
		start := max(row.FirstChild().Pos(), 0)
		for start < len(b.src) && (b.src[start] == ' ' || b.src[start] == '\t') {
			start++
		}
		line, col := b.pos(start)
		f := headerField{Field: Field{Key: key, Norm: NormKey(key), Value: value, Line: line, Col: col, From: FromTable}, endLine: line}
		if value != "" {
			f.Values = []string{value}
		}
		out = append(out, f)
	}
	return out
}

func isColumnNames(key, value string) bool {
	switch NormKey(key) {
	case "field", "key", "name", "property", "attribute", "item", "":
	default:
		return false
	}
	switch NormKey(value) {
	case "value", "values", "details", "description", "":
		return true
	}
	return false
}

// sidecarFields reads a KEP's kep.yaml beside its README.md.
func (p *Parser) sidecarFields(docPath string) ([]headerField, *Problem) {
	if p.Sidecar == nil || !strings.EqualFold(path.Base(docPath), "README.md") {
		return nil, nil
	}
	side := path.Join(path.Dir(docPath), "kep.yaml")
	data, ok := p.Sidecar(side)
	if !ok {
		return nil, nil
	}
	if len(data) > maxFrontMatter {
		return nil, &Problem{Line: 1, Col: 1, Message: fmt.Sprintf("%s is larger than %d KiB and was not read", side, maxFrontMatter>>10)}
	}
	fields, prob := yamlHeader(data, 0, FromSidecar, side)
	if prob != nil {
		return nil, &Problem{Line: 1, Col: 1, Message: fmt.Sprintf("%s:%d: not valid YAML: %s", side, prob.Line, prob.Message)}
	}
	return fields, nil
}
