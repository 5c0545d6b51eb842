// Gosched ping on one P, the Go side of io.gpm4j.bench.sidebyside.GoschedPing.
// GOMAXPROCS=1; two goroutines each call runtime.Gosched() N times (default
// 1,000,000), so they alternate; main waits on a channel closed by the second
// to finish. One warm-up round, then -rounds timed rounds; prints
//
//	RESULT gosched go ns_per_op=<elapsed of the timed rounds / (rounds*2N)>
//
// (one op = one Gosched call, i.e. one switch from one goroutine to the other).
package main

import (
	"flag"
	"fmt"
	"runtime"
	"sync/atomic"
	"time"

	"gpm4j.io/bench/harness"
)

func round(n int) time.Duration {
	remaining := int32(2)
	done := make(chan struct{})
	body := func() {
		for i := 0; i < n; i++ {
			runtime.Gosched()
		}
		if atomic.AddInt32(&remaining, -1) == 0 {
			close(done)
		}
	}
	start := time.Now()
	go body()
	go body()
	<-done
	return time.Since(start)
}

func main() {
	n := flag.Int("n", 1000000, "Gosched calls per goroutine per round")
	rounds := flag.Int("rounds", 5, "timed rounds")
	flag.Parse()
	runtime.GOMAXPROCS(1)
	total := harness.Rounds(*rounds, func() time.Duration { return round(*n) }, func(r int, d time.Duration) {
		fmt.Printf("# round %d: %.1f ns/gosched\n", r, float64(d.Nanoseconds())/float64(2**n))
	})
	fmt.Printf("RESULT gosched go ns_per_op=%.1f elapsed_ns=%d ops=%d gomaxprocs=%d version=%s\n",
		float64(total.Nanoseconds())/float64(*rounds*2**n), total.Nanoseconds(), *rounds*2**n, runtime.GOMAXPROCS(0), runtime.Version())
}
