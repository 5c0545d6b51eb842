// Spawn-and-finish of N goroutines (default 1,000,000), the Go side of
// io.gpm4j.bench.sidebyside.Spawn. Each round: main starts N goroutines, each
// decrements an atomic counter, and the last one wakes main (closes a channel).
// One warm-up round, then -rounds timed rounds; prints
//
//	RESULT spawn go ns_per_op=<elapsed of the timed rounds / (rounds*N)>
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
	remaining := int64(n)
	done := make(chan struct{})
	start := time.Now()
	for i := 0; i < n; i++ {
		go func() {
			if atomic.AddInt64(&remaining, -1) == 0 {
				close(done)
			}
		}()
	}
	<-done
	return time.Since(start)
}

func main() {
	n := flag.Int("n", 1000000, "goroutines per round")
	rounds := flag.Int("rounds", 5, "timed rounds")
	flag.Parse()
	total := harness.Rounds(*rounds, func() time.Duration { return round(*n) }, func(r int, d time.Duration) {
		fmt.Printf("# round %d: %.1f ns/goroutine\n", r, float64(d.Nanoseconds())/float64(*n))
	})
	fmt.Printf("RESULT spawn go ns_per_op=%.1f elapsed_ns=%d ops=%d gomaxprocs=%d version=%s\n",
		float64(total.Nanoseconds())/float64(*rounds**n), total.Nanoseconds(), *rounds**n, runtime.GOMAXPROCS(0), runtime.Version())
}
