// Mutex contention, the Go side of io.gpm4j.bench.sidebyside.MutexContention.
// GOMAXPROCS = CPU count. Each round -g goroutines (default 8) share one
// sync.Mutex and one counter; each does n/g iterations (-n, default 5,000,000
// per round) of: lock, increment the counter, unlock, then -work xorshift steps
// (default 8) on a local value outside the lock, so that the holder does not
// simply take the lock straight back. main waits on a sync.WaitGroup and checks
// the counter. One warm-up round, then -rounds timed rounds; prints
//
//	RESULT mutex go ns_per_op=<elapsed of the timed rounds / their lock+unlock pairs>
//
// and xorshift=<the goroutines' final values xored>, the same in every
// implementation: a check that they all did the same work outside the lock.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"

	"gpm4j.io/bench/harness"
)

type shared struct {
	mu      sync.Mutex
	counter int64 // guarded by mu
}

// xorshift does steps rounds of Marsaglia's xorshift64 on x: the work outside the lock.
func xorshift(x uint64, steps int) uint64 {
	for i := 0; i < steps; i++ {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	return x
}

func worker(s *shared, iterations, work int, seed uint64) uint64 {
	x := seed
	for i := 0; i < iterations; i++ {
		s.mu.Lock()
		s.counter++
		s.mu.Unlock()
		x = xorshift(x, work)
	}
	return x
}

// round runs one round and returns its time and the xor of the goroutines' final values.
func round(goroutines, perG, work int) (time.Duration, uint64) {
	s := &shared{}
	results := make([]uint64, goroutines)
	var wg sync.WaitGroup
	wg.Add(goroutines)
	start := time.Now()
	for g := 0; g < goroutines; g++ {
		g := g
		go func() {
			results[g] = worker(s, perG, work, uint64(g+1))
			wg.Done()
		}()
	}
	wg.Wait()
	d := time.Since(start)
	if expected := int64(goroutines) * int64(perG); s.counter != expected {
		fmt.Printf("mutex: counter %d, expected %d: the mutex let two goroutines in\n", s.counter, expected)
		os.Exit(1)
	}
	var xor uint64
	for _, x := range results {
		xor ^= x
	}
	return d, xor
}

func main() {
	n := flag.Int("n", 5000000, "lock+unlock pairs per round, over all goroutines")
	goroutines := flag.Int("g", 8, "goroutines")
	work := flag.Int("work", 8, "xorshift steps outside the lock per iteration")
	rounds := flag.Int("rounds", 5, "timed rounds")
	flag.Parse()
	perG := *n / *goroutines
	ops := *goroutines * perG
	var xor uint64 // the last round's
	total := harness.Rounds(*rounds, func() time.Duration {
		d, x := round(*goroutines, perG, *work)
		xor = x
		return d
	}, func(r int, d time.Duration) {
		fmt.Printf("# round %d: %.1f ns/lock+unlock\n", r, float64(d.Nanoseconds())/float64(ops))
	})
	fmt.Printf("RESULT mutex go ns_per_op=%.1f elapsed_ns=%d ops=%d goroutines=%d work=%d xorshift=%x gomaxprocs=%d version=%s\n",
		float64(total.Nanoseconds())/float64(*rounds*ops), total.Nanoseconds(), *rounds*ops, *goroutines, *work, xor,
		runtime.GOMAXPROCS(0), runtime.Version())
}
