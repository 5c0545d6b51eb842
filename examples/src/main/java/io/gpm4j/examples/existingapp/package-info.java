/**
 * An existing application moved to goroutines: {@link io.gpm4j.examples.existingapp.ExecutorApp}
 * is an order-pricing pipeline written the usual Java way, and
 * {@link io.gpm4j.examples.existingapp.GoroutineApp} is the same program, line for line, on
 * goroutines. Diff the two files: the business logic ({@code Order}, {@code Catalog},
 * {@code Outcome}, {@code Summary}) is shared and unchanged, and only the concurrency changes.
 *
 * <h2>The pipeline</h2>
 * A reader sends order lines into a bounded queue; {@code W} workers check each line (a regular
 * expression and a SHA-256 signature: CPU), ask a remote catalog service for the unit price (a
 * 2 ms wait: I/O) and price the order; the outcomes go through a second bounded queue to
 * {@code main}, which sums them up. When the workers are done, the outcome queue is ended.
 *
 * <h2>What changes</h2>
 * <table>
 *   <caption>ExecutorApp to GoroutineApp</caption>
 *   <tr><th>java.util.concurrent</th><th>gpm4j</th></tr>
 *   <tr><td>{@code pool.submit(task)}</td><td>{@code Go.go(task)}</td></tr>
 *   <tr><td>{@code new ArrayBlockingQueue<>(n)}, {@code put}, {@code take}</td>
 *       <td>{@code Chan.make(n)}, {@code send}, {@code recv} or {@code range}</td></tr>
 *   <tr><td>one poison pill per consumer</td><td>{@code close()}, once</td></tr>
 *   <tr><td>{@code new CountDownLatch(w)}, {@code countDown}, {@code await}</td>
 *       <td>{@code WaitGroup}: {@code add(1)} per goroutine, {@code done}, {@code await}</td></tr>
 *   <tr><td>{@code Thread.sleep}</td><td>{@code Time.sleep}</td></tr>
 *   <tr><td>{@code throws InterruptedException}, {@code Callable}s that {@code return null}</td>
 *       <td>nothing: a goroutine is not interrupted</td></tr>
 *   <tr><td>{@code pool.shutdown()}</td><td>nothing: a goroutine ends when its function returns</td></tr>
 * </table>
 *
 * <p>The one change that is not mechanical is the wait. A call that blocks the thread
 * ({@code Thread.sleep}, a {@code BlockingQueue}, a JDBC or socket read) still blocks it inside a
 * goroutine, and so holds one of the {@code GOMAXPROCS} carrier threads for its whole wait;
 * gpm4j has no network poller yet. Only the calls of {@code io.gpm4j} park a goroutine and free
 * its carrier. That is why {@code lookup} calls {@code Time.sleep}, and why a goroutine worker
 * costs so little that {@code W} can be 10,000.
 */
package io.gpm4j.examples.existingapp;
