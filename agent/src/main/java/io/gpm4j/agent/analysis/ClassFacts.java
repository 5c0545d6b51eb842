package io.gpm4j.agent.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * What the analysis needs to know of one class file: its place in the hierarchy, and for each
 * method its flags, whether it is marked suspendable, and the calls its body makes. Read from the
 * class file bytes, never by loading the class.
 *
 * <p>A method is marked suspendable by {@code @io.gpm4j.Suspendable}, by Quasar's
 * {@code @co.paralleluniverse.fibers.Suspendable}, or, as Quasar read it, by naming Quasar's
 * checked exception {@code co.paralleluniverse.fibers.SuspendExecution} in its {@code throws}
 * clause (the class file's {@code Exceptions} attribute), so Quasar-era code needs no edits. All
 * three are recognised by name: neither Quasar nor the annotation need be on the class path.
 */
public final class ClassFacts {
    static final String GPM4J_SUSPENDABLE = "Lio/gpm4j/Suspendable;";
    static final String QUASAR_SUSPENDABLE = "Lco/paralleluniverse/fibers/Suspendable;";
    /** Quasar's marker exception: a method declaring it may suspend. */
    static final String QUASAR_SUSPEND_EXECUTION = "co/paralleluniverse/fibers/SuspendExecution";

    /** One call instruction of a method body. */
    public record Call(int opcode, String owner, String name, String descriptor, boolean onInterface) {
    }

    /**
     * A lambda or method reference created in this class: {@code implOwner.implName} implements the
     * interface method {@code interfaceMethod}; {@code virtual} when the reference dispatches on
     * its receiver ({@code Type::method} of an instance method).
     */
    public record LambdaTarget(String implOwner, String implName, String interfaceMethod, boolean virtual) {
        // by hand: a record's own equals and hashCode link an invokedynamic on first use, a few
        // milliseconds of the main thread's start-up on JDK 25, for the first unaware class with a lambda
        @Override
        public boolean equals(Object o) {
            return o instanceof LambdaTarget t && virtual == t.virtual && implOwner.equals(t.implOwner)
                    && implName.equals(t.implName) && interfaceMethod.equals(t.interfaceMethod);
        }

        @Override
        public int hashCode() {
            return (implOwner.hashCode() * 31 + implName.hashCode()) * 31 + interfaceMethod.hashCode() + (virtual ? 1 : 0);
        }
    }

    /** One method of the class. */
    public static final class MethodFacts {
        public final int access;
        public final String name;
        public final String descriptor;
        boolean annotatedSuspendable;
        final List<Call> calls = new ArrayList<>();

        MethodFacts(int access, String name, String descriptor) {
            this.access = access;
            this.name = name;
            this.descriptor = descriptor;
        }

        public boolean isAbstract() {
            return (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0;
        }

        public boolean isStatic() {
            return (access & Opcodes.ACC_STATIC) != 0;
        }

        public boolean isPrivate() {
            return (access & Opcodes.ACC_PRIVATE) != 0;
        }

        public boolean isFinal() {
            return (access & Opcodes.ACC_FINAL) != 0;
        }
    }

    public final String name;
    public final String superName;
    public final String[] interfaces;
    public final int access;
    boolean annotatedSuspendable;
    /** Annotated {@code @java.lang.FunctionalInterface}: its author meant it for lambdas. */
    boolean annotatedFunctional;
    /** The class file mentions gpm4j's or Quasar's packages ({@link CodeSources#mentionsGoroutines}). */
    boolean mentionsGoroutines;
    final Map<String, MethodFacts> methods = new HashMap<>();
    final List<LambdaTarget> lambdaTargets = new ArrayList<>();

    private ClassFacts(String name, String superName, String[] interfaces, int access) {
        this.name = name;
        this.superName = superName;
        this.interfaces = interfaces == null ? new String[0] : interfaces;
        this.access = access;
    }

    /**
     * Facts that stand for a class that could not be found, made without ASM (so that nothing
     * loads the class-file reader and writer before a class needs parsing: start-up).
     */
    static ClassFacts placeholder(String name) {
        return new ClassFacts(name, "java/lang/Object", null, 0);
    }

    public boolean isInterface() {
        return (access & Opcodes.ACC_INTERFACE) != 0;
    }

    public boolean isFinal() {
        return (access & Opcodes.ACC_FINAL) != 0;
    }

    /** The method declared here with this name and descriptor, or null. */
    public MethodFacts method(String name, String descriptor) {
        return methods.get(name + descriptor);
    }

    public Iterable<MethodFacts> methods() {
        return methods.values();
    }

    /** The lambdas and method references this class creates. */
    public List<LambdaTarget> lambdaTargets() {
        return lambdaTargets;
    }

    private static final String LAMBDA_METAFACTORY = "java/lang/invoke/LambdaMetafactory";
    private static final int CONSTANT_INVOKE_DYNAMIC = 18;
    private static final int CONSTANT_METHOD_HANDLE = 15;

    /**
     * The lambdas and method references {@code classFile} creates, as {@link #lambdaTargets()}
     * after a {@link #parse} would list them (once each), read from the constant pool and the
     * {@code BootstrapMethods} attribute alone: no method is decoded. For the classes of a library
     * that is never rewritten, whose lambdas are all the agent needs of them.
     */
    public static List<LambdaTarget> lambdaTargetsOf(byte[] classFile) {
        ClassReader r = new ClassReader(classFile);
        char[] buf = new char[r.getMaxStringLength()];
        int bootstrapMethods = bootstrapMethodsAttribute(r, buf);
        List<LambdaTarget> targets = new ArrayList<>();
        if (bootstrapMethods == 0) {
            return targets;
        }
        int[] bootstrap = new int[r.readUnsignedShort(bootstrapMethods)];
        for (int i = 0, at = bootstrapMethods + 2; i < bootstrap.length; i++) {
            bootstrap[i] = at; // a handle, an argument count, the arguments
            at += 4 + 2 * r.readUnsignedShort(at + 2);
        }
        for (int i = 1; i < r.getItemCount(); i++) {
            int item = r.getItem(i);
            if (item == 0 || r.readByte(item - 1) != CONSTANT_INVOKE_DYNAMIC) {
                continue; // the second slot of a long or double, or another constant
            }
            // the bootstrap method: a handle on LambdaMetafactory, its second argument the body
            int bsm = bootstrap[r.readUnsignedShort(item)];
            int handle = r.getItem(r.readUnsignedShort(bsm));
            if (!LAMBDA_METAFACTORY.equals(r.readClass(r.getItem(r.readUnsignedShort(handle + 1)), buf))
                    || r.readUnsignedShort(bsm + 2) < 2) {
                continue;
            }
            int impl = r.getItem(r.readUnsignedShort(bsm + 6));
            if (r.readByte(impl - 1) != CONSTANT_METHOD_HANDLE) {
                continue;
            }
            int kind = r.readByte(impl);
            int member = r.getItem(r.readUnsignedShort(impl + 1));
            String implOwner = r.readClass(member, buf);
            String implName = r.readUTF8(r.getItem(r.readUnsignedShort(member + 2)), buf);
            String interfaceMethod = r.readUTF8(r.getItem(r.readUnsignedShort(item + 2)), buf);
            LambdaTarget t = new LambdaTarget(implOwner, implName, interfaceMethod,
                    kind == Opcodes.H_INVOKEVIRTUAL || kind == Opcodes.H_INVOKEINTERFACE);
            if (!targets.contains(t)) {
                targets.add(t);
            }
        }
        return targets;
    }

    /** The offset of the {@code BootstrapMethods} attribute's count, past its fields and methods; 0 if none. */
    private static int bootstrapMethodsAttribute(ClassReader r, char[] buf) {
        int at = r.header + 6;
        at += 2 + 2 * r.readUnsignedShort(at); // interfaces
        for (int members = 0; members < 2; members++) { // fields, then methods
            int count = r.readUnsignedShort(at);
            at += 2;
            for (int i = 0; i < count; i++) {
                at = skipAttributes(r, at + 6);
            }
        }
        int attributes = r.readUnsignedShort(at);
        at += 2;
        for (int i = 0; i < attributes; i++) {
            if ("BootstrapMethods".equals(r.readUTF8(at, buf))) {
                return at + 6;
            }
            at += 6 + r.readInt(at + 2);
        }
        return 0;
    }

    private static int skipAttributes(ClassReader r, int at) {
        int count = r.readUnsignedShort(at);
        at += 2;
        for (int i = 0; i < count; i++) {
            at += 6 + r.readInt(at + 2);
        }
        return at;
    }

    private static final String FUNCTIONAL_INTERFACE = "Ljava/lang/FunctionalInterface;";

    /** Parses a class file. */
    public static ClassFacts parse(byte[] classFile) {
        ClassFacts[] result = new ClassFacts[1];
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                              String[] interfaces) {
                result[0] = new ClassFacts(name, superName, interfaces, access);
            }

            @Override
            public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
                if (isSuspendableAnnotation(descriptor)) {
                    result[0].annotatedSuspendable = true;
                } else if (FUNCTIONAL_INTERFACE.equals(descriptor)) {
                    result[0].annotatedFunctional = true;
                }
                return null;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodFacts m = new MethodFacts(access, name, descriptor);
                m.annotatedSuspendable = throwsSuspendExecution(exceptions);
                result[0].methods.put(name + descriptor, m);
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                        if (isSuspendableAnnotation(annotation)) {
                            m.annotatedSuspendable = true;
                        }
                        return null;
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
                                                boolean isInterface) {
                        m.calls.add(new Call(opcode, owner, name, descriptor, isInterface));
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bsm, Object... args) {
                        if ("java/lang/invoke/LambdaMetafactory".equals(bsm.getOwner()) && args.length >= 2
                                && args[1] instanceof Handle) {
                            Handle impl = (Handle) args[1];
                            boolean virtual = impl.getTag() == Opcodes.H_INVOKEVIRTUAL
                                    || impl.getTag() == Opcodes.H_INVOKEINTERFACE;
                            result[0].lambdaTargets.add(new LambdaTarget(impl.getOwner(), impl.getName(), name, virtual));
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        result[0].mentionsGoroutines = CodeSources.mentionsGoroutines(classFile);
        return result[0];
    }

    /** Whether a {@code throws} clause names Quasar's {@code SuspendExecution}. */
    static boolean throwsSuspendExecution(String[] exceptions) {
        if (exceptions != null) {
            for (String e : exceptions) {
                if (QUASAR_SUSPEND_EXECUTION.equals(e)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean isSuspendableAnnotation(String descriptor) {
        return GPM4J_SUSPENDABLE.equals(descriptor) || QUASAR_SUSPENDABLE.equals(descriptor);
    }
}
