package lint

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"unsafe"
)

// Cache is rolelint's content-addressed cache (docs/performance.md): the
// light form (Doc.Light) of every document, keyed by its path and git blob
// id, so that a run reads and parses only the documents it reports on and
// the ones that changed; and the result of the last whole run, so that a
// second run on an unchanged view costs little more than listing it.
//
// It lives in a folder of its own (under the git dir), in shard files of at
// most a few hundred documents each. Every file starts with a magic, the
// cache key (rolelint's build and the config: a different key is a miss)
// and a checksum of the rest; a damaged or foreign file is ignored and
// rewritten. Files are written to a temporary name and renamed, so
// concurrent runs never see half a file: the last writer wins, and what it
// wrote is complete. A cache that cannot be read or written only costs speed.
type Cache struct {
	dir string
	key string // build + config: what the light documents depend on

	shards [cacheShards]cacheShard

	preload sync.WaitGroup // Preload's reads; Flush waits for them

	mu     sync.Mutex
	view   map[string]string // path -> blob id of every document of this run's view
	result *cacheResult      // to write at Flush
}

const (
	cacheShards = 256
	cacheMagic  = "rolelint-cache\x00"
	cacheFormat = 2 // bump when the encoding changes
	resultFile  = "result"
)

type cacheShard struct {
	once  sync.Once
	mu    sync.Mutex
	data  string                // the file's bytes after the header
	index shardIndex            // the entries in data
	added map[string]addedEntry // stored by this run
}

// shardIndex locates the entries of a shard's data, which lie in path
// order (writeShard's): one key per entry, the sum of its path (pathSum)
// above the entry's offset, sorted, searched by halving. A search reads a
// few hundred bytes of keys that lie together, then the one entry it
// finds, whose path is compared (sums can collide) where the document
// follows: cheaper to build and to search than a map of path to entry.
// The entries stay in path order because Run looks documents up in path
// order: each shard's data is then read from start to end, not at random.
type shardIndex struct {
	keys []uint64 // sum<<32 | offset
}

// cacheEntry is one document of a shard: its path, blob id and span.
type cacheEntry struct {
	path, hash string
	off, end   int
}

// entryAt decodes the head of the entry at off in data; ok is false for
// a damaged one.
func entryAt(data string, off int) (e cacheEntry, ok bool) {
	d := decoder{s: data, off: off}
	e.path, e.hash = d.str(), d.str()
	n := d.count()
	e.off, e.end = d.off, d.off+n
	return e, d.err == nil
}

// find returns the entry for path in data, or ok false.
func (x *shardIndex) find(data, path string) (cacheEntry, bool) {
	sum := uint64(pathSum(path)) << 32
	i, _ := slices.BinarySearch(x.keys, sum) // the first one not below sum
	for ; i < len(x.keys) && x.keys[i]&^(1<<32-1) == sum; i++ {
		if e, _ := entryAt(data, int(uint32(x.keys[i]))); e.path == path {
			return e, true // load checked every entry
		}
	}
	return cacheEntry{}, false
}

type addedEntry struct {
	hash string
	enc  []byte
}

type cacheResult struct {
	key string
	res *Result
}

// OpenCache returns the cache in dir for the given key (rolelint's build and
// the config; see CacheKey). Nothing is read or created until used.
func OpenCache(dir, key string) *Cache {
	return &Cache{dir: dir, key: key}
}

// Dir is the cache's folder.
func (c *Cache) Dir() string { return c.dir }

// CacheKey hashes its parts into a key (hex).
func CacheKey(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(strconv.Itoa(len(p))))
		h.Write([]byte{':'})
		h.Write([]byte(p))
	}
	return hex.EncodeToString(h.Sum(nil))
}

func shardOf(path string) int {
	return int(pathSum(path) % cacheShards)
}

// pathSum is the FNV-1a hash of path (hash/fnv's New32a), written out to
// hash a string without copying it.
func pathSum(path string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(path); i++ {
		h ^= uint32(path[i])
		h *= 16777619
	}
	return h
}

func (c *Cache) shardFile(i int) string {
	return filepath.Join(c.dir, "docs-"+strconv.FormatInt(int64(0x100+i), 16)[1:])
}

// readFile reads one cache file and returns the payload after the header,
// or "" when the file is missing, damaged or written for another key.
func (c *Cache) readFile(name string) string {
	if mapCacheFiles.Load() {
		if b, ok := mapFile(name); ok {
			return c.payload(b)
		}
	}
	b, err := os.ReadFile(name)
	if err != nil || len(b) == 0 {
		return ""
	}
	return c.payload(b)
}

// payload checks a cache file's header and checksum and returns what
// follows them ("" when either is wrong). The bytes are never written
// again: the strings decoded from the payload share them.
func (c *Cache) payload(b []byte) string {
	head := c.header()
	if len(b) < len(head)+4 || string(b[:len(head)]) != head {
		return ""
	}
	sum := binary.LittleEndian.Uint32(b[len(head):])
	rest := b[len(head)+4:]
	if crc32.Checksum(rest, crcTable) != sum || len(rest) == 0 {
		return ""
	}
	return unsafe.String(&rest[0], len(rest))
}

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// header is what every cache file starts with, before the checksum: the
// magic, the format and the key.
func (c *Cache) header() string {
	return cacheMagic + strconv.Itoa(cacheFormat) + "\x00" + c.key + "\x00"
}

// writeFile writes payload under the header, atomically (temp + rename).
func (c *Cache) writeFile(name string, payload []byte) error {
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return err
	}
	head := c.header()
	buf := make([]byte, 0, len(head)+4+len(payload))
	buf = append(buf, head...)
	buf = binary.LittleEndian.AppendUint32(buf, crc32.Checksum(payload, crcTable))
	buf = append(buf, payload...)
	tmp, err := os.CreateTemp(c.dir, ".tmp-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(buf)
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), name)
	}
	if werr != nil {
		os.Remove(tmp.Name())
	}
	return werr
}

func (c *Cache) shard(i int) *cacheShard {
	s := &c.shards[i]
	s.once.Do(func() { s.load(c.readFile(c.shardFile(i))) })
	return s
}

// load indexes a shard's payload: path, blob id and the span of each
// entry. A payload that does not parse to its end, or whose entries are
// out of order, gives an empty shard.
func (s *cacheShard) load(data string) {
	s.data = data
	if uint64(len(data)) > math.MaxUint32 {
		return // offsets are 32 bits
	}
	// Two passes: the first counts the entries, so that the second fills
	// a slice of the right size.
	var keys []uint64
	for pass := 0; pass < 2; pass++ {
		n, prev := 0, ""
		for off := 0; off < len(data); n++ {
			e, ok := entryAt(data, off)
			// writeShard writes each path once, in order: a file that is
			// not in order is not one it wrote, and counts as damaged.
			if !ok || n > 0 && e.path <= prev {
				return
			}
			if keys != nil {
				keys[n] = uint64(pathSum(e.path))<<32 | uint64(off)
			}
			off, prev = e.end, e.path
		}
		if n == 0 {
			return
		}
		if keys == nil {
			keys = make([]uint64, n)
		}
	}
	slices.Sort(keys)
	s.index = shardIndex{keys}
}

// Preload starts reading the cache's files in the background, so that a
// run can do other work (reading the git index, the scope) meanwhile;
// Lookup and Store wait for a shard that is still loading.
func (c *Cache) Preload() {
	if c == nil {
		return
	}
	c.preload.Add(1)
	go func() {
		defer c.preload.Done()
		parallel(cacheShards, runtime.GOMAXPROCS(0), func(i int) { c.shard(i) })
	}()
}

// Wait waits for Preload's reads (Flush waits too).
func (c *Cache) Wait() {
	if c != nil {
		c.preload.Wait()
	}
}

// Lookup returns the light document cached for path at blob id hash, or nil.
func (c *Cache) Lookup(path, hash string) *Doc {
	if c == nil || hash == "" {
		return nil
	}
	s := c.shard(shardOf(path))
	e, ok := s.index.find(s.data, path)
	if !ok || e.hash != hash {
		return nil
	}
	d := decoders.Get().(*decoder)
	d.s, d.off, d.err = s.data[:e.end], e.off, nil
	doc := d.doc(0, nil)
	ok = d.err == nil && d.off == e.end && doc.Path == path
	d.s = "" // the pool outlives the cache
	decoders.Put(d)
	if !ok {
		return nil
	}
	return doc
}

// decoders are what Lookup decodes with, one per goroutine at a time: the
// documents a run looks up share their arenas' chunks, and those decoded
// one after the other (Run looks them up in path order, the order rules
// read them in) lie together in memory.
var decoders = sync.Pool{New: func() any { return &decoder{a: arena{chunk: arenaChunk}} }}

// Store records the light form of a document for path at blob id hash; it
// is written at Flush.
func (c *Cache) Store(path, hash string, light *Doc) {
	if c == nil || hash == "" || light == nil || c.holds(path, hash) {
		return
	}
	var e encoder
	e.doc(light, nil)
	s := c.shard(shardOf(path))
	s.mu.Lock()
	if s.added == nil {
		s.added = map[string]addedEntry{}
	}
	s.added[path] = addedEntry{hash: hash, enc: e.b}
	s.mu.Unlock()
}

// holds reports whether the cache file already holds path at blob id hash
// (Store has nothing to add then).
func (c *Cache) holds(path, hash string) bool {
	s := c.shard(shardOf(path))
	e, ok := s.index.find(s.data, path)
	return ok && e.hash == hash
}

// setView records the documents of this run's view (path -> blob id):
// Flush keeps only their entries in the shards it rewrites.
func (c *Cache) setView(view map[string]string) {
	c.mu.Lock()
	c.view = view
	c.mu.Unlock()
}

// Flush writes what this run added: each shard that gained an entry is
// rewritten with the entries of the current view, and the run's result when
// one was stored. Errors are returned for the caller to mention; the cache
// stays usable (a missing or stale file is a miss).
func (c *Cache) Flush() error {
	if c == nil {
		return nil
	}
	c.preload.Wait()
	var mu sync.Mutex
	var first error
	fail := func(err error) {
		mu.Lock()
		if first == nil {
			first = err
		}
		mu.Unlock()
	}
	var dirty []int
	for i := range c.shards {
		if len(c.shards[i].added) > 0 {
			dirty = append(dirty, i)
		}
	}
	jobs := len(dirty)
	if c.result != nil {
		jobs++ // the result file, written alongside the shards
	}
	parallel(jobs, runtime.GOMAXPROCS(0), func(k int) {
		var err error
		if k < len(dirty) {
			err = c.writeShard(dirty[k])
		} else {
			err = c.writeResult()
		}
		if err != nil {
			fail(err)
		}
	})
	return first
}

// writeResult writes the stored result of a whole run.
func (c *Cache) writeResult() error {
	var e encoder
	e.str(c.result.key)
	res := c.result.res
	e.int(res.DocsInScope)
	e.int(res.DocsScanned)
	e.uint(uint64(len(res.Findings)))
	for i := range res.Findings {
		e.finding(&res.Findings[i])
	}
	e.uint(uint64(len(res.Notifications)))
	for i := range res.Notifications {
		e.notification(&res.Notifications[i])
	}
	return c.writeFile(filepath.Join(c.dir, resultFile), e.b)
}

// writeShard rewrites shard i with the entries of the current view: what
// this run added, else what the file held.
func (c *Cache) writeShard(i int) error {
	s := &c.shards[i]
	var paths []string
	size := 0
	for _, k := range s.index.keys {
		e, _ := entryAt(s.data, int(uint32(k)))
		paths = append(paths, e.path)
		size += len(e.path) + len(e.hash) + e.end - e.off + 8
	}
	for p, a := range s.added {
		if _, ok := s.index.find(s.data, p); !ok {
			paths = append(paths, p)
		}
		size += len(p) + len(a.hash) + len(a.enc) + 8
	}
	sort.Strings(paths) // the order load checks, and Run looks up in
	e := encoder{b: make([]byte, 0, size)}
	for _, p := range paths {
		want, inView := c.view[p]
		if c.view != nil && !inView {
			continue
		}
		if a, ok := s.added[p]; ok && (c.view == nil || a.hash == want) {
			e.str(p)
			e.str(a.hash)
			e.uint(uint64(len(a.enc)))
			e.b = append(e.b, a.enc...)
			continue
		}
		if old, ok := s.index.find(s.data, p); ok && (c.view == nil || old.hash == want) {
			e.str(p)
			e.str(old.hash)
			e.uint(uint64(old.end - old.off))
			e.b = append(e.b, s.data[old.off:old.end]...)
		}
	}
	return c.writeFile(c.shardFile(i), e.b)
}

// storeResult keeps a whole run's result under key, for Flush.
func (c *Cache) storeResult(key string, res *Result) {
	c.mu.Lock()
	c.result = &cacheResult{key: key, res: res}
	c.mu.Unlock()
}

// loadResult returns the findings, notifications and counts of the last
// run stored under key.
func (c *Cache) loadResult(key string) (*Result, bool) {
	return decodeResult(c.readFile(filepath.Join(c.dir, resultFile)), key)
}

// decodeResult reads a result file's payload written under key.
func decodeResult(data, key string) (*Result, bool) {
	if data == "" {
		return nil, false
	}
	d := &decoder{s: data}
	if d.str() != key || d.err != nil {
		return nil, false
	}
	res := &Result{}
	res.DocsInScope = d.int()
	res.DocsScanned = d.int()
	if n := d.count(); n > 0 {
		res.Findings = make([]Finding, n)
		for i := range res.Findings {
			res.Findings[i] = d.finding()
		}
	}
	if n := d.count(); n > 0 {
		res.Notifications = make([]Notification, n)
		for i := range res.Notifications {
			res.Notifications[i] = d.notification()
		}
	}
	if d.err != nil || d.off != len(d.s) {
		return nil, false
	}
	return res, true
}

var mapCacheFiles atomic.Bool

// MapCacheFiles makes caches map their files into memory instead of reading
// them, where the system can. The mappings are never undone, so only a
// process that runs once (the command) should ask for it.
func MapCacheFiles() { mapCacheFiles.Store(true) }
