package io.gpm4j.examples;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.StringJoiner;

/**
 * Attaches the gpm4j agent to an application that is already running: classes loaded before the
 * attach are retransformed, so a generator that could not suspend before works after. It starts
 * without the agent (so the runtime's classes go on the class path) and takes the agent jar's
 * path as its argument, the jar it loads into itself:
 *
 * <pre>java -XX:+IgnoreUnrecognizedVMOptions -XX:+EnableDynamicAgentLoading \
 *     -cp examples/target/classes:runtime/target/classes io.gpm4j.examples.LateAttach \
 *     agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar</pre>
 *
 * {@code -XX:+EnableDynamicAgentLoading} keeps JDK 21 and later from warning about the agent
 * loaded at run time; {@code -XX:+IgnoreUnrecognizedVMOptions} lets JDK 17, which has no such
 * flag, start with it. Without the jar's path, or with one that names no file, it prints its
 * usage and exits with status 2.
 */
public final class LateAttach {
    private LateAttach() {
    }

    static final String USAGE = "java -XX:+IgnoreUnrecognizedVMOptions -XX:+EnableDynamicAgentLoading"
            + " -cp examples/target/classes:runtime/target/classes io.gpm4j.examples.LateAttach <path of gpm4j-agent.jar>";

    public static void main(String[] args) throws Exception {
        Args a = Args.of(args, 1, USAGE);
        String agentJar = a.required(0);
        if (!java.nio.file.Files.isRegularFile(java.nio.file.Path.of(agentJar))) {
            throw a.usage();
        }
        try {
            Generators.fibonacci().next();
            System.out.println("before attach: suspended");
        } catch (IllegalStateException e) {
            System.out.println("before attach: " + e.getMessage());
        }
        if (!attachSelf(java.nio.file.Path.of(agentJar).toAbsolutePath().toString())) {
            System.exit(1); // the attacher said why
        }
        StringJoiner values = new StringJoiner(" ", "after attach:", "");
        values.setEmptyValue("after attach:");
        Generator<Long> f = Generators.fibonacci();
        for (int i = 0; i < 8; i++) {
            values.add(String.valueOf(f.next()));
        }
        System.out.println("after attach: " + values.toString().substring("after attach:".length()).trim());
    }

    /**
     * Loads the agent into this JVM; false when that failed. A JVM may not attach to itself
     * (unless started with {@code -Djdk.attach.allowAttachSelf=true}), so a second JVM does it:
     * {@code VirtualMachine.attach(pid).loadAgent(jar)} (module jdk.attach, through reflection).
     */
    private static boolean attachSelf(String agentJar) throws Exception {
        String javaCommand = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process attacher = new ProcessBuilder(javaCommand, "-cp", System.getProperty("java.class.path"),
                Attacher.class.getName(), Long.toString(ProcessHandle.current().pid()), agentJar)
                .inheritIO().start();
        return attacher.waitFor() == 0;
    }

    /**
     * The second JVM's main: attaches to {@code args[0]} and loads the agent jar {@code args[1]};
     * on failure says why in one line and exits with status 1.
     */
    public static final class Attacher {
        private Attacher() {
        }

        public static void main(String[] args) throws Exception {
            try {
                Class<?> vmClass = Class.forName("com.sun.tools.attach.VirtualMachine");
                Object vm = vmClass.getMethod("attach", String.class).invoke(null, args[0]);
                try {
                    Method load = vmClass.getMethod("loadAgent", String.class);
                    load.invoke(vm, args[1]);
                } finally {
                    vmClass.getMethod("detach").invoke(vm);
                }
            } catch (ClassNotFoundException e) {
                System.err.println("LateAttach: this Java runtime has no jdk.attach module; run it with a full JDK");
                System.exit(1);
            } catch (InvocationTargetException e) {
                System.err.println("LateAttach: could not load the agent " + args[1] + ": " + e.getCause());
                System.exit(1);
            }
        }
    }
}
