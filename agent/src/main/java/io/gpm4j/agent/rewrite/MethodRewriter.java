package io.gpm4j.agent.rewrite;

import io.gpm4j.agent.analysis.ClassHierarchy;
import io.gpm4j.agent.analysis.SuspendableMethods;
import io.gpm4j.runtime.CallSites;
import io.gpm4j.runtime.LambdaTargets;
import io.gpm4j.runtime.MethodNames;
import io.gpm4j.runtime.RuntimeNames;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.Interpreter;

/**
 * Rewrites one method into a resumable one. The shape it produces is described in
 * {@code io.gpm4j.runtime.Frames}; in short:
 *
 * <ol>
 *   <li><b>Prologue</b>: when a continuation is mounted and this frame takes part in it (a body
 *       half, {@link DirectCalls}: when its argument is not null), and the continuation wants
 *       attention ({@code Frames.attention}, one test), jump to the dispatch block if it is
 *       resuming, else test the prologue's preemption point.</li>
 *   <li><b>Each resumable call site</b>: the receiver and arguments are parked in locals (the
 *       same parking slots for every site; so that the frame can be saved after the call and
 *       the call re-made on resume), the
 *       callee's name is handed over (the call handshake; a direct call instead passes the
 *       continuation to a body half), the call is made, and a test after it branches out of line
 *       to the save block when the continuation is unwinding.</li>
 *   <li><b>Save block</b> (out of line): drop the dummy result, push the operand stack below the
 *       call and every local that holds a value into the continuation's frame store, push the
 *       site index, return a dummy value.</li>
 *   <li><b>Dispatch and restore blocks</b> (out of line): pop the site index, switch to the
 *       site's restore block, pop the locals and the operand stack, jump back to the call.</li>
 * </ol>
 *
 * Calls made while holding a monitor are left as they are (the callee then runs detached and a
 * suspension under it pins). Objects under construction ({@code new X(suspendingCall())}) are
 * rebuilt by moving the {@code NEW}/{@code DUP} pair after the arguments. A method that cannot be
 * rewritten raises {@link RewriteException} and must be left as it was.
 *
 * <p>Not thread safe; one instance per method.
 */
final class MethodRewriter {

    /**
     * What happened to the method: its resumable sites (numbered from {@code firstSite}; their
     * lines and what the frame saves at each) and the lines of its suspendable calls made under a
     * monitor. The agent registers it in the runtime's call-site table once the class is written.
     */
    record Result(int firstSite, int[] resumableSiteLines, int[] primitives, int[] references,
                  int[] monitorSiteLines) {
        boolean rewritten() {
            return resumableSiteLines.length > 0;
        }

        CallSites.Method entry(String name, String descriptor) {
            return rewritten()
                    ? new CallSites.Method(name, descriptor, firstSite, resumableSiteLines, primitives, references,
                            monitorSiteLines)
                    : CallSites.Method.monitorOnly(name, descriptor, monitorSiteLines);
        }
    }

    private final String owner;
    /** The class's defining loader (null: bootstrap), for the prologue's {@link LambdaTargets#key}. */
    private final ClassLoader loader;
    private final String sourceFile;
    private final MethodNode method;
    private final Predicate<MethodInsnNode> suspendable;
    private final ClassHierarchy hierarchy;
    /**
     * The name of an interface method that a lambda or method reference of the owner class
     * forwards to this method, or null: the prologue then accepts that name's token without a
     * lookup ({@code Frames.enter(int, int, String)}).
     */
    private final String implemented;
    /** Whether to emit preemption points ({@link PreemptionPoints}). */
    private final boolean preemptible;
    /** The {@code Frames.suspendAtPoint} calls of the preemption points, once inserted. */
    private final List<MethodInsnNode> points = new ArrayList<>();
    /** The prologue's preemption point, or null. */
    private MethodInsnNode prologuePoint;
    /** The class's split methods, whose body halves its resumable sites call directly. */
    private final DirectCalls direct;
    /**
     * In a body half ({@link DirectCalls}), the slot of its continuation argument, which the
     * prologue reads instead of looking the continuation up; -1 in any other method.
     */
    private final int continuationArgument;

    /**
     * @param preemptible whether the method gets preemption points (back-edges and prologue) when
     *                    it is rewritten: the class's rule ({@link PreemptionPoints#inClass}); the
     *                    method's own (no monitor held) is applied here
     * @param implemented the interface method a lambda or method reference of {@code owner}
     *                    forwards to this method, or null
     */
    MethodRewriter(String owner, ClassLoader loader, String sourceFile, MethodNode method,
                   Predicate<MethodInsnNode> suspendable, ClassHierarchy hierarchy, boolean preemptible,
                   String implemented) {
        this(owner, loader, sourceFile, method, suspendable, hierarchy, preemptible, implemented, DirectCalls.NONE, -1);
    }

    /**
     * @param direct               the class's split methods: a resumable site calling one calls its
     *                             body half with the frame's continuation
     * @param continuationArgument the continuation argument's slot when {@code method} is a body
     *                             half, else -1
     */
    MethodRewriter(String owner, ClassLoader loader, String sourceFile, MethodNode method,
                   Predicate<MethodInsnNode> suspendable, ClassHierarchy hierarchy, boolean preemptible,
                   String implemented, DirectCalls direct, int continuationArgument) {
        this.direct = direct;
        this.continuationArgument = continuationArgument;
        this.implemented = implemented;
        this.owner = owner;
        this.loader = loader;
        this.sourceFile = sourceFile;
        this.method = method;
        this.suspendable = suspendable;
        this.hierarchy = hierarchy;
        this.preemptible = preemptible;
    }

    /** Rewrites the method in place; returns null when it makes no suspendable call. */
    Result rewrite() throws RewriteException {
        List<MethodInsnNode> candidates = new ArrayList<>();
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof MethodInsnNode && suspendable.test((MethodInsnNode) insn)) {
                candidates.add((MethodInsnNode) insn);
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        method.maxStack += 4;
        FlowAnalyzer flow = new FlowAnalyzer(new BasicInterpreter());
        Frame<BasicValue>[] basic;
        try {
            basic = flow.analyze(owner, method);
        } catch (AnalyzerException e) {
            throw new RewriteException("analysis failed: " + e.getMessage());
        }
        int[] monitorDepth = flow.monitorDepths(method.instructions.size());

        List<MethodInsnNode> sites = new ArrayList<>();
        List<Integer> monitorLines = new ArrayList<>();
        boolean synchronizedMethod = (method.access & Opcodes.ACC_SYNCHRONIZED) != 0;
        for (MethodInsnNode call : candidates) {
            int index = method.instructions.indexOf(call);
            if (basic[index] == null) {
                continue; // unreachable
            }
            if (synchronizedMethod || monitorDepth[index] > 0) {
                monitorLines.add(lineOf(call));
            } else {
                sites.add(call);
            }
        }
        int[] lines = new int[monitorLines.size()]; // a loop: the first rewrite runs at start-up, where a stream costs links
        for (int i = 0; i < lines.length; i++) {
            lines[i] = monitorLines.get(i);
        }
        redirectJdkParkingCalls(sites);
        if (sites.isEmpty()) {
            return new Result(0, new int[0], new int[0], new int[0], lines);
        }
        if (preemptible && !synchronizedMethod) {
            insertPreemptionPoints(basic, monitorDepth);
            sites.addAll(points);
            sites.sort((a, b) -> Integer.compare(method.instructions.indexOf(a), method.instructions.indexOf(b)));
            try {
                basic = new FlowAnalyzer(new BasicInterpreter()).analyze(owner, method);
            } catch (AnalyzerException e) {
                throw new RewriteException("analysis failed after inserting preemption points: " + e.getMessage());
            }
        }
        int firstTemp = method.maxLocals;
        relocateUninitialized(sites, basic);
        List<LabelNode> resumePoints = new ArrayList<>();
        List<int[]> parked = new ArrayList<>();
        // every site parks its arguments from the same slot: a site's parked values are dead once
        // its call returns, and no other site of the method runs while its call does, so the
        // sites can share the slots (a method of a thousand sites has a few parking slots, not
        // thousands, which ASM's frame computation would pay for at every merge)
        int parkBase = method.maxLocals;
        int parkTop = parkBase;
        for (MethodInsnNode call : sites) {
            int[] own = new int[2];
            resumePoints.add(parkArguments(call, parkBase, own));
            parked.add(own);
            parkTop = Math.max(parkTop, own[1]);
        }
        method.maxLocals = parkTop;

        Frame<BasicValue>[] typed;
        FlowAnalyzer typedFlow;
        try {
            typedFlow = new FlowAnalyzer(new HierarchyVerifier(hierarchy));
            typed = typedFlow.analyze(owner, method);
        } catch (AnalyzerException e) {
            throw new RewriteException("type analysis failed: " + e.getMessage());
        }
        List<Frame<BasicValue>> siteFrames = new ArrayList<>();
        BitSet[] live = typedFlow.liveLocals(method);
        List<IntPredicate> skips = new ArrayList<>();
        List<IntPredicate> defaults = new ArrayList<>();
        for (int i = 0; i < resumePoints.size(); i++) {
            int at = method.instructions.indexOf(resumePoints.get(i));
            Frame<BasicValue> f = typed[at];
            if (f == null) {
                throw new RewriteException("no frame at a resume point");
            }
            siteFrames.add(f);
            BitSet liveHere = live[at];
            IntPredicate parkedElsewhere = skip(firstTemp, parked.get(i));
            IntPredicate defaulted = unsavedArguments(sites.get(i), parked.get(i));
            defaults.add(defaulted);
            skips.add(local -> !liveHere.get(local) || parkedElsewhere.test(local) || defaulted.test(local));
        }

        int n = sites.size();
        int[] siteLines = new int[n];
        int[] primitives = new int[n];
        int[] references = new int[n];
        countSaved(sites, siteFrames, skips, siteLines, primitives, references);
        int firstSite = CallSites.reserve(n);
        int ctx = continuationArgument >= 0 ? continuationArgument : method.maxLocals++;
        LabelNode dispatch = new LabelNode();
        LabelNode afterProloguePoint = prologuePoint == null ? null : new LabelNode();
        emitPrologue(ctx, dispatch, afterProloguePoint);
        InsnList tail = new InsnList();
        SaveChains chains = new SaveChains(ctx);
        LabelNode[] restores = new LabelNode[sites.size()];
        for (int i = 0; i < sites.size(); i++) {
            LabelNode save = new LabelNode();
            restores[i] = new LabelNode();
            MethodInsnNode site = sites.get(i);
            if (site == prologuePoint) {
                emitPointHandshake(site, resumePoints.get(i), ctx, save, null, afterProloguePoint);
            } else if (points.contains(site)) {
                emitPointHandshake(site, resumePoints.get(i), ctx, save, new LabelNode(), new LabelNode());
            } else if (direct.isDirect(owner, site)) {
                emitDirectCall(site, ctx, save);
            } else {
                emitHandshake(site, resumePoints.get(i), ctx, save);
            }
            tail.add(saveBlock(firstSite + i, save, siteFrames.get(i), sites.get(i), points.contains(site), ctx,
                    skips.get(i), chains));
        }
        tail.add(dispatchBlock(dispatch, restores, ctx, firstSite));
        for (int i = 0; i < sites.size(); i++) {
            tail.add(restoreBlock(restores[i], siteFrames.get(i), resumePoints.get(i), ctx, skips.get(i), defaults.get(i)));
        }
        method.instructions.add(tail);
        method.maxStack += 4;
        return new Result(firstSite, siteLines, primitives, references, lines);
    }

    /**
     * A resumable site calling {@code Thread.sleep} or {@code Thread.yield} calls the runtime's
     * method of the same name and descriptor instead, which parks or yields a goroutine (and calls
     * the JDK's on a plain thread). Calls under a monitor are not sites and keep the JDK's method;
     * the runtime's own class keeps them too, for its plain-thread path.
     */
    private void redirectJdkParkingCalls(List<MethodInsnNode> sites) {
        if (owner.equals(RuntimeNames.THREAD_CALLS)) {
            return;
        }
        for (MethodInsnNode call : sites) {
            if (SuspendableMethods.isJdkParkingCall(call.getOpcode(), call.owner, call.name, call.desc)) {
                call.owner = RuntimeNames.THREAD_CALLS;
                call.itf = false;
            }
        }
    }

    /**
     * The line of each site and how many primitive and reference values its frame saves, for the
     * runtime's call-site table: a parked goroutine's stack is printed from its frame store.
     */
    private static void countSaved(List<MethodInsnNode> sites, List<Frame<BasicValue>> frames,
                                   List<IntPredicate> skips, int[] lines, int[] primitives, int[] references) {
        for (int i = 0; i < sites.size(); i++) {
            lines[i] = lineOf(sites.get(i));
            Frame<BasicValue> f = frames.get(i);
            for (int j = 0; j < f.getStackSize(); j++) {
                count(Kind.of(f.getStack(j)), primitives, references, i);
            }
            for (int l = 0; l < f.getLocals(); l++) {
                if (!skips.get(i).test(l)) {
                    count(Kind.of(f.getLocal(l)), primitives, references, i);
                }
            }
        }
    }

    private static void count(Kind k, int[] primitives, int[] references, int i) {
        if (k == Kind.OBJECT) {
            references[i]++;
        } else if (k == Kind.LONG || k == Kind.DOUBLE) {
            primitives[i] += 2; // two int slots in the frame store
        } else if (k != null && k != Kind.NULL) {
            primitives[i]++;
        }
    }

    /**
     * The parked arguments of a site's own call that it need not save: a resume calls the same
     * method again only to rebuild its frame, whose prologue restores its own locals from the
     * store, so the values passed are never read; they are passed as zeros and nulls instead. The
     * receiver is saved (it chooses the method), and so is every argument of an interface call: a
     * lambda proxy for an unbound method reference ({@code Chan::recv}) makes an argument the
     * receiver of the method it forwards to. A parked goroutine keeps less alive and a switch
     * saves less: {@code Parking.park}'s three arguments, in every park.
     */
    private static IntPredicate unsavedArguments(MethodInsnNode call, int[] own) {
        if (call.getOpcode() == Opcodes.INVOKEINTERFACE) {
            return local -> false;
        }
        int firstArgument = own[0] + (call.getOpcode() == Opcodes.INVOKESTATIC ? 0 : 1);
        return local -> local >= firstArgument && local < own[1];
    }

    /**
     * The locals a site need not save: the slots the rewrite created for constructor arguments,
     * and the parking slots beyond the site's own (what a larger site parked there before). They
     * are dead outside the few instructions that fill and read them, and saving them would keep
     * those values reachable while the frame is suspended.
     */
    private static IntPredicate skip(int firstTemp, int[] own) {
        return local -> local >= firstTemp && (local < own[0] || local >= own[1]);
    }

    // ---------------------------------------------------------------- flow: reachability, monitors

    /** A basic analysis that also records the control-flow graph, to track monitor depth. */
    private static final class FlowAnalyzer extends Analyzer<BasicValue> {
        private final List<int[]> edges = new ArrayList<>();

        FlowAnalyzer(Interpreter<BasicValue> interpreter) {
            super(interpreter);
        }

        /**
         * The locals live before each instruction (read on some path before being written), by
         * the usual backward data flow over the recorded edges, exception edges included. Only
         * these are saved at a resume point: a dead value costs a save and may keep an object
         * reachable for as long as the frame is suspended.
         */
        BitSet[] liveLocals(MethodNode m) {
            int size = insnsOf.length;
            List<List<Integer>> previous = new ArrayList<>(size);
            List<List<Integer>> next = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                previous.add(new ArrayList<>(2));
                next.add(new ArrayList<>(2));
            }
            for (int[] e : edges) {
                next.get(e[0]).add(e[1]);
                previous.get(e[1]).add(e[0]);
            }
            BitSet[] in = new BitSet[size];
            for (int i = 0; i < size; i++) {
                in[i] = new BitSet();
            }
            Deque<Integer> work = new ArrayDeque<>();
            for (int i = size - 1; i >= 0; i--) {
                work.add(i);
            }
            boolean[] queued = new boolean[size];
            Arrays.fill(queued, true);
            while (!work.isEmpty()) {
                int i = work.poll();
                queued[i] = false;
                BitSet out = new BitSet();
                for (int s : next.get(i)) {
                    out.or(in[s]);
                }
                AbstractInsnNode insn = insnsOf[i];
                if (insn instanceof VarInsnNode) {
                    VarInsnNode v = (VarInsnNode) insn;
                    if (v.getOpcode() >= Opcodes.ISTORE && v.getOpcode() <= Opcodes.ASTORE) {
                        out.clear(v.var);
                        if (v.getOpcode() == Opcodes.LSTORE || v.getOpcode() == Opcodes.DSTORE) {
                            out.clear(v.var + 1);
                        }
                    } else {
                        out.set(v.var);
                    }
                } else if (insn instanceof IincInsnNode) {
                    out.set(((IincInsnNode) insn).var);
                }
                if (!out.equals(in[i])) {
                    in[i] = out;
                    for (int p : previous.get(i)) {
                        if (!queued[p]) {
                            queued[p] = true;
                            work.add(p);
                        }
                    }
                }
            }
            return in;
        }

        @Override
        protected void newControlFlowEdge(int insn, int successor) {
            edges.add(new int[] {insn, successor, 0});
        }

        @Override
        protected boolean newControlFlowExceptionEdge(int insn, int successor) {
            edges.add(new int[] {insn, successor, 1});
            return true;
        }

        /**
         * Monitors held before each instruction: the largest count over the paths that reach it.
         * A normal edge carries the count after the instruction; an exception edge the count
         * before it (the instruction did not complete).
         */
        int[] monitorDepths(int size) {
            List<List<int[]>> next = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                next.add(new ArrayList<>(2));
            }
            for (int[] e : edges) {
                next.get(e[0]).add(e);
            }
            int[] depth = new int[size];
            Arrays.fill(depth, -1);
            Deque<Integer> work = new ArrayDeque<>();
            depth[0] = 0;
            work.add(0);
            while (!work.isEmpty()) {
                int i = work.poll();
                int after = depth[i];
                int op = insnsOf[i].getOpcode();
                if (op == Opcodes.MONITORENTER) {
                    after++;
                } else if (op == Opcodes.MONITOREXIT) {
                    after = Math.max(0, after - 1);
                }
                for (int[] e : next.get(i)) {
                    int d = e[2] == 1 ? depth[i] : after;
                    if (d > depth[e[1]] && d < 256) {
                        depth[e[1]] = d;
                        work.add(e[1]);
                    }
                }
            }
            return depth;
        }

        private AbstractInsnNode[] insnsOf;

        @Override
        protected void init(String owner, MethodNode m) {
            insnsOf = m.instructions.toArray();
        }
    }

    /**
     * The source line of an instruction: that of the nearest line entry before it, or for code
     * before the first entry (the prologue's preemption point) the first line after it.
     */
    private static int lineOf(AbstractInsnNode insn) {
        for (AbstractInsnNode p = insn; p != null; p = p.getPrevious()) {
            if (p instanceof LineNumberNode) {
                return ((LineNumberNode) p).line;
            }
        }
        for (AbstractInsnNode p = insn; p != null; p = p.getNext()) {
            if (p instanceof LineNumberNode) {
                return ((LineNumberNode) p).line;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- objects under construction

    /**
     * {@code NEW X; DUP; <args with a suspendable call>; INVOKESPECIAL X.<init>} leaves two
     * uninitialised references on the stack across the call, which no code can rebuild. Move the
     * {@code NEW}/{@code DUP} to just before the constructor call, parking its arguments in locals.
     */
    private void relocateUninitialized(List<MethodInsnNode> sites, Frame<BasicValue>[] frames) throws RewriteException {
        InsnList insns = method.instructions;
        List<AbstractInsnNode[]> moves = new ArrayList<>();
        for (AbstractInsnNode insn : insns.toArray()) {
            if (insn.getOpcode() != Opcodes.NEW) {
                continue;
            }
            int n = insns.indexOf(insn);
            Frame<BasicValue> at = frames[n];
            if (at == null) {
                continue;
            }
            int height = at.getStackSize();
            MethodInsnNode init = matchingInit(n, height, frames);
            if (init == null || nextReal(insn) == null || nextReal(insn).getOpcode() != Opcodes.DUP) {
                // Not javac's NEW/DUP shape (the reference may even sit in a local): refuse when a
                // suspendable call lies between the NEW and the next constructor call of its type.
                if (spansSite(insn, sites)) {
                    throw new RewriteException("an object under construction is live across a suspendable "
                            + "call, in a shape other than NEW/DUP");
                }
                continue;
            }
            int end = insns.indexOf(init);
            boolean spans = false;
            for (MethodInsnNode s : sites) {
                int si = insns.indexOf(s);
                if (si > n && si < end && frames[si] != null && frames[si].getStackSize() > height) {
                    spans = true;
                    break;
                }
            }
            if (!spans) {
                continue;
            }
            AbstractInsnNode dup = nextReal(insn);
            if (dup == null || dup.getOpcode() != Opcodes.DUP) {
                throw new RewriteException("an object under construction is on the stack across a suspendable "
                        + "call, in a shape other than NEW/DUP");
            }
            moves.add(new AbstractInsnNode[] {insn, dup, init});
        }
        for (AbstractInsnNode[] m : moves) {
            TypeInsnNode newInsn = (TypeInsnNode) m[0];
            MethodInsnNode init = (MethodInsnNode) m[2];
            insns.remove(m[0]);
            insns.remove(m[1]);
            Type[] args = Type.getArgumentTypes(init.desc);
            int[] slots = new int[args.length];
            InsnList before = new InsnList();
            for (int i = 0; i < args.length; i++) {
                slots[i] = method.maxLocals;
                method.maxLocals += args[i].getSize();
            }
            for (int i = args.length - 1; i >= 0; i--) {
                before.add(new VarInsnNode(args[i].getOpcode(Opcodes.ISTORE), slots[i]));
            }
            before.add(new TypeInsnNode(Opcodes.NEW, newInsn.desc));
            before.add(new InsnNode(Opcodes.DUP));
            for (int i = 0; i < args.length; i++) {
                before.add(new VarInsnNode(args[i].getOpcode(Opcodes.ILOAD), slots[i]));
            }
            insns.insertBefore(init, before);
        }
    }

    /** Whether a site lies after {@code newInsn} and before the next constructor call of its type. */
    private boolean spansSite(AbstractInsnNode newInsn, List<MethodInsnNode> sites) {
        String type = ((TypeInsnNode) newInsn).desc;
        for (AbstractInsnNode p = newInsn.getNext(); p != null; p = p.getNext()) {
            if (p.getOpcode() == Opcodes.INVOKESPECIAL && "<init>".equals(((MethodInsnNode) p).name)
                    && type.equals(((MethodInsnNode) p).owner)) {
                return false;
            }
            if (p instanceof MethodInsnNode && sites.contains(p)) {
                return true;
            }
        }
        return false;
    }

    /** The constructor call that initialises the object a NEW at stack height {@code height} created. */
    private MethodInsnNode matchingInit(int newIndex, int height, Frame<BasicValue>[] frames) {
        InsnList insns = method.instructions;
        for (int i = newIndex + 1; i < insns.size(); i++) {
            AbstractInsnNode insn = insns.get(i);
            if (insn.getOpcode() == Opcodes.INVOKESPECIAL && "<init>".equals(((MethodInsnNode) insn).name)
                    && frames[i] != null) {
                int receiver = frames[i].getStackSize() - Type.getArgumentTypes(((MethodInsnNode) insn).desc).length - 1;
                if (receiver == height || receiver == height + 1) {
                    return (MethodInsnNode) insn;
                }
            }
        }
        return null;
    }

    private static AbstractInsnNode nextReal(AbstractInsnNode insn) {
        AbstractInsnNode n = insn.getNext();
        while (n != null && n.getOpcode() < 0) {
            n = n.getNext();
        }
        return n;
    }

    // ---------------------------------------------------------------- call sites

    /**
     * Parks the receiver and arguments of {@code call} in the parking slots from {@code base}
     * (shared by every site of the method) and reloads them, so that after the call the frame
     * holds them and a resume can make the same call again. {@code own} receives the slots used,
     * {@code [base, end)}.
     *
     * @return the resume point: the label just before the reloads
     */
    private LabelNode parkArguments(MethodInsnNode call, int base, int[] own) {
        Type[] args = Type.getArgumentTypes(call.desc);
        boolean hasReceiver = call.getOpcode() != Opcodes.INVOKESTATIC;
        InsnList store = new InsnList();
        InsnList load = new InsnList();
        int[] slots = new int[args.length];
        int next = base;
        int receiver = -1;
        if (hasReceiver) {
            receiver = next++;
        }
        for (int i = 0; i < args.length; i++) {
            slots[i] = next;
            next += args[i].getSize();
        }
        own[0] = base;
        own[1] = next;
        for (int i = args.length - 1; i >= 0; i--) {
            store.add(new VarInsnNode(args[i].getOpcode(Opcodes.ISTORE), slots[i]));
        }
        if (hasReceiver) {
            store.add(new VarInsnNode(Opcodes.ASTORE, receiver));
            load.add(new VarInsnNode(Opcodes.ALOAD, receiver));
        }
        for (int i = 0; i < args.length; i++) {
            load.add(new VarInsnNode(args[i].getOpcode(Opcodes.ILOAD), slots[i]));
        }
        LabelNode resume = new LabelNode();
        store.add(resume);
        store.add(load);
        method.instructions.insertBefore(call, store);
        return resume;
    }

    /**
     * The prologue. With a prologue preemption point ({@code afterPoint} non-null), the point's
     * test comes last, on the path only a frame that takes part in a continuation reaches, and
     * every other path jumps past the point to {@code afterPoint}: no cost at all outside a
     * continuation.
     */
    private void emitPrologue(int ctx, LabelNode dispatch, LabelNode afterPoint) {
        InsnList p = new InsnList();
        LabelNode body = afterPoint != null ? afterPoint : new LabelNode();
        if (continuationArgument >= 0) {
            // a body half: its entry half or a direct caller passed the continuation, or null
            p.add(new VarInsnNode(Opcodes.ALOAD, ctx));
            p.add(new JumpInsnNode(Opcodes.IFNULL, body));
        } else {
            p.add(new InsnNode(Opcodes.ACONST_NULL));
            p.add(new VarInsnNode(Opcodes.ASTORE, ctx));
            p.add(new FieldInsnNode(Opcodes.GETSTATIC, RuntimeNames.FRAMES, RuntimeNames.MOUNTED,
                    RuntimeNames.MOUNTED_DESC));
            p.add(new JumpInsnNode(Opcodes.IFEQ, body));
            p.add(continuationLookup(owner, loader, method.name, implemented, false));
            p.add(new InsnNode(Opcodes.DUP));
            p.add(new VarInsnNode(Opcodes.ASTORE, ctx));
            p.add(new JumpInsnNode(Opcodes.IFNULL, body));
        }
        p.add(new VarInsnNode(Opcodes.ALOAD, ctx));
        p.add(new MethodInsnNode(Opcodes.INVOKESTATIC, RuntimeNames.FRAMES, RuntimeNames.ATTENTION,
                RuntimeNames.ATTENTION_DESC, false));
        p.add(new JumpInsnNode(Opcodes.IFEQ, body));
        p.add(new VarInsnNode(Opcodes.ALOAD, ctx));
        p.add(new MethodInsnNode(Opcodes.INVOKESTATIC, RuntimeNames.FRAMES, RuntimeNames.RESTORING,
                RuntimeNames.RESTORING_DESC, false));
        p.add(new JumpInsnNode(Opcodes.IFNE, dispatch));
        if (afterPoint != null) {
            p.add(new VarInsnNode(Opcodes.ALOAD, ctx));
            p.add(new MethodInsnNode(Opcodes.INVOKESTATIC, RuntimeNames.FRAMES, RuntimeNames.PREEMPT,
                    RuntimeNames.PREEMPT_DESC, false));
            p.add(new JumpInsnNode(Opcodes.IFEQ, body));
        } else {
            p.add(body);
        }
        method.instructions.insert(p);
    }

    /**
     * The lookup of the continuation a frame of method {@code name} takes part in, leaving it (or
     * null) on the operand stack: the name's number, the interface method's when a lambda of the
     * class targets the method ({@code implemented}, or null), the key for other lambda targets,
     * then {@code Frames.enter} (a prologue, which has tested the mounted hint itself) or
     * {@code Frames.entry} (an entry half, {@link DirectCalls}, where {@code entry} tests it).
     */
    static InsnList continuationLookup(String owner, ClassLoader loader, String name, String implemented,
                                       boolean entryHalf) {
        InsnList lookup = new InsnList();
        lookup.add(new LdcInsnNode(MethodNames.id(name)));
        if (implemented != null) {
            lookup.add(new LdcInsnNode(MethodNames.id(implemented)));
        }
        lookup.add(new LdcInsnNode(LambdaTargets.key(loader, owner, name)));
        String descriptor = entryHalf
                ? (implemented != null ? RuntimeNames.ENTRY_IMPLEMENTING_DESC : RuntimeNames.ENTRY_DESC)
                : (implemented != null ? RuntimeNames.ENTER_IMPLEMENTING_DESC : RuntimeNames.ENTER_DESC);
        lookup.add(new MethodInsnNode(Opcodes.INVOKESTATIC, RuntimeNames.FRAMES,
                entryHalf ? RuntimeNames.ENTRY : RuntimeNames.ENTER, descriptor, false));
        return lookup;
    }

    /**
     * The handshake before the call and the unwinding test after it. Both take a null
     * continuation (a frame running detached) themselves: no test of it here.
     */
    private void emitHandshake(MethodInsnNode call, LabelNode resume, int ctx, LabelNode save) {
        InsnList before = new InsnList();
        before.add(new VarInsnNode(Opcodes.ALOAD, ctx));
        before.add(new LdcInsnNode(MethodNames.id(call.name)));
        before.add(new MethodInsnNode(Opcodes.INVOKESTATIC, RuntimeNames.FRAMES, RuntimeNames.CALL,
                RuntimeNames.CALL_DESC, false));
        method.instructions.insert(resume, before);

        method.instructions.insert(call, unwindingTest(RuntimeNames.RETURNED, RuntimeNames.RETURNED_DESC, ctx, save));
    }

    /** After a call: {@code if (Frames.<test>(c)) goto save;}, the test one of the handshake's. */
    private static InsnList unwindingTest(String test, String descriptor, int ctx, LabelNode save) {
        InsnList after = new InsnList();
        after.add(new VarInsnNode(Opcodes.ALOAD, ctx));
        after.add(new MethodInsnNode(Opcodes.INVOKESTATIC, RuntimeNames.FRAMES, test, descriptor, false));
        after.add(new JumpInsnNode(Opcodes.IFNE, save));
        return after;
    }

    /**
     * A site calling a split method of the class ({@link DirectCalls}): the call goes to the body
     * half, with the frame's continuation (null when detached) as its last argument, and only the
     * unwinding test follows it. No token: the callee makes no lookup to take one.
     */
    private void emitDirectCall(MethodInsnNode call, int ctx, LabelNode save) {
        method.instructions.insertBefore(call, new VarInsnNode(Opcodes.ALOAD, ctx));
        call.desc = DirectCalls.bodyDescriptor(call.desc);
        if (call.getOpcode() == Opcodes.INVOKEVIRTUAL) {
            // the body half is private: invokespecial reaches it in any class-file version (an
            // invokevirtual of a private method needs 55); the receiver is this class's already
            call.setOpcode(Opcodes.INVOKESPECIAL);
        }
        method.instructions.insert(call, unwindingTest(RuntimeNames.UNWINDING, RuntimeNames.UNWINDING_DESC, ctx, save));
    }

    /**
     * A preemption point's suspension, a resumable site without arguments whose call makes the
     * handshake itself: the resume point, {@code Frames.suspendAtPoint()}, and in place of the
     * {@code POP} that followed it until now, the unwinding test on its result. A back-edge point
     * ({@code guard} non-null) is entered only when {@code Frames.preemptAtBackEdge(c)}, tested in
     * front of the resume point, so that a resume goes straight to the call (which then returns
     * false); the prologue's point has its test in the prologue. {@code skip} follows the point.
     */
    private void emitPointHandshake(MethodInsnNode call, LabelNode resume, int ctx, LabelNode save, LabelNode guard,
                                    LabelNode skip) {
        if (guard != null) {
            InsnList test = new InsnList();
            test.add(new VarInsnNode(Opcodes.ALOAD, ctx));
            test.add(new MethodInsnNode(Opcodes.INVOKESTATIC, RuntimeNames.FRAMES, RuntimeNames.PREEMPT_AT_BACK_EDGE,
                    RuntimeNames.PREEMPT_DESC, false));
            test.add(new JumpInsnNode(Opcodes.IFEQ, skip));
            method.instructions.insertBefore(resume, test);
        }
        AbstractInsnNode pop = call.getNext();
        if (pop.getOpcode() != Opcodes.POP) {
            throw new IllegalStateException("a preemption point's call is not followed by its POP");
        }
        method.instructions.remove(pop);
        InsnList after = new InsnList();
        after.add(new JumpInsnNode(Opcodes.IFNE, save));
        after.add(skip);
        method.instructions.insert(call, after);
    }

    /**
     * Inserts a bare {@code Frames.suspendAtPoint()} call and a {@code POP} of its result (made a
     * guarded resumable site later by {@link #emitPointHandshake}) before every loop back-edge and
     * at the very start, recording the calls in {@link #points}. A back-edge is a jump or switch to an earlier instruction. No point
     * where a monitor is held (a suspension there would pin), in unreachable code, or between a
     * {@code NEW} and its constructor call (an object under construction cannot be saved).
     *
     * @param frames        the basic analysis of the method as it is now
     * @param monitorDepths monitors held before each instruction
     */
    private void insertPreemptionPoints(Frame<BasicValue>[] frames, int[] monitorDepths) {
        InsnList insns = method.instructions;
        AbstractInsnNode[] all = insns.toArray();
        boolean[] underConstruction = underConstruction(all, frames);
        List<AbstractInsnNode> backEdges = new ArrayList<>();
        for (int i = 0; i < all.length; i++) {
            if (frames[i] == null || monitorDepths[i] > 0 || underConstruction[i] || !jumpsBack(all[i], i, insns)) {
                continue;
            }
            backEdges.add(all[i]);
        }
        for (AbstractInsnNode edge : backEdges) {
            MethodInsnNode point = suspendCall();
            insns.insertBefore(edge, point);
            insns.insertBefore(edge, new InsnNode(Opcodes.POP));
            points.add(point);
        }
        prologuePoint = suspendCall();
        insns.insert(new InsnNode(Opcodes.POP));
        insns.insert(prologuePoint);
        points.add(prologuePoint);
    }

    private static MethodInsnNode suspendCall() {
        return new MethodInsnNode(Opcodes.INVOKESTATIC, RuntimeNames.FRAMES, RuntimeNames.SUSPEND_AT_POINT,
                RuntimeNames.SUSPEND_AT_POINT_DESC, false);
    }

    /** Whether {@code insn} (at {@code index}) may jump to an earlier instruction. */
    private static boolean jumpsBack(AbstractInsnNode insn, int index, InsnList insns) {
        if (insn instanceof JumpInsnNode) {
            return insn.getOpcode() != Opcodes.JSR && insns.indexOf(((JumpInsnNode) insn).label) < index;
        }
        List<LabelNode> targets = new ArrayList<>();
        if (insn instanceof TableSwitchInsnNode) {
            targets.add(((TableSwitchInsnNode) insn).dflt);
            targets.addAll(((TableSwitchInsnNode) insn).labels);
        } else if (insn instanceof LookupSwitchInsnNode) {
            targets.add(((LookupSwitchInsnNode) insn).dflt);
            targets.addAll(((LookupSwitchInsnNode) insn).labels);
        }
        for (LabelNode t : targets) {
            if (insns.indexOf(t) < index) {
                return true;
            }
        }
        return false;
    }

    /**
     * The instructions that lie, in code order, between a {@code NEW} and the first constructor
     * call of its type after it: an object may be under construction there (conservative: any
     * such span counts, whatever the paths).
     */
    private static boolean[] underConstruction(AbstractInsnNode[] all, Frame<BasicValue>[] frames) {
        boolean[] open = new boolean[all.length];
        for (int n = 0; n < all.length; n++) {
            if (all[n].getOpcode() != Opcodes.NEW || frames[n] == null) {
                continue;
            }
            String type = ((TypeInsnNode) all[n]).desc;
            for (int i = n + 1; i < all.length; i++) {
                AbstractInsnNode p = all[i];
                if (p.getOpcode() == Opcodes.INVOKESPECIAL && "<init>".equals(((MethodInsnNode) p).name)
                        && type.equals(((MethodInsnNode) p).owner)) {
                    break;
                }
                open[i] = true;
            }
        }
        return open;
    }

    // ---------------------------------------------------------------- save, dispatch, restore

    /**
     * The block a site jumps to when its call unwinds: drops the call's result (a point's was its
     * test), saves the operand stack ({@code pushX(v, c)}, the values being on top), then puts the
     * site's index and the continuation on the stack and goes on to save the live locals, a chain
     * it may share with other sites ({@link SaveChains}), which ends by saving the index and
     * returning a zero.
     */
    private InsnList saveBlock(int site, LabelNode save, Frame<BasicValue> frame, MethodInsnNode call, boolean point,
                               int ctx, IntPredicate skip, SaveChains chains) {
        InsnList b = new InsnList();
        b.add(save);
        Type result = point ? Type.VOID_TYPE : Type.getReturnType(call.desc);
        if (result.getSize() == 1) {
            b.add(new InsnNode(Opcodes.POP));
        } else if (result.getSize() == 2) {
            b.add(new InsnNode(Opcodes.POP2));
        }
        for (int j = frame.getStackSize() - 1; j >= 0; j--) {
            BasicValue v = frame.getStack(j);
            Kind k = Kind.of(v);
            if (k == Kind.NULL) {
                b.add(new InsnNode(Opcodes.POP));
            } else {
                b.add(new VarInsnNode(Opcodes.ALOAD, ctx));
                b.add(k.push());
            }
        }
        b.add(new LdcInsnNode(site));
        b.add(new VarInsnNode(Opcodes.ALOAD, ctx));
        chains.saveLocals(b, frame, skip);
        return b;
    }

    /**
     * The locals part of a method's save blocks, shared: a local is saved by
     * {@code c = Frames.saveX(c, v)} with the site's index under the continuation on the operand
     * stack, highest slot first, and the chain ends with {@code Frames.saveSite(index, c)} and
     * the return of a zero. Two sites that save the same lowest locals (same slots, same kinds)
     * share the end of their chains: a site saves what it alone saves, then jumps into the chain
     * already written. Nested loops are the common case (the inner loop's point saves the outer
     * loop's locals and its own, which come in higher slots), and so is the prologue, whose
     * arguments are the lowest slots. A rewritten method's bytecode size counts against the
     * JIT's inlining budget; this keeps each save block to what is its own.
     */
    private final class SaveChains {
        /** One local saved, then the rest of the chain ({@link #next}); the end has no local. */
        private final class Link {
            final int slot;
            final Kind kind;
            final Link next;
            final LabelNode label = new LabelNode();
            final Map<String, Link> before = new HashMap<>();
            boolean written;

            Link(int slot, Kind kind, Link next) {
                this.slot = slot;
                this.kind = kind;
                this.next = next;
            }

            /** The link that saves {@code slot} of {@code kind} and then goes on with this one. */
            Link before(int slot, Kind kind) {
                return before.computeIfAbsent(slot + ":" + kind, key -> new Link(slot, kind, this));
            }
        }

        private final Link end = new Link(-1, null, null);
        private final int ctx;

        SaveChains(int ctx) {
            this.ctx = ctx;
        }

        /** Adds to {@code b} the save of the live locals of {@code frame}, up to the method's return. */
        void saveLocals(InsnList b, Frame<BasicValue> frame, IntPredicate skip) {
            Link first = end;
            for (int l = 0; l < frame.getLocals(); l++) {
                Kind k = Kind.of(frame.getLocal(l));
                if (k != null && k != Kind.NULL && !skip.test(l)) {
                    first = first.before(l, k);
                }
            }
            for (Link x = first; ; x = x.next) {
                if (x.written) {
                    b.add(new JumpInsnNode(Opcodes.GOTO, x.label));
                    return;
                }
                x.written = true;
                b.add(x.label);
                if (x == end) {
                    b.add(new MethodInsnNode(Opcodes.INVOKESTATIC, RuntimeNames.FRAMES, RuntimeNames.SAVE_SITE,
                            RuntimeNames.SAVE_SITE_DESC, false));
                    returnZero(b);
                    return;
                }
                b.add(new VarInsnNode(x.kind.load, x.slot));
                b.add(x.kind.save());
            }
        }
    }

    /** Returns the zero of the method's return type (nothing for a void method). */
    private void returnZero(InsnList b) {
        Type ret = Type.getReturnType(method.desc);
        switch (ret.getSort()) {
            case Type.VOID:
                break;
            case Type.LONG:
                b.add(new InsnNode(Opcodes.LCONST_0));
                break;
            case Type.FLOAT:
                b.add(new InsnNode(Opcodes.FCONST_0));
                break;
            case Type.DOUBLE:
                b.add(new InsnNode(Opcodes.DCONST_0));
                break;
            case Type.OBJECT:
            case Type.ARRAY:
                b.add(new InsnNode(Opcodes.ACONST_NULL));
                break;
            default:
                b.add(new InsnNode(Opcodes.ICONST_0));
        }
        b.add(new InsnNode(ret.getOpcode(Opcodes.IRETURN)));
    }

    /**
     * The prologue's jump on a resume: pops the site index and switches to its restore block,
     * with the continuation left on the operand stack for that block.
     */
    private InsnList dispatchBlock(LabelNode dispatch, LabelNode[] restores, int ctx, int firstSite) {
        InsnList b = new InsnList();
        LabelNode bad = new LabelNode();
        b.add(dispatch);
        b.add(new VarInsnNode(Opcodes.ALOAD, ctx));
        b.add(new InsnNode(Opcodes.DUP));
        b.add(Kind.INT.pop());
        b.add(new TableSwitchInsnNode(firstSite, firstSite + restores.length - 1, bad, restores));
        b.add(bad);
        b.add(new InsnNode(Opcodes.ICONST_M1));
        b.add(new LdcInsnNode(owner.replace('/', '.') + '.' + method.name + method.desc));
        b.add(new MethodInsnNode(Opcodes.INVOKESTATIC, RuntimeNames.FRAMES, RuntimeNames.BAD_SITE,
                RuntimeNames.BAD_SITE_DESC, false));
        b.add(new InsnNode(Opcodes.ATHROW));
        return b;
    }

    /**
     * A site's restore, entered from the dispatch with the continuation on the operand stack: the
     * saved locals, lowest slot first (the reverse of {@link SaveChains}' order), each popped
     * from a copy of it but the last, which takes it; then the operand stack; then a jump to the
     * site's resume point.
     */
    private InsnList restoreBlock(LabelNode restore, Frame<BasicValue> frame, LabelNode resume, int ctx,
                                  IntPredicate skip, IntPredicate defaulted) {
        InsnList b = new InsnList();
        b.add(restore);
        int stored = 0;
        for (int l = 0; l < frame.getLocals(); l++) {
            Kind k = Kind.of(frame.getLocal(l));
            if (k != null && k != Kind.NULL && !defaulted.test(l) && !skip.test(l)) {
                stored++;
            }
        }
        if (stored == 0) {
            b.add(new InsnNode(Opcodes.POP));
        }
        for (int l = 0; l < frame.getLocals(); l++) {
            BasicValue v = frame.getLocal(l);
            Kind k = Kind.of(v);
            if (defaulted.test(l) && k != null) {
                b.add(k.zero());
                b.add(new VarInsnNode(k.store, l));
                continue;
            }
            if (skip.test(l)) {
                continue;
            }
            if (k == Kind.NULL) {
                b.add(new InsnNode(Opcodes.ACONST_NULL));
                b.add(new VarInsnNode(Opcodes.ASTORE, l));
            } else if (k != null) {
                if (--stored > 0) {
                    b.add(new InsnNode(Opcodes.DUP));
                }
                b.add(k.pop());
                castTo(b, v);
                b.add(new VarInsnNode(k.store, l));
            }
        }
        for (int j = 0; j < frame.getStackSize(); j++) {
            BasicValue v = frame.getStack(j);
            Kind k = Kind.of(v);
            if (k == Kind.NULL) {
                b.add(new InsnNode(Opcodes.ACONST_NULL));
            } else {
                b.add(new VarInsnNode(Opcodes.ALOAD, ctx));
                b.add(k.pop());
                castTo(b, v);
            }
        }
        b.add(new JumpInsnNode(Opcodes.GOTO, resume));
        return b;
    }

    private static void castTo(InsnList b, BasicValue v) {
        Type t = v.getType();
        if ((t.getSort() == Type.OBJECT || t.getSort() == Type.ARRAY) && !t.getInternalName().equals("java/lang/Object")) {
            b.add(new TypeInsnNode(Opcodes.CHECKCAST, t.getInternalName()));
        }
    }

    /** How a value is stored in the frame store. */
    private enum Kind {
        INT(Opcodes.ILOAD, Opcodes.ISTORE, RuntimeNames.PUSH_INT, RuntimeNames.PUSH_INT_DESC,
                RuntimeNames.SAVE_INT, RuntimeNames.SAVE_INT_DESC, RuntimeNames.POP_INT, RuntimeNames.POP_INT_DESC),
        LONG(Opcodes.LLOAD, Opcodes.LSTORE, RuntimeNames.PUSH_LONG, RuntimeNames.PUSH_LONG_DESC,
                RuntimeNames.SAVE_LONG, RuntimeNames.SAVE_LONG_DESC, RuntimeNames.POP_LONG, RuntimeNames.POP_LONG_DESC),
        FLOAT(Opcodes.FLOAD, Opcodes.FSTORE, RuntimeNames.PUSH_FLOAT, RuntimeNames.PUSH_FLOAT_DESC,
                RuntimeNames.SAVE_FLOAT, RuntimeNames.SAVE_FLOAT_DESC, RuntimeNames.POP_FLOAT, RuntimeNames.POP_FLOAT_DESC),
        DOUBLE(Opcodes.DLOAD, Opcodes.DSTORE, RuntimeNames.PUSH_DOUBLE, RuntimeNames.PUSH_DOUBLE_DESC,
                RuntimeNames.SAVE_DOUBLE, RuntimeNames.SAVE_DOUBLE_DESC, RuntimeNames.POP_DOUBLE,
                RuntimeNames.POP_DOUBLE_DESC),
        OBJECT(Opcodes.ALOAD, Opcodes.ASTORE, RuntimeNames.PUSH_OBJECT, RuntimeNames.PUSH_OBJECT_DESC,
                RuntimeNames.SAVE_OBJECT, RuntimeNames.SAVE_OBJECT_DESC, RuntimeNames.POP_OBJECT,
                RuntimeNames.POP_OBJECT_DESC),
        NULL(Opcodes.ALOAD, Opcodes.ASTORE, null, null, null, null, null, null);

        final int load;
        final int store;
        /** The {@code Frames} method that saves an operand stack value of this kind, and its descriptor. */
        final String push;
        final String pushDesc;
        /** The {@code Frames} method that saves a local of this kind, chained on the continuation. */
        final String save;
        final String saveDesc;
        /** The {@code Frames} method that restores a value of this kind, and its descriptor. */
        final String pop;
        final String popDesc;

        Kind(int load, int store, String push, String pushDesc, String save, String saveDesc, String pop,
             String popDesc) {
            this.load = load;
            this.store = store;
            this.push = push;
            this.pushDesc = pushDesc;
            this.save = save;
            this.saveDesc = saveDesc;
            this.pop = pop;
            this.popDesc = popDesc;
        }

        /** Null for an unset slot (or the second half of a long or double). */
        static Kind of(BasicValue v) {
            if (v == null || v.getType() == null) {
                return null;
            }
            Type t = v.getType();
            switch (t.getSort()) {
                case Type.BOOLEAN:
                case Type.BYTE:
                case Type.CHAR:
                case Type.SHORT:
                case Type.INT:
                    return INT;
                case Type.LONG:
                    return LONG;
                case Type.FLOAT:
                    return FLOAT;
                case Type.DOUBLE:
                    return DOUBLE;
                case Type.OBJECT:
                    return HierarchyVerifier.isNullType(t) ? NULL : OBJECT;
                case Type.ARRAY:
                    return OBJECT;
                default:
                    return null;
            }
        }

        MethodInsnNode push() {
            return new MethodInsnNode(Opcodes.INVOKESTATIC, RuntimeNames.FRAMES, push, pushDesc, false);
        }

        MethodInsnNode save() {
            return new MethodInsnNode(Opcodes.INVOKESTATIC, RuntimeNames.FRAMES, save, saveDesc, false);
        }

        MethodInsnNode pop() {
            return new MethodInsnNode(Opcodes.INVOKESTATIC, RuntimeNames.FRAMES, pop, popDesc, false);
        }

        /** The zero of this kind (null for a reference), for a value that is passed but not saved. */
        InsnNode zero() {
            switch (this) {
                case INT:
                    return new InsnNode(Opcodes.ICONST_0);
                case LONG:
                    return new InsnNode(Opcodes.LCONST_0);
                case FLOAT:
                    return new InsnNode(Opcodes.FCONST_0);
                case DOUBLE:
                    return new InsnNode(Opcodes.DCONST_0);
                default:
                    return new InsnNode(Opcodes.ACONST_NULL);
            }
        }
    }
}
