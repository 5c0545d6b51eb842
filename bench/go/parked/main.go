// Memory per parked goroutine, the Go side of io.gpm4j.bench.sidebyside.ChanParked.
// In a fresh process (no warm-up: Go keeps dead goroutines' g structs on a free
// list, so a second round would not show them): runtime.GC() and
// runtime.ReadMemStats, then N goroutines (default 1,000,000) that each count
// themselves started and block in a receive on their own unbuffered channel
// (-shared 0; the channels are made beforehand) or on one shared channel
// (-shared 1); once all have counted themselves main sleeps -settle ms, measures
// again and divides the differences by N:
//
//	bytes_per_g  = (HeapAlloc + StackInuse) difference / N   (heap objects: g, sudog, closure; stacks)
//	heap_per_g   = HeapAlloc difference / N
//	stack_per_g  = StackInuse difference / N
//	sys_per_g    = Sys difference / N                         (everything obtained from the OS)
//
// Then it closes the channel(s), waits for every goroutine and checks the count.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	n := flag.Int("n", 1000000, "parked goroutines")
	shared := flag.Int("shared", 0, "1: all park on one channel")
	settle := flag.Int("settle", 500, "ms to wait after all have started")
	flag.Parse()
	bench := "parked-own"
	nch := *n
	if *shared != 0 {
		bench = "parked-shared"
		nch = 1
	}
	chans := make([]chan struct{}, nch)
	for i := range chans {
		chans[i] = make(chan struct{})
	}
	var started, woken int64
	var wg sync.WaitGroup
	wg.Add(*n)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := 0; i < *n; i++ {
		c := chans[0]
		if *shared == 0 {
			c = chans[i]
		}
		go func() {
			atomic.AddInt64(&started, 1)
			if _, ok := <-c; !ok {
				atomic.AddInt64(&woken, 1)
			}
			wg.Done()
		}()
	}
	for atomic.LoadInt64(&started) < int64(*n) {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(time.Duration(*settle) * time.Millisecond)
	runtime.GC()
	runtime.ReadMemStats(&after)
	fmt.Printf("# NumGoroutine %d\n", runtime.NumGoroutine())
	for _, c := range chans {
		close(c)
	}
	wg.Wait()
	if woken != int64(*n) {
		fmt.Printf("%s: %d of %d goroutines woke by the close\n", bench, woken, *n)
		os.Exit(1)
	}
	per := func(a, b uint64) float64 { return (float64(a) - float64(b)) / float64(*n) }
	fmt.Printf("RESULT %s go bytes_per_g=%.1f heap_per_g=%.1f stack_per_g=%.1f sys_per_g=%.1f n=%d gomaxprocs=%d version=%s\n",
		bench, per(after.HeapAlloc+after.StackInuse, before.HeapAlloc+before.StackInuse),
		per(after.HeapAlloc, before.HeapAlloc), per(after.StackInuse, before.StackInuse), per(after.Sys, before.Sys),
		*n, runtime.GOMAXPROCS(0), runtime.Version())
}
