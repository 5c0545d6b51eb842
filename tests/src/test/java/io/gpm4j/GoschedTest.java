package io.gpm4j;

import org.junit.jupiter.api.Tag;
import static io.gpm4j.TestSupport.withProcs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Go.gosched gives the only P to the others. */
class GoschedTest {
    @Tag(TestSupport.EXACT_SCHEDULE) // chaos mode changes the schedule this test checks, by design
    @Test
    void twoYieldingGoroutinesOnOnePInterleave() throws Exception {
        assertYieldingInterleaves(() -> Go.gosched());
    }

    /**
     * Two goroutines on the only P each append their name and call {@code yield}, 20 times; asserts
     * that they alternate. Without a yield that gives up the P, one runs to the end before the
     * other starts: "AAA...BBB..." (1 switch). {@code yield} must be a lambda calling the yield
     * (not a method reference to a JDK method, whose call the agent does not see).
     */
    static void assertYieldingInterleaves(Runnable yield) throws Exception {
        withProcs(1, () -> TestSupport.repeatIfOutOfTurn(5, () -> {
            int rounds = 20;
            StringBuffer seq = new StringBuffer();
            Go.run(() -> {
                GLatch done = new GLatch(2);
                for (char name : new char[] {'A', 'B'}) {
                    Go.go(() -> {
                        for (int i = 0; i < rounds; i++) {
                            seq.append(name);
                            yield.run();
                        }
                        done.countDown();
                    });
                }
                done.await("semacquire");
            });
            String s = seq.toString();
            assertEquals(2 * rounds, s.length());
            int switches = 0;
            for (int i = 1; i < s.length(); i++) {
                if (s.charAt(i) != s.charAt(i - 1)) {
                    switches++;
                }
            }
            // they alternate, save for the odd turn the 1-in-61 global-queue check reorders
            assertTrue(switches >= 2 * rounds - 6, "interleaved: " + s);
        }));
    }

    @Test
    void aGoroutineWaitingForAnotherByYieldingLetsItRunOnOneP() throws Exception {
        withProcs(1, () -> {
            AtomicInteger turn = new AtomicInteger();
            int rounds = 1_000;
            StringBuffer seq = new StringBuffer();
            Go.run(() -> {
                GLatch done = new GLatch(2);
                for (int me = 0; me < 2; me++) {
                    int self = me;
                    Go.go(() -> {
                        for (int i = 0; i < rounds; i++) {
                            while (turn.get() % 2 != self) {
                                Go.gosched(); // without gosched this spins forever on the only P
                            }
                            if (i < 5) {
                                seq.append(self);
                            }
                            turn.incrementAndGet();
                        }
                        done.countDown();
                    });
                }
                done.await("semacquire");
            });
            assertEquals(2 * rounds, turn.get());
            assertEquals("0101010101", seq.toString());
        });
    }
}
