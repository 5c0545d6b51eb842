// Skynet, the Go side of io.gpm4j.bench.sidebyside.ChanSkynet: the well-known
// benchmark (github.com/atemerev/skynet, go/skynet.go). Each node makes an
// unbuffered result channel, starts 10 children with it, sums their results
// and sends the sum to its parent; the 1,000,000 leaves (-n) send their
// numbers, so the root's sum is 0+1+...+999,999 (1,111,111 goroutines in all).
// GOMAXPROCS = CPU count. One warm-up round, then -rounds timed rounds, each
// checked; prints
//
//	RESULT skynet go ms_per_round=<average of the timed rounds> ns_per_op=<per leaf>
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"time"

	"gpm4j.io/bench/harness"
)

func skynet(c chan int, num int, size int, div int) {
	if size == 1 {
		c <- num
		return
	}
	rc := make(chan int)
	var sum int
	for i := 0; i < div; i++ {
		subNum := num + i*(size/div)
		go skynet(rc, subNum, size/div, div)
	}
	for i := 0; i < div; i++ {
		sum += <-rc
	}
	c <- sum
}

func round(n int) time.Duration {
	start := time.Now()
	c := make(chan int)
	go skynet(c, 0, n, 10)
	sum := <-c
	d := time.Since(start)
	if expected := n * (n - 1) / 2; sum != expected {
		fmt.Printf("skynet: sum %d, expected %d\n", sum, expected)
		os.Exit(1)
	}
	return d
}

func main() {
	n := flag.Int("n", 1000000, "leaves")
	rounds := flag.Int("rounds", 5, "timed rounds")
	flag.Parse()
	total := harness.Rounds(*rounds, func() time.Duration { return round(*n) }, func(r int, d time.Duration) {
		fmt.Printf("# round %d: %.1f ms\n", r, float64(d.Nanoseconds())/1e6)
	})
	fmt.Printf("RESULT skynet go ms_per_round=%.1f ns_per_op=%.1f elapsed_ns=%d rounds=%d leaves=%d gomaxprocs=%d version=%s\n",
		float64(total.Nanoseconds())/1e6/float64(*rounds), float64(total.Nanoseconds())/float64(*rounds**n),
		total.Nanoseconds(), *rounds, *n, runtime.GOMAXPROCS(0), runtime.Version())
}
