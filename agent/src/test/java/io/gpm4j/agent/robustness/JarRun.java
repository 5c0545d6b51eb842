package io.gpm4j.agent.robustness;

import io.gpm4j.agent.analysis.ClassFiles;
import io.gpm4j.agent.rewrite.ClassRewriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites every class of one jar with every method treated as suspendable, then checks each
 * rewritten class with ASM's verifier and by having the JVM load and link (verify) it, comparing
 * against the original bytes loaded the same way.
 */
final class JarRun {
    /** A method refused by the rewrite: the class, the method and the reason. */
    record Refusal(String className, String method, String reason) {
    }

    final JarClasses jar;
    int classesRewritten;
    int methodsRewritten;
    /** Methods with a body other than constructors and static initialisers: what the rewrite considers. */
    int candidateMethods;
    /** Classes the rewrite left untouched because no method made a call (or every method was refused). */
    int classesUnchanged;
    final List<Refusal> refused = new ArrayList<>();
    /** Rewritten classes that fail ASM's verifier where the original passes: class to first error. */
    final Map<String, String> asmFailures = new TreeMap<>();
    /**
     * Rewritten classes whose ASM verification fails only as the original's does, or only for a
     * class missing from the class path (excluded).
     */
    final Map<String, String> asmBaseline = new TreeMap<>();
    /** Rewritten classes the JVM refuses to load or link where the original loads: class to first error. */
    final Map<String, String> loadFailures = new TreeMap<>();
    /** Rewritten classes that cast to a class they may not access (IllegalAccessError on resume). */
    final Map<String, String> accessFailures = new TreeMap<>();
    /** Rewritten classes the JVM loaded and linked from their rewritten bytes. */
    int classesLinkedRewritten;
    /** Rewritten classes whose original bytes do not load either. */
    int rewrittenButExcluded;
    /** Classes whose original bytes do not load either (missing optional dependencies): excluded. */
    final Map<String, String> baselineFailures = new TreeMap<>();
    /** The rewrite itself threw, which it should never do. */
    final Map<String, String> rewriteCrashes = new TreeMap<>();
    final Map<String, Long> millis = new java.util.LinkedHashMap<>();

    private JarRun(JarClasses jar) {
        this.jar = jar;
    }

    static JarRun run(JarClasses jar, ClassLoader parent) {
        JarRun r = new JarRun(jar);
        r.execute(parent);
        return r;
    }

    private void execute(ClassLoader parent) {
        Map<String, byte[]> original = jar.classes;
        Map<String, byte[]> rewritten = new ConcurrentHashMap<>(original);
        JarLoader originalLoader = new JarLoader("original-" + jar.label, parent, original);
        JarLoader rewrittenLoader = new JarLoader("rewritten-" + jar.label, parent, rewritten);
        ClassRewriter rewriter = new ClassRewriter(new ClassFiles(), ClassRewriter.Scope.EVERYTHING);
        Map<String, ClassRewriter.Outcome> outcomes = new ConcurrentHashMap<>();
        List<String> names = new ArrayList<>(original.keySet());

        // 1. rewrite, against a loader whose resources include the jar
        long t0 = System.nanoTime();
        parallel(names, name -> {
            try {
                ClassRewriter.Outcome o = rewriter.rewrite(original.get(name), rewrittenLoader);
                outcomes.put(name, o);
                if (o.changed()) {
                    rewritten.put(name, o.bytes());
                }
            } catch (Throwable t) {
                synchronized (rewriteCrashes) {
                    rewriteCrashes.put(name, String.valueOf(t));
                }
            }
        });
        for (String name : names) {
            ClassRewriter.Outcome o = outcomes.get(name);
            if (o == null) {
                continue;
            }
            candidateMethods += candidates(original.get(name));
            if (o.changed()) {
                classesRewritten++;
                methodsRewritten += o.rewritten().size();
            } else {
                classesUnchanged++;
            }
            for (String entry : o.refused()) {
                // "name(desc): reason", or "<class>: reason" when the class could not be written
                int close = entry.startsWith("<class>: ") ? 0 : entry.indexOf(')');
                int sep = entry.indexOf(": ", Math.max(close, 0));
                String method = sep < 0 ? entry : entry.substring(0, sep);
                String reason = sep < 0 ? "" : entry.substring(sep + 2);
                refused.add(new Refusal(name, method, reason));
            }
        }
        millis.put("rewrite", (System.nanoTime() - t0) / 1_000_000);

        // 2. ASM's verifier, loading types through the loader that defines the rewritten bytes
        long t1 = System.nanoTime();
        List<String> changed = new ArrayList<>();
        for (String name : names) {
            ClassRewriter.Outcome o = outcomes.get(name);
            if (o != null && o.changed()) {
                changed.add(name);
            }
        }
        parallel(changed, name -> {
            String report = AsmVerification.verify(rewritten.get(name), rewrittenLoader);
            if (report.isEmpty()) {
                return;
            }
            Map<String, String> now = AsmVerification.failingMethods(rewritten.get(name), rewrittenLoader);
            Map<String, String> before = AsmVerification.failingMethods(original.get(name), originalLoader);
            String induced = null;
            String missing = null;
            for (Map.Entry<String, String> e : now.entrySet()) {
                if (!before.containsKey(e.getKey())) {
                    if (isMissingClass(e.getValue())) {
                        // the rewrite's casts and merges make SimpleVerifier load types the original
                        // never asked about; a missing type cannot be judged (the JVM check still runs)
                        missing = missing != null ? missing : e.getKey() + ": " + e.getValue();
                        continue;
                    }
                    induced = e.getKey() + ": " + e.getValue();
                    break;
                }
            }
            if (now.isEmpty()) {
                induced = AsmVerification.firstLine(report);
            }
            synchronized (asmFailures) {
                if (induced != null) {
                    asmFailures.put(name, induced);
                } else if (missing != null) {
                    asmBaseline.put(name, "missing class: " + missing);
                } else {
                    Map.Entry<String, String> first = now.entrySet().iterator().next();
                    asmBaseline.put(name, first.getKey() + ": " + first.getValue());
                }
            }
        });
        millis.put("asm-verify", (System.nanoTime() - t1) / 1_000_000);

        // 3. the JVM: load and link (verify) every class of the jar, rewritten and original
        long t2 = System.nanoTime();
        for (String name : names) {
            Throwable before = Linking.link(name, originalLoader);
            Throwable now = Linking.link(name, rewrittenLoader);
            if (before != null) {
                baselineFailures.put(name, Linking.describe(before));
                if (now != null && Linking.isBytecodeError(now) && !before.getClass().equals(now.getClass())) {
                    loadFailures.put(name, Linking.describe(now) + " (original: " + Linking.describe(before) + ")");
                }
            } else if (now != null) {
                loadFailures.put(name, Linking.describe(now));
            }
            ClassRewriter.Outcome o = outcomes.get(name);
            if (before != null && o != null && o.changed()) {
                rewrittenButExcluded++;
            }
            if (now == null && o != null && o.changed()) {
                Class<?> c = loaded(name, rewrittenLoader);
                if (c.getClassLoader() != rewrittenLoader) {
                    throw new IllegalStateException(name + " was not defined by the rewriting loader");
                }
                classesLinkedRewritten++;
                List<String> bad = Access.inaccessibleCasts(c, o.bytes());
                if (!bad.isEmpty()) {
                    bad.removeAll(before == null ? Access.inaccessibleCasts(loaded(name, originalLoader), original.get(name))
                            : List.of());
                }
                if (!bad.isEmpty()) {
                    accessFailures.put(name, "casts to inaccessible " + bad);
                }
            }
        }
        millis.put("load+link", (System.nanoTime() - t2) / 1_000_000);
    }

    private static boolean isMissingClass(String error) {
        return error.contains("NoClassDefFoundError") || error.contains("ClassNotFoundException");
    }

    private static int candidates(byte[] classFile) {
        int[] n = {0};
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String d, String s, String[] e) {
                if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0 && !name.equals("<init>")
                        && !name.equals("<clinit>")) {
                    n[0]++;
                }
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return n[0];
    }

    /** Candidates neither rewritten nor refused: no call, or every call made holding a monitor. */
    int methodsLeftAsIs() {
        return candidateMethods - methodsRewritten - refused.size();
    }

    private static Class<?> loaded(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The rewrite's wall time per class of the jar, in microseconds: the rewrite phase (on as many
     * threads as there are processors) divided by the number of classes.
     */
    long rewriteMicrosPerClass() {
        return millis.getOrDefault("rewrite", 0L) * 1000 / Math.max(1, classes());
    }

    int classes() {
        return jar.classes.size();
    }

    /** Refusals grouped by reason (numbers masked), most frequent first. */
    List<Map.Entry<String, List<Refusal>>> refusalsByReason() {
        Map<String, List<Refusal>> groups = new TreeMap<>();
        for (Refusal r : refused) {
            groups.computeIfAbsent(reasonKey(r.reason()), k -> new ArrayList<>()).add(r);
        }
        List<Map.Entry<String, List<Refusal>>> list = new ArrayList<>(groups.entrySet());
        list.sort((a, b) -> b.getValue().size() - a.getValue().size());
        return Collections.unmodifiableList(list);
    }

    static String reasonKey(String reason) {
        String k = reason.replaceAll("\\d+", "#");
        return k.length() > 200 ? k.substring(0, 200) + "…" : k;
    }

    private static void parallel(List<String> names, Consumer<String> work) {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(null, r, "robustness", 16L << 20);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            int chunk = Math.max(1, names.size() / (threads * 8));
            for (int i = 0; i < names.size(); i += chunk) {
                List<String> part = names.subList(i, Math.min(names.size(), i + chunk));
                futures.add(pool.submit(() -> part.forEach(work)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
