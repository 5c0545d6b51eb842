package io.gpm4j.debug;

import io.gpm4j.runtime.park.Parking;

/** Under {@code main} mode: main waits for something nobody will ever do. */
public final class DeadlockProgram {
    private DeadlockProgram() {
    }

    public static void main(String[] args) {
        System.out.println("waiting");
        waitForever();
        System.out.println("unreachable");
    }

    static void waitForever() {
        Parking.park((w, lock) -> true, null, "chan receive");
    }
}
