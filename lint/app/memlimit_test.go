package app

import (
	"runtime"
	"runtime/debug"
	"testing"
)

func TestSoftLimitHasAFloorAndFollowsTheLiveHeap(t *testing.T) {
	for _, tc := range []struct {
		live uint64
		want int64
	}{
		{0, softLimitFloor},
		{100 << 20, softLimitFloor},
		{softLimitFloor / 2, softLimitFloor},
		{500 << 20, int64(float64(500<<20) * liveHeadroom)},
		{1 << 62, 1<<63 - 1},
	} {
		if got := softLimit(tc.live); got != tc.want {
			t.Errorf("softLimit(%d) = %d, want %d", tc.live, got, tc.want)
		}
	}
}

func TestArmAfterGCRunsAfterEachCollection(t *testing.T) {
	calls := make(chan struct{}, 100)
	armAfterGC(func() { calls <- struct{}{} })
	for want := 1; want <= 2; want++ {
		got := false
		for i := 0; i < 1000 && !got; i++ {
			runtime.GC()
			runtime.Gosched()
			select {
			case <-calls:
				got = true
			default:
			}
		}
		if !got {
			t.Fatalf("callback %d did not run after 1000 collections", want)
		}
	}
}

// sink keeps allocations from being optimised away.
var sink []byte

// gcPercent returns the collector's GOGC setting without changing it.
func gcPercent() int {
	p := debug.SetGCPercent(-1)
	debug.SetGCPercent(p)
	return p
}

func TestQuietStartEndsAtTheFirstCollection(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	defer quietSince.Store(quietSince.Load())

	// Memory the runtime holds but does not use counts against the limit:
	// the quiet start gives quietHeap above it, not above the live heap
	// (a process that has run before would collect at once).
	for range 64 {
		sink = make([]byte, 1<<20)
	}
	sink = nil
	runtime.GC()
	before := runtimeMemory()
	startQuiet()
	after := runtimeMemory() // the scavenger may give memory back meanwhile
	if p := gcPercent(); p != -1 {
		t.Fatalf("GOGC after startQuiet = %d, want -1 (off)", p)
	}
	const slack = 4 << 20
	if lim := debug.SetMemoryLimit(-1) - quietHeap; lim < int64(after)-slack || lim > int64(before)+slack {
		t.Errorf("memory limit after startQuiet = quietHeap + %d, want quietHeap + what the runtime holds (%d to %d)", lim, after, before)
	}
	// A callback left over from an earlier collection changes nothing.
	afterGC()
	if p := gcPercent(); p != -1 {
		t.Fatalf("GOGC after a stale callback = %d, want -1", p)
	}
	runtime.GC()
	afterGC()
	if p := gcPercent(); p != 100 {
		t.Errorf("GOGC after the first collection = %d, want 100", p)
	}
	live, _ := heapStats()
	if lim := debug.SetMemoryLimit(-1); lim != softLimit(live) {
		t.Errorf("memory limit after the first collection = %d, want softLimit(%d) = %d", lim, live, softLimit(live))
	}
	// Later collections keep the soft limit and GOGC.
	runtime.GC()
	afterGC()
	if p := gcPercent(); p != 100 {
		t.Errorf("GOGC after a later collection = %d, want 100", p)
	}
}

func TestFullRunQuietStartIsShorter(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	defer quietSince.Store(quietSince.Load())

	startQuiet()
	before := runtimeMemory()
	FullRunQuietStart()
	after := runtimeMemory()
	const slack = 4 << 20
	if lim := debug.SetMemoryLimit(-1) - quietHeapFull; lim < int64(after)-slack || lim > int64(before)+slack {
		t.Errorf("memory limit = quietHeapFull + %d, want quietHeapFull + what the runtime holds (%d to %d)", lim, after, before)
	}
	if p := gcPercent(); p != -1 {
		t.Errorf("GOGC = %d, want -1: the run still starts quietly", p)
	}
	// Once the quiet start has ended, it changes nothing.
	runtime.GC()
	afterGC()
	lim := debug.SetMemoryLimit(-1)
	FullRunQuietStart()
	if got := debug.SetMemoryLimit(-1); got != lim {
		t.Errorf("after the quiet start ended, the limit moved from %d to %d", lim, got)
	}
}
