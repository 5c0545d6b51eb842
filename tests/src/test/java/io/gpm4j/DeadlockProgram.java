package io.gpm4j;


/**
 * Under {@code main} mode: main waits on a channel nobody will ever send on, while another
 * goroutine waits to send on a channel nobody receives from. A real deadlock, through the API.
 */
public final class DeadlockProgram {
    private DeadlockProgram() {
    }

    public static void main(String[] args) {
        Chan<String> never = Chan.make();
        Chan<String> unread = Chan.make();
        Chan<String> started = Chan.make(1);
        Go.go(() -> {
            started.send("sender");
            sendForever(unread);
        });
        System.out.println("waiting for " + started.recv());
        waitForever(never);
        System.out.println("unreachable");
    }

    static void waitForever(Chan<String> c) {
        c.recv();
    }

    static void sendForever(Chan<String> c) {
        c.send("nobody reads this");
    }
}
