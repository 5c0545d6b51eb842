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
 *       of {@link io.gpm4j.runtime.CarrierThread} for the scheduler's Ms, the M of a thread in
 *       {@code Go.run} (whose ThreadLocal maps a goroutine replaces while it runs: see
 *       {@code GoroutineLocals}), a {@code ThreadLocal} elsewhere, and only while {@link io.gpm4j.runtime.Frames#mounted} says some continuation
 *       is mounted at all. So the rewrite works by retransformation and through lambdas and
 *       frameworks that call user code.</li>
 *   <li><b>Detect before unwinding.</b> A frame that cannot be resumed (a JDK frame, a monitor,
 *       a constructor, reflection, an unrewritten class) must be found before any frame has
 *       returned, or user code would run on with dummy values. The call handshake
 *       ({@link io.gpm4j.runtime.Continuation}) finds it for the cost of a field store per
 *       call; the stack is walked only to name the culprit once a pin is certain.</li>
 * </ol>
 *
 * <h2>The scheduler</h2>
 * Go's G/M/P design, one Go concept per class, as proc.go is read: {@link io.gpm4j.runtime.Sched}
 * is the loop every M runs (schedule → findRunnable → execute → the goroutine's request on g0)
 * and the root holding the parts; {@code Ps} the Ps, GOMAXPROCS and procresize; {@code Ms} the
 * Ms, their idle list and the start/park protocol, with {@code Spinning} the one owner of the
 * spinning-M count; {@code Gs} newproc and goroutine ids; {@code GlobalRunQueue} and
 * {@code RunQueue} the run queues; {@code FreeGs} the dead Gs kept for reuse;
 * {@code SchedTimers} timers; {@code PinnedBlocking} goroutines that block their carrier;
 * {@code GoRun} {@code Go.run} and m0; {@code CheckDead} deadlock detection; {@code Snapshot}
 * schedtrace and goroutine dumps. Each class says which lock guards each field
 * ("Guarded by the sched lock.") and who may call each method ("Caller holds the sched lock.",
 * "Owner M only.", "Any thread."), and asserts the lock where it must be held.
 *
 * <p>Work is never lost between Ms: a submitter puts the G on a run queue and then starts a
 * spinning M only if none spins; a spinning M that gives up stops counting itself as spinning
 * before it looks at every queue one last time, and only then parks. {@code Ms} tells the
 * protocol in full; {@code Spinning} keeps its count.
 *
 * <h2>Fatal errors and panics</h2>
 * A broken runtime invariant (a goroutine in the wrong state, a negative count) is a fatal error
 * as in Go's {@code throw}: {@code Fatal} prints {@code fatal error: ...} and the goroutine dump
 * and halts with exit status 2 on the spot. An exception that ends a goroutine is its panic
 * ({@code Panics}); misuse by the user (a channel closed twice, {@code Go.run} inside a
 * goroutine) stays an exception the user can catch.
 *
 * <h2>Who may call what</h2>
 * Applications use {@link io.gpm4j.runtime.Continuation} (with its
 * {@link io.gpm4j.runtime.Continuation.PinHandler} and {@link io.gpm4j.runtime.PinReason}) and,
 * for goroutines, {@code io.gpm4j.Go}. A goroutine's continuation is a plain {@code Continuation}
 * made by a package-private constructor that records its G (so finding the running goroutine is
 * one field read) and whose pin handler blocks the carrier ({@code PinnedBlocking}).
 * {@link io.gpm4j.runtime.CarrierThread} is both the scheduler M's thread (package-private
 * constructor: it runs the scheduler loop for life) and, through its public constructor, a thread
 * on which benchmarks and tests run continuations without a {@code ThreadLocal}.
 * {@link io.gpm4j.runtime.Frames} is called only by rewritten code;
 * {@link io.gpm4j.runtime.CallSites} (the call-site table), {@link io.gpm4j.runtime.LambdaTargets}
 * and {@link io.gpm4j.runtime.MethodNames} are filled only by the agent. The names and descriptors
 * the rewrite emits are the contract {@link io.gpm4j.runtime.RuntimeNames}; the JFR event and
 * field names the agent's report reads are {@link io.gpm4j.runtime.JfrNames}.
 *
 * <h2>The public surface</h2>
 * This package is the machine room, not API, apart from {@code Continuation}, its
 * {@code PinHandler} and {@code PinReason}. Its other types are package-private unless another
 * gpm4j package, the agent or the code the agent emits needs them; those are {@code final} (or
 * interfaces, enums, records) and their Javadoc opens with "Internal: not part of the public
 * API;" and says why they are public. {@code io.gpm4j.PublicSurfaceTest} keeps the list exact.
 *
 * <p>There is no {@code module-info}: the runtime is used on the class path (the agent jar shades
 * it in and sits on the system class path), where a module descriptor is not enforced, and as
 * {@code Continuation} is API this package would have to be exported anyway. Module-path users
 * would need the rewrite's contract and the shared internals moved out of this package into
 * packages exported only to the agent, and the agent granting each module it rewrites a read edge
 * and those exports ({@code Instrumentation.redefineModule}); see HACKING.md.
 */
package io.gpm4j.runtime;
