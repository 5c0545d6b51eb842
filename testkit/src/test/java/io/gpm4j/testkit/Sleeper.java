package io.gpm4j.testkit;

/** A child that prints a line on each stream and then hangs: what a deadlocked program looks like from outside. */
public final class Sleeper {
    private Sleeper() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("sleeper: started, about to hang");
        System.out.flush();
        System.err.println("sleeper: a line on stderr");
        System.err.flush();
        hangHere();
    }

    static void hangHere() throws InterruptedException {
        Thread.sleep(Long.MAX_VALUE);
    }
}
