package lint

import (
	"crypto/sha1" //nolint:gosec // git's blob ids are SHA-1; this is an identity, not a security check
	"encoding/hex"
	"path"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// BlobID is git's object id of a blob holding data (what `git hash-object`
// prints), the key documents are cached under.
func BlobID(data []byte) string {
	h := sha1.New() //nolint:gosec // see the import
	h.Write([]byte("blob " + strconv.Itoa(len(data)) + "\x00"))
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}

// cacheKeys returns, for each candidate, the key its light document is
// cached under: its blob id, and for a README.md also the blob id of the
// kep.yaml beside it (the parser reads it: a changed sidecar changes the
// document). "" means not known without reading the file; Run fills it in
// from the bytes it reads.
func cacheKeys(c *Cache, sidecars map[string]File, candidates []File) []string {
	keys := make([]string, len(candidates))
	if c == nil {
		return keys
	}
	for i, f := range candidates {
		if f.Hash == "" {
			continue
		}
		if !strings.EqualFold(path.Base(f.Path), "README.md") {
			keys[i] = f.Hash
			continue
		}
		keys[i] = sidecarKey(f.Hash, f.Path, sidecars)
	}
	return keys
}

// sidecarFiles indexes the kep.yaml files of a view by path: the sidecars
// the keys of README.md documents include.
func sidecarFiles(files []File) map[string]File {
	m := map[string]File{}
	for _, f := range files {
		if path.Base(f.Path) == "kep.yaml" {
			m[f.Path] = f
		}
	}
	return m
}

// sidecarKey appends the sidecar's blob id to a README's key ("" when the
// sidecar exists but its id is unknown: such a document is not cached).
func sidecarKey(hash, doc string, sidecars map[string]File) string {
	side, ok := sidecars[path.Join(path.Dir(doc), "kep.yaml")]
	switch {
	case !ok:
		return hash + "+"
	case side.Hash == "":
		return ""
	default:
		return hash + "+" + side.Hash
	}
}

// contentKey is cacheKeys' answer for a file whose blob id the source did
// not know, from its bytes (and the sidecar's, read when needed).
func contentKey(src Source, p string, data []byte, sidecars map[string]File, maxSize int64) string {
	if !strings.EqualFold(path.Base(p), "README.md") {
		return BlobID(data)
	}
	side, ok := sidecars[path.Join(path.Dir(p), "kep.yaml")]
	h := side.Hash
	if ok && h == "" {
		b, err := src.Read(side.Path, maxSize)
		if err != nil {
			return ""
		}
		h = BlobID(b)
	}
	return BlobID(data) + "+" + h
}

// fillKeys reads and hashes the candidates whose key is not known yet, so
// that a whole run's key can be computed before parsing anything. A file
// that cannot be read keeps "" (the result is then not cached). It returns
// the bytes it read, for the run to parse if the result is not cached, so
// that no file is read twice.
func fillKeys(src Source, sidecars map[string]File, candidates []File, keys []string, maxSize int64, jobs int) [][]byte {
	read := make([][]byte, len(candidates))
	parallel(len(candidates), jobs, func(i int) {
		if keys[i] != "" {
			return
		}
		if data, err := src.Read(candidates[i].Path, maxSize); err == nil {
			keys[i] = contentKey(src, candidates[i].Path, data, sidecars, maxSize)
			read[i] = data
		}
	})
	return read
}

// runKey is the key of a whole run's result: the caller's key (rolelint's
// build, the configuration, CODEOWNERS, the commit history's head), the
// options that change findings, the day (PM013 counts days), the view's
// notes, every path of the view (links resolve against them) and every
// document's key. It is
// "" when a document's key is unknown: the result is then not cached.
func runKey(opts Options, now time.Time, files, candidates []File, keys []string, maxSize int64) string {
	var b strings.Builder
	for _, k := range keys {
		if k == "" {
			return ""
		}
	}
	b.WriteString(now.UTC().Format("2006-01-02"))
	b.WriteByte('\n')
	// What the view skipped (symlinks out of the repository, submodules)
	// is reported as notes.
	for _, n := range opts.Source.Notes() {
		b.WriteString(n.Path + "\x00" + n.Message + "\n")
	}
	// No paths: only runs whose paths cover the whole view keep a result
	// (coversAll), and they all report on the same documents.
	for _, part := range [][]string{opts.Enable, opts.Disable} {
		b.WriteString(strings.Join(part, ","))
		b.WriteByte('\n')
	}
	for _, s := range opts.Sets {
		b.WriteString(string(s) + ",")
	}
	b.WriteString("\n" + strconv.FormatInt(maxSize, 10) + "\n")
	isCandidate := make(map[string]bool, len(candidates))
	for _, f := range candidates {
		isCandidate[f.Path] = true
	}
	for _, f := range files {
		b.WriteString(f.Path)
		if IsMarkdown(f.Path) && !isCandidate[f.Path] {
			// a skipped document: its note says its size
			b.WriteString(" " + strconv.FormatInt(f.Size, 10))
		}
		b.WriteByte('\n')
	}
	for i, f := range candidates {
		b.WriteString(f.Path + " " + keys[i] + "\n")
	}
	return CacheKey(opts.ResultKey, b.String())
}

// cachedRun returns the stored result of a run under key and the cached
// light documents of its candidates, or nil when anything is missing.
func cachedRun(c *Cache, key string, candidates []File, keys []string, jobs int, noDocs bool) (*Result, []*Doc) {
	res, ok := c.loadResult(key)
	if !ok {
		return nil, nil
	}
	if noDocs {
		// The documents are only checked to be there, as a run that
		// needs them would find them.
		for i, f := range candidates {
			if !c.holds(f.Path, keys[i]) {
				return nil, nil
			}
		}
		return res, nil
	}
	docs := make([]*Doc, len(candidates))
	var missing atomic.Bool
	parallel(len(candidates), jobs, func(i int) {
		docs[i] = c.Lookup(candidates[i].Path, keys[i])
		if docs[i] == nil {
			missing.Store(true)
		}
	})
	if missing.Load() {
		return nil, nil
	}
	return res, docs
}
