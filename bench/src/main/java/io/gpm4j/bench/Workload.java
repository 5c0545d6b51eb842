package io.gpm4j.bench;

/**
 * A call-heavy computation, implemented in {@code io.gpm4j.bench.workload} (the package that is
 * rewritten) and called by the benchmarks through this interface, which is never rewritten away
 * from its callers' class loader.
 */
public interface Workload {
    long run(int n);
}
