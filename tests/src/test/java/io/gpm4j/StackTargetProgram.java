package io.gpm4j;

import io.gpm4j.runtime.SchedProbe;
import io.gpm4j.sync.Mutex;
import io.gpm4j.sync.WaitGroup;
import io.gpm4j.time.Time;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A JVM for {@code java -jar gpm4j-agent.jar stack <pid>} to look into ({@code StackCommandTest}).
 * Its main thread (a plain thread, not main mode: no deadlock report ends it) sets the scene
 * named by its argument, prints {@code ready} once the goroutines are where the test expects
 * them, and waits until it is killed:
 * <ul>
 * <li>{@code parked}: one goroutine waits in {@link #waitForTheTicket} on a channel nobody sends
 *     on, one sleeps an hour in {@link #napForAnHour}, one keeps a carrier busy in {@link #spin};
 * <li>{@code deadlocked}: two goroutines each hold one mutex and wait for the other's
 *     ({@link #lockBoth}), two others each send to the other on unbuffered channels
 *     ({@link #sendToEachOther}): every goroutine is blocked for good;
 * <li>{@code lockheld}: a goroutine ran (the scheduler booted), then a plain thread takes the
 *     sched lock and never lets it go, as a stuck scheduler would;
 * <li>{@code counted}: for {@code stat} ({@code StatCommandTest}): {@value #COUNTED_RECEIVERS}
 *     goroutines wait on a channel nobody sends on, {@value #COUNTED_SLEEPERS} sleep an hour,
 *     {@value #COUNTED_WAITERS} wait on a {@code WaitGroup} that never reaches zero; it prints
 *     {@code gomaxprocs N} before {@code ready};
 * <li>{@code plain}: nothing of gpm4j, for a JVM started without the agent.
 * </ul>
 */
public final class StackTargetProgram {
    public static final int COUNTED_RECEIVERS = 5;
    public static final int COUNTED_SLEEPERS = 3;
    public static final int COUNTED_WAITERS = 2;

    /** Keeps {@link #spin}'s work observable, so the loop is not optimised away. */
    static final AtomicLong SPUN = new AtomicLong();

    private StackTargetProgram() {
    }

    public static void main(String[] args) throws Exception {
        switch (args.length == 1 ? args[0] : "") {
            case "parked":
                Chan<String> ticket = Chan.make();
                Go.go(() -> waitForTheTicket(ticket));
                Go.go(StackTargetProgram::napForAnHour);
                Go.go(StackTargetProgram::spin);
                awaitDump(1, "[chan receive]", "[sleep]");
                break;
            case "deadlocked":
                Mutex a = new Mutex();
                Mutex b = new Mutex();
                Chan<String> aHeld = Chan.make(1);
                Chan<String> bHeld = Chan.make(1);
                Go.go(() -> lockBoth(a, aHeld, bHeld, b));
                Go.go(() -> lockBoth(b, bHeld, aHeld, a));
                Chan<Integer> left = Chan.make();
                Chan<Integer> right = Chan.make();
                Go.go(() -> sendToEachOther(left, right));
                Go.go(() -> sendToEachOther(right, left));
                awaitDump(2, "[sync.Mutex.Lock]", "[chan send]");
                break;
            case "lockheld":
                Chan<String> done = Chan.make(1);
                Go.go(() -> done.send("booted"));
                done.recv();
                SchedProbe.holdSchedLockForever();
                break;
            case "counted":
                Chan<String> never = Chan.make();
                for (int i = 0; i < COUNTED_RECEIVERS; i++) {
                    Go.go(() -> waitForTheTicket(never));
                }
                for (int i = 0; i < COUNTED_SLEEPERS; i++) {
                    Go.go(StackTargetProgram::napForAnHour);
                }
                WaitGroup forever = new WaitGroup();
                forever.add(1);
                for (int i = 0; i < COUNTED_WAITERS; i++) {
                    Go.go(forever::await);
                }
                awaitDump(COUNTED_RECEIVERS, "[chan receive]");
                awaitDump(COUNTED_SLEEPERS, "[sleep]");
                awaitDump(COUNTED_WAITERS, "[sync.WaitGroup.Wait]");
                System.out.println("gomaxprocs " + Go.gomaxprocs());
                break;
            case "plain":
                break;
            default:
                System.err.println("usage: StackTargetProgram parked|deadlocked|lockheld|counted|plain");
                System.exit(2);
        }
        System.out.println("ready");
        System.out.flush();
        for (;;) {
            Thread.sleep(60_000);
        }
    }

    static void waitForTheTicket(Chan<String> ticket) {
        ticket.recv();
    }

    static void napForAnHour() {
        Time.sleep(Duration.ofHours(1));
    }

    static void spin() {
        for (long i = 0; ; i++) {
            if ((i & 0xffff) == 0) {
                SPUN.incrementAndGet();
            }
        }
    }

    /** Locks {@code mine}, says so on {@code held}, waits for the other's word, then locks {@code theirs}. */
    static void lockBoth(Mutex mine, Chan<String> held, Chan<String> otherHeld, Mutex theirs) {
        mine.lock();
        held.send("held");
        otherHeld.recv();
        theirs.lock();
    }

    static void sendToEachOther(Chan<Integer> out, Chan<Integer> in) {
        out.send(1);
        in.recv();
    }

    /** Waits (a plain thread) until each {@code reason} shows in the dump {@code times} times. */
    private static void awaitDump(int times, String... reasons) throws InterruptedException {
        for (;;) {
            String dump = Go.stack(true);
            boolean all = true;
            for (String r : reasons) {
                all &= dump.split(java.util.regex.Pattern.quote(r), -1).length - 1 >= times;
            }
            if (all) {
                return;
            }
            Thread.sleep(10);
        }
    }
}
