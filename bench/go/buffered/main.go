// Buffered-channel throughput, the Go side of io.gpm4j.bench.sidebyside.ChanBuffered.
// GOMAXPROCS = CPU count. Each round one producer goroutine sends 0..N-1
// (default 5,000,000) into a channel of capacity -cap (default 128) and closes
// it; main receives them all, checking the order. One warm-up round, then
// -rounds timed rounds; prints
//
//	RESULT buffered go ns_per_op=<elapsed of the timed rounds / (rounds*N)>
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"time"

	"gpm4j.io/bench/harness"
)

func round(n, capacity int) time.Duration {
	ch := make(chan int, capacity)
	start := time.Now()
	go func() {
		for i := 0; i < n; i++ {
			ch <- i
		}
		close(ch)
	}()
	expected := 0
	for v := range ch {
		if v != expected {
			fmt.Printf("buffered: expected %d, received %d\n", expected, v)
			os.Exit(1)
		}
		expected++
	}
	d := time.Since(start)
	if expected != n {
		fmt.Printf("buffered: received %d values of %d\n", expected, n)
		os.Exit(1)
	}
	return d
}

func main() {
	n := flag.Int("n", 5000000, "values per round")
	capacity := flag.Int("cap", 128, "channel capacity")
	rounds := flag.Int("rounds", 5, "timed rounds")
	flag.Parse()
	total := harness.Rounds(*rounds, func() time.Duration { return round(*n, *capacity) }, func(r int, d time.Duration) {
		fmt.Printf("# round %d: %.1f ns/value\n", r, float64(d.Nanoseconds())/float64(*n))
	})
	fmt.Printf("RESULT buffered go ns_per_op=%.1f elapsed_ns=%d ops=%d cap=%d gomaxprocs=%d version=%s\n",
		float64(total.Nanoseconds())/float64(*rounds**n), total.Nanoseconds(), *rounds**n, *capacity, runtime.GOMAXPROCS(0), runtime.Version())
}
