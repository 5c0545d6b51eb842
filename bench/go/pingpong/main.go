// Unbuffered ping-pong between two goroutines, the Go side of
// io.gpm4j.bench.sidebyside.ChanPingPong. GOMAXPROCS = CPU count (the default).
// Each round: main sends i on ping, a second goroutine answers i+1 on pong, N
// times (default 1,000,000); main checks every answer. One warm-up round, then
// -rounds timed rounds; prints
//
//	RESULT pingpong go ns_per_op=<elapsed of the timed rounds / (rounds*N)>
//
// (one op = one round trip: two unbuffered sends and two receives).
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"time"

	"gpm4j.io/bench/harness"
)

func round(n int) time.Duration {
	ping := make(chan int)
	pong := make(chan int)
	start := time.Now()
	go func() {
		for i := 0; i < n; i++ {
			pong <- (<-ping) + 1
		}
	}()
	for i := 0; i < n; i++ {
		ping <- i
		if got := <-pong; got != i+1 {
			fmt.Printf("pingpong: sent %d, got back %d\n", i, got)
			os.Exit(1)
		}
	}
	return time.Since(start)
}

func main() {
	n := flag.Int("n", 1000000, "round trips per round")
	rounds := flag.Int("rounds", 5, "timed rounds")
	flag.Parse()
	total := harness.Rounds(*rounds, func() time.Duration { return round(*n) }, func(r int, d time.Duration) {
		fmt.Printf("# round %d: %.1f ns/round trip\n", r, float64(d.Nanoseconds())/float64(*n))
	})
	fmt.Printf("RESULT pingpong go ns_per_op=%.1f elapsed_ns=%d ops=%d gomaxprocs=%d version=%s\n",
		float64(total.Nanoseconds())/float64(*rounds**n), total.Nanoseconds(), *rounds**n, runtime.GOMAXPROCS(0), runtime.Version())
}
