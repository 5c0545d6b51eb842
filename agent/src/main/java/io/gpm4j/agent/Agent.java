package io.gpm4j.agent;

import io.gpm4j.agent.analysis.ClassFiles;
import io.gpm4j.agent.analysis.CodeSources;
import io.gpm4j.agent.analysis.ScanCache;
import io.gpm4j.agent.rewrite.ClassRewriter;
import java.lang.instrument.Instrumentation;

/**
 * The entry points of {@code gpm4j-agent.jar}: {@code -javaagent:gpm4j-agent.jar[=options]}
 * ({@link #premain}), a late attach ({@link #agentmain}), or an executable jar's
 * {@code Launcher-Agent-Class}. Installs the {@link RewritingTransformer}; on a late attach it
 * also retransforms the application classes already loaded, in small guarded batches.
 *
 * <p>The rewrite adds no fields or interfaces, and methods only to a class being defined (the
 * body halves of direct calls, {@code io.gpm4j.agent.rewrite.DirectCalls}), so retransformation
 * can apply it to a class after it was loaded.
 */
public final class Agent {
    private static final int RETRANSFORM_BATCH = 64;
    private static volatile boolean installed;

    private Agent() {
    }

    public static void premain(String args, Instrumentation inst) {
        install(args, inst, false);
    }

    /**
     * A late attach, or a request to the agent already running. With the argument
     * {@code stack=<millis>,<file>} it installs nothing and writes every goroutine's stack into
     * the file ({@link StackRequest}, for {@code java -jar gpm4j-agent.jar stack <pid>}). With the
     * single argument {@link #GOROUTINES} it installs nothing and prints the same dump on standard
     * error (Go's dump on {@code SIGQUIT}):
     * {@code jcmd <pid> JVMTI.agent_load /path/to/gpm4j-agent.jar goroutines}. Both wait for the
     * scheduler at most a few seconds, so the JVM's attach listener never hangs on it.
     */
    public static void agentmain(String args, Instrumentation inst) {
        if (GOROUTINES.equals(args)) {
            printGoroutines();
            return;
        }
        if (args != null && args.startsWith(StackRequest.ARG)) {
            StackRequest.serve(args);
            return;
        }
        if ((args == null || args.isEmpty()) && launchedForTheTools()) {
            return; // java -jar gpm4j-agent.jar report|jfc|stack: nothing to rewrite, and a second saved
        }
        install(args, inst, true);
    }

    /**
     * True when this JVM was started as {@code java -jar <this agent's jar> ...}, whose
     * {@code Main-Class} is the tools ({@link Main}): the jar's {@code Launcher-Agent-Class} then
     * calls {@link #agentmain} first, and installing the rewrite there would only slow the tools
     * down (about a second). An application jar with gpm4j shaded in has a {@code Main-Class} of
     * its own and is installed as before. Never throws: when in doubt, false.
     */
    private static boolean launchedForTheTools() {
        try {
            String command = System.getProperty("sun.java.command", "");
            String jar = ownJar();
            if (command.isEmpty() || jar.isEmpty()) {
                return false;
            }
            java.nio.file.Path first = java.nio.file.Path.of(command.split(" ", 2)[0]);
            if (!java.nio.file.Files.isRegularFile(first) || !java.nio.file.Files.isSameFile(first, java.nio.file.Path.of(jar))) {
                return false;
            }
            try (java.util.jar.JarFile f = new java.util.jar.JarFile(jar)) {
                java.util.jar.Manifest m = f.getManifest();
                return m != null && Main.class.getName().equals(m.getMainAttributes().getValue("Main-Class"));
            }
        } catch (Exception e) {
            return false;
        }
    }

    /** The {@link #agentmain} argument that asks for the goroutine dump. */
    public static final String GOROUTINES = "goroutines";

    /**
     * The system property the agent sets once installed, to the path of the jar it was loaded
     * from: how {@code stack <pid>} tells a JVM under gpm4j, and which jar to load into it.
     */
    static final String INSTALLED_PROPERTY = "gpm4j.agent.installed";

    /** How long {@link #GOROUTINES} waits for the dump. */
    private static final long GOROUTINES_WAIT_MILLIS = 3_000; // within the test harness's 6 s for the whole jcmd

    private static void printGoroutines() {
        String answer = StackRequest.answer(GOROUTINES_WAIT_MILLIS);
        int eol = answer.indexOf('\n');
        String status = answer.substring(StackRequest.HEADER.length(), eol);
        String dump = status.equals(StackRequest.OK) ? answer.substring(eol + 1)
                : status.equals(StackRequest.NONE) ? "(none: no goroutine has started)\n"
                : status.equals(StackRequest.TIMEOUT) ? "(none: the scheduler lock stayed held " + GOROUTINES_WAIT_MILLIS + " ms)\n"
                : "(none: " + status + ")\n";
        System.err.print("gpm4j: goroutine dump (jcmd JVMTI.agent_load ... goroutines):\n" + dump
                + (dump.endsWith("\n") ? "" : "\n") + "gpm4j: end of goroutine dump\n");
        System.err.flush();
    }

    /** True once {@link #premain} or a late attach installed the agent in this JVM. */
    static boolean installed() {
        return installed;
    }

    private static synchronized void install(String args, Instrumentation inst, boolean lateAttach) {
        if (installed) {
            Log.warn("the agent is already installed; ignoring a second installation");
            return;
        }
        try {
            CountersAccess.grant(inst); // before anything can boot the scheduler, which makes the file
            AgentOptions options = AgentOptions.parse(args);
            for (String w : options.warnings()) {
                Log.warn(w);
            }
            chaos(options);
            JavaLangAccess.grant(inst);
            if (!options.debugSettings().isEmpty()) {
                String before = System.getProperty("gpm4j.debug");
                System.setProperty("gpm4j.debug",
                        before == null ? options.debugSettings() : before + "," + options.debugSettings());
            }
            if (options.panicExit()) {
                System.setProperty("gpm4j.panic", "exit");
            }
            String mainClass = null;
            if (options.main()) {
                mainClass = MainClass.internalName();
                if (mainClass == null) {
                    Log.warn("option 'main': cannot tell the application's main class; main runs as usual");
                }
            }
            java.io.File cacheDirectory = options.scanCacheDirectory();
            ScanCache cache = cacheDirectory == null ? ScanCache.OFF : ScanCache.in(cacheDirectory);
            ClassRewriter rewriter = new ClassRewriter(new ClassFiles(), ClassRewriter.Scope.INFERRED, mainClass,
                    new CodeSources(options.aware(), cache, options.verbose() ? Log::info : null));
            RewritingTransformer transformer = new RewritingTransformer(options, rewriter);
            inst.addTransformer(transformer, true);
            installed = true;
            if (lateAttach) {
                retransformLoaded(inst, options, rewriter);
            }
            System.setProperty(INSTALLED_PROPERTY, ownJar());
            if (options.jfr()) {
                startRecording(options.jfrFile(), options.jfrDetail());
            }
            if (options.verbose()) {
                Log.info("agent installed (include=" + options.include() + ", exclude=" + options.exclude() + ")");
                // how the library scan went, once the application is done loading classes
                Runtime.getRuntime().addShutdownHook(new Thread(() -> Log.info(cache.describe()), "gpm4j scan cache report"));
            }
        } catch (Throwable t) {
            Log.warn("the agent could not start; the application runs without it: " + t);
        }
    }

    /** The path of the jar (or directory) this class was loaded from, or "" when unknown. */
    static String ownJar() {
        try {
            return java.nio.file.Path.of(Agent.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (Exception e) {
            return "";
        }
    }

    /** The system property the runtime's chaos mode reads N from ({@code io.gpm4j.runtime.Chaos}). */
    static final String CHAOS_PROPERTY = "gpm4j.chaos";
    /** The system property the runtime's chaos mode reads its seed from. */
    static final String CHAOS_SEED_PROPERTY = "gpm4j.chaosseed";
    /** The system property the runtime's chaos mode reads how often it stalls from. */
    static final String CHAOS_STALL_PROPERTY = "gpm4j.chaosstall";

    /**
     * Options {@code chaos=N,chaosseed=S,chaosstall=K}: hands them to the runtime as system properties, which
     * its chaos mode reads once, when it is first used at a preemption point. So this runs first
     * in the premain: before the warm-up or anything else that could run runtime code, and the
     * agent itself never loads that class (it lives in the machine room). Without a seed one is
     * drawn and printed, so that a failing run can be replayed with the same one.
     */
    private static void chaos(AgentOptions options) {
        if (options.chaos() == 0) {
            return;
        }
        long seed;
        if (options.chaosSeed() != null) {
            seed = options.chaosSeed();
        } else {
            seed = System.nanoTime() ^ System.identityHashCode(options) * 0x9E3779B97F4A7C15L;
            Log.info("chaos=" + options.chaos() + " chaosseed=" + seed);
        }
        System.setProperty(CHAOS_PROPERTY, Integer.toString(options.chaos()));
        System.setProperty(CHAOS_SEED_PROPERTY, Long.toString(seed));
        if (options.chaosStall() != null) {
            System.setProperty(CHAOS_STALL_PROPERTY, Integer.toString(options.chaosStall()));
        }
    }

    /** Option {@code jfr}: a failure to record is reported and the application runs on. */
    private static void startRecording(String file, boolean detailed) {
        if (ModuleLayer.boot().findModule("jdk.jfr").isEmpty()) {
            Log.warn("option 'jfr': this Java runtime has no jdk.jfr module; the application runs without a recording");
            return;
        }
        try {
            java.nio.file.Path path = io.gpm4j.agent.jfr.JfrRecorder.start(file, detailed);
            Log.info("recording JFR (the JDK's profile settings + gpm4j.jfc" + (detailed ? ", scheduler=detailed" : "") + ") to " + path
                    + ", written at exit; then: java -jar gpm4j-agent.jar report " + path);
        } catch (Throwable t) {
            Log.warn("option 'jfr': cannot start a JFR recording; the application runs without one: " + t);
        }
    }

    /**
     * A late attach: the application classes already loaded that the rewrite would change are
     * retransformed, {@value #RETRANSFORM_BATCH} at a time. A batch the JVM refuses is retried a
     * class at a time, so that one class it cannot retransform is reported and left as it was
     * without holding back the others. Boot classes, classes the options exclude and classes the
     * JVM cannot modify (arrays, primitives, hidden classes) are never touched.
     */
    private static void retransformLoaded(Instrumentation inst, AgentOptions options, ClassRewriter rewriter) {
        java.util.List<Class<?>> batch = new java.util.ArrayList<>(RETRANSFORM_BATCH);
        for (Class<?> c : inst.getAllLoadedClasses()) {
            ClassLoader loader = c.getClassLoader();
            String internalName = c.getName().replace('.', '/');
            if (loader == null || !inst.isModifiableClass(c) || !options.accepts(internalName)
                    || !rewriter.needsRewrite(internalName, loader)) {
                continue;
            }
            batch.add(c);
            if (batch.size() == RETRANSFORM_BATCH) {
                retransform(inst, batch);
                batch.clear();
            }
        }
        retransform(inst, batch);
    }

    private static void retransform(Instrumentation inst, java.util.List<Class<?>> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            inst.retransformClasses(batch.toArray(new Class<?>[0]));
        } catch (Throwable batchFailure) {
            for (Class<?> c : batch) {
                try {
                    inst.retransformClasses(c);
                } catch (Throwable t) {
                    Log.warn("could not rewrite " + c.getName() + " (left unchanged): " + t);
                }
            }
        }
    }
}
