// CPU of a program that wakes briefly and often, the Go side of
// io.gpm4j.bench.sidebyside.TickerCpu. GOMAXPROCS = CPU count. Two goroutines hand a counter
// back and forth on unbuffered channels, each sleeping -sleep-us (default 1000) before it passes
// it on, so every P is idle most of the time and leaves the idle list about a thousand times a
// second: a ticker, a timer loop, a mostly idle service. After a -warmup-ms warm-up (default
// 2000), measures the process's CPU time (getrusage: user + system) over -measure-ms (default
// 5000) of wall time; prints
//
//	RESULT ticker go cpu_percent=<CPU time / wall time * 100> hand_ons=<per second> ...
//
// (percent of one core; lower is better).
package main

import (
	"flag"
	"fmt"
	"runtime"
	"sync/atomic"
	"syscall"
	"time"
)

func cpu() time.Duration {
	var r syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &r)
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}

var handOns atomic.Int64

func player(in <-chan int64, out chan<- int64, sleep time.Duration) {
	for {
		v := <-in
		time.Sleep(sleep)
		handOns.Add(1)
		out <- v + 1
	}
}

func main() {
	sleepUs := flag.Int("sleep-us", 1000, "each goroutine's sleep before it passes the counter on, µs")
	warmupMs := flag.Int("warmup-ms", 2000, "warm-up before the measurement, ms")
	measureMs := flag.Int("measure-ms", 5000, "measurement, ms of wall time")
	flag.Parse()
	sleep := time.Duration(*sleepUs) * time.Microsecond
	ping, pong := make(chan int64), make(chan int64)
	go player(ping, pong, sleep)
	go player(pong, ping, sleep)
	ping <- 0
	time.Sleep(time.Duration(*warmupMs) * time.Millisecond)
	c0, h0, w0 := cpu(), handOns.Load(), time.Now()
	time.Sleep(time.Duration(*measureMs) * time.Millisecond)
	c1, h1, wall := cpu(), handOns.Load(), time.Since(w0)
	fmt.Printf("RESULT ticker go cpu_percent=%.2f hand_ons=%.0f sleep_us=%d gomaxprocs=%d version=%s\n",
		float64(c1-c0)*100/float64(wall), float64(h1-h0)/wall.Seconds(), *sleepUs, runtime.GOMAXPROCS(0), runtime.Version())
}
