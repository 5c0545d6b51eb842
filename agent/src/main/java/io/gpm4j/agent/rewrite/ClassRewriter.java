package io.gpm4j.agent.rewrite;

import io.gpm4j.agent.analysis.ClassFacts;
import io.gpm4j.agent.analysis.ClassFiles;
import io.gpm4j.agent.analysis.ClassHierarchy;
import io.gpm4j.agent.analysis.CodeSources;
import io.gpm4j.agent.analysis.SuspendableMethods;
import io.gpm4j.runtime.CallSites;
import io.gpm4j.runtime.LambdaTargets;
import io.gpm4j.runtime.RuntimeNames;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Predicate;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.JSRInlinerAdapter;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Rewrites a class file so that its suspendable methods become resumable (see
 * {@link MethodRewriter}), adding no field or interface. The only methods it adds are the body
 * halves of the methods it splits for direct calls ({@link DirectCalls}), and only when the class
 * is defined; a retransformation splits exactly what the definition did, so that its bytes are
 * valid for the class already loaded.
 *
 * <p>A method that cannot be rewritten keeps its original code (a suspension through it then
 * pins); a class that cannot be written at all is left exactly as it was. Either way the reason is
 * reported in the {@link Outcome}. Thread safe.
 */
public final class ClassRewriter {
    /** Which methods to rewrite. */
    public enum Scope {
        /** Those the analysis infers may suspend (what the agent does). */
        INFERRED,
        /** Every method with a body, treating every call as suspendable (robustness testing). */
        EVERYTHING
    }

    /** What the rewrite did to one class. */
    public record Outcome(String className, byte[] bytes, List<String> rewritten, List<String> refused) {
        /** Whether the class was changed (else {@link #bytes} is null: keep the original). */
        public boolean changed() {
            return bytes != null;
        }
    }

    private final ClassFiles files;
    private final Scope scope;
    private final String mainClass;
    private final Map<ClassLoader, SuspendableMethods> analyses = new WeakHashMap<>();
    private final SuspendableMethods bootAnalysis;
    /** Which code sources know about goroutines, for every loader's analysis. */
    private final CodeSources codeSources;

    public ClassRewriter(ClassFiles files, Scope scope) {
        this(files, scope, null);
    }

    /**
     * @param mainClass the internal name of the application's main class whose {@code main} is to
     *                  run as the main goroutine (the agent's {@code main} option), or null
     */
    public ClassRewriter(ClassFiles files, Scope scope, String mainClass) {
        this(files, scope, mainClass, new CodeSources());
    }

    /**
     * @param mainClass   as above, or null
     * @param codeSources which libraries know about goroutines (the agent's {@code aware=} option)
     */
    public ClassRewriter(ClassFiles files, Scope scope, String mainClass, CodeSources codeSources) {
        this.codeSources = codeSources;
        this.files = files;
        this.scope = scope;
        this.mainClass = mainClass;
        this.bootAnalysis = new SuspendableMethods(files, null, codeSources);
    }

    public ClassRewriter() {
        this(new ClassFiles(), Scope.INFERRED);
    }

    /** The analysis used for classes of {@code loader}. */
    public SuspendableMethods analysis(ClassLoader loader) {
        if (loader == null) {
            return bootAnalysis;
        }
        synchronized (analyses) {
            SuspendableMethods analysis = analyses.get(loader);
            if (analysis == null) {
                analysis = new SuspendableMethods(files, loader, codeSources);
                analyses.put(loader, analysis);
            }
            return analysis;
        }
    }

    /**
     * Rewrites one class file.
     *
     * @param classFile the class as it would be defined
     * @param loader    the loader defining it (null for the bootstrap loader); callee class files
     *                  are read through it
     * @return what happened; {@link Outcome#bytes()} is null when the class is to stay as it was
     */
    public Outcome rewrite(byte[] classFile, ClassLoader loader) {
        return rewrite(classFile, loader, true);
    }

    /**
     * Rewrites one class file, for its definition or for a retransformation of the class.
     *
     * @param defining true when the class is being defined; false for a retransformation, which
     *                 may not add methods: the class is split ({@link DirectCalls}) exactly as its
     *                 definition split it, whatever the analysis says now
     */
    public Outcome rewrite(byte[] classFile, ClassLoader loader, boolean defining) {
        ClassNode node = read(classFile);
        String owner = node.name;
        List<String> rewritten = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        if (SuspendableMethods.isJdk(owner) || SuspendableMethods.isMachineRoom(owner)) {
            return new Outcome(owner.replace('/', '.'), null, rewritten, refused);
        }
        ClassFacts facts = files.define(classFile, loader);
        recordLambdaTargets(facts.name, facts.lambdaTargets(), loader);
        SuspendableMethods analysis = analysis(loader);
        ClassHierarchy hierarchy = new ClassHierarchy(files, loader);
        Predicate<MethodInsnNode> suspendable = scope == Scope.EVERYTHING
                ? call -> !call.name.equals("<init>")
                : call -> analysis.isSuspendableCall(call.getOpcode(), call.owner, call.name, call.desc);

        // what each method's rewrite did, by name + descriptor, for the runtime's call-site table
        Map<String, CallSites.Method> sites = new java.util.LinkedHashMap<>();
        List<MethodNode> methods = node.methods;
        List<MethodNode> originals = null;
        boolean changed = false;
        if (owner.equals(mainClass)) {
            changed = MainMode.inject(node, loader);
        }
        boolean preemptible = PreemptionPoints.inClass(owner, loader);
        Predicate<MethodNode> willRewrite = m -> isCandidate(m)
                && (scope == Scope.EVERYTHING || analysis.isSuspendable(owner, m.name, m.desc));
        DirectCalls direct = defining ? DirectCalls.of(node, willRewrite, suspendable)
                : splitAtDefinition(loader, owner);
        // what registers in the call-site table: the rewritten methods' keys, body halves under theirs
        List<String> registered = new ArrayList<>();
        // the methods the class declares; the body halves are added after them
        int declared = methods.size();
        for (int i = 0; i < declared; i++) {
            MethodNode m = methods.get(i);
            if (direct.isSplit(m)) {
                if (originals == null) {
                    originals = read(classFile).methods;
                }
                String id = m.name + m.desc;
                int slot = DirectCalls.continuationSlot(m);
                // a split method is never put back as it was: its original copy becomes its body half
                MethodNode body = originals.get(i);
                DirectCalls.makeBodyHalf(body);
                String bodyKey = body.name + body.desc;
                try {
                    MethodRewriter.Result r = new MethodRewriter(owner, loader, node.sourceFile, body, suspendable,
                            hierarchy, preemptible, null, direct, slot).rewrite();
                    if (r != null) {
                        sites.put(bodyKey, r.entry(body.name, body.desc));
                        if (r.rewritten()) {
                            registered.add(bodyKey);
                        }
                    }
                } catch (RewriteException | RuntimeException e) {
                    refused.add(id + ": " + e.getMessage());
                    body = splitBody(classFile, i); // unrewritten: it runs detached, and a suspension under it pins
                }
                DirectCalls.makeEntryHalf(owner, loader, m, implementedByOwnLambda(facts, m.name));
                sites.put(id, CallSites.Method.forwarder(m.name, m.desc));
                registered.add(id);
                methods.add(body);
                rewritten.add(id);
                changed = true;
                continue;
            }
            if (!willRewrite.test(m)) {
                continue;
            }
            if (originals == null) {
                originals = read(classFile).methods;
            }
            String id = m.name + m.desc;
            try {
                MethodRewriter.Result r = new MethodRewriter(owner, loader, node.sourceFile, m, suspendable, hierarchy, preemptible,
                        implementedByOwnLambda(facts, m.name), direct, -1).rewrite();
                if (r == null) {
                    continue;
                }
                sites.put(id, r.entry(m.name, m.desc));
                if (r.rewritten()) {
                    rewritten.add(id);
                    registered.add(id);
                    changed = true;
                }
            } catch (RewriteException | RuntimeException e) {
                refused.add(id + ": " + e.getMessage());
                methods.set(i, originals.get(i));
            }
        }
        if (!changed) {
            register(loader, owner, node.sourceFile, sites, Collections.emptyList());
            return new Outcome(owner.replace('/', '.'), null, rewritten, refused);
        }
        byte[] bytes = null;
        for (int attempt = 0; attempt <= methods.size() && bytes == null; attempt++) {
            try {
                bytes = write(node, hierarchy);
            } catch (MethodTooLargeException e) {
                String id = e.getMethodName() + e.getDescriptor();
                int i = indexOf(methods, e.getMethodName(), e.getDescriptor());
                if (i < 0) {
                    break;
                }
                if (i >= declared) {
                    // a body half: its unrewritten copy keeps the split (its callers call it); the
                    // entry half keeps the declared method's name, descriptor and place
                    String declaredDesc = e.getDescriptor().replace(RuntimeNames.CONTINUATION_DESC + ")", ")");
                    methods.set(i, splitBody(classFile, indexOf(methods, e.getMethodName(), declaredDesc)));
                    registered.remove(id);
                    refused.add(e.getMethodName() + declaredDesc + ": too large once rewritten");
                    continue;
                }
                methods.set(i, originals.get(i));
                rewritten.remove(id);
                registered.remove(id);
                refused.add(id + ": too large once rewritten");
            } catch (RuntimeException e) {
                refused.add("<class>: " + e);
                register(loader, owner, node.sourceFile, sites, Collections.emptyList());
                return new Outcome(owner.replace('/', '.'), null, Collections.emptyList(), refused);
            }
        }
        if (bytes == null || (rewritten.isEmpty() && !owner.equals(mainClass))) {
            register(loader, owner, node.sourceFile, sites, Collections.emptyList());
            return new Outcome(owner.replace('/', '.'), null, Collections.emptyList(), refused);
        }
        register(loader, owner, node.sourceFile, sites, registered);
        if (defining) {
            recordSplit(loader, owner, direct);
        }
        return new Outcome(owner.replace('/', '.'), bytes, rewritten, refused);
    }

    /**
     * The split methods of each class as it was defined, by loader (weakly) and internal name:
     * a retransformation must split the same ones, since it may neither add nor remove a method.
     */
    private final Map<ClassLoader, Map<String, DirectCalls>> split = new WeakHashMap<>();

    private void recordSplit(ClassLoader loader, String owner, DirectCalls direct) {
        synchronized (split) {
            Map<String, DirectCalls> classes = split.computeIfAbsent(loader, l -> new java.util.HashMap<>());
            if (direct.methods().isEmpty()) {
                classes.remove(owner);
            } else {
                classes.put(owner, direct);
            }
        }
    }

    private DirectCalls splitAtDefinition(ClassLoader loader, String owner) {
        synchronized (split) {
            Map<String, DirectCalls> classes = split.get(loader);
            DirectCalls direct = classes == null ? null : classes.get(owner);
            return direct == null ? DirectCalls.NONE : direct;
        }
    }

    /**
     * Whether a retransformation of the class must rewrite it whatever the first look says: its
     * definition split methods, which the retransformed class must keep.
     */
    public boolean wasSplit(String internalName, ClassLoader loader) {
        return splitAtDefinition(loader, internalName) != DirectCalls.NONE;
    }

    /**
     * The body half of the class's method number {@code index}, from a fresh read of the class
     * file: for a body half whose rewrite failed, left as the method was (it then runs detached).
     */
    private static MethodNode splitBody(byte[] classFile, int index) {
        MethodNode body = read(classFile).methods.get(index);
        DirectCalls.makeBodyHalf(body);
        return body;
    }

    private static boolean isCandidate(MethodNode m) {
        return (m.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0
                && !m.name.equals("<init>") && !m.name.equals("<clinit>");
    }

    private static int indexOf(List<MethodNode> methods, String name, String desc) {
        for (int i = 0; i < methods.size(); i++) {
            if (methods.get(i).name.equals(name) && methods.get(i).desc.equals(desc)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Registers the class in the runtime's call-site table, once its bytes are final: the methods
     * in {@code rewritten} (name + descriptor) as rewritten, and the methods left as they were
     * because every suspendable call they make is under a monitor (so a suspension there is named
     * as pinned by the monitor). Methods refused or put back are not registered: their frames are
     * uninstrumented.
     */
    private static void register(ClassLoader loader, String owner, String sourceFile, Map<String, CallSites.Method> sites,
                                 List<String> rewritten) {
        List<CallSites.Method> methods = new ArrayList<>(sites.size());
        for (Map.Entry<String, CallSites.Method> e : sites.entrySet()) {
            CallSites.Method m = e.getValue();
            if (m.lines().length == 0 || rewritten.contains(e.getKey())) {
                methods.add(m);
            }
        }
        CallSites.register(loader, owner, sourceFile, methods);
    }

    /**
     * A cheap first look at a class about to be defined or retransformed, from its class file as the
     * loader serves it: records the lambdas and method references it creates (always needed, even
     * when the class itself has nothing to rewrite) and says whether {@link #rewrite} could change
     * it. A class it rules out is never handed to the rewrite, so its bytes stay exactly as they
     * were. When the class file cannot be found, says yes and lets {@link #rewrite} decide.
     */
    public boolean needsRewrite(String internalName, ClassLoader loader) {
        if (SuspendableMethods.isJdk(internalName) || SuspendableMethods.isMachineRoom(internalName)) {
            return false;
        }
        ClassFacts facts = files.find(internalName, loader);
        return facts == null || needsRewrite(facts, loader);
    }

    /**
     * The same first look from the class file in hand (the transformer's bytes, which need not
     * be what the loader serves: a generated class has no resource at all). Its facts are kept
     * for the analysis of the classes that call it.
     */
    public boolean needsRewrite(byte[] classFile, ClassLoader loader) {
        return needsRewrite(classFile, loader, null);
    }

    /**
     * The same, for a class being defined from {@code location} (its protection domain's code
     * source; null: unknown), which names its library's jar or directory without a lookup.
     */
    public boolean needsRewrite(byte[] classFile, ClassLoader loader, java.net.URL location) {
        return needsRewrite(classFile, null, loader, location);
    }

    /**
     * The same, for a class whose internal name the caller knows ({@code internalName}; null:
     * read it from the class file), as a transformer is told it: then a class of a library that
     * never heard of gpm4j is decided without ASM reading any of it.
     */
    public boolean needsRewrite(byte[] classFile, String internalName, ClassLoader loader, java.net.URL location) {
        int mentions = scope == Scope.INFERRED ? CodeSources.mentions(classFile, classFile.length) : CodeSources.GOROUTINES;
        if ((mentions & CodeSources.GOROUTINES) == 0) {
            // a class of a library that never heard of gpm4j is JDK-like: decided unparsed
            String name = internalName != null ? internalName : new ClassReader(classFile).getClassName();
            if (!name.equals(mainClass) && !codeSources.isAware(name, loader, location)) {
                if ((mentions & CodeSources.LAMBDAS) != 0) {
                    // its lambdas may name methods of code that is rewritten: the call handshake
                    // must know which interface method such a method answers to
                    recordLambdaTargets(name, ClassFacts.lambdaTargetsOf(classFile), loader);
                }
                return false;
            }
        }
        ClassFacts facts = files.define(classFile, loader);
        if (SuspendableMethods.isJdk(facts.name) || SuspendableMethods.isMachineRoom(facts.name)) {
            return false;
        }
        return needsRewrite(facts, loader);
    }

    private boolean needsRewrite(ClassFacts facts, ClassLoader loader) {
        String internalName = facts.name;
        if (internalName.equals(mainClass)) {
            // the application runs as a goroutine: its own interface calls may suspend
            codeSources.markAware(internalName, loader);
            return true;
        }
        recordLambdaTargets(internalName, facts.lambdaTargets(), loader);
        if (scope == Scope.EVERYTHING) {
            return true;
        }
        SuspendableMethods analysis = analysis(loader);
        for (ClassFacts.MethodFacts m : facts.methods()) {
            if (!m.isAbstract() && !m.name.equals("<init>") && !m.name.equals("<clinit>")
                    && analysis.isSuspendable(internalName, m.name, m.descriptor)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The interface method that a lambda or method reference created in {@code facts}' class
     * forwards to its method {@code name}, or null (the first, if several do): what a call through
     * the proxy names in its handshake. {@link #recordLambdaTargets} records the same for the
     * runtime's lookup; the prologue gets it as a constant.
     */
    private static String implementedByOwnLambda(ClassFacts facts, String name) {
        for (ClassFacts.LambdaTarget t : facts.lambdaTargets()) {
            if (t.implOwner().equals(facts.name) && t.implName().equals(name)) {
                return t.interfaceMethod();
            }
        }
        return null;
    }

    /**
     * A lambda body or method reference is entered through a proxy that forwards the interface
     * method; record which interface method names each implementation method answers to, for the
     * loader that defines it: {@code loader} when it is the class itself (a lambda body), else
     * {@code loader} or one of its parents.
     */
    private static void recordLambdaTargets(String className, List<ClassFacts.LambdaTarget> targets, ClassLoader loader) {
        for (ClassFacts.LambdaTarget t : targets) {
            LambdaTargets.implementsMethod(loader, t.implOwner(), t.implName(), t.interfaceMethod(),
                    t.implOwner().equals(className));
            if (t.virtual()) {
                // the method entered is whichever override the receiver has
                LambdaTargets.implementsMethodByName(t.implName(), t.interfaceMethod());
            }
        }
    }

    private static ClassNode read(byte[] classFile) {
        ClassNode node = new ClassNode(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodNode m = new JSRInlinerAdapter(null, access, name, descriptor, signature, exceptions);
                methods.add(m);
                return m;
            }
        };
        new ClassReader(classFile).accept(node, ClassReader.SKIP_FRAMES);
        return node;
    }

    private static byte[] write(ClassNode node, ClassHierarchy hierarchy) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return hierarchy.commonSuperClass(a, b);
            }
        };
        node.accept(writer);
        return writer.toByteArray();
    }
}
