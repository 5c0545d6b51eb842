package harness

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Latencies collects the latency samples of a latency program's timed rounds (the side-by-side
// preempt and handoff workloads) and summarises them as io.gpm4j.bench.sidebyside.Latencies does
// in Java: the same nearest-rank percentiles, the same fields.
type Latencies struct {
	round []time.Duration // the current round's samples
	all   []time.Duration // the timed rounds' samples
}

// Add records one sample of the current round.
func (l *Latencies) Add(d time.Duration) { l.round = append(l.round, d) }

// StartRound drops the current round's samples (call it at the start of every round, warm-up
// included, so that the warm-up's samples never count).
func (l *Latencies) StartRound() { l.round = l.round[:0] }

// EndTimedRound keeps the current round's samples (call it from Rounds' log function, which runs
// for the timed rounds only) and returns their summary.
func (l *Latencies) EndTimedRound() string {
	l.all = append(l.all, l.round...)
	return Summary(l.round)
}

// Summary of the timed rounds' samples: "p50_us=... p99_us=... max_us=... min_us=... samples=N".
func (l *Latencies) Summary() string { return Summary(l.all) }

// Summary of samples, in µs with one decimal: the nearest-rank median and 99th percentile (the
// value at rank ceil(p/100 * n) of the sorted samples), the maximum, the minimum and the count.
func Summary(samples []time.Duration) string {
	s := append([]time.Duration(nil), samples...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s) == 0 {
		return "samples=0"
	}
	us := func(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Nanoseconds())/1000) }
	var b strings.Builder
	fmt.Fprintf(&b, "p50_us=%s p99_us=%s max_us=%s min_us=%s samples=%d",
		us(s[rank(50, len(s))]), us(s[rank(99, len(s))]), us(s[len(s)-1]), us(s[0]), len(s))
	return b.String()
}

// rank is the index of the nearest-rank p-th percentile of n sorted samples: ceil(p*n/100) - 1.
func rank(p, n int) int {
	r := (p*n + 99) / 100
	if r < 1 {
		r = 1
	}
	return r - 1
}
