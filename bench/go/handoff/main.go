// Hand-off latency on one P, the Go side of io.gpm4j.bench.sidebyside.HandOffLatency.
// GOMAXPROCS=1. Per repetition main starts goroutine A and waits on a channel; A starts
// goroutine B (queued behind A on the one P, in runnext), reads the clock and enters a blocking
// system call. B reads the clock first thing, then ends A's call. Only a hand-off of the P lets
// B run: sysmon retakes the P of a thread that stays in a system call (retake, after one of its
// ticks of 20 µs or more) and hands it to another thread (handoffp). A sample is
//
//	B's first clock read - A's clock read before the call
//
// -block selects the call, each through syscall.Syscall (entersyscall/exitsyscall), never the
// netpoller:
//
//	queue: FUTEX_WAIT on a word until B sets it and calls FUTEX_WAKE (what a Java thread parked
//	       in java.util.concurrent sits in: the gpm4j handoff workload's SynchronousQueue.take)
//	read:  read(2) of one byte from a pipe (blocking mode) until B writes one (the handoff-io
//	       workload's socket read)
//
// -n repetitions per round (default 200), one warm-up round, then -rounds timed rounds (default
// 5); prints
//
//	RESULT handoff|handoff-io go p50_us=... p99_us=... max_us=... min_us=... samples=... ...
//
// (nearest-rank percentiles of the timed rounds' samples, in µs).
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"gpm4j.io/bench/harness"
)

const (
	futexWaitPrivate = 128 // FUTEX_WAIT | FUTEX_PRIVATE_FLAG
	futexWakePrivate = 129 // FUTEX_WAKE | FUTEX_PRIVATE_FLAG
)

var base = time.Now()

// now is the monotonic clock in ns since the start.
func now() int64 { return int64(time.Since(base)) }

// blocker is the blocking call A makes and B ends.
type blocker interface {
	block()
	unblock()
}

// futex: A waits on word until B sets it.
type futex struct{ word uint32 }

func (f *futex) block() {
	for atomic.LoadUint32(&f.word) == 0 {
		syscall.Syscall6(syscall.SYS_FUTEX, uintptr(unsafe.Pointer(&f.word)), futexWaitPrivate, 0, 0, 0, 0)
	}
	atomic.StoreUint32(&f.word, 0) // for the next repetition; B is done with it
}

func (f *futex) unblock() {
	atomic.StoreUint32(&f.word, 1)
	syscall.Syscall6(syscall.SYS_FUTEX, uintptr(unsafe.Pointer(&f.word)), futexWakePrivate, 1, 0, 0, 0)
}

// pipe: A reads one byte that B writes.
type pipe struct{ fds [2]int }

func (p *pipe) block() {
	var b [1]byte
	if n, err := syscall.Read(p.fds[0], b[:]); n != 1 || b[0] != 42 {
		fmt.Printf("handoff-io: read %d bytes (%v), byte %d, want the byte 42\n", n, err, b[0])
		os.Exit(1)
	}
}

func (p *pipe) unblock() {
	if n, err := syscall.Write(p.fds[1], []byte{42}); n != 1 {
		fmt.Printf("handoff-io: write: %v\n", err)
		os.Exit(1)
	}
}

func repetition(b blocker, done chan struct{}) time.Duration {
	var entered, ran int64
	var started int32
	go func() { // A
		go func() { // B
			atomic.StoreInt64(&ran, now())
			if atomic.LoadInt32(&started) == 0 {
				fmt.Println("handoff: B ran before A entered its call")
				os.Exit(1)
			}
			b.unblock()
			done <- struct{}{}
		}()
		atomic.StoreInt32(&started, 1)
		atomic.StoreInt64(&entered, now())
		b.block()
		done <- struct{}{}
	}()
	<-done
	<-done // both: so B is back from its own system call (unblock) before the next repetition
	return time.Duration(atomic.LoadInt64(&ran) - atomic.LoadInt64(&entered))
}

func main() {
	n := flag.Int("n", 200, "repetitions per round")
	rounds := flag.Int("rounds", 5, "timed rounds")
	block := flag.String("block", "queue", "the blocking call: queue (futex) or read (pipe)")
	flag.Parse()
	runtime.GOMAXPROCS(1)
	var b blocker
	bench := "handoff"
	switch *block {
	case "queue":
		b = &futex{}
	case "read":
		p := &pipe{}
		if err := syscall.Pipe(p.fds[:]); err != nil {
			fmt.Println("handoff-io: pipe:", err)
			os.Exit(1)
		}
		b = p
		bench = "handoff-io"
	default:
		fmt.Println("-block must be queue or read, not", *block)
		os.Exit(2)
	}
	var lat harness.Latencies
	done := make(chan struct{}, 2)
	harness.Rounds(*rounds, func() time.Duration {
		lat.StartRound()
		start := time.Now()
		for i := 0; i < *n; i++ {
			lat.Add(repetition(b, done))
		}
		return time.Since(start)
	}, func(r int, d time.Duration) {
		fmt.Printf("# round %d: %s (%d ms)\n", r, lat.EndTimedRound(), d.Milliseconds())
	})
	fmt.Printf("RESULT %s go %s block=%s gomaxprocs=%d version=%s\n",
		bench, lat.Summary(), *block, runtime.GOMAXPROCS(0), runtime.Version())
}
