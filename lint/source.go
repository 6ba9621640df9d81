package lint

import "errors"

// File is one candidate file of a Source.
type File struct {
	Path string // repo-relative, slash separated
	Size int64
	// Hash is a content hash when the source knows it cheaply (git blob id), else "".
	Hash string
}

// Source is one view of a repository: the worktree, the index, a commit's
// tree, or a plain directory. Every question about files (which exist, what
// they hold) in one run is answered by one Source, so links resolve against
// the same view that is linted.
type Source interface {
	// Name says which view this is: "worktree", "index", "rev <sha>", "dir".
	Name() string
	// Root is the absolute path of the repository root on disk ("" for a
	// bare repository).
	Root() string
	// Files lists every file in the view (not only Markdown), sorted by path.
	Files() ([]File, error)
	// Read returns a file's bytes. It reads at most limit bytes; a larger
	// file gives ErrTooLarge.
	Read(path string, limit int64) ([]byte, error)
	// Notes are things the source skipped and wants said once (submodules,
	// symlinks out of the repository, ...).
	Notes() []SourceNote
}

// ErrTooLarge is returned by Source.Read for a file over the size limit.
var ErrTooLarge = errors.New("file too large")

// SourceNote is a note from a source about one path.
type SourceNote struct {
	Path    string
	Message string
}
