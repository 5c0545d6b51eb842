package io.gpm4j.runtime;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code schedtrace}/{@code scheddetail}: prints the scheduler's state to standard error every
 * N milliseconds, in Go 1.19's exact format, from a daemon thread (Go prints from sysmon).
 * Configured like Go's {@code GODEBUG}: the system property {@code gpm4j.debug} (which the agent's
 * {@code schedtrace=}/{@code scheddetail=} options set), else the environment variable
 * {@code GODEBUG}; e.g. {@code schedtrace=1000,scheddetail=1}.
 *
 * <p>Go: schedtrace (runtime/proc.go), debug.schedtrace, debug.scheddetail.
 */
final class SchedTrace {
    private SchedTrace() {
    }

    /** The settings, from {@code gpm4j.debug} or {@code GODEBUG}: {schedtrace ms, scheddetail}. */
    static int[] settings() {
        String spec = System.getProperty("gpm4j.debug");
        if (spec == null) {
            spec = System.getenv("GODEBUG");
        }
        int[] out = new int[2];
        if (spec == null) {
            return out;
        }
        for (String part : spec.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = part.substring(0, eq).trim();
            try {
                int value = Integer.parseInt(part.substring(eq + 1).trim());
                if (key.equals("schedtrace")) {
                    out[0] = value;
                } else if (key.equals("scheddetail")) {
                    out[1] = value;
                }
            } catch (NumberFormatException ignored) {
                /* Go ignores values it cannot parse */
            }
        }
        return out;
    }

    /** Starts the printer if {@code schedtrace} is set. */
    static void startIfConfigured(Sched sched) {
        int[] s = settings();
        if (s[0] <= 0) {
            return;
        }
        long periodMs = s[0];
        boolean detail = s[1] > 0;
        Thread t = RuntimeThreads.daemon(() -> {
            long start = System.nanoTime();
            for (;;) {
                long ms = (System.nanoTime() - start) / 1_000_000;
                System.err.print(line(sched, ms, detail));
                try {
                    Thread.sleep(periodMs);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "gpm4j-schedtrace");
        t.start();
    }

    /** One trace: the SCHED line, and with {@code detail} a line per P, M and G. Go: schedtrace. */
    static String line(Sched sched, long ms, boolean detail) {
        StringBuilder b = new StringBuilder();
        Snapshot s = Snapshot.take(sched);
        b.append("SCHED ").append(ms).append("ms: gomaxprocs=").append(s.gomaxprocs)
                .append(" idleprocs=").append(s.npidle)
                .append(" threads=").append(s.mcount)
                .append(" spinningthreads=").append(s.nmspinning)
                .append(" idlethreads=").append(s.nmidle)
                .append(" runqueue=").append(s.runqsize);
        if (detail) {
            b.append(" gcwaiting=0 nmidlelocked=0 stopwait=0 sysmonwait=0");
            handOffs(b, s);
            b.append('\n');
            for (P p : s.allp) {
                M m = p.m;
                b.append("  P").append(p.id).append(": status=").append(p.status)
                        .append(" schedtick=").append(p.schedtick)
                        .append(" syscalltick=").append(p.switchtick).append(" m=").append(m == null ? -1 : m.id)
                        .append(" runqsize=").append(p.runq.size())
                        .append(" gfreecnt=").append(p.gFreeCount)
                        .append(" timerslen=0\n");
            }
            for (M m : s.allm) {
                P p = m.p;
                G g = m.curg;
                b.append("  M").append(m.id).append(": p=").append(p == null ? -1 : p.id)
                        .append(" curg=").append(g == null ? -1 : g.goid)
                        .append(" mallocing=0 throwing=0 preemptoff= locks=0 dying=0 spinning=").append(m.spinning)
                        .append(" blocked=").append(m.blocked)
                        .append(" handedoff=").append(m.handedOff)
                        .append(" lockedg=-1\n");
            }
            for (G g : s.allg) {
                M m = g.m;
                String reason = g.waitReason();
                b.append("  G").append(g.goid).append(": status=").append(g.status())
                        .append('(').append(g.status() == G.WAITING && reason != null ? reason : "").append(')')
                        .append(" m=").append(m == null ? -1 : m.id)
                        .append(" lockedm=-1\n");
            }
        } else {
            b.append(" [");
            List<P> ps = s.allp;
            for (int i = 0; i < ps.size(); i++) {
                if (i > 0) {
                    b.append(' ');
                }
                b.append(ps.get(i).runq.size());
            }
            b.append(']');
            handOffs(b, s);
            b.append('\n');
        }
        return b.toString();
    }

    /**
     * gpm4j's fields after Go's: Ms in hand-off now (their P retaken, or given away by a pinned
     * goroutine), Ps retaken so far, preemptions so far, armings of the loops' back-edge points
     * so far ({@link BackEdges}: each one deoptimized compiled loops).
     */
    private static void handOffs(StringBuilder b, Snapshot s) {
        b.append(" handoffthreads=").append(s.nmhandoff)
                .append(" handoffs=").append(HandOff.retakes())
                .append(" preemptions=").append(Preemption.done())
                .append(" backedgearms=").append(BackEdges.arms());
    }

    /** For tests: prints one trace now. */
    static void printOnce(PrintStream out, boolean detail) {
        out.print(line(Sched.get(), 0, detail));
    }
}
