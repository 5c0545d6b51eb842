package io.gpm4j.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * Agent options added to every JVM a test suite starts under the gpm4j agent: the property
 * {@value #PROPERTY} (for example {@code -Dgpm4j.test.agentOptions=chaos=50,chaosseed=1}, the
 * chaos pass of {@code .ci/run}). The modules' surefire {@code argLine} appends it to the test
 * JVM's own {@code -javaagent} and hands it on as a system property; {@link ChildProcess} adds it
 * to each child's {@code -javaagent} ({@link #apply}), before the child's own options so that
 * those win where both set one; {@link TestGuard} names it in every failure, so that a failure
 * found under chaos can be replayed with the same seed.
 *
 * <p>A test of the agent options themselves opts its child out by setting the property on the
 * child's command line ({@code -Dgpm4j.test.agentOptions=}): the child then runs with exactly
 * the options the test gave.
 */
public final class SuiteAgentOptions {
    /** The system property holding the options, empty or absent for none. */
    public static final String PROPERTY = "gpm4j.test.agentOptions";

    private SuiteAgentOptions() {
    }

    /** The options (trimmed, without surrounding commas), or "" for none. */
    public static String value() {
        String v = System.getProperty(PROPERTY, "").trim();
        while (v.startsWith(",")) {
            v = v.substring(1);
        }
        while (v.endsWith(",")) {
            v = v.substring(0, v.length() - 1);
        }
        return v;
    }

    /**
     * {@code command} with {@link #value()} added to each {@code -javaagent} of the gpm4j agent,
     * unless the command sets {@value #PROPERTY} itself or there are no options.
     */
    public static List<String> apply(List<String> command) {
        return apply(command, value());
    }

    static List<String> apply(List<String> command, String options) {
        if (options.isEmpty() || command.stream().anyMatch(a -> a.startsWith("-D" + PROPERTY + "="))) {
            return command;
        }
        List<String> out = new ArrayList<>(command.size());
        for (String arg : command) {
            if (arg.startsWith("-javaagent:") && arg.contains("gpm4j-agent")) {
                int eq = arg.indexOf('=');
                arg = eq < 0 ? arg + "=" + options : arg.substring(0, eq + 1) + options + "," + arg.substring(eq + 1);
            }
            out.add(arg);
        }
        return out;
    }

    /** A line for a failure report naming the options, or null when there are none. */
    static String note() {
        String v = value();
        return v.isEmpty() ? null : "this test ran with the agent options " + v + " added (-D" + PROPERTY + "=" + v
                + "); run it again with the same property to replay";
    }
}
