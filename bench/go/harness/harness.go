// Package harness holds what the Go side-by-side programs share with each other (and, in Java,
// with io.gpm4j.bench.sidebyside.SideBySide): the warm-up round and the timed rounds.
package harness

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

// WarmUpRounds is how many untimed rounds come first: $WARMUP (a number >= 0), else 1. The same
// variable sets the Java programs' (SideBySide.warmUpRounds), so bench/run-sidebyside.sh gives
// every side the same warm-up; a JIT needs more than Go does, but Go pays nothing for it.
func WarmUpRounds() int {
	v, set := os.LookupEnv("WARMUP")
	if !set {
		return 1
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		fmt.Fprintf(os.Stderr, "WARMUP must be a number of rounds >= 0, not %q\n", v)
		os.Exit(2)
	}
	return n
}

// Rounds runs round WarmUpRounds() times to warm up, then rounds timed times, logging each timed
// round, and returns the timed rounds' total time.
func Rounds(rounds int, round func() time.Duration, log func(r int, d time.Duration)) time.Duration {
	for w := WarmUpRounds(); w > 0; w-- {
		round() // warm-up
	}
	var total time.Duration
	for r := 0; r < rounds; r++ {
		d := round()
		log(r, d)
		total += d
	}
	return total
}
