package io.gpm4j.shapes;

/** Calls a split method of another class: the call takes the handshake and enters by the entry half. */
public final class DirectCaller {
    private DirectCaller() {
    }

    static String callIn(long n) {
        return "in:" + Direct.wide(n - 3, 0.5, "c", n);
    }
}
