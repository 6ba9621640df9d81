package app

import (
	"fmt"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
)

// A soft memory limit for large repositories (docs/performance.md, "Memory").
//
// With the default GOGC=100 the heap may grow to twice what is live before
// the collector runs, so a run over 40,000 documents with about 370 MB live
// peaks near 810 MB of RSS. A soft limit makes the collector run earlier
// once the heap nears it, which costs nothing on small repositories (their
// heap never gets there). A fixed limit close to the live heap would make
// the collector run all the time, so the limit adapts: after every
// collection it is raised to liveHeadroom times the live heap when that is
// more than the floor. The result behaves like GOGC=100 while less than
// floor/2 is live, and like GOGC=60 once more than floor/1.6 is. Measured at
// 40k: peak RSS 812 -> 639 MB for 6 % more CPU; a 512 MiB floor cost 38 %.
const (
	softLimitFloor = 640 << 20
	liveHeadroom   = 1.6
)

// SetSoftMemoryLimit installs the adaptive limit, unless the user chose the
// collector's settings with GOMEMLIMIT or GOGC.
func SetSoftMemoryLimit() {
	if os.Getenv("GOMEMLIMIT") != "" || os.Getenv("GOGC") != "" {
		return
	}
	debug.SetMemoryLimit(softLimitFloor)
	armAfterGC(adaptMemoryLimit)
}

// adaptMemoryLimit raises the limit to liveHeadroom times the live heap.
func adaptMemoryLimit() {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	debug.SetMemoryLimit(softLimit(s[0].Value.Uint64()))
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
