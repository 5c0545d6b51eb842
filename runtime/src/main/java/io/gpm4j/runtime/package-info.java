/**
 * The machine room: what goroutines are made of.
 *
 * <h2>Continuations</h2>
 * A goroutine (Go's {@code g}) is a chain of real JVM frames. While it runs, the frames are on the
 * carrier thread's stack like any others, so profilers and debuggers see the user's methods. To
 * park it, each frame saves itself into the goroutine's frame store and returns; to resume it,
 * the scheduler calls the entry again and each frame rebuilds itself and re-makes the call it was
 * in, down to the suspension point. This is Go's {@code gogo}/{@code mcall} switch, done by the
 * code itself because the JVM gives no access to its stacks.
 *
 * <p>Three choices shape it (see {@code ../shared/INSTRUMENTATION.md} for the alternatives):
 * <ol>
 *   <li><b>Lazy capture, unwind by return.</b> Nothing is saved until a suspension happens; the
 *       price on the path that never suspends is a static-field test per rewritten method and a
 *       null test per suspendable call. Eager saving (Quasar) or an exception to unwind would cost
 *       every call.</li>
 *   <li><b>No signature changes.</b> The continuation is found through the current thread: a field
 *       of {@link io.gpm4j.runtime.CarrierThread} for the scheduler's Ms, a {@code ThreadLocal}
 *       elsewhere, and only while {@link io.gpm4j.runtime.Frames#mounted} says some continuation
 *       is mounted at all. So the rewrite works by retransformation and through lambdas and
 *       frameworks that call user code.</li>
 *   <li><b>Detect before unwinding.</b> A frame that cannot be resumed (a JDK frame, a monitor,
 *       a constructor, reflection, an unrewritten class) must be found before any frame has
 *       returned, or user code would run on with dummy values. The call handshake
 *       ({@link io.gpm4j.runtime.Continuation}) finds it for the cost of a field store per
 *       call; the stack is walked only to name the culprit once a pin is certain.</li>
 * </ol>
 *
 * <h2>Who may call what</h2>
 * Applications use {@link io.gpm4j.runtime.Continuation} (and later {@code io.gpm4j.Go}).
 * {@link io.gpm4j.runtime.Frames} is called only by rewritten code;
 * {@link io.gpm4j.runtime.CallSites} (the call-site table), {@link io.gpm4j.runtime.LambdaTargets}
 * and {@link io.gpm4j.runtime.MethodNames} are filled only by the agent. The names and descriptors
 * the rewrite emits are the contract {@link io.gpm4j.runtime.RuntimeNames}; the JFR event and
 * field names the agent's report reads are {@link io.gpm4j.runtime.JfrNames}.
 */
package io.gpm4j.runtime;
