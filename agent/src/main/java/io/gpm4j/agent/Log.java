package io.gpm4j.agent;

/** The agent's voice: one line per message on standard error, prefixed {@code gpm4j: }. */
final class Log {
    private Log() {
    }

    static void warn(String message) {
        System.err.println("gpm4j: warning: " + message);
    }

    static void info(String message) {
        System.err.println("gpm4j: " + message);
    }
}
