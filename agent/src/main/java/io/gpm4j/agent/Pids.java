package io.gpm4j.agent;

import java.io.PrintStream;

/**
 * What the commands that look into another JVM ({@link StackCommand}, {@link StatCommand}) share:
 * reading a pid and a number from the command line, and their one-line failures (status 2 for
 * bad arguments, with the usage; 1 for a process that cannot answer).
 */
final class Pids {
    private Pids() {
    }

    /**
     * What is wrong with the argument {@code a}, not an option the command knows, when
     * {@code pidArg} (null: none yet) came before it; null when it is the pid argument.
     */
    static String positional(String a, String pidArg) {
        if (a.startsWith("-")) {
            return "unknown option '" + a + "'";
        }
        return pidArg != null ? "one pid at a time ('" + pidArg + "' and '" + a + "')" : null;
    }

    /** Why {@code pidArg} (null: none given) is no pid, for {@code command}'s usage line. */
    static String noPid(String command, String pidArg) {
        return pidArg == null ? command + " needs the pid of a JVM running the gpm4j agent" : "'" + pidArg + "' is not a process id";
    }

    /** The pid {@code arg} names, or 0 when it names none (null, not a number, not positive, too large for a pid). */
    static long parse(String arg) {
        if (arg == null) {
            return 0;
        }
        long pid = parseLong(arg, 0);
        return pid <= 0 || pid > Integer.MAX_VALUE ? 0 : pid;
    }

    /** The longest time an option in seconds ({@code stat --interval}, {@code stack --timeout}) takes. */
    static final int MAX_SECONDS = 3600;

    /** {@code arg} as whole seconds from 1 to {@value #MAX_SECONDS}, or 0 when it is none (null included). */
    static int seconds(String arg) {
        int s = arg == null ? 0 : parseInt(arg, 0);
        return s >= 1 && s <= MAX_SECONDS ? s : 0;
    }

    /** Why {@code arg} (null: missing) is no value of the seconds option {@code option}. */
    static String notSeconds(String option, String arg) {
        return arg == null ? option + " needs a number of seconds"
                : option + " takes whole seconds from 1 to " + MAX_SECONDS + ", not '" + arg + "'";
    }

    /** {@code arg} as an int, or {@code otherwise} when it is none. */
    static int parseInt(String arg, int otherwise) {
        long n = parseLong(arg, otherwise);
        return n < Integer.MIN_VALUE || n > Integer.MAX_VALUE ? otherwise : (int) n;
    }

    private static long parseLong(String arg, long otherwise) {
        try {
            return Long.parseLong(arg);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** Prints {@code gpm4j: <problem> (<usage>)}; returns status 2. */
    static int usage(PrintStream err, String problem, String usage) {
        err.println("gpm4j: " + problem + " (" + usage + ")");
        return 2;
    }

    /** Prints {@code gpm4j: <problem>}; returns status 1. */
    static int fail(PrintStream err, String problem) {
        err.println("gpm4j: " + problem);
        return 1;
    }

    /** The throwable's message on one line (its class when it has none). */
    static String oneLine(Throwable t) {
        String m = t.getMessage();
        return (m == null || m.isBlank() ? t.getClass().getSimpleName() : m).replace('\n', ' ').strip();
    }
}
