/**
 * The method rewrite: ASM over class files, producing the resumable shape described in
 * {@code io.gpm4j.runtime.Frames}.
 *
 * <p>{@link io.gpm4j.agent.rewrite.ClassRewriter} decides per method (with the analysis in
 * {@code io.gpm4j.agent.analysis}) and writes the class with stack-map frames computed from
 * class files, never by loading classes; {@code MethodRewriter} rewrites one method: prologue
 * dispatch, the call handshake around each resumable call site, and out-of-line save, dispatch
 * and restore blocks. Typing at each resume point comes from ASM's {@code SimpleVerifier}
 * answering subtype questions from class files ({@code HierarchyVerifier}).
 *
 * <p><b>Size.</b> The bytecode added counts against the JIT's inlining budgets (C2 inlines a hot
 * callee of at most {@code FreqInlineSize} bytes, 325), however rarely it runs, so each part is
 * as short as the verifier allows: the handshake calls take a null continuation themselves (no
 * test in front of each), a preemption point's suspension is one call without arguments
 * ({@code Frames.suspendAtPoint}), a save block loads the continuation once and chains its
 * locals on it, highest slot first, so that sites saving the same lowest locals share the end
 * of the chain (nested loops' points, and the prologue's, whose locals are the arguments), and a
 * restore pops from the copy of the continuation the dispatch leaves on the operand stack. The
 * benchmark's {@code Loops$Sum.run} (two nested loops and a call) went from 438 bytes to 315.
 *
 * <p>A method that cannot be rewritten keeps its original code and is reported with a reason;
 * a suspension through it pins instead of unwinding, so refusing is always safe.
 *
 * <h2>Direct calls</h2>
 * The call handshake costs a call that the JIT leaves as a call a token store, a lookup of the
 * continuation in the callee and a token read and clear: a third of a nanosecond, a third of a
 * recursive {@code fib}'s work per call. Calls within a class to its own methods that nothing can
 * override (static, private, final, or of a final class) skip it: {@link io.gpm4j.agent.rewrite.DirectCalls} splits
 * such a method into an entry half (the lookup) and a body half that takes the continuation as
 * its last argument, and the class's resumable sites call the body half with theirs. Recursion
 * and a class's helpers are such calls; calls through interfaces and virtual methods keep the
 * handshake.
 *
 * <h2>Preemption points (issue 11)</h2>
 * A goroutine asked to yield (sysmon's request, or chaos mode's coin: {@code Frames.preempt})
 * must notice it in code it runs for long: loops and deep call chains. The rewrite puts a
 * <em>preemption point</em> in two places of every method it rewrites:
 * <ul>
 *   <li>before every loop back-edge (a jump or switch to an earlier instruction):
 *       {@code if (Frames.preemptAtBackEdge(c) && Frames.suspendAtPoint()) goto save;}, the
 *       suspension an ordinary resumable site (save block, a restore block that jumps back to the
 *       call, which then returns false), whose call makes the handshake itself. Whatever the jump compares is on the operand stack
 *       there (a do-while's two ints) and is saved with the frame;</li>
 *   <li>in the prologue, after the resume dispatch, on the path only a frame that takes part in a
 *       continuation reaches: {@code if (Frames.preempt(c)) suspendAtPoint}. Every chain of suspendable
 *       calls passes a prologue, so recursion (no loop at all) is preemptible too. Chosen over a
 *       check before each suspendable call site: one check per rewritten call instead of one per
 *       site, and none at all outside a continuation (the null test is the one the prologue
 *       already makes).</li>
 * </ul>
 * The two read the request differently: a back-edge the volatile {@code Continuation.preempt}
 * (the JIT may not hoist it out of the loop), a prologue the plain {@code preemptHint}, as Go's
 * prologue reads {@code g.stackguard0} (see
 * {@code Continuation.preempt}: an acquiring read there costs call-heavy code measurably). And a
 * back-edge reads it only while the runtime has <em>armed</em> the back-edge points, from the
 * first request until no goroutine has been asked to yield for 10 s; the rest of the time the
 * JIT folds the point away and a loop runs as if it had none ({@code io.gpm4j.runtime.BackEdges}).
 * No point where a monitor is held (a suspension there pins), in a synchronized method, between
 * a {@code NEW} and its constructor call, in constructors and static initialisers (never
 * rewritten), or in the runtime's own libraries ({@link io.gpm4j.agent.rewrite.PreemptionPoints}:
 * they loop holding runtime locks). {@code -Dgpm4j.preemptpoints=false} (internal) emits none,
 * for benchmarks.
 *
 * <p><b>How far to go for loops.</b> A method that loops but makes no suspendable call is not
 * rewritten, so its loops have no point; the integrator's hand-off retakes such a goroutine's P
 * after about 20 ms instead. Giving those loops a point would make the method suspendable, and
 * with it every caller, transitively. {@code LoopCascadeTest} counts it on the jars
 * {@code ThirdPartyJarsTest} uses, with the agent's real inference (methods, then classes,
 * rewritten today → with the cascade; the cascade follows exact call targets only, so it is a
 * lower bound):
 * <pre>
 *   Guava 33            710 → 3,589 methods (5.1x),   264 →   798 classes (3.0x) of 13,265 / 1,967
 *   Commons Lang 3      683 → 1,712 methods (2.5x),    69 →   129 classes (1.9x) of  4,077 /   395
 *   Jackson databind    175 → 1,796 methods (10x),     27 →   282 classes (10x)  of  7,288 /   807
 * </pre>
 * (Since these libraries' own interface calls are judged like the JDK's, {@code CodeSources}:
 * before that, today's figures were 4,381, 930 and 2,740 methods, and the cascade added 14 % to
 * 95 %; now a cascade would multiply the rewritten code.)
 * Every such method would pay a rewritten prologue on every call and a frame-store save at every
 * call site in its callers when any of them suspends, and code that today runs detached (cheap)
 * inside a goroutine would take the call handshake everywhere ({@code FastPathBench}:
 * {@code rewrittenMounted} was 1.36x {@code plain} on a call-bound workload before direct calls,
 * and is that still where a call takes the handshake). That is not cheap,
 * for a benefit the hand-off already gives (another goroutine runs; only the looping one waits to
 * reach a point), so <b>there is no cascade</b>: loops are preemptible where the method is
 * rewritten anyway. {@code PreemptBench} holds the cost of the points themselves.
 */
package io.gpm4j.agent.rewrite;
