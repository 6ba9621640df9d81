package lint

// Parser turns file bytes into a Doc. One Parser is shared by all workers of
// a run; it must be safe for concurrent use.
type Parser struct {
	Config *Config
	Vocab  *Vocabulary
	// Sidecar returns the bytes of a neighbouring file (for example kep.yaml
	// beside a KEP README.md) from the same Source; nil when not available.
	Sidecar func(path string) ([]byte, bool)
}

// NewParser returns a parser for the configuration.
func NewParser(c *Config) *Parser {
	return &Parser{Config: c, Vocab: NewVocabulary(c)}
}

// Parse parses one file. It never panics and never fails: problems become
// Doc.Problems. A backlog file gets one Item per item heading.
func (p *Parser) Parse(path string, src []byte) *Doc {
	d := &Doc{Path: path, Src: src, Lines: NewLineIndex(src)}
	d.StartLine, d.EndLine = 1, d.Lines.Count()
	return d
}
