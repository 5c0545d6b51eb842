package io.gpm4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.agent.analysis.ClassFiles;
import io.gpm4j.agent.analysis.SuspendableMethods;
import io.gpm4j.agent.jfr.JfrSettings;
import io.gpm4j.agent.rewrite.ClassRewriter;
import io.gpm4j.agent.testkit.RewritingClassLoader;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.ValueDescriptor;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The contract between the agent and the runtime ({@link RuntimeNames}, {@link JfrNames}) checked
 * against reality: every class, member and descriptor it names exists in the runtime with that
 * signature; every call the rewrite emits into the runtime resolves; every gpm4j event name the
 * agent's report and settings use is declared by a runtime event class, with the fields named.
 */
class RuntimeNamesTest {
    /** A member named by the contract: the field names of its owner, name and descriptor constants. */
    private record Named(String owner, String name, String descriptor, boolean isStatic) {
    }

    private static final List<Named> MEMBERS = List.of(
            new Named("FRAMES", "MOUNTED", "MOUNTED_DESC", true),
            new Named("FRAMES", "ENTER", "ENTER_DESC", true),
            new Named("FRAMES", "ENTER", "ENTER_IMPLEMENTING_DESC", true),
            new Named("FRAMES", "ENTRY", "ENTRY_DESC", true),
            new Named("FRAMES", "ENTRY", "ENTRY_IMPLEMENTING_DESC", true),
            new Named("FRAMES", "UNWINDING", "UNWINDING_DESC", true),
            new Named("FRAMES", "ATTENTION", "ATTENTION_DESC", true),
            new Named("FRAMES", "RESTORING", "RESTORING_DESC", true),
            new Named("FRAMES", "CALL", "CALL_DESC", true),
            new Named("FRAMES", "RETURNED", "RETURNED_DESC", true),
            new Named("FRAMES", "PREEMPT", "PREEMPT_DESC", true),
            new Named("FRAMES", "BAD_SITE", "BAD_SITE_DESC", true),
            new Named("FRAMES", "PREEMPT_AT_BACK_EDGE", "PREEMPT_DESC", true),
            new Named("FRAMES", "SUSPEND_AT_POINT", "SUSPEND_AT_POINT_DESC", true),
            new Named("FRAMES", "SAVE_INT", "SAVE_INT_DESC", true),
            new Named("FRAMES", "SAVE_LONG", "SAVE_LONG_DESC", true),
            new Named("FRAMES", "SAVE_FLOAT", "SAVE_FLOAT_DESC", true),
            new Named("FRAMES", "SAVE_DOUBLE", "SAVE_DOUBLE_DESC", true),
            new Named("FRAMES", "SAVE_OBJECT", "SAVE_OBJECT_DESC", true),
            new Named("FRAMES", "SAVE_SITE", "SAVE_SITE_DESC", true),
            new Named("FRAMES", "PUSH_INT", "PUSH_INT_DESC", true),
            new Named("FRAMES", "PUSH_LONG", "PUSH_LONG_DESC", true),
            new Named("FRAMES", "PUSH_FLOAT", "PUSH_FLOAT_DESC", true),
            new Named("FRAMES", "PUSH_DOUBLE", "PUSH_DOUBLE_DESC", true),
            new Named("FRAMES", "PUSH_OBJECT", "PUSH_OBJECT_DESC", true),
            new Named("FRAMES", "POP_INT", "POP_INT_DESC", true),
            new Named("FRAMES", "POP_LONG", "POP_LONG_DESC", true),
            new Named("FRAMES", "POP_FLOAT", "POP_FLOAT_DESC", true),
            new Named("FRAMES", "POP_DOUBLE", "POP_DOUBLE_DESC", true),
            new Named("FRAMES", "POP_OBJECT", "POP_OBJECT_DESC", true),
            new Named("CONTINUATION", "SUSPEND", "SUSPEND_DESC", true),
            new Named("CONTINUATION", "CONTINUATION_RUN", "CONTINUATION_RUN_DESC", false),
            new Named("GO_MAIN", "GO_MAIN_ENTER", "GO_MAIN_ENTER_DESC", true),
            new Named("GO_MAIN", "GO_MAIN_RUN", "GO_MAIN_RUN_DESC", true),
            new Named("THREAD_CALLS", "THREAD_SLEEP", "THREAD_SLEEP_MILLIS_DESC", true),
            new Named("THREAD_CALLS", "THREAD_SLEEP", "THREAD_SLEEP_NANOS_DESC", true),
            new Named("THREAD_CALLS", "THREAD_SLEEP", "THREAD_SLEEP_DURATION_DESC", true),
            new Named("THREAD_CALLS", "THREAD_YIELD", "THREAD_YIELD_DESC", true),
            // the JDK's side: what the rewrite recognises (sleep(Duration) is Java 19+, checked below)
            new Named("THREAD", "THREAD_SLEEP", "THREAD_SLEEP_MILLIS_DESC", true),
            new Named("THREAD", "THREAD_SLEEP", "THREAD_SLEEP_NANOS_DESC", true),
            new Named("THREAD", "THREAD_YIELD", "THREAD_YIELD_DESC", true));

    /** Constants that name no member; each is checked on its own below. */
    private static final Set<String> OTHERS = Set.of("MACHINE_ROOM", "AGENT_PACKAGE", "CONTINUATION_DESC",
            "CONTINUATION_CLASS", "MACHINE_ROOM_CLASSES", "RUNNABLE_RUN");

    private static String constant(String field) throws ReflectiveOperationException {
        return (String) RuntimeNames.class.getField(field).get(null);
    }

    @Test
    void everyConstantIsACompileTimeStringAndIsChecked() throws Exception {
        Set<String> covered = new HashSet<>(OTHERS);
        for (Named n : MEMBERS) {
            covered.addAll(List.of(n.owner(), n.name(), n.descriptor()));
        }
        for (Class<?> contract : List.of(RuntimeNames.class, JfrNames.class)) {
            assertEquals(0, contract.getDeclaredMethods().length, contract + " holds constants only");
            for (Field f : contract.getDeclaredFields()) {
                int m = f.getModifiers();
                assertTrue(Modifier.isPublic(m) && Modifier.isStatic(m) && Modifier.isFinal(m)
                        && f.getType() == String.class, f.toString());
                if (contract == RuntimeNames.class) {
                    assertTrue(covered.contains(f.getName()), "RuntimeNamesTest does not check " + f.getName());
                }
            }
        }
    }

    @Test
    void everyNamedMemberExistsWithThatDescriptor() throws Exception {
        for (Named n : MEMBERS) {
            Class<?> owner = Class.forName(Type.getObjectType(constant(n.owner())).getClassName());
            String name = constant(n.name());
            String desc = constant(n.descriptor());
            Member found = find(owner, name, desc);
            assertNotNull(found, owner.getName() + "." + name + desc + " does not exist");
            assertTrue(Modifier.isPublic(found.getModifiers()) && Modifier.isPublic(owner.getModifiers()),
                    found + " is not public");
            assertEquals(n.isStatic(), Modifier.isStatic(found.getModifiers()), found.toString());
        }
    }

    @Test
    void theOtherNamesMatchTheRuntime() throws Exception {
        assertEquals(Type.getDescriptor(Continuation.class), RuntimeNames.CONTINUATION_DESC);
        assertEquals(Continuation.class.getName(), RuntimeNames.CONTINUATION_CLASS);
        assertEquals(Continuation.class.getPackageName() + ".", RuntimeNames.MACHINE_ROOM_CLASSES);
        assertEquals(Continuation.class.getPackageName().replace('.', '/') + "/", RuntimeNames.MACHINE_ROOM);
        assertEquals(io.gpm4j.agent.Agent.class.getPackageName().replace('.', '/') + "/", RuntimeNames.AGENT_PACKAGE);
        assertNotNull(Runnable.class.getMethod(RuntimeNames.RUNNABLE_RUN));
        assertEquals(MethodNames.RUN, MethodNames.id(RuntimeNames.RUNNABLE_RUN));
        assertEquals(MethodNames.SUSPEND, MethodNames.id(RuntimeNames.SUSPEND));
        // the machine-room rule: the package itself, not its subpackages
        for (Class<?> k : List.of(Frames.class, Continuation.class, GoMain.class, CallSites.class)) {
            assertTrue(SuspendableMethods.isMachineRoom(Type.getInternalName(k)), k.getName());
        }
        assertFalse(SuspendableMethods.isMachineRoom("io/gpm4j/runtime/park/Parking"));
        assertFalse(SuspendableMethods.isMachineRoom("io/gpm4j/sync/Mutex"));
        // ThreadCalls is rewritten (so it may suspend) and stands in for Thread's methods
        assertFalse(SuspendableMethods.isMachineRoom(RuntimeNames.THREAD_CALLS));
        assertEquals(Type.getInternalName(Thread.class), RuntimeNames.THREAD);
        if (Runtime.version().feature() >= 19) {
            Member m = find(Thread.class, RuntimeNames.THREAD_SLEEP, RuntimeNames.THREAD_SLEEP_DURATION_DESC);
            assertNotNull(m, "Thread.sleep(Duration)");
            assertTrue(Modifier.isStatic(m.getModifiers()));
        }
        for (String desc : List.of(RuntimeNames.THREAD_SLEEP_MILLIS_DESC, RuntimeNames.THREAD_SLEEP_NANOS_DESC,
                RuntimeNames.THREAD_SLEEP_DURATION_DESC)) {
            assertTrue(SuspendableMethods.isJdkParkingCall(Opcodes.INVOKESTATIC, RuntimeNames.THREAD,
                    RuntimeNames.THREAD_SLEEP, desc), desc);
        }
        assertTrue(SuspendableMethods.isJdkParkingCall(Opcodes.INVOKESTATIC, RuntimeNames.THREAD,
                RuntimeNames.THREAD_YIELD, RuntimeNames.THREAD_YIELD_DESC));
        assertFalse(SuspendableMethods.isJdkParkingCall(Opcodes.INVOKESTATIC, RuntimeNames.THREAD,
                "onSpinWait", "()V"));
        assertTrue(SuspendableMethods.isMachineRoom(Type.getInternalName(ClassRewriter.class)));
    }

    /**
     * Rewrites subjects that save every kind of value, suspend under a monitor and through
     * overloads, loop (preemption points), and a class run in the agent's {@code main} mode; every call and field access the
     * rewrite emitted into the machine room resolves to a public static member.
     */
    @Test
    void everyCallTheRewriteEmitsResolves() throws Exception {
        RewritingClassLoader loader = new RewritingClassLoader("io.gpm4j.shapes.");
        List<byte[]> rewritten = new ArrayList<>();
        for (String subject : List.of("Yield", "Primitives", "Overloads", "PinSynchronized", "OperandStack", "Lambdas", "JdkParking",
                "Loops")) {
            String name = "io.gpm4j.shapes." + subject;
            loader.loadClass(name);
            assertTrue(loader.outcome(name).changed(), name);
            rewritten.add(loader.outcome(name).bytes());
        }
        String main = "io/gpm4j/shapes/GeneratedMain";
        ClassRewriter.Outcome withMain = new ClassRewriter(new ClassFiles(), ClassRewriter.Scope.INFERRED, main)
                .rewrite(classWithMain(main), loader);
        assertTrue(withMain.changed());
        rewritten.add(withMain.bytes());

        Set<String> used = new TreeSet<>();
        for (byte[] bytes : rewritten) {
            ClassNode node = new ClassNode();
            new ClassReader(bytes).accept(node, 0);
            for (MethodNode m : node.methods) {
                for (AbstractInsnNode insn : m.instructions) {
                    String owner = null;
                    String name = null;
                    String desc = null;
                    if (insn instanceof MethodInsnNode call) {
                        owner = call.owner;
                        name = call.name;
                        desc = call.desc;
                    } else if (insn instanceof FieldInsnNode field) {
                        owner = field.owner;
                        name = field.name;
                        desc = field.desc;
                    }
                    if (owner != null && (SuspendableMethods.isMachineRoom(owner) || owner.equals(RuntimeNames.THREAD_CALLS))) {
                        Class<?> k = Class.forName(Type.getObjectType(owner).getClassName());
                        Member found = find(k, name, desc);
                        assertNotNull(found, owner + "." + name + desc + " (emitted into " + node.name + ")");
                        assertTrue(Modifier.isPublic(found.getModifiers()) && Modifier.isStatic(found.getModifiers()),
                                found.toString());
                        used.add(owner + "." + name);
                    }
                }
            }
        }
        assertTrue(used.containsAll(List.of(RuntimeNames.FRAMES + "." + RuntimeNames.ENTER,
                RuntimeNames.FRAMES + "." + RuntimeNames.PUSH_DOUBLE, RuntimeNames.FRAMES + "." + RuntimeNames.POP_OBJECT,
                RuntimeNames.FRAMES + "." + RuntimeNames.PREEMPT,
                RuntimeNames.GO_MAIN + "." + RuntimeNames.GO_MAIN_RUN,
                RuntimeNames.CONTINUATION + "." + RuntimeNames.SUSPEND,
                RuntimeNames.THREAD_CALLS + "." + RuntimeNames.THREAD_SLEEP,
                RuntimeNames.THREAD_CALLS + "." + RuntimeNames.THREAD_YIELD)), used.toString());
    }

    /**
     * The agent copies the contract's values (compile-time constants) and no code of the agent
     * refers to the contract classes, so its transform path cannot load them. (javac still lists
     * them in the constant pool, for dependency tracking; an entry no instruction uses is never
     * resolved.)
     */
    @Test
    void noAgentCodeRefersToTheContractClasses() throws Exception {
        Path root = Path.of(ClassRewriter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> contract = List.of(Type.getInternalName(RuntimeNames.class), Type.getInternalName(JfrNames.class));
        List<String> found = new ArrayList<>();
        int seen = 0;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                ClassReader r = new ClassReader(Files.readAllBytes(f));
                r.accept(new ClassRemapper(new ClassNode(), new Remapper() {
                    @Override
                    public String map(String internalName) {
                        if (contract.contains(internalName)) {
                            found.add(r.getClassName() + " -> " + internalName);
                        }
                        return internalName;
                    }
                }), 0);
                seen++;
            }
        }
        assertTrue(seen > 20, "agent classes under " + root);
        assertEquals(List.of(), found);
    }

    // ------------------------------------------------------------------ JFR

    /** The runtime's events, by name: each JfrEvents event class. */
    private static List<EventType> declaredEvents() {
        List<EventType> types = new ArrayList<>();
        for (Class<?> k : JfrEvents.class.getDeclaredClasses()) {
            if (Event.class.isAssignableFrom(k)) {
                types.add(EventType.getEventType(k.asSubclass(Event.class)));
            }
        }
        return types;
    }

    @Test
    void everyJfrNameIsDeclaredByARuntimeEvent() throws Exception {
        Set<String> events = new TreeSet<>();
        Set<String> fields = new HashSet<>();
        for (EventType t : declaredEvents()) {
            events.add(t.getName());
            for (ValueDescriptor v : t.getFields()) {
                fields.add(v.getName());
            }
        }
        Set<String> named = new TreeSet<>();
        for (Field f : JfrNames.class.getDeclaredFields()) {
            String value = (String) f.get(null);
            if (f.getName().equals("PREFIX")) {
                continue;
            }
            if (value.startsWith(JfrNames.PREFIX)) {
                named.add(value);
            } else {
                assertTrue(fields.contains(value), "no runtime event has a field " + value + " (JfrNames." + f.getName() + ")");
            }
        }
        assertEquals(events, named, "JfrNames names exactly the runtime's events");
    }

    @Test
    void eachEventNamesTheFieldsTheReportReadsOfIt() {
        for (EventType t : declaredEvents()) {
            if (!t.getName().equals(JfrNames.RUNTIME_STATS)) {
                assertNotNull(t.getField(JfrNames.GOROUTINE_ID), t.getName());
            }
        }
        EventType stats = event(JfrNames.RUNTIME_STATS);
        for (String f : List.of(JfrNames.GOROUTINES, JfrNames.RUNNING, JfrNames.RUNNABLE, JfrNames.WAITING,
                JfrNames.PINNED, JfrNames.GOMAXPROCS, JfrNames.THREADS, JfrNames.STEALS, JfrNames.CREATED,
                JfrNames.ENDED)) {
            assertNotNull(stats.getField(f), f);
        }
        assertNotNull(event(JfrNames.GOROUTINE_END).getField(JfrNames.FAILED));
        assertNotNull(event(JfrNames.GOROUTINE_PARK).getField(JfrNames.WAIT_REASON));
        for (String f : List.of(JfrNames.PINNED_REASON, JfrNames.BLOCKING_FRAME, JfrNames.WAIT_REASON)) {
            assertNotNull(event(JfrNames.GOROUTINE_PINNED).getField(f), f);
        }
        for (String f : List.of(JfrNames.THIEF_P_ID, JfrNames.VICTIM_P_ID, JfrNames.TAKEN)) {
            assertNotNull(event(JfrNames.PROC_STEAL).getField(f), f);
        }
        for (String f : List.of(JfrNames.M_ID, JfrNames.P_ID, JfrNames.OUTCOME)) {
            assertNotNull(event(JfrNames.GOROUTINE_RUN).getField(f), f);
        }
    }

    private static EventType event(String name) {
        for (EventType t : declaredEvents()) {
            if (t.getName().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no runtime event " + name);
    }

    /**
     * Every gpm4j event name in the agent's report, its settings and the shipped {@code gpm4j.jfc}
     * is a runtime event (the report's string constants are read from its class files).
     */
    @Test
    void theReportAndTheSettingsNameOnlyDeclaredEvents() throws Exception {
        Set<String> declared = new TreeSet<>();
        for (EventType t : declaredEvents()) {
            declared.add(t.getName());
        }
        Set<String> used = new TreeSet<>();
        Path jfrPackage = Path.of(JfrSettings.class.getResource("JfrSettings.class").toURI()).getParent();
        try (Stream<Path> classes = Files.list(jfrPackage)) {
            for (Path k : (Iterable<Path>) classes.filter(p -> p.toString().endsWith(".class"))::iterator) {
                used.addAll(stringConstants(Files.readAllBytes(k)));
            }
        }
        Set<String> events = new TreeSet<>();
        for (String s : used) {
            if (s.startsWith(JfrNames.PREFIX) && !s.equals(JfrNames.PREFIX)
                    && !s.startsWith(RuntimeNames.MACHINE_ROOM_CLASSES)) {
                events.add(s);
            }
        }
        assertTrue(events.contains(JfrNames.GOROUTINE_PINNED), events.toString());
        assertTrue(declared.containsAll(events), "undeclared: " + events);

        Set<String> configured = new TreeSet<>();
        for (String key : JfrSettings.gpm4jSettings().keySet()) {
            configured.add(key.substring(0, key.indexOf('#')));
        }
        assertEquals(declared, configured, "gpm4j.jfc configures exactly the runtime's events");
    }

    /** The string constants of a class file. */
    private static Set<String> stringConstants(byte[] classFile) {
        Set<String> out = new TreeSet<>();
        ClassReader r = new ClassReader(classFile);
        char[] buf = new char[r.getMaxStringLength()];
        for (int i = 1; i < r.getItemCount(); i++) {
            int at = r.getItem(i);
            if (at > 0 && classFile[at - 1] == 8) { // CONSTANT_String: its index names a UTF8 entry
                out.add(r.readUTF8(at, buf));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ helpers

    /** The field or method of {@code owner} (or a supertype) with this name and descriptor, or null. */
    private static Member find(Class<?> owner, String name, String desc) {
        for (Class<?> k = owner; k != null; k = k.getSuperclass()) {
            for (Method m : k.getDeclaredMethods()) {
                if (m.getName().equals(name)
                        && MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString().equals(desc)) {
                    return m;
                }
            }
            for (Field f : k.getDeclaredFields()) {
                if (f.getName().equals(name) && Type.getDescriptor(f.getType()).equals(desc)) {
                    return f;
                }
            }
        }
        return null;
    }

    /** A class {@code name} with {@code public static void main(String[])} that does nothing. */
    private static byte[] classWithMain(String name) {
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        ClassVisitor v = w;
        v.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL, name, null, "java/lang/Object", null);
        MethodVisitor m = v.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "main", "([Ljava/lang/String;)V", null, null);
        m.visitCode();
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        v.visitEnd();
        return w.toByteArray();
    }
}
