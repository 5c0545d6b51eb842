package io.gpm4j.agent.rewrite;

import io.gpm4j.runtime.LambdaTargets;
import io.gpm4j.runtime.RuntimeNames;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The agent's {@code main} option: makes the application's {@code main} start with
 * <pre>{@code if (GoMain.enter()) { GoMain.run(() -> main(args)); return; }}</pre>
 * so that its body runs as the main goroutine. The lambda is an {@code invokedynamic} whose target
 * is {@code main} itself (no method is added), and its proxy only forwards, so the call handshake
 * accepts it: {@code main} is recorded as implementing {@code Runnable.run}.
 */
final class MainMode {
    private static final String MAIN_DESC = "([Ljava/lang/String;)V";

    private MainMode() {
    }

    /** Rewrites {@code main} of the class; returns false when it has none that can be wrapped. */
    static boolean inject(ClassNode node, ClassLoader loader) {
        if ((node.version & 0xFFFF) < Opcodes.V1_8) {
            return false; // invokedynamic lambdas need a Java 8 class file
        }
        for (MethodNode m : node.methods) {
            if (m.name.equals("main") && m.desc.equals(MAIN_DESC) && (m.access & Opcodes.ACC_STATIC) != 0) {
                boolean itf = (node.access & Opcodes.ACC_INTERFACE) != 0;
                InsnList p = new InsnList();
                LabelNode body = new LabelNode();
                p.add(new MethodInsnNode(Opcodes.INVOKESTATIC, RuntimeNames.GO_MAIN, RuntimeNames.GO_MAIN_ENTER,
                        RuntimeNames.GO_MAIN_ENTER_DESC, false));
                p.add(new JumpInsnNode(Opcodes.IFEQ, body));
                p.add(new VarInsnNode(Opcodes.ALOAD, 0));
                p.add(new InvokeDynamicInsnNode(RuntimeNames.RUNNABLE_RUN, "([Ljava/lang/String;)Ljava/lang/Runnable;",
                        new Handle(Opcodes.H_INVOKESTATIC, "java/lang/invoke/LambdaMetafactory", "metafactory",
                                "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;"
                                        + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;"
                                        + "Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;", false),
                        Type.getType("()V"),
                        new Handle(Opcodes.H_INVOKESTATIC, node.name, "main", MAIN_DESC, itf),
                        Type.getType("()V")));
                p.add(new MethodInsnNode(Opcodes.INVOKESTATIC, RuntimeNames.GO_MAIN, RuntimeNames.GO_MAIN_RUN,
                        RuntimeNames.GO_MAIN_RUN_DESC, false));
                p.add(new InsnNode(Opcodes.RETURN));
                p.add(body);
                m.instructions.insert(p);
                m.maxStack = Math.max(m.maxStack, 2);
                LambdaTargets.implementsMethod(loader, node.name, "main", RuntimeNames.RUNNABLE_RUN, true);
                return true;
            }
        }
        return false;
    }
}
