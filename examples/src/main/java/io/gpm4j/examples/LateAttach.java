package io.gpm4j.examples;

import java.lang.reflect.Method;
import java.util.StringJoiner;

/**
 * Attaches the gpm4j agent to an application that is already running: classes loaded before the
 * attach are retransformed, so a generator that could not suspend before works after. Run it with
 * the agent jar's path as the argument:
 *
 * <pre>java -XX:+IgnoreUnrecognizedVMOptions -XX:+EnableDynamicAgentLoading \
 *     -cp examples/target/classes:runtime/target/classes io.gpm4j.examples.LateAttach \
 *     agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar</pre>
 */
public final class LateAttach {
    private LateAttach() {
    }

    public static void main(String[] args) throws Exception {
        try {
            Generators.fibonacci().next();
            System.out.println("before attach: suspended");
        } catch (IllegalStateException e) {
            System.out.println("before attach: " + e.getMessage());
        }
        attachSelf(args[0]);
        StringJoiner values = new StringJoiner(" ", "after attach:", "");
        values.setEmptyValue("after attach:");
        Generator<Long> f = Generators.fibonacci();
        for (int i = 0; i < 8; i++) {
            values.add(String.valueOf(f.next()));
        }
        System.out.println("after attach: " + values.toString().substring("after attach:".length()).trim());
    }

    /**
     * Loads the agent into this JVM. A JVM may not attach to itself, so a second JVM does it:
     * {@code VirtualMachine.attach(pid).loadAgent(jar)} (module jdk.attach, through reflection).
     */
    private static void attachSelf(String agentJar) throws Exception {
        String javaCommand = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process attacher = new ProcessBuilder(javaCommand, "-cp", System.getProperty("java.class.path"),
                Attacher.class.getName(), Long.toString(ProcessHandle.current().pid()), agentJar)
                .inheritIO().start();
        if (attacher.waitFor() != 0) {
            throw new IllegalStateException("could not attach the agent (exit " + attacher.exitValue() + ")");
        }
    }

    /** The second JVM's main: attaches to {@code args[0]} and loads the agent jar {@code args[1]}. */
    public static final class Attacher {
        private Attacher() {
        }

        public static void main(String[] args) throws Exception {
            Class<?> vmClass = Class.forName("com.sun.tools.attach.VirtualMachine");
            Object vm = vmClass.getMethod("attach", String.class).invoke(null, args[0]);
            try {
                Method load = vmClass.getMethod("loadAgent", String.class);
                load.invoke(vm, args[1]);
            } finally {
                vmClass.getMethod("detach").invoke(vm);
            }
        }
    }
}
