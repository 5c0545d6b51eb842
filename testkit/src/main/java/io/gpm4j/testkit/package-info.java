/**
 * What the test modules share (a test-scope dependency of {@code tests/} and {@code examples/}).
 *
 * <ul>
 *   <li>{@link io.gpm4j.testkit.ChildProcess}: a child process whose output is drained as it
 *       comes, bounded by the running test's timeout; on its limit a thread dump is taken before
 *       the kill, and the test fails with the partial output and the dump.</li>
 *   <li>{@link io.gpm4j.testkit.TestDeadline}: a JUnit extension that tells the harness how long
 *       the running test has left.</li>
 *   <li>{@link io.gpm4j.testkit.TestGuard}: a JUnit extension that fails a test as soon
 *       as an exception escapes one of its goroutines (or threads), and fails a test about to
 *       time out a little earlier, with the goroutine dump.</li>
 * </ul>
 *
 * <p>Both extensions are registered for every test of a module whose
 * {@code junit-platform.properties} sets {@code junit.jupiter.extensions.autodetection.enabled = true}.
 */
package io.gpm4j.testkit;
