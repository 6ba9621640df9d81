package lint

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bmatcuk/doublestar/v4"
	"go.yaml.in/yaml/v3"
)

// MaxConfigSize is the largest config file rolelint reads (1 MiB). A real
// config is a few hundred bytes; anything near the limit is a mistake or an
// attack, and refusing it keeps parsing time and memory small.
const MaxConfigSize = 1 << 20

// maxConfigErrors bounds how many errors one load reports.
const maxConfigErrors = 20

// ConfigFileNames are the names FindConfig looks for, in order.
var ConfigFileNames = []string{".rolelint.yml", ".rolelint.yaml"}

// ConfigError is a problem in a config file, at a line when there is one.
// A load that finds several problems returns the first, with the others in
// More; Error() prints them all, one per line.
type ConfigError struct {
	File string
	Line int // 1-based; 0 when the problem is the file as a whole
	Col  int // 1-based; 0 when unknown
	Msg  string
	More []*ConfigError
}

func (e *ConfigError) Error() string {
	var b strings.Builder
	b.WriteString(e.single())
	for _, m := range e.More {
		b.WriteByte('\n')
		b.WriteString(m.single())
	}
	return b.String()
}

func (e *ConfigError) single() string {
	if e.Line > 0 {
		return fmt.Sprintf("config %s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("config %s: %s", e.File, e.Msg)
}

// FindConfig returns the config file at root: .rolelint.yml, else
// .rolelint.yaml.
func FindConfig(root string) (string, bool) {
	for _, name := range ConfigFileNames {
		p := filepath.Join(root, name)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p, true
		}
	}
	return "", false
}

// DefaultConfig is what applies when there is no config file: version 1,
// extends: [recommended].
func DefaultConfig() *Config {
	c := &Config{Version: 1, Extends: []string{PresetRecommended}}
	c.applyPresets()
	return c
}

// ReadConfigFile reads and loads the config file at path (see LoadConfig).
// The file is named in errors as given.
func ReadConfigFile(path string, known []*Rule) (*Config, error) {
	data, err := ReadConfigBytes(path)
	if err != nil {
		return nil, err
	}
	return LoadConfig(path, data, known)
}

// ReadConfigBytes reads the config file at path, up to one byte over
// MaxConfigSize (LoadConfig reports a file that is too large). A caller
// that keys a cache by the file parses these bytes with LoadConfig, so that
// the key covers what was parsed even when the file changes meanwhile.
func ReadConfigBytes(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &ConfigError{File: path, Msg: "cannot read: " + unwrapPathError(err)}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxConfigSize+1))
	if err != nil {
		return nil, &ConfigError{File: path, Msg: "cannot read: " + unwrapPathError(err)}
	}
	return data, nil
}

func unwrapPathError(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// LoadConfig parses and validates a .rolelint.yml held in data (path is only
// used in messages and kept as Config.File), then merges the presets it
// extends with the user's own keys, which override them. known is the rule
// catalog, used to check rule IDs and options. An empty file gives the
// defaults. Every error is a *ConfigError naming file:line.
//
// Without an extends: key the config extends [recommended]; `extends: []`
// means no preset, every rule at its own default severity.
func LoadConfig(path string, data []byte, known []*Rule) (*Config, error) {
	l := &configLoader{file: path, rules: newRuleIndex(sortedRules(WithMetaRules(known)))}
	if len(data) > MaxConfigSize {
		l.errorf(nil, "the file is over the %d-byte (1 MiB) limit; a config is a few hundred bytes, so check that this is the right file", MaxConfigSize)
		return nil, l.err()
	}
	root, ok := l.parse(data)
	if !ok {
		return nil, l.err()
	}
	u := l.decodeRoot(root)
	if len(l.errs) > 0 {
		return nil, l.err()
	}
	return u.merge(path), nil
}

// configLoader walks the YAML node tree, collecting errors with their lines.
type configLoader struct {
	file    string
	rules   *ruleIndex
	errs    []*ConfigError
	dropped int // errors past maxConfigErrors
}

func (l *configLoader) errorf(n *yaml.Node, format string, args ...any) {
	if l.full() {
		l.dropped++
		return
	}
	e := &ConfigError{File: l.file, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Col = n.Line, n.Column
	}
	l.errs = append(l.errs, e)
}

// full reports whether no more errors will be kept, so that callers can
// skip computing suggestions nobody will see.
func (l *configLoader) full() bool { return len(l.errs) >= maxConfigErrors }

// hint is hintFor, skipped once the error list is full.
func (l *configLoader) hint(word string, candidates []string, otherwise string) string {
	if l.full() {
		return ""
	}
	return hintFor(word, candidates, otherwise)
}

func (l *configLoader) err() error {
	if len(l.errs) == 0 {
		return nil
	}
	first := *l.errs[0]
	first.More = append([]*ConfigError(nil), l.errs[1:]...)
	if l.dropped > 0 {
		first.More = append(first.More, &ConfigError{File: l.file,
			Msg: fmt.Sprintf("... and %d more errors", l.dropped)})
	}
	return &first
}

// userConfig is what the file itself says, before presets are merged in.
type userConfig struct {
	Config
	hasExtends bool
	hasVision  bool
}

// merge applies the presets in extends order, then the user's keys.
func (u *userConfig) merge(path string) *Config {
	c := &Config{File: path, Version: 1, Extends: []string{PresetRecommended}}
	if u.hasExtends {
		c.Extends = append([]string{}, u.Extends...)
	}
	c.applyPresets()
	c.Documents = append(append([]DocumentGlob(nil), u.Documents...), c.Documents...)
	if u.hasVision {
		c.Vision = u.Vision
	}
	c.Roles = u.Roles
	c.mergeSections(u.SectionsReplace, u.Sections) // decodeSections sets only true
	for _, id := range configSortedKeys(u.Rules) {
		rc := u.Rules[id]
		for _, name := range configSortedKeys(rc.Options) {
			c.setRuleOption(id, name, rc.Options[name], rc.Line)
		}
		if rc.HasSeverity {
			if c.Rules == nil {
				c.Rules = map[string]RuleConfig{}
			}
			merged := c.Rules[id]
			merged.Severity, merged.HasSeverity, merged.Line = rc.Severity, true, rc.Line
			c.Rules[id] = merged
		}
	}
	c.Ignore = configAppendUnique(c.Ignore, u.Ignore...)
	// The user's word lists add to those of the presets.
	c.Lexicon.merge(u.Lexicon)
	c.Statuses.merge(u.Statuses)
	return c
}

var yamlErrorLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parse turns data into the root node, refusing what is not one plain YAML
// document: bad encoding, several documents, anchors and aliases (the
// billion-laughs bomb is made of them, and a config does not need them).
func (l *configLoader) parse(data []byte) (*yaml.Node, bool) {
	if !l.checkCharacters(data) {
		return nil, false
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := decodeNode(dec, &doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, true // empty file or only comments: the defaults
		}
		l.yamlError(err)
		return nil, false
	}
	var extra yaml.Node
	switch err := decodeNode(dec, &extra); {
	case err == nil:
		l.errorf(&extra, "the file holds more than one YAML document (a second ---); keep only one")
		return nil, false
	case !errors.Is(err, io.EOF):
		l.yamlError(err)
		return nil, false
	}
	if !l.rejectAnchors(&doc) {
		return nil, false
	}
	if doc.Kind == yaml.DocumentNode {
		if len(doc.Content) == 0 {
			return nil, true
		}
		return doc.Content[0], true
	}
	return &doc, true
}

// decodeNode decodes the next document, turning a panic of the YAML library
// (it has had some on hostile input) into an error.
func decodeNode(dec *yaml.Decoder, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: cannot parse the file (%v)", r)
		}
	}()
	return dec.Decode(n)
}

func (l *configLoader) yamlError(err error) {
	msg := err.Error()
	if m := yamlErrorLineRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		l.errorf(&yaml.Node{Line: line}, "invalid YAML: %s", m[2])
		return
	}
	l.errorf(nil, "invalid YAML: %s", strings.TrimPrefix(msg, "yaml: "))
}

// checkCharacters reports invalid UTF-8 and control characters with their
// line, which the YAML library reports without one.
func (l *configLoader) checkCharacters(data []byte) bool {
	line := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			l.errorf(&yaml.Node{Line: line}, "the file is not valid UTF-8 (byte 0x%02x); save it as UTF-8", data[i])
			return false
		case r == '\n':
			line++
		case r < 0x20 && r != '\t' && r != '\r', r == 0x7f, r >= 0x80 && r < 0xa0 && r != 0x85, r == 0xfffe, r == 0xffff:
			l.errorf(&yaml.Node{Line: line}, "control character U+%04X is not allowed in YAML; remove it", r)
			return false
		}
		i += size
	}
	return true
}

// rejectAnchors fails on the first anchor or alias in the tree. It walks
// with an explicit stack: the tree is at most what 1 MiB can describe.
func (l *configLoader) rejectAnchors(root *yaml.Node) bool {
	stack := []*yaml.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n == nil {
			continue
		}
		if n.Kind == yaml.AliasNode || n.Anchor != "" {
			l.errorf(n, "YAML anchors and aliases (&name, *name) are not allowed in the config; write the values out in full")
			return false
		}
		for i := len(n.Content) - 1; i >= 0; i-- {
			stack = append(stack, n.Content[i]) // so the first in the file pops first
		}
	}
	return true
}

// Top-level keys, in documentation order.
var configTopKeys = []string{"version", "extends", "documents", "vision", "roles", "sections", "rules", "ignore", "lexicon", "statuses"}

func (l *configLoader) decodeRoot(root *yaml.Node) *userConfig {
	u := &userConfig{}
	u.Version = 1
	if root == nil || yamlIsNull(root) {
		return u
	}
	if root.Kind != yaml.MappingNode {
		l.errorf(root, "the config must be a mapping of keys (%s), got %s", strings.Join(configTopKeys, ", "), yamlDescribe(root))
		return u
	}
	for _, f := range l.fields(root, "", configTopKeys) {
		switch f.name {
		case "version":
			l.decodeVersion(f.val, u)
		case "extends":
			u.hasExtends = true
			u.Extends = l.decodeExtends(f.val)
		case "documents":
			u.Documents = l.decodeDocuments(f.val)
		case "vision":
			u.hasVision = true
			u.Vision = l.globList(f.val, "vision")
		case "roles":
			u.Roles = l.decodeRoles(f.val)
		case "sections":
			l.decodeSections(f.val, u)
		case "rules":
			l.decodeRules(f.val, u)
		case "ignore":
			u.Ignore = l.globList(f.val, "ignore")
		case "lexicon":
			u.Lexicon = l.decodeLexicon(f.val)
		case "statuses":
			u.Statuses = l.decodeStatuses(f.val)
		}
	}
	return u
}

func (l *configLoader) decodeVersion(n *yaml.Node, u *userConfig) {
	v, ok := l.integer(n, "version")
	if !ok {
		return
	}
	if v != 1 {
		l.errorf(n, "version: unsupported version %d; this rolelint reads version 1", v)
		return
	}
	u.Version = v
}

func (l *configLoader) decodeExtends(n *yaml.Node) []string {
	// Each item is checked here only, as globList does: going through
	// strList as well would report a bad item twice.
	items, where := []*yaml.Node{n}, "extends" // extends: strict
	switch {
	case yamlIsNull(n):
		return []string{}
	case n.Kind == yaml.SequenceNode:
		items, where = n.Content, "extends item"
	case n.Kind != yaml.ScalarNode:
		l.strList(n, "extends") // reports the type error
		return []string{}
	}
	out := make([]string, 0, len(items))
	for _, item := range items {
		name, ok := l.str(item, where)
		if !ok {
			continue
		}
		if _, known := PresetByName(name); !known {
			names := presetNames()
			l.errorf(item, "extends: unknown preset %q%s",
				name, l.hint(name, names, "the presets are "+strings.Join(names, ", ")))
			continue
		}
		out = append(out, name)
	}
	return out
}

var configDocumentKeys = []string{"kind", "paths", "item-heading-level"}

// configKindSuggestions are the kind names offered in hints: the kinds and the
// common aliases ParseKind accepts.
var configKindSuggestions = []string{"vision", "spec", "epic", "story", "bug", "task", "backlog",
	"item", "prd", "rfc", "kep", "pep", "adr", "design", "proposal", "go-proposal",
	"user-story", "defect", "spike", "feature", "strategy", "roadmap"}

func (l *configLoader) decodeDocuments(n *yaml.Node) []DocumentGlob {
	if yamlIsNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		l.errorf(n, "documents: expected a list of {kind, paths} entries, got %s", yamlDescribe(n))
		return nil
	}
	var out []DocumentGlob
	for i, entry := range n.Content {
		where := fmt.Sprintf("documents entry %d", i+1)
		if entry.Kind != yaml.MappingNode {
			l.errorf(entry, "%s: expected a mapping with kind and paths, got %s", where, yamlDescribe(entry))
			continue
		}
		if g, ok := l.decodeDocument(entry, where); ok {
			out = append(out, g)
		}
	}
	return out
}

func (l *configLoader) decodeDocument(entry *yaml.Node, where string) (DocumentGlob, bool) {
	g := DocumentGlob{Line: entry.Line}
	var kindNode, levelNode *yaml.Node
	hasPaths, ok := false, true
	for _, f := range l.fields(entry, where, configDocumentKeys) {
		switch f.name {
		case "kind":
			kindNode = f.val
		case "paths":
			hasPaths = true
			g.Paths = l.globList(f.val, where+": paths")
		case "item-heading-level":
			levelNode = f.val
		}
	}
	if kindNode == nil {
		l.errorf(entry, "%s: missing kind: (one of %s)", where, configKindList())
		ok = false
	} else if s, isStr := l.str(kindNode, where+": kind"); isStr {
		k, known := ParseKind(s)
		if !known {
			l.errorf(kindNode, "%s: unknown kind %q%s", where, s, l.hint(s, configKindSuggestions, "the kinds are "+configKindList()))
			ok = false
		}
		g.Kind = k
	}
	if !hasPaths || len(g.Paths) == 0 {
		l.errorf(entry, "%s: missing paths: (a list of globs such as \"docs/specs/**/*.md\")", where)
		ok = false
	}
	if levelNode != nil {
		if lvl, isInt := l.integer(levelNode, where+": item-heading-level"); isInt {
			switch {
			case lvl < 1 || lvl > 6:
				l.errorf(levelNode, "%s: item-heading-level must be 1 to 6, got %d", where, lvl)
			case g.Kind != KindBacklog && g.Kind != KindUnknown:
				l.errorf(levelNode, "%s: item-heading-level applies to kind backlog only", where)
			default:
				g.ItemHeadingLevel = lvl
			}
		}
	}
	if g.Kind == KindBacklog && g.ItemHeadingLevel == 0 {
		g.ItemHeadingLevel = 2
	}
	return g, ok
}

func configKindList() string {
	names := make([]string, len(AllKinds))
	for i, k := range AllKinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

var configRoleKeys = []string{"product-managers", "product-owners", "codeowners", "aliases"}

func (l *configLoader) decodeRoles(n *yaml.Node) Roles {
	var r Roles
	if !l.isMapping(n, "roles") {
		return r
	}
	for _, f := range l.fields(n, "roles", configRoleKeys) {
		switch f.name {
		case "product-managers":
			r.ProductManagers = l.strList(f.val, "roles.product-managers")
		case "product-owners":
			r.ProductOwners = l.strList(f.val, "roles.product-owners")
		case "codeowners":
			r.CodeOwners, _ = l.boolean(f.val, "roles.codeowners")
		case "aliases":
			r.Aliases, _ = l.stringStringMap(f.val, "roles.aliases")
		}
	}
	return r
}

var configSectionFormKeys = []string{"replace", "headings"}

func (l *configLoader) decodeSections(n *yaml.Node, u *userConfig) {
	if !l.isMapping(n, "sections") {
		return
	}
	concepts := Concepts()
	for _, p := range l.pairs(n, "sections") {
		concept, ok := configMatchName(p.name, concepts)
		if !ok {
			l.errorf(p.key, "sections: unknown section concept %q%s",
				p.name, l.hint(p.name, concepts, "the concepts are "+strings.Join(concepts, ", ")))
			continue
		}
		where := "sections." + concept
		if p.val.Kind != yaml.MappingNode {
			if headings := l.strList(p.val, where); len(headings) > 0 {
				u.addSection(concept, headings)
			}
			continue
		}
		var replace bool
		var headings []string
		for _, f := range l.fields(p.val, where, configSectionFormKeys) {
			switch f.name {
			case "replace":
				replace, _ = l.boolean(f.val, where+".replace")
			case "headings":
				headings = l.strList(f.val, where+".headings")
			}
		}
		if replace {
			if len(headings) == 0 {
				l.errorf(p.val, "%s: replace: true needs a non-empty headings: list (the names that replace the built-in ones)", where)
				continue
			}
			u.replaceSection(concept)
		}
		u.addSection(concept, headings)
	}
}

func (l *configLoader) decodeRules(n *yaml.Node, u *userConfig) {
	if !l.isMapping(n, "rules") {
		return
	}
	seenAt := map[string]int{}
	for _, p := range l.pairs(n, "rules") {
		r, ok := l.rules.lookup(p.name)
		if !ok {
			l.errorf(p.key, "rules: unknown rule %q%s", p.name, l.hint(p.name, l.rules.names, "`rolelint rules` lists them"))
			continue
		}
		if line, dup := seenAt[r.ID]; dup {
			l.errorf(p.key, "rules: rule %s (%s) is configured twice (also on line %d); keep one entry", r.ID, r.Name, line)
			continue
		}
		seenAt[r.ID] = p.key.Line
		rc := RuleConfig{Line: p.key.Line}
		l.decodeRuleValue(p.val, r, &rc)
		if u.Rules == nil {
			u.Rules = map[string]RuleConfig{}
		}
		u.Rules[r.ID] = rc
	}
}

// decodeRuleValue reads `ID: severity`, `ID: true|false` or
// `ID: {severity: s, option: value, ...}` into rc.
func (l *configLoader) decodeRuleValue(n *yaml.Node, r *Rule, rc *RuleConfig) {
	where := "rules." + r.ID
	switch {
	case yamlIsNull(n):
		l.errorf(n, "%s: missing value; write a severity (error, warning, note, off) or a mapping of options", where)
		return
	case n.Kind == yaml.ScalarNode:
		s, ok := l.severityValue(n, r, where)
		rc.Severity, rc.HasSeverity = s, ok
		return
	case n.Kind != yaml.MappingNode:
		l.errorf(n, "%s: expected a severity or a mapping of options, got %s", where, yamlDescribe(n))
		return
	}
	optionNames := []string{"severity"}
	for _, o := range r.Options {
		optionNames = append(optionNames, o.Name)
	}
	for _, p := range l.pairs(n, where) {
		name, known := configMatchName(p.name, optionNames)
		if !known {
			hint := l.hint(p.name, optionNames, ruleOptionsHint(r))
			if other := l.rules.optionOwner(p.name, r); other != nil && hint != "" {
				// CLI.md's own example once put PM013's option on PM012.
				hint += fmt.Sprintf("; %s is an option of %s (%s)", p.name, other.ID, other.Name)
			}
			l.errorf(p.key, "%s: unknown option %q%s", where, p.name, hint)
			continue
		}
		if name == "severity" {
			s, ok := l.severityValue(p.val, r, where+".severity")
			rc.Severity, rc.HasSeverity = s, ok
			continue
		}
		if v, ok := l.optionValue(p.val, ruleOptionByName(r, name), where+"."+name); ok {
			if rc.Options == nil {
				rc.Options = map[string]any{}
			}
			rc.Options[name] = v
		}
	}
}

func ruleOptionsHint(r *Rule) string {
	if len(r.Options) == 0 {
		return fmt.Sprintf("%s takes no options, only severity", r.ID)
	}
	names := make([]string, len(r.Options))
	for i, o := range r.Options {
		names[i] = o.Name
	}
	return fmt.Sprintf("%s takes severity and %s", r.ID, strings.Join(names, ", "))
}

func ruleOptionByName(r *Rule, name string) Option {
	for _, o := range r.Options {
		if o.Name == name {
			return o
		}
	}
	return Option{Name: name}
}

var configSeverityNames = []string{"error", "warning", "note", "off"}

// severityValue reads a severity; true means "on at the rule's default".
func (l *configLoader) severityValue(n *yaml.Node, r *Rule, where string) (Severity, bool) {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!bool" {
		var on bool
		if err := n.Decode(&on); err == nil {
			if !on {
				return SeverityOff, true
			}
			if r.Severity == SeverityOff {
				return SeverityWarning, true
			}
			return r.Severity, true
		}
	}
	s, ok := l.str(n, where)
	if !ok {
		return SeverityOff, false
	}
	sev, known := ParseSeverity(s)
	if !known {
		l.errorf(n, "%s: unknown severity %q%s", where, s, l.hint(s, configSeverityNames, "use error, warning, note or off"))
		return SeverityOff, false
	}
	return sev, true
}

// optionValue checks a rule option against its declared type.
func (l *configLoader) optionValue(n *yaml.Node, o Option, where string) (any, bool) {
	switch ruleOptionType(o) {
	case "int":
		v, ok := l.integer(n, where)
		return v, ok
	case "bool":
		v, ok := l.boolean(n, where)
		return v, ok
	case "[]string":
		if yamlIsNull(n) {
			return []string{}, true
		}
		if n.Kind != yaml.SequenceNode {
			l.errorf(n, "%s: expected a list of strings, got %s", where, yamlDescribe(n))
			return nil, false
		}
		return l.strList(n, where), true // a list: never nil
	case "map[string][]string":
		return l.stringListMap(n, where)
	case "map[string]string":
		return l.stringStringMap(n, where)
	case "string":
		return l.str(n, where)
	default:
		// A type this loader does not know: keep the plain YAML value and
		// let the rule check it.
		var v any
		if err := n.Decode(&v); err != nil {
			l.errorf(n, "%s: %v", where, err)
			return nil, false
		}
		return v, true
	}
}

// stringListMap reads a mapping of names to lists of strings.
func (l *configLoader) stringListMap(n *yaml.Node, where string) (map[string][]string, bool) {
	if !l.isMapping(n, where) {
		return nil, yamlIsNull(n)
	}
	out := map[string][]string{}
	before := len(l.errs) + l.dropped
	for _, p := range l.pairs(n, where) {
		out[p.name] = l.strList(p.val, where+"."+p.name)
	}
	return out, len(l.errs)+l.dropped == before
}

// stringStringMap reads a mapping of names to strings.
func (l *configLoader) stringStringMap(n *yaml.Node, where string) (map[string]string, bool) {
	if !l.isMapping(n, where) {
		return nil, yamlIsNull(n)
	}
	out := map[string]string{}
	before := len(l.errs) + l.dropped
	for _, p := range l.pairs(n, where) {
		if v, ok := l.str(p.val, where+"."+p.name); ok {
			out[p.name] = v
		}
	}
	return out, len(l.errs)+l.dropped == before
}

// ruleOptionType is the option's declared type, or one derived from its default.
func ruleOptionType(o Option) string {
	switch t := strings.ReplaceAll(strings.ToLower(o.Type), " ", ""); t {
	case "int", "integer":
		return "int"
	case "bool", "boolean":
		return "bool"
	case "[]string", "list", "strings":
		return "[]string"
	case "":
		// derive it from the default below
	default:
		return t
	}
	switch o.Default.(type) {
	case int, int64:
		return "int"
	case bool:
		return "bool"
	case []string:
		return "[]string"
	case map[string][]string:
		return "map[string][]string"
	case map[string]string:
		return "map[string]string"
	case string, nil:
		return "string"
	}
	return "any"
}

var configLexiconKeys = []string{"extend", "allow"}

// lexiconCategoryNames are the categories of the built-in lexicon (RULES.md
// Appendix A), from lexicon.go's table.
func lexiconCategoryNames() []string {
	names := make([]string, len(defaultLexicon))
	for i, c := range defaultLexicon {
		names[i] = c.name
	}
	return names
}

func (l *configLoader) decodeLexicon(n *yaml.Node) LexiconConfig {
	var lc LexiconConfig
	if !l.isMapping(n, "lexicon") {
		return lc
	}
	for _, f := range l.fields(n, "lexicon", configLexiconKeys) {
		switch f.name {
		case "extend":
			lc.Extend = l.decodeLexiconExtend(f.val)
		case "allow":
			lc.Allow = l.strList(f.val, "lexicon.allow")
		}
	}
	return lc
}

func (l *configLoader) decodeLexiconExtend(n *yaml.Node) map[string][]string {
	if !l.isMapping(n, "lexicon.extend") {
		return nil
	}
	out := map[string][]string{}
	known := lexiconCategoryNames()
	for _, p := range l.pairs(n, "lexicon.extend") {
		// A new category name is allowed (it reports as a warning), but
		// one a typo away from a built-in one is most likely that typo.
		cat, ok := configMatchName(p.name, known)
		if !ok {
			if near, isNear := Suggest(p.name, known); isNear {
				l.errorf(p.key, "lexicon.extend: unknown category %q (did you mean %q?); pick a clearly different name to add a new category",
					p.name, near)
				continue
			}
			cat = p.name
		}
		out[cat] = configAppendUnique(out[cat], l.strList(p.val, "lexicon.extend."+cat)...)
	}
	return out
}

var configStatusKeys = []string{"ready", "done", "spec-active", "spec-approved"}

func (l *configLoader) decodeStatuses(n *yaml.Node) StatusConfig {
	var s StatusConfig
	if !l.isMapping(n, "statuses") {
		return s
	}
	for _, f := range l.fields(n, "statuses", configStatusKeys) {
		values := configLowerAll(l.strList(f.val, "statuses."+f.name))
		switch f.name {
		case "ready":
			s.Ready = values
		case "done":
			s.Done = values
		case "spec-active":
			s.SpecActive = values
		case "spec-approved":
			s.SpecApproved = values
		}
	}
	return s
}

func configLowerAll(list []string) []string {
	for i, s := range list {
		list[i] = strings.ToLower(strings.TrimSpace(s))
	}
	return list
}

// globList reads a list of path globs relative to the repository root,
// validating each.
func (l *configLoader) globList(n *yaml.Node, where string) []string {
	if yamlIsNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		return l.strList(n, where) // reports the type error
	}
	out := make([]string, 0, len(n.Content))
	for _, item := range n.Content {
		raw, ok := l.str(item, where+" item")
		if !ok {
			continue
		}
		g := strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(raw), "./"), "/")
		if g == "" || !doublestar.ValidatePattern(g) {
			l.errorf(item, "%s: bad glob %q; check its [brackets], {braces} and \\ escapes", where, raw)
			continue
		}
		out = append(out, g)
	}
	return out
}

// configField is one key: value of a mapping whose keys are a fixed vocabulary.
type configField struct {
	name     string // canonical key
	key, val *yaml.Node
}

// fields returns the entries of mapping n whose keys are in known (matched
// ignoring case and '_' versus '-'), reporting unknown and duplicate keys.
func (l *configLoader) fields(n *yaml.Node, where string, known []string) []configField {
	var out []configField
	for _, p := range l.pairs(n, where) {
		name, ok := configMatchName(p.name, known)
		if !ok {
			if _, isRule := l.rules.lookup(p.name); isRule && where == "" {
				l.errorf(p.key, "unknown key %q; rule settings go under rules:, as in rules: {%s: warning}", p.name, p.name)
				continue
			}
			in := ""
			if where != "" {
				in = " in " + where
			}
			l.errorf(p.key, "unknown key %q%s%s", p.name, in, l.hint(p.name, known, "the keys are "+strings.Join(known, ", ")))
			continue
		}
		out = append(out, configField{name: name, key: p.key, val: p.val})
	}
	return out
}

// configPair is one entry of a mapping with free-form keys.
type configPair struct {
	name     string // the key as written
	key, val *yaml.Node
}

// pairs returns the entries of mapping n, reporting keys that are not
// scalars and keys given twice (the YAML library keeps both silently).
func (l *configLoader) pairs(n *yaml.Node, where string) []configPair {
	var out []configPair
	seen := map[string]int{}
	prefix := ""
	if where != "" {
		prefix = where + ": "
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || yamlIsNull(k) {
			l.errorf(k, "%skeys must be plain names, got %s", prefix, yamlDescribe(k))
			continue
		}
		folded := foldForSuggest(k.Value)
		if line, dup := seen[folded]; dup {
			l.errorf(k, "%skey %q is given twice (also on line %d); keep one", prefix, k.Value, line)
			continue
		}
		seen[folded] = k.Line
		out = append(out, configPair{name: k.Value, key: k, val: v})
	}
	return out
}

// configMatchName finds name among known, ignoring case and '_' versus '-'.
func configMatchName(name string, known []string) (string, bool) {
	f := foldForSuggest(name)
	for _, k := range known {
		if foldForSuggest(k) == f {
			return k, true
		}
	}
	return "", false
}

func (l *configLoader) isMapping(n *yaml.Node, where string) bool {
	if yamlIsNull(n) {
		return false
	}
	if n.Kind != yaml.MappingNode {
		l.errorf(n, "%s: expected a mapping of keys, got %s", where, yamlDescribe(n))
		return false
	}
	return true
}

func (l *configLoader) str(n *yaml.Node, where string) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		l.errorf(n, "%s: expected a string, got %s", where, yamlDescribe(n))
		return "", false
	}
	if yamlIsNull(n) || strings.TrimSpace(n.Value) == "" {
		l.errorf(n, "%s: missing value", where)
		return "", false
	}
	return n.Value, true
}

// strList reads a list of non-empty strings; null is an empty list.
func (l *configLoader) strList(n *yaml.Node, where string) []string {
	if yamlIsNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		hint := ""
		if n.Kind == yaml.ScalarNode && len(n.Value) <= 40 {
			hint = fmt.Sprintf(" (write [%s])", n.Value)
		}
		l.errorf(n, "%s: expected a list of strings, got %s%s", where, yamlDescribe(n), hint)
		return nil
	}
	out := make([]string, 0, len(n.Content))
	for _, item := range n.Content {
		if s, ok := l.str(item, where+" item"); ok {
			out = append(out, s)
		}
	}
	return out
}

func (l *configLoader) integer(n *yaml.Node, where string) (int, bool) {
	var v int
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" || n.Decode(&v) != nil {
		l.errorf(n, "%s: expected a whole number, got %s", where, yamlDescribe(n))
		return 0, false
	}
	return v, true
}

func (l *configLoader) boolean(n *yaml.Node, where string) (bool, bool) {
	var v bool
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" || n.Decode(&v) != nil {
		l.errorf(n, "%s: expected true or false, got %s", where, yamlDescribe(n))
		return false, false
	}
	return v, true
}

func yamlIsNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null")
}

// yamlDescribe names what a node is, for "expected X, got Y" messages.
func yamlDescribe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.ScalarNode:
		v := n.Value
		if r := []rune(v); len(r) > 40 {
			v = string(r[:40]) + "..."
		}
		switch n.ShortTag() {
		case "!!null":
			return "nothing"
		case "!!int", "!!float":
			return "the number " + v
		case "!!bool":
			return "the boolean " + v
		}
		return fmt.Sprintf("the string %q", v)
	}
	return "something else"
}
