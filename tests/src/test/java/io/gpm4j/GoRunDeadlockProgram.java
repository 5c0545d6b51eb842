package io.gpm4j;


/** Without main mode: the JVM's first Go.run deadlocks; prints main's goid and the exception's message. */
public final class GoRunDeadlockProgram {
    private GoRunDeadlockProgram() {
    }

    public static void main(String[] args) {
        try {
            Go.run(() -> {
                System.out.println("goid=" + Go.goid());
                waitForever(Chan.make());
            });
            System.out.println("no deadlock");
        } catch (DeadlockException e) {
            System.out.println(e.getMessage());
        }
    }

    static void waitForever(Chan<String> c) {
        c.recv();
    }
}
