package org.example.jetty;

/**
 * Prints {@code Hello, World!} and ends: {@code bench/run-jetty.sh} times its whole run, with and
 * without the agent, for the start-up the agent adds to the smallest program. Outside
 * {@code io.gpm4j}, as any application's code is: the agent counts gpm4j's own packages as
 * knowing about goroutines, and would analyse this class as such.
 */
public final class HelloWorld {
    private HelloWorld() {
    }

    public static void main(String[] args) {
        System.out.println("Hello, World!");
    }
}
