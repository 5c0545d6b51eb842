// Preemption latency on one P, the Go side of io.gpm4j.bench.sidebyside.PreemptLatency.
// GOMAXPROCS=1. Per repetition main starts goroutine A and waits on a channel; A yields once
// (runtime.Gosched, so that it runs on a time slice of its own rather than one inherited through
// runnext), starts goroutine B (queued behind A on the one P, in runnext), reads the clock and
// spins in a loop that makes no call and allocates nothing, until B has run. B reads the clock
// first thing and stops A's loop. Only a preemption of A lets B run: Go's sysmon asks A to yield
// once it has held the P for its 10 ms time slice (forcePreemptNS), and since Go 1.14 a loop
// without calls yields too (asynchronous preemption, by a signal). A sample is
//
//	(B's first clock read - A's clock read before the loop) - 10 ms
//
// i.e. how long after the end of A's time slice B ran (negative when A's thread lost its CPU to
// another process between the start of its slice and its clock read). -n repetitions per round (default 20),
// one warm-up round, then -rounds timed rounds (default 5); prints
//
//	RESULT preempt go p50_us=... p99_us=... max_us=... min_us=... samples=... slice_ms=10 ...
//
// (nearest-rank percentiles of the timed rounds' samples, in µs). -loop plain|rewritten names
// the gpm4j variant the run stands beside (preempt or preempt-rewritten) and changes nothing
// here: Go preempts any loop the same way. -spin-ms is accepted for the Java programs' sake and
// ignored: A's loop has no bound, since no timer or goroutine could stop it while A holds the only
// P; if Go failed to preempt, the process would hang (the harness reports a hang).
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sync/atomic"
	"time"

	"gpm4j.io/bench/harness"
)

const slice = 10 * time.Millisecond

var base = time.Now()

// now is the monotonic clock in ns since the start.
func now() int64 { return int64(time.Since(base)) }

// rep is one repetition's shared state.
type rep struct {
	stop    int32 // set by B when it runs; A's loop condition
	spunAt  int64 // A's clock read before the loop
	ranAt   int64 // B's first clock read
	spins   int64 // A's loop count (0 when A was preempted before its first turn)
	started int32 // set by A before its clock read, checked by B
}

// spin is A's loop: no calls (atomic.LoadInt32 is an intrinsic), no allocation.
func spin(r *rep) int64 {
	var spins int64
	for atomic.LoadInt32(&r.stop) == 0 {
		spins++
	}
	return spins
}

func repetition(done chan *rep) time.Duration {
	r := &rep{}
	go func() { // A
		// A fresh time slice: A was readied into runnext and would share main's slice, which
		// may be old (Go's inheritTime; main itself may have been preempted and left A its slice
		// as a runnext goroutine does); from the global queue it starts a slice of its own.
		runtime.Gosched()
		go func() { // B
			r.ranAt = now()
			if atomic.LoadInt32(&r.started) == 0 {
				fmt.Println("preempt: B ran before A started spinning")
				os.Exit(1)
			}
			atomic.StoreInt32(&r.stop, 1)
		}()
		atomic.StoreInt32(&r.started, 1)
		r.spunAt = now()
		r.spins = spin(r)
		done <- r
	}()
	<-done
	return time.Duration(r.ranAt-r.spunAt) - slice
}

func main() {
	n := flag.Int("n", 20, "repetitions per round")
	rounds := flag.Int("rounds", 5, "timed rounds")
	loop := flag.String("loop", "plain", "the gpm4j variant beside this run (plain|rewritten); no effect in Go")
	flag.Int("spin-ms", 200, "ignored (the Java programs' bound on A's loop)")
	flag.Parse()
	runtime.GOMAXPROCS(1)
	bench := "preempt"
	if *loop == "rewritten" {
		bench = "preempt-rewritten"
	}
	var lat harness.Latencies
	done := make(chan *rep, 1)
	harness.Rounds(*rounds, func() time.Duration {
		lat.StartRound()
		start := time.Now()
		for i := 0; i < *n; i++ {
			lat.Add(repetition(done))
		}
		return time.Since(start)
	}, func(r int, d time.Duration) {
		fmt.Printf("# round %d: %s (µs past the 10 ms slice; %.0f ms)\n", r, lat.EndTimedRound(), float64(d.Milliseconds()))
	})
	fmt.Printf("RESULT %s go %s slice_ms=10 loop=%s gomaxprocs=%d version=%s\n",
		bench, lat.Summary(), *loop, runtime.GOMAXPROCS(0), runtime.Version())
}
