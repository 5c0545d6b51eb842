// Package harness holds what the Go side-by-side programs share with each other (and, in Java,
// with io.gpm4j.bench.sidebyside.SideBySide): the warm-up round and the timed rounds.
package harness

import "time"

// Rounds runs round once to warm up, then rounds timed times, logging each timed round, and
// returns the timed rounds' total time.
func Rounds(rounds int, round func() time.Duration, log func(r int, d time.Duration)) time.Duration {
	round() // warm-up
	var total time.Duration
	for r := 0; r < rounds; r++ {
		d := round()
		log(r, d)
		total += d
	}
	return total
}
