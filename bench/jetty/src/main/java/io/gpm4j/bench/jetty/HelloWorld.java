package io.gpm4j.bench.jetty;

/**
 * Prints {@code Hello, World!} and ends: {@code bench/run-jetty.sh} times its whole run, with and
 * without the agent, for the start-up the agent adds to the smallest program.
 */
public final class HelloWorld {
    private HelloWorld() {
    }

    public static void main(String[] args) {
        System.out.println("Hello, World!");
    }
}
