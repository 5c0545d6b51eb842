package io.gpm4j.agent.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * {@link CodeSources#mentions}: what a class file's constant pool names, read in one pass over its
 * UTF-8 constants. Every place gpm4j can be named from is covered (a call's owner, a descriptor, a
 * field's type, a generic signature, an array class, a string constant), with Quasar's marker and
 * a lambda; a class file whose constant pool does not parse is searched whole.
 */
class MentionsTest {
    private static final int NONE = 0;
    private static final int GO = CodeSources.GOROUTINES;
    private static final int LAMBDAS = CodeSources.LAMBDAS;

    @Test
    void aClassThatNamesNothingOfGpm4jMentionsNothing() {
        assertEquals(NONE, mentions(body(m -> {
            m.visitLdcInsn("io.gpm4j.Go with dots is no class name"); // a string, not a marker
            m.visitInsn(Opcodes.POP);
            m.visitLdcInsn(42L); // a two-slot constant before the rest of the pool
            m.visitInsn(Opcodes.POP2);
        })));
    }

    @Test
    void everyWayOfNamingGpm4jCounts() {
        assertEquals(GO, mentions(body(m -> m.visitMethodInsn(Opcodes.INVOKESTATIC, "io/gpm4j/Go", "gosched", "()V", false))),
                "a call's owner");
        assertEquals(GO, mentions(body(m -> {
            m.visitInsn(Opcodes.ACONST_NULL);
            m.visitMethodInsn(Opcodes.INVOKESTATIC, "org/lib/Util", "use", "(Lio/gpm4j/Chan;)V", false);
        })), "a descriptor only");
        assertEquals(GO, mentions(withField("Ljava/lang/Object;", "Ljava/util/List<Lio/gpm4j/Chan<Ljava/lang/String;>;>;")),
                "a generic signature only");
        assertEquals(GO, mentions(body(m -> {
            m.visitInsn(Opcodes.ICONST_1);
            m.visitTypeInsn(Opcodes.ANEWARRAY, "io/gpm4j/Chan");
            m.visitInsn(Opcodes.POP);
        })), "an array of a gpm4j type");
        assertEquals(GO, mentions(body(m -> {
            m.visitLdcInsn("see io/gpm4j/Go"); // in a string constant, as a search of the whole file found it
            m.visitInsn(Opcodes.POP);
        })), "a string constant");
        assertEquals(GO, mentions(body(m -> m.visitMethodInsn(Opcodes.INVOKESTATIC,
                "co/paralleluniverse/fibers/Fiber", "yield", "()V", false))), "Quasar's marker");
    }

    @Test
    void aLambdaIsToldApartAndTogetherWithGpm4j() {
        assertEquals(LAMBDAS, mentions(lambda("java/lang/Runnable")));
        assertEquals(LAMBDAS | GO, mentions(lambda("io/gpm4j/Go")));
    }

    @Test
    void aConstantPoolThatDoesNotParseIsSearchedWhole() {
        byte[] good = body(m -> m.visitMethodInsn(Opcodes.INVOKESTATIC, "io/gpm4j/Go", "gosched", "()V", false));
        byte[] bad = good.clone();
        bad[10] = 99; // no such constant tag: the first entry does not parse
        assertEquals(GO, CodeSources.mentions(bad, bad.length), "found by the whole search");
        byte[] truncated = Arrays.copyOf(good, 14);
        assertEquals(NONE, CodeSources.mentions(truncated, truncated.length), "cut short: no exception, nothing found");
        assertEquals(NONE, CodeSources.mentions(new byte[3], 3));
        assertEquals(GO, CodeSources.mentions(good, good.length));
        assertEquals(NONE, CodeSources.mentions(new byte[good.length], good.length), "a pool of zero entries");
    }

    private static int mentions(byte[] classFile) {
        return CodeSources.mentions(classFile, classFile.length);
    }

    /** A class {@code org/lib/Caller} whose static method {@code run} has {@code code} as its body. */
    private static byte[] body(Consumer<MethodVisitor> code) {
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "org/lib/Caller", null, "java/lang/Object", null);
        MethodVisitor m = w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "run", "()V", null, null);
        m.visitCode();
        code.accept(m);
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        w.visitEnd();
        return w.toByteArray();
    }

    private static byte[] withField(String descriptor, String signature) {
        ClassWriter w = new ClassWriter(0);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "org/lib/Holder", null, "java/lang/Object", null);
        w.visitField(Opcodes.ACC_PUBLIC, "chans", descriptor, signature, null).visitEnd();
        w.visitEnd();
        return w.toByteArray();
    }

    /** A class making a {@code Runnable} lambda whose body calls {@code owner.gosched()}. */
    private static byte[] lambda(String owner) {
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "org/lib/Lambdas", null, "java/lang/Object", null);
        MethodVisitor body = w.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC,
                "lambda$0", "()V", null, null);
        body.visitCode();
        body.visitMethodInsn(Opcodes.INVOKESTATIC, owner, owner.equals("java/lang/Runnable") ? "noop" : "gosched", "()V",
                owner.equals("java/lang/Runnable"));
        body.visitInsn(Opcodes.RETURN);
        body.visitMaxs(0, 0);
        body.visitEnd();
        MethodVisitor m = w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "make", "()Ljava/lang/Runnable;", null, null);
        m.visitCode();
        Handle factory = new Handle(Opcodes.H_INVOKESTATIC, "java/lang/invoke/LambdaMetafactory", "metafactory",
                "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;"
                        + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;Ljava/lang/invoke/MethodType;)"
                        + "Ljava/lang/invoke/CallSite;", false);
        m.visitInvokeDynamicInsn("run", "()Ljava/lang/Runnable;", factory, Type.getType("()V"),
                new Handle(Opcodes.H_INVOKESTATIC, "org/lib/Lambdas", "lambda$0", "()V", false), Type.getType("()V"));
        m.visitInsn(Opcodes.ARETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        w.visitEnd();
        return w.toByteArray();
    }
}
