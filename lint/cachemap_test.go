package lint

import (
	"bytes"
	"os"
	"reflect"
	"runtime"
	"strconv"
	"testing"
)

// TestCacheMappedFiles: with MapCacheFiles, a cache decodes the same
// documents from its mapped files as from read ones, and a damaged or
// empty file is still a miss.
func TestCacheMappedFiles(t *testing.T) {
	dir, docs, _ := arenaCache(t)
	name := OpenCache(dir, "k").shardFile(shardOf(docs[0].Path))
	read, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	mapped, ok := mapFile(name)
	if !ok && (runtime.GOOS == "linux" || runtime.GOOS == "darwin") {
		t.Fatalf("mapFile does not map on %s", runtime.GOOS)
	}
	if ok && !bytes.Equal(mapped, read) {
		t.Fatal("the mapped file differs from the file read")
	}
	if _, ok := mapFile(dir + "/missing"); ok {
		t.Fatal("a missing file maps")
	}
	empty := dir + "/empty"
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, ok := mapFile(empty); ok {
		t.Fatal("an empty file maps")
	}

	lookupAll := func() []*Doc {
		c := OpenCache(dir, "k")
		var out []*Doc
		for i, d := range docs {
			out = append(out, c.Lookup(d.Path, "h"+strconv.Itoa(i)))
		}
		return out
	}
	plain := lookupAll()
	mapCacheFiles.Store(true)
	t.Cleanup(func() { mapCacheFiles.Store(false) })
	got := lookupAll()
	for i := range docs {
		if got[i] == nil || !reflect.DeepEqual(got[i], plain[i]) {
			t.Errorf("%s: mapped lookup differs from the read one", docs[i].Path)
		}
	}
	// A damaged shard is a miss, mapped or not.
	if err := os.WriteFile(name, bytes.Repeat([]byte{0xff}, 64), 0o644); err != nil {
		t.Fatal(err)
	}
	if d := OpenCache(dir, "k").Lookup(docs[0].Path, "h0"); d != nil {
		t.Fatal("a damaged mapped shard gives a document")
	}
}
