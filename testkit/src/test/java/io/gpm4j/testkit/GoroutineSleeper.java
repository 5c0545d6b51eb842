package io.gpm4j.testkit;

import io.gpm4j.Go;
import io.gpm4j.sync.WaitGroup;

/** A child under the agent with a goroutine parked for ever and main asleep: a hang no deadlock report catches. */
public final class GoroutineSleeper {
    private GoroutineSleeper() {
    }

    public static void main(String[] args) throws InterruptedException {
        WaitGroup parked = new WaitGroup();
        parked.add(1);
        WaitGroup never = new WaitGroup();
        never.add(1);
        Go.go(() -> waitForNobody(parked, never));
        parked.await();
        System.out.println("parked a goroutine");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    static void waitForNobody(WaitGroup parked, WaitGroup never) {
        parked.done();
        never.await();
    }
}
