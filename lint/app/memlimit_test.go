package app

import (
	"runtime"
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
