package lint

import "strings"

// SubSource narrows a Source to one folder of it, whose paths become
// relative to that folder. It lets a folder with its own .rolelint.yml
// inside a larger repository be linted as a project of its own.
type SubSource struct {
	Source Source
	Prefix string // repo-relative folder, without a trailing slash
}

// Name implements Source.
func (s *SubSource) Name() string { return s.Source.Name() }

// Root implements Source.
func (s *SubSource) Root() string {
	if s.Source.Root() == "" {
		return ""
	}
	return s.Source.Root() + "/" + s.Prefix
}

// Files implements Source.
func (s *SubSource) Files() ([]File, error) {
	all, err := s.Source.Files()
	if err != nil {
		return nil, err
	}
	var out []File
	for _, f := range all {
		if rel, ok := strings.CutPrefix(f.Path, s.Prefix+"/"); ok {
			f.Path = rel
			out = append(out, f)
		}
	}
	return out, nil
}

// Read implements Source.
func (s *SubSource) Read(p string, limit int64) ([]byte, error) {
	return s.Source.Read(s.Prefix+"/"+p, limit)
}

// Notes implements Source.
func (s *SubSource) Notes() []SourceNote {
	var out []SourceNote
	for _, n := range s.Source.Notes() {
		if rel, ok := strings.CutPrefix(n.Path, s.Prefix+"/"); ok {
			n.Path = rel
			out = append(out, n)
		}
	}
	return out
}
