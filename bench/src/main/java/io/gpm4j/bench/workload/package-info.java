/**
 * The code under measurement. These classes are the ones the agent rewrites (or, without a
 * working agent premain, the {@link io.gpm4j.bench.Rewrite} class loader rewrites with the very
 * same {@code io.gpm4j.agent.rewrite.ClassRewriter}). Benchmarks reach them only through
 * {@link io.gpm4j.bench.Rewrite}, never by a direct reference, so that the same bytes can be
 * loaded rewritten or not.
 */
package io.gpm4j.bench.workload;
