package app

import (
	"fmt"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"sync"
	"sync/atomic"
)

// The collector's settings (docs/performance.md, "Memory").
//
// A quiet start. A run that allocates little, like a pre-commit hook, is
// over before its garbage would be worth collecting: at 40,000 documents a
// hook allocates about 200 MB in 0.3 s, and with GOGC=100 the collector ran
// about ten times during it, marking the same cached documents again each
// time (60-70 ms of the run). So a process starts with the collector off
// and a memory limit of quietHeap above the memory the runtime holds; a
// run that stays under it never collects. The first collection (the limit
// reached) ends the quiet start for the life of the process. A run with
// neither --since nor files named parses every document: it starts quietly
// for quietHeapFull only (FullRunQuietStart).
//
// Then a soft limit. With the default GOGC=100 the heap may grow to twice
// what is live before the collector runs, so a run over 40,000 documents
// with about 370 MB live peaks near 810 MB of RSS. A soft limit makes the
// collector run earlier once the heap nears it, which costs nothing on small
// repositories (their heap never gets there). A fixed limit close to the
// live heap would make the collector run all the time, so the limit adapts:
// after every collection it is raised to liveHeadroom times the live heap
// when that is more than the floor. The result behaves like GOGC=100 while
// less than floor/2 is live, and like GOGC=60 once more than floor/1.6 is.
// Measured at 40k: peak RSS 812 -> 639 MB for 6 % more CPU; a 512 MiB floor
// cost 38 %.
const (
	quietHeap      = 256 << 20
	quietHeapFull  = 128 << 20
	softLimitFloor = 640 << 20
	liveHeadroom   = 1.6
)

// quietSince is the collector's cycle count when the quiet start began, or
// -1 once it has ended.
var quietSince atomic.Int64

func init() { quietSince.Store(-1) }

// armed is set once SetSoftMemoryLimit has installed the callback.
var armed atomic.Bool

// SetSoftMemoryLimit starts quietly and installs the adaptive limit, unless
// the user chose the collector's settings with GOMEMLIMIT or GOGC. Called
// again, after a collection, it starts quietly again, as a new process
// would: the benchmarks do that before each run, so that each run is
// measured as the binary runs it.
func SetSoftMemoryLimit() {
	if os.Getenv("GOMEMLIMIT") != "" || os.Getenv("GOGC") != "" {
		return
	}
	startQuiet()
	if armed.CompareAndSwap(false, true) {
		armAfterGC(afterGC)
	}
}

// FullRunQuietStart shortens the quiet start to quietHeapFull, for a run
// that will parse every document: it allocates far more than quietHeap
// anyway, and collecting from quietHeapFull on keeps its peak lower (a
// first run at 10k documents: 322 MB with a 256 MiB quiet start, 264 MB
// with none) while it still skips the many early collections of a small
// heap (a first run at 1k: 0.24 s of CPU with the quiet start, 0.32 s
// without). A run that reports on changes or on the files it is given (the
// pre-commit hooks) keeps quietHeap: with the cache, it decodes what it
// reads of the other documents and stays under it.
func FullRunQuietStart() {
	quietMu.Lock()
	defer quietMu.Unlock()
	if quietSince.Load() >= 0 {
		debug.SetMemoryLimit(int64(runtimeMemory()) + quietHeapFull)
	}
}

// quietMu orders the changes to the collector's settings: afterGC runs on
// the finalizer goroutine, and must not end the quiet start between
// FullRunQuietStart's check and its new limit.
var quietMu sync.Mutex

// startQuiet turns the collector off until the heap grows by quietHeap.
func startQuiet() {
	quietMu.Lock()
	defer quietMu.Unlock()
	// Turning the collector off first waits for a collection in progress
	// (one may have started while packages were initialised), so that it is
	// counted before the quiet start and does not end it.
	debug.SetGCPercent(-1)
	_, cycles := heapStats()
	quietSince.Store(int64(cycles))
	// The limit counts all the memory the runtime holds, free heap it has
	// not given back included: quietHeap above that, not above what is live,
	// or a process that has run before would collect at once.
	debug.SetMemoryLimit(int64(runtimeMemory()) + quietHeap)
}

// runtimeMemory is what the memory limit counts: the memory the runtime has
// mapped, less what it has given back to the system.
func runtimeMemory() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 || s[1].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64() - s[1].Value.Uint64()
}

// afterGC ends the quiet start after the first collection since it began
// (GOGC=100 again) and then keeps the soft limit at liveHeadroom times the
// live heap. A call left over from a collection before startQuiet changes
// nothing.
func afterGC() {
	quietMu.Lock()
	defer quietMu.Unlock()
	live, cycles := heapStats()
	if q := quietSince.Load(); q >= 0 {
		if cycles <= uint64(q) {
			return
		}
		quietSince.Store(-1) // quietMu is held: no one else changes it
		debug.SetGCPercent(100)
	}
	debug.SetMemoryLimit(softLimit(live))
}

// heapStats returns the live heap in bytes and the number of completed
// collections.
func heapStats() (live, cycles uint64) {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/gc/cycles/total:gc-cycles"}}
	metrics.Read(s)
	if s[0].Value.Kind() == metrics.KindUint64 {
		live = s[0].Value.Uint64()
	}
	if s[1].Value.Kind() == metrics.KindUint64 {
		cycles = s[1].Value.Uint64()
	}
	return live, cycles
}

// softLimit is the limit for a live heap of live bytes.
func softLimit(live uint64) int64 {
	want := float64(live) * liveHeadroom
	if want < softLimitFloor {
		return softLimitFloor
	}
	if want > math.MaxInt64/2 {
		return math.MaxInt64
	}
	return int64(want)
}

// gcTick is an object whose finalizer runs once per collection; it holds a
// pointer so that it is not batched by the tiny allocator (whose objects may
// never be finalized).
type gcTick struct{ _ *int }

// armAfterGC calls fn after each garbage collection, on the finalizer
// goroutine, for the life of the process.
func armAfterGC(fn func()) {
	var rearm func(*gcTick)
	rearm = func(*gcTick) {
		fn()
		runtime.SetFinalizer(&gcTick{}, rearm)
	}
	runtime.SetFinalizer(&gcTick{}, rearm)
}

// StartProfile writes a CPU profile of the process to file when file is
// not "" (ROLELINT_CPUPROFILE, for performance reports: docs/performance.md)
// and returns the function that stops it.
func StartProfile(file string) func() {
	if file == "" {
		return func() {}
	}
	f, err := os.Create(file)
	if err != nil {
		fmt.Fprintln(os.Stderr, "rolelint: ROLELINT_CPUPROFILE:", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintln(os.Stderr, "rolelint: ROLELINT_CPUPROFILE:", err)
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
