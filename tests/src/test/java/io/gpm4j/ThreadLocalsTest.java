package io.gpm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.sync.WaitGroup;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * ThreadLocals belong to the goroutine (API.md, "Goroutines and the JDK"): a value set in one
 * goroutine is never seen by another that later runs on the same carrier, is found again after
 * any park on any carrier, and a new goroutine starts empty but inherits its creator's
 * InheritableThreadLocal values.
 */
class ThreadLocalsTest {
    private static final ThreadLocal<String> USER = new ThreadLocal<>();
    private static final InheritableThreadLocal<String> TRACE = new InheritableThreadLocal<>();

    /** The scenario: one P, 100 goroutines each set their own user and park; each reads back its own. */
    @Test
    void eachGoroutineKeepsItsOwnValueAcrossParksOnOneP() throws Exception {
        TestSupport.withProcs(1, () -> {
            int n = 100;
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            List<String> seenBeforeSet = Collections.synchronizedList(new ArrayList<>());
            AtomicReference<String> mainSaw = new AtomicReference<>("unset");
            Go.run(() -> {
                Chan<Void> gate = Chan.make();
                WaitGroup wg = new WaitGroup();
                wg.add(n);
                for (int i = 0; i < n; i++) {
                    int id = i;
                    Go.go(() -> {
                        seenBeforeSet.add(String.valueOf(USER.get()));
                        USER.set("user-" + id);
                        gate.recv(); // park: the others run on this carrier meanwhile
                        Go.gosched();
                        seen.add(id + "=" + USER.get());
                        wg.done();
                    });
                }
                for (int i = 0; i < n; i++) {
                    gate.send(null);
                }
                wg.await();
                mainSaw.set(USER.get());
            });
            assertEquals(Collections.nCopies(n, "null"), seenBeforeSet, "a new goroutine starts empty");
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < n; i++) {
                expected.add(i + "=user-" + i);
            }
            assertEquals(expected, new HashSet<>(seen), "each goroutine reads back its own value after parking");
            assertNull(mainSaw.get(), "main never sees a value another goroutine set");
            assertNull(USER.get(), "nor does the thread that called Go.run");
        });
    }

    /**
     * Values move with the goroutine: set on one carrier, read after parks that resume it on
     * another. Rounds of ping-pong between pairs on two Ps repeat until some goroutine has been
     * seen on two carriers (at once, in practice; the deadline is only a backstop).
     */
    @Test
    void valuesAreFoundAfterParkingOnAnotherCarrier() throws Exception {
        TestSupport.withProcs(2, () -> {
            int n = 8;
            int rounds = 200;
            AtomicInteger moves = new AtomicInteger();
            List<String> wrong = Collections.synchronizedList(new ArrayList<>());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (moves.get() == 0 && System.nanoTime() < deadline) {
                Go.run(() -> {
                    WaitGroup wg = new WaitGroup();
                    wg.add(n);
                    List<Chan<Integer>> pairs = new ArrayList<>();
                    for (int i = 0; i < n / 2; i++) {
                        pairs.add(Chan.make());
                    }
                    for (int i = 0; i < n; i++) {
                        int id = i;
                        Chan<Integer> ping = pairs.get(id / 2); // 2k and 2k+1 ping-pong
                        Go.go(() -> {
                            USER.set("g" + id);
                            Thread last = Thread.currentThread();
                            for (int r = 0; r < rounds; r++) {
                                if ((r + id) % 2 == 0) {
                                    ping.send(id);
                                } else {
                                    ping.recv();
                                }
                                if (Thread.currentThread() != last) {
                                    moves.incrementAndGet();
                                    last = Thread.currentThread();
                                }
                                if (!("g" + id).equals(USER.get())) {
                                    wrong.add("goroutine " + id + " round " + r + " read " + USER.get());
                                }
                            }
                            wg.done();
                        });
                    }
                    wg.await();
                });
            }
            assertEquals(List.of(), wrong);
            assertTrue(moves.get() > 0, "no goroutine was ever resumed on another carrier in 30 s");
        });
    }

    /** A goroutine started by a goroutine inherits the creator's InheritableThreadLocal values (a copy). */
    @Test
    void inheritableValuesComeFromTheCreatorGoroutine() {
        AtomicReference<String> child = new AtomicReference<>();
        AtomicReference<String> childPlain = new AtomicReference<>("unset");
        AtomicReference<String> parentAfter = new AtomicReference<>();
        AtomicReference<String> sibling = new AtomicReference<>("unset");
        Go.run(() -> {
            Chan<Void> childDone = Chan.make(); // one channel per waiter: no send reaches the wrong one
            Chan<Void> parentDone = Chan.make();
            Chan<Void> siblingDone = Chan.make();
            Go.go(() -> {
                TRACE.set("trace-42");
                USER.set("not inherited");
                Go.go(() -> {
                    child.set(TRACE.get());
                    childPlain.set(USER.get());
                    TRACE.set("changed by the child"); // its own copy
                    childDone.send(null);
                });
                childDone.recv();
                parentAfter.set(TRACE.get());
                parentDone.send(null);
            });
            parentDone.recv();
            Go.go(() -> {
                sibling.set(TRACE.get()); // created by main, which has no value
                siblingDone.send(null);
            });
            siblingDone.recv();
        });
        assertEquals("trace-42", child.get());
        assertNull(childPlain.get(), "a plain ThreadLocal is not inherited");
        assertEquals("trace-42", parentAfter.get(), "the child's set does not reach its creator");
        assertNull(sibling.get(), "a goroutine created by another goroutine inherits from that one only");
    }

    /** Go.run's main goroutine and goroutines started from a plain thread inherit that thread's values. */
    @Test
    void inheritableValuesComeFromAPlainThread() throws Exception {
        AtomicReference<String> main = new AtomicReference<>();
        AtomicReference<String> fromMain = new AtomicReference<>();
        AtomicReference<String> fromPlain = new AtomicReference<>();
        AtomicReference<String> plainAfter = new AtomicReference<>();
        Thread t = new Thread(() -> {
            TRACE.set("plain-7");
            Go.run(() -> {
                main.set(TRACE.get());
                TRACE.set("main's own");
                Chan<Void> done = Chan.make();
                Go.go(() -> {
                    fromMain.set(TRACE.get());
                    done.send(null);
                });
                done.recv();
            });
            plainAfter.set(TRACE.get());
            CountDownLatch started = new CountDownLatch(1);
            Go.go(() -> {
                fromPlain.set(TRACE.get());
                started.countDown();
            });
            try {
                assertTrue(started.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        t.start();
        t.join(TimeUnit.SECONDS.toMillis(40));
        assertFalse(t.isAlive(), "the plain thread's Go.run and go did not end in 40 s");
        assertEquals("plain-7", main.get());
        assertEquals("main's own", fromMain.get());
        assertEquals("plain-7", plainAfter.get(), "the main goroutine's set does not reach the thread that called Go.run");
        assertEquals("plain-7", fromPlain.get(), "Go.go from a plain thread");
    }

    /**
     * The thread that calls Go.run runs goroutines on one P without ever showing them its own
     * values (its maps are set aside for the call), and has them back afterwards, however main
     * ended.
     */
    @Test
    void aGoRunCallerKeepsItsValuesWhileItsThreadRunsGoroutines() throws Exception {
        USER.set("caller");
        TRACE.set("caller-trace");
        try {
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            TestSupport.withProcs(1, () -> Go.run(() -> {
                seen.add("main:" + USER.get() + "/" + TRACE.get());
                WaitGroup wg = new WaitGroup();
                for (int i = 0; i < 20; i++) {
                    int id = i;
                    wg.add(1);
                    Go.go(() -> {
                        seen.add("g:" + USER.get());
                        USER.set("g" + id);
                        for (int k = 0; k < 5; k++) {
                            Go.gosched();
                            if (!USER.get().equals("g" + id)) {
                                seen.add("lost g" + id + ": " + USER.get());
                            }
                        }
                        wg.done();
                    });
                }
                wg.await();
            }));
            assertEquals("main:null/caller-trace", seen.get(0), "main inherits only the inheritable value");
            assertEquals(20, seen.stream().filter("g:null"::equals).count(), String.valueOf(seen));
            assertEquals(21, seen.size(), String.valueOf(seen));
            assertEquals("caller", USER.get());
            assertEquals("caller-trace", TRACE.get());

            Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
            try {
                Go.run(() -> {
                    USER.set("main");
                    throw new IllegalStateException("expected by the test");
                });
            } catch (IllegalStateException expected) {
                // main's failure reaches the caller
            } finally {
                Thread.setDefaultUncaughtExceptionHandler(previous);
            }
            assertEquals("caller", USER.get(), "after a main goroutine that threw");
            assertEquals("caller-trace", TRACE.get());
        } finally {
            USER.remove();
            TRACE.remove();
        }
    }

    /** childValue runs at go, on the creator's side: a new goroutine gets its copy, not the same object. */
    @Test
    void childValueMakesTheChildsCopy() {
        InheritableThreadLocal<List<String>> list = new InheritableThreadLocal<>() {
            @Override
            protected List<String> childValue(List<String> parent) {
                return new ArrayList<>(parent);
            }
        };
        AtomicReference<List<String>> child = new AtomicReference<>();
        AtomicReference<List<String>> parent = new AtomicReference<>();
        Go.run(() -> {
            list.set(new ArrayList<>(List.of("a")));
            Chan<Void> done = Chan.make();
            Go.go(() -> {
                list.get().add("child");
                child.set(list.get());
                done.send(null);
            });
            done.recv();
            parent.set(list.get());
        });
        assertEquals(List.of("a", "child"), child.get());
        assertEquals(List.of("a"), parent.get());
    }

    @Test
    void removeAndWithInitialArePerGoroutine() {
        AtomicInteger initials = new AtomicInteger();
        ThreadLocal<Integer> counter = ThreadLocal.withInitial(() -> {
            initials.incrementAndGet();
            return 0;
        });
        int n = 20;
        List<String> results = Collections.synchronizedList(new ArrayList<>());
        Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            wg.add(n);
            for (int i = 0; i < n; i++) {
                int id = i;
                Go.go(() -> {
                    for (int k = 0; k <= id; k++) {
                        counter.set(counter.get() + 1);
                        Go.gosched();
                    }
                    int mine = counter.get();
                    counter.remove();
                    Go.gosched();
                    int afterRemove = counter.get(); // withInitial again, for this goroutine only
                    results.add(id + ":" + mine + "," + afterRemove);
                    wg.done();
                });
            }
            wg.await();
        });
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add(i + ":" + (i + 1) + ",0");
        }
        Collections.sort(expected);
        List<String> got = new ArrayList<>(results);
        Collections.sort(got);
        assertEquals(expected, got);
        assertEquals(2 * n, initials.get(), "the initial value is made once per goroutine, and again after remove");
    }

    /** Gs are reused: a goroutine on a G that carried values in an earlier life starts empty. */
    @Test
    void aReusedGoroutineStartsEmpty() {
        int generations = 50;
        List<String> leaks = Collections.synchronizedList(new ArrayList<>());
        Go.run(() -> {
            for (int gen = 0; gen < generations; gen++) {
                int g = gen;
                WaitGroup wg = new WaitGroup();
                wg.add(10);
                for (int i = 0; i < 10; i++) {
                    Go.go(() -> {
                        if (USER.get() != null || TRACE.get() != null) {
                            leaks.add("generation " + g + " saw " + USER.get() + "/" + TRACE.get());
                        }
                        USER.set("gen-" + g);
                        TRACE.set("gen-" + g);
                        wg.done();
                    });
                }
                wg.await(); // the dead Gs go back on the free lists; the next generation reuses them
            }
        });
        assertEquals(List.of(), leaks);
    }

    /** A plain thread's ThreadLocals are its own, whatever goroutines do meanwhile. */
    @Test
    void aPlainThreadIsUnaffected() throws Exception {
        USER.set("junit thread");
        try {
            CountDownLatch set = new CountDownLatch(1);
            AtomicReference<String> goroutineSaw = new AtomicReference<>("unset");
            Chan<Void> release = Chan.make();
            Go.go(() -> {
                goroutineSaw.set(USER.get());
                USER.set("goroutine");
                set.countDown();
                release.recv();
            });
            assertTrue(set.await(60, TimeUnit.SECONDS));
            assertEquals("junit thread", USER.get());
            assertNull(goroutineSaw.get(), "a goroutine never sees the value of the thread that started it");
            release.send(null);
            assertEquals("junit thread", USER.get());
        } finally {
            USER.remove();
        }
    }

    /** A goroutine that ends by throwing still hands the carrier its own maps back. */
    @Test
    void aGoroutineThatThrowsLeavesTheCarrierClean() {
        AtomicReference<String> after = new AtomicReference<>("unset");
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> { });
        try {
            TestSupport.withProcs(1, () -> Go.run(() -> {
                Chan<Void> done = Chan.make();
                Go.go(() -> {
                    USER.set("thrower");
                    done.send(null);
                    throw new IllegalStateException("expected by the test");
                });
                done.recv();
                Go.gosched();
                Go.go(() -> {
                    after.set(USER.get());
                    done.send(null);
                });
                done.recv();
            }));
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
        assertNull(after.get());
    }
}
