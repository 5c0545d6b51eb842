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
 * <p>A method that cannot be rewritten keeps its original code and is reported with a reason;
 * a suspension through it pins instead of unwinding, so refusing is always safe.
 */
package io.gpm4j.agent.rewrite;
