package io.gpm4j.agent.rewrite;

import io.gpm4j.runtime.RuntimeNames;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The direct call convention: the continuation passed as an argument, as Kotlin passes its
 * {@code Continuation}, instead of the call handshake's token and lookup.
 *
 * <p>A suspendable method that a class calls from its own code and that no other class can
 * override (static, private, final, or of a final class: a record's, an enum's without constant
 * bodies, most of Kotlin's) is <em>split</em>: its body moves into a private synthetic method
 * of the same name whose descriptor adds the continuation as the last argument (the <em>body
 * half</em>), and the method itself becomes its <em>entry half</em>, which looks the continuation
 * up as a prologue does ({@code Frames.entry}) and calls the body half with it. A resumable site of
 * the class that calls a split method calls the body half directly with its own continuation: no
 * token before the call, no lookup in the callee, only the unwinding test after it. That is the
 * whole of the call's cost in a goroutine, where the handshake cost a recursive {@code fib} 1.36x
 * its plain time (bench/README.md, "Direct calls"). Calls from other classes, through interfaces
 * and from code that is not rewritten go through the entry half and the handshake as before.
 *
 * <p>Pinning stays exact: a caller passes its continuation only from a resumable site, and a call
 * under a monitor (not a site) calls the entry half, which finds no token and passes null.
 *
 * <p>Splitting adds a method, which a retransformation may not do: a class is split only when it
 * is defined, and a retransformation of a class split then splits the same methods again
 * ({@link ClassRewriter}). A method is not split when it is abstract, native, synchronized, a
 * constructor or initialiser, an interface's, {@code main}, has no room for one more argument,
 * or when the class already declares the body half's descriptor.
 */
final class DirectCalls {
    /**
     * Switch, read once: {@code -Dgpm4j.directcalls=false} splits no method (every call takes
     * the handshake), for benchmarks that compare the two, and for an application whose tools
     * intercept a class's static or final methods (a mocking library's inline stubs), which a
     * class's own direct calls bypass (README, "Known limitations").
     */
    static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("gpm4j.directcalls"));

    /** The split methods of the class, by name + original descriptor. */
    private final Set<String> split;

    private DirectCalls(Set<String> split) {
        this.split = split;
    }

    /** No method split: every call takes the handshake (a retransformation of a class defined unsplit). */
    static final DirectCalls NONE = new DirectCalls(Collections.emptySet());

    /**
     * The methods of {@code node} to split: those that may be split, that {@code rewritten} says
     * will be rewritten, and that a call of the class's own code, which the rewrite would make a
     * resumable site ({@code suspendable}), names exactly.
     */
    static DirectCalls of(ClassNode node, Predicate<MethodNode> rewritten, Predicate<MethodInsnNode> suspendable) {
        if (!ENABLED || (node.access & Opcodes.ACC_INTERFACE) != 0) {
            return NONE;
        }
        Set<String> splittable = new HashSet<>();
        Set<String> declared = new HashSet<>();
        for (MethodNode m : node.methods) {
            declared.add(m.name + m.desc);
        }
        boolean finalClass = (node.access & Opcodes.ACC_FINAL) != 0;
        for (MethodNode m : node.methods) {
            if (maySplit(m, finalClass) && !declared.contains(m.name + bodyDescriptor(m.desc)) && rewritten.test(m)) {
                splittable.add(m.name + m.desc);
            }
        }
        Set<String> called = new HashSet<>();
        for (MethodNode m : node.methods) {
            for (AbstractInsnNode insn : m.instructions) {
                if (insn instanceof MethodInsnNode) {
                    MethodInsnNode call = (MethodInsnNode) insn;
                    String key = call.name + call.desc;
                    if (call.owner.equals(node.name) && splittable.contains(key) && suspendable.test(call)) {
                        called.add(key);
                    }
                }
            }
        }
        splittable.retainAll(called);
        return splittable.isEmpty() ? NONE : new DirectCalls(Collections.unmodifiableSet(splittable));
    }

    private static boolean maySplit(MethodNode m, boolean finalClass) {
        int excluded = Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_SYNCHRONIZED | Opcodes.ACC_BRIDGE;
        if ((m.access & excluded) != 0 || m.name.startsWith("<")) {
            return false;
        }
        boolean isStatic = (m.access & Opcodes.ACC_STATIC) != 0;
        if (!isStatic && (m.access & (Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL)) == 0 && !finalClass) {
            return false; // an override could take its place: the call must dispatch
        }
        if (isStatic && m.name.equals("main") && m.desc.equals("([Ljava/lang/String;)V")) {
            return false; // the main option's entry, and what launchers look for
        }
        return argumentSlots(m) < 255; // the body half adds one slot; 255 is the JVM's limit
    }

    /** Whether {@code m} is split. */
    boolean isSplit(MethodNode m) {
        return split.contains(m.name + m.desc);
    }

    /** The split methods (name + original descriptor). */
    Set<String> methods() {
        return split;
    }

    /**
     * Whether the call, made by code of class {@code owner}, may call a body half directly: it
     * names a split method of the class with the opcode that reaches exactly that method (an
     * {@code invokevirtual} of a final method or of a method of a final class reaches it whatever
     * the receiver's class: nothing overrides it).
     */
    boolean isDirect(String owner, MethodInsnNode call) {
        if (!call.owner.equals(owner) || !split.contains(call.name + call.desc)) {
            return false;
        }
        int op = call.getOpcode();
        return op == Opcodes.INVOKESTATIC || op == Opcodes.INVOKESPECIAL || op == Opcodes.INVOKEVIRTUAL;
    }

    /** The body half's descriptor: the continuation added as the last argument. */
    static String bodyDescriptor(String descriptor) {
        int close = descriptor.indexOf(')');
        return descriptor.substring(0, close) + RuntimeNames.CONTINUATION_DESC + descriptor.substring(close);
    }

    /** The local slot of the body half's continuation argument: right after the method's own arguments. */
    static int continuationSlot(MethodNode original) {
        return argumentSlots(original);
    }

    private static int argumentSlots(MethodNode m) {
        int slots = (m.access & Opcodes.ACC_STATIC) != 0 ? 0 : 1;
        for (Type t : Type.getArgumentTypes(m.desc)) {
            slots += t.getSize();
        }
        return slots;
    }

    /**
     * Makes {@code body}, a copy of a method as it was read, its body half: private and synthetic,
     * the continuation added as the last argument, every local after the arguments moved up one
     * slot to make room. Its annotations, generic signature and parameter names stay with the
     * entry half, the method the application and reflection know.
     */
    static void makeBodyHalf(MethodNode body) {
        int slot = continuationSlot(body);
        for (AbstractInsnNode insn : body.instructions) {
            if (insn instanceof VarInsnNode && ((VarInsnNode) insn).var >= slot) {
                ((VarInsnNode) insn).var++;
            } else if (insn instanceof IincInsnNode && ((IincInsnNode) insn).var >= slot) {
                ((IincInsnNode) insn).var++;
            }
            insn.visibleTypeAnnotations = null;
            insn.invisibleTypeAnnotations = null;
        }
        if (body.localVariables != null) {
            for (LocalVariableNode v : body.localVariables) {
                if (v.index >= slot) {
                    v.index++;
                }
            }
        }
        body.maxLocals++;
        body.desc = bodyDescriptor(body.desc);
        body.access = (body.access & ~(Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED | Opcodes.ACC_VARARGS))
                | Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC;
        body.signature = null;
        body.parameters = null;
        body.visibleAnnotations = null;
        body.invisibleAnnotations = null;
        body.visibleTypeAnnotations = null;
        body.invisibleTypeAnnotations = null;
        body.visibleParameterAnnotations = null;
        body.invisibleParameterAnnotations = null;
        body.visibleAnnotableParameterCount = 0;
        body.invisibleAnnotableParameterCount = 0;
        body.visibleLocalVariableAnnotations = null;
        body.invisibleLocalVariableAnnotations = null;
        body.attrs = null;
        if (body.tryCatchBlocks != null) {
            body.tryCatchBlocks.forEach(t -> {
                t.visibleTypeAnnotations = null;
                t.invisibleTypeAnnotations = null;
            });
        }
    }

    /**
     * Makes {@code entry}, the method as the class declares it, the entry half: its code replaced
     * by the lookup and the call of the body half, with no line of its own (a pinning diagnosis
     * passes it as a forwarder). Its name, descriptor, access, annotations and signature stay.
     *
     * @param implemented the interface method a lambda of the class forwards to this method, or null
     */
    static void makeEntryHalf(String owner, ClassLoader loader, MethodNode entry, String implemented) {
        boolean isStatic = (entry.access & Opcodes.ACC_STATIC) != 0;
        InsnList code = new InsnList();
        int slot = 0;
        if (!isStatic) {
            code.add(new VarInsnNode(Opcodes.ALOAD, slot++));
        }
        for (Type t : Type.getArgumentTypes(entry.desc)) {
            code.add(new VarInsnNode(t.getOpcode(Opcodes.ILOAD), slot));
            slot += t.getSize();
        }
        code.add(MethodRewriter.continuationLookup(owner, loader, entry.name, implemented, true));
        code.add(new MethodInsnNode(isStatic ? Opcodes.INVOKESTATIC : Opcodes.INVOKESPECIAL, owner, entry.name,
                bodyDescriptor(entry.desc), false));
        code.add(new InsnNode(Type.getReturnType(entry.desc).getOpcode(Opcodes.IRETURN)));
        entry.instructions = code;
        entry.tryCatchBlocks = new java.util.ArrayList<>();
        entry.localVariables = null;
        entry.visibleLocalVariableAnnotations = null;
        entry.invisibleLocalVariableAnnotations = null;
        entry.maxLocals = slot;
        entry.maxStack = slot + 4;
    }
}
