package io.gpm4j.agent.analysis;

import io.gpm4j.runtime.RuntimeNames;
import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.Opcodes;

/**
 * Decides which methods may suspend, without annotations: the method database.
 *
 * <ul>
 *   <li>Roots are the runtime's primitives ({@code Continuation.suspend}), methods annotated
 *       {@code @io.gpm4j.Suspendable} or Quasar's {@code @Suspendable} or declared to throw Quasar's
 *       {@code SuspendExecution} (see {@link ClassFacts}), and the JDK calls that park
 *       ({@code Thread.sleep}, {@code Thread.yield}: see {@link #isJdkParkingCall}), which the
 *       rewrite redirects to {@code io.gpm4j.runtime.park.ThreadCalls} in the methods it rewrites.</li>
 *   <li>A method is suspendable when its body makes a suspendable call.</li>
 *   <li>A call to a static, private or super method is suspendable when its target is.</li>
 *   <li>A call through an application interface or an abstract method is suspendable: an
 *       implementation that suspends may be loaded later than the caller.</li>
 *   <li>A call through the single abstract method of a JDK functional interface
 *       ({@code Runnable.run}, {@code Function.apply}, ...) is suspendable: lambdas are. A JDK
 *       interface counts when it, or a JDK interface it extends, is annotated
 *       {@code @FunctionalInterface}: the JDK's own word that it is meant for lambdas. Interfaces
 *       that merely happen to have one abstract method ({@code AutoCloseable}, {@code Closeable},
 *       {@code Iterable}, {@code Comparable}, {@code Executor}, ...) do not: counting them made
 *       every try-with-resources and every loop over an {@code Iterable} suspendable, and
 *       rewrote much of every library. A lambda of such an interface that suspends pins its
 *       carrier instead (reason: a call not known to suspend).</li>
 *   <li>Other calls into the JDK never suspend; JDK code is never rewritten.</li>
 *   <li>Code that does not know about goroutines is judged as JDK code is: no method of a library
 *       none of whose classes mentions gpm4j or Quasar ({@link CodeSources}) may suspend, and it
 *       is never rewritten. Such a library is written for threads; a callback of it into user
 *       code that suspends pins, as under a JDK frame, and a {@code Thread.sleep} in it blocks
 *       its carrier (the hand-off gives the P away).</li>
 * </ul>
 * Callee class files are read through the class loader; a class file that cannot be found counts
 * as not suspendable. Thread safe; results are cached per class loader.
 */
public final class SuspendableMethods {
    private final ClassFiles files;
    /**
     * The loader whose classes this analysis judges, held weakly: the rewriter keeps one analysis
     * per loader in a weak map, whose values must not keep their keys alive (a dropped plugin's
     * loader would never be collected). Null for the bootstrap loader.
     */
    private final WeakReference<ClassLoader> loader;
    private final Map<String, Boolean> verdicts = new ConcurrentHashMap<>();
    private final Map<String, Boolean> functional = new ConcurrentHashMap<>();

    /** Which code sources know about goroutines; shared by every loader's analysis. */
    private final CodeSources codeSources;
    /** Per class of this loader: whether its library knows about goroutines ({@link #codeSources}). */
    private final Map<String, Boolean> aware = new ConcurrentHashMap<>();
    /**
     * The state of the query running on each thread. Queries take no lock: they read class files
     * through the class loader, and a lock held across that could deadlock with a class loader
     * that holds its own lock while a class is being transformed. Two threads may work out the
     * same verdict at once; they reach the same answer.
     */
    private final ThreadLocal<Query> queries = ThreadLocal.withInitial(Query::new);

    /** The methods one thread is deciding, and the false verdicts that depend on them. */
    private static final class Query {
        final Set<String> inProgress = new HashSet<>();
        final Set<String> provisional = new HashSet<>();
    }

    public SuspendableMethods(ClassFiles files, ClassLoader loader) {
        this(files, loader, new CodeSources());
    }

    public SuspendableMethods(ClassFiles files, ClassLoader loader, CodeSources codeSources) {
        this.files = files;
        this.loader = new WeakReference<>(loader);
        this.codeSources = codeSources;
    }

    /** The loader judged; null for the bootstrap loader (or, harmlessly, once it has been collected). */
    private ClassLoader loader() {
        return loader.get();
    }

    /** Packages never rewritten and never suspendable, except the runtime's roots. */
    public static boolean isJdk(String internalName) {
        return internalName.startsWith("java/") || internalName.startsWith("javax/")
                || internalName.startsWith("jdk/") || internalName.startsWith("sun/")
                || internalName.startsWith("com/sun/") || internalName.startsWith("org/w3c/")
                || internalName.startsWith("org/xml/") || internalName.startsWith("org/ietf/")
                || internalName.startsWith("[");
    }

    /** The runtime's machine room and the agent: never rewritten, never suspendable. */
    public static boolean isMachineRoom(String internalName) {
        return isRuntimeMachineRoom(internalName) || internalName.startsWith(RuntimeNames.AGENT_PACKAGE);
    }

    /**
     * The package {@code io.gpm4j.runtime} itself (not its subpackages): continuations and the
     * scheduler, which must run unrewritten. Runtime code that suspends (parking a goroutine)
     * lives in subpackages such as {@code io.gpm4j.runtime.park} and is rewritten like any other.
     * See {@link RuntimeNames#MACHINE_ROOM}.
     */
    private static boolean isRuntimeMachineRoom(String internalName) {
        return internalName.startsWith(RuntimeNames.MACHINE_ROOM)
                && internalName.indexOf('/', RuntimeNames.MACHINE_ROOM.length()) < 0;
    }

    /**
     * Whether a call is one of the JDK calls that park a goroutine in rewritten code:
     * {@code Thread.sleep(long)}, {@code Thread.sleep(long, int)}, {@code Thread.sleep(Duration)}
     * and {@code Thread.yield()}. The rewrite calls the method of the same name and descriptor in
     * {@link RuntimeNames#THREAD_CALLS} instead (except under a monitor, where the call stays).
     */
    public static boolean isJdkParkingCall(int opcode, String owner, String name, String descriptor) {
        if (opcode != Opcodes.INVOKESTATIC || !owner.equals(RuntimeNames.THREAD)) {
            return false;
        }
        if (name.equals(RuntimeNames.THREAD_SLEEP)) {
            return descriptor.equals(RuntimeNames.THREAD_SLEEP_MILLIS_DESC)
                    || descriptor.equals(RuntimeNames.THREAD_SLEEP_NANOS_DESC)
                    || descriptor.equals(RuntimeNames.THREAD_SLEEP_DURATION_DESC);
        }
        return name.equals(RuntimeNames.THREAD_YIELD) && descriptor.equals(RuntimeNames.THREAD_YIELD_DESC);
    }

    /**
     * Whether {@code facts}' class knows about goroutines: its class file mentions gpm4j or Quasar,
     * or its library does ({@link CodeSources}). A class that does not is judged as JDK code is.
     */
    public boolean knowsGoroutines(ClassFacts facts) {
        if (facts.mentionsGoroutines) {
            return true;
        }
        Boolean known = aware.get(facts.name);
        if (known == null) {
            known = codeSources.isAware(facts.name, loader());
            aware.put(facts.name, known);
        }
        return known;
    }

    /**
     * Whether a call instruction may suspend. Asked about calls in code that knows about
     * goroutines: in other code no method is suspendable ({@link #computeSuspendable}).
     */
    public boolean isSuspendableCall(int opcode, String owner, String name, String descriptor) {
        if (name.equals("<init>") || name.equals("<clinit>")) {
            return false;
        }
        if (owner.equals(RuntimeNames.CONTINUATION)) {
            return name.equals(RuntimeNames.SUSPEND) && descriptor.equals(RuntimeNames.SUSPEND_DESC);
        }
        if (isJdkParkingCall(opcode, owner, name, descriptor)) {
            return true;
        }
        if (isMachineRoom(owner)) {
            return false;
        }
        if (isJdk(owner)) {
            // only an interface can be functional, and only invokeinterface names an interface's
            // method (invokevirtual takes a class's): a JDK class's call needs no class file read
            return opcode == Opcodes.INVOKEINTERFACE && isFunctionalMethod(owner, name, descriptor);
        }
        ClassFacts ownerFacts = files.find(owner, loader());
        if (ownerFacts == null) {
            return false;
        }
        Resolved target = resolve(ownerFacts, name, descriptor, opcode == Opcodes.INVOKESTATIC);
        if (target == null) {
            // an app interface whose method is declared only by a JDK superinterface, say
            return opcode == Opcodes.INVOKEINTERFACE;
        }
        if (target.method.annotatedSuspendable || target.owner.annotatedSuspendable) {
            return true;
        }
        if (isJdk(target.owner.name)) {
            return false;
        }
        boolean virtual = opcode == Opcodes.INVOKEVIRTUAL || opcode == Opcodes.INVOKEINTERFACE;
        if (virtual && !target.method.isPrivate() && !target.method.isStatic()) {
            if (ownerFacts.isInterface() || target.method.isAbstract()) {
                return true;
            }
        }
        return isSuspendable(target.owner.name, name, descriptor);
    }

    /** Whether the body of the method declared in {@code owner} may suspend (it must be rewritten). */
    public boolean isSuspendable(String owner, String name, String descriptor) {
        String key = owner + '.' + name + descriptor;
        Boolean known = verdicts.get(key);
        if (known != null) {
            return known;
        }
        return decide(queries.get(), key, owner, name, descriptor);
    }

    private boolean decide(Query q, String key, String owner, String name, String descriptor) {
        Set<String> inProgress = q.inProgress;
        Set<String> provisional = q.provisional;
        if (!inProgress.add(key)) {
            return false; // a cycle: provisionally false, settled by the outermost query
        }
        boolean top = inProgress.size() == 1;
        boolean result = computeSuspendable(owner, name, descriptor);
        inProgress.remove(key);
        if (result || top) {
            verdicts.put(key, result);
        } else {
            provisional.add(key);
        }
        if (top) {
            // Every frame of the query has ended false, so every provisional false is final;
            // when the query ended true, provisional answers may be wrong and are dropped.
            if (!result) {
                for (String p : provisional) {
                    verdicts.put(p, Boolean.FALSE);
                }
            }
            provisional.clear();
        }
        return result;
    }

    private boolean computeSuspendable(String owner, String name, String descriptor) {
        if (name.equals("<init>") || name.equals("<clinit>") || isJdk(owner) || isMachineRoom(owner)) {
            return false;
        }
        ClassFacts facts = files.find(owner, loader());
        if (facts == null || !knowsGoroutines(facts)) {
            return false;
        }
        ClassFacts.MethodFacts m = facts.method(name, descriptor);
        if (m == null || m.isAbstract()) {
            return false;
        }
        if (m.annotatedSuspendable || facts.annotatedSuspendable) {
            return true;
        }
        for (ClassFacts.Call call : m.calls) {
            if (isSuspendableCall(call.opcode(), call.owner(), call.name(), call.descriptor())) {
                return true;
            }
        }
        return false;
    }

    /** The declaring class and method a call resolves to, searching superclasses then interfaces. */
    record Resolved(ClassFacts owner, ClassFacts.MethodFacts method) {
    }

    private Resolved resolve(ClassFacts start, String name, String descriptor, boolean staticCall) {
        for (ClassFacts c = start; c != null; c = files.find(c.superName, loader())) {
            ClassFacts.MethodFacts m = c.method(name, descriptor);
            if (m != null) {
                return new Resolved(c, m);
            }
            if (staticCall && c.isInterface()) {
                return null;
            }
        }
        Deque<String> work = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        for (ClassFacts c = start; c != null; c = files.find(c.superName, loader())) {
            for (String i : c.interfaces) {
                work.add(i);
            }
        }
        while (!work.isEmpty()) {
            String i = work.poll();
            if (!seen.add(i)) {
                continue;
            }
            ClassFacts f = files.find(i, loader());
            if (f == null) {
                continue;
            }
            ClassFacts.MethodFacts m = f.method(name, descriptor);
            if (m != null && !m.isStatic()) {
                return new Resolved(f, m);
            }
            for (String s : f.interfaces) {
                work.add(s);
            }
        }
        return null;
    }

    /**
     * Whether {@code owner.name} is the single abstract method of an interface annotated
     * {@code @FunctionalInterface} (or extending one), so that a lambda may implement it.
     */
    private boolean isFunctionalMethod(String owner, String name, String descriptor) {
        String key = owner + '.' + name + descriptor;
        Boolean known = functional.get(key);
        if (known != null) {
            return known;
        }
        ClassFacts facts = files.find(owner, loader());
        boolean result = false;
        if (facts != null && facts.isInterface()) {
            Map<String, Boolean> abstracts = new java.util.HashMap<>();
            boolean[] annotated = new boolean[1];
            collectAbstract(facts, abstracts, new HashSet<>(), annotated);
            int count = 0; // a loop: the first rewrite runs at start-up, where a stream costs links
            for (boolean stillAbstract : abstracts.values()) {
                count += stillAbstract ? 1 : 0;
            }
            result = annotated[0] && count == 1 && Boolean.TRUE.equals(abstracts.get(name + descriptor));
        }
        functional.put(key, result);
        return result;
    }

    /**
     * Method signature to "still abstract", most specific declaration first; sets
     * {@code annotated[0]} when {@code f} or an interface it extends is a {@code @FunctionalInterface}.
     */
    private void collectAbstract(ClassFacts f, Map<String, Boolean> out, Set<String> seen, boolean[] annotated) {
        if (!seen.add(f.name)) {
            return;
        }
        annotated[0] |= f.annotatedFunctional;
        for (ClassFacts.MethodFacts m : f.methods()) {
            if (m.isStatic() || isObjectMethod(m.name, m.descriptor)) {
                continue;
            }
            out.putIfAbsent(m.name + m.descriptor, m.isAbstract());
        }
        for (String i : f.interfaces) {
            ClassFacts s = files.find(i, loader());
            if (s != null) {
                collectAbstract(s, out, seen, annotated);
            }
        }
    }

    private static boolean isObjectMethod(String name, String descriptor) {
        return (name.equals("equals") && descriptor.equals("(Ljava/lang/Object;)Z"))
                || (name.equals("hashCode") && descriptor.equals("()I"))
                || (name.equals("toString") && descriptor.equals("()Ljava/lang/String;"));
    }
}
