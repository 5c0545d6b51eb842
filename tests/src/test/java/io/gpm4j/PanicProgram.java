package io.gpm4j;


/** A goroutine throws; what happens next depends on {@code panic=exit}. */
public final class PanicProgram {
    private PanicProgram() {
    }

    public static void main(String[] args) {
        // one P: the goroutine runs from its start to its end, its exception reported (or the
        // program halted, with panic=exit) before main runs again; no time to wait out
        Go.gomaxprocs(1);
        Go.run(() -> {
            boolean[] ran = new boolean[1];
            Go.go(() -> {
                ran[0] = true;
                throw new IllegalStateException("boom");
            });
            while (!ran[0]) {
                Go.gosched();
            }
        });
        System.out.println("after");
    }
}
