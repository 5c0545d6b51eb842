package io.gpm4j;

import static io.gpm4j.TestSupport.withProcs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * An M's scheduler loop runs in batches, each in a frame of its own that the M's lifelong frame
 * reaches through a method handle: the JIT cannot inline the batch into the lifelong frame, so a
 * copy of that frame's code made not entrant by another M's uncommon trap cannot leave this M
 * calling the scheduler through the interpreter for the rest of its life ({@code Sched.schedule}
 * tells the whole story; skynet on JDK 25 ran a third slower in the processes where it happened).
 * The frames under a goroutine show the shape, on the Go.run caller's thread and on carriers.
 */
class SchedulerLoopFramesTest {
    private static final String SCHED = "io.gpm4j.runtime.Sched";

    @Test
    void everyGoroutineRunsUnderABatchReachedThroughAMethodHandle() throws Exception {
        withProcs(2, () -> {
            Map<String, List<String>> stacks = new ConcurrentHashMap<>();
            String caller = Thread.currentThread().getName();
            Go.run(() -> {
                stacks.put("main on " + Thread.currentThread().getName(), schedulerFrames());
                // bursts of goroutines, each long enough that the other P's carrier steals some;
                // when it does is timing, so bursts repeat until it did (generous deadline)
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (threadsOf(stacks).size() < 2 && System.nanoTime() < deadline) {
                    int n = 64;
                    GLatch done = new GLatch(n);
                    for (int i = 0; i < n; i++) {
                        Go.go(() -> {
                            TestSupport.busy(500);
                            stacks.putIfAbsent("goroutine on " + Thread.currentThread().getName(), schedulerFrames());
                            done.countDown();
                        });
                    }
                    done.await("semacquire");
                }
            });
            Set<String> threads = threadsOf(stacks);
            assertTrue(threads.contains(caller), "main ran on the Go.run caller: " + stacks.keySet());
            assertTrue(threads.size() >= 2, "some goroutine ran on a carrier: " + stacks.keySet());
            stacks.forEach(SchedulerLoopFramesTest::assertBatchUnderHandle);
        });
    }

    private static Set<String> threadsOf(Map<String, List<String>> stacks) {
        return stacks.keySet().stream().map(k -> k.substring(k.indexOf(" on ") + 4)).collect(Collectors.toSet());
    }

    /** The scheduler's frames and those between them, innermost first, as class.method. */
    private static List<String> schedulerFrames() {
        return StackWalker.getInstance(StackWalker.Option.SHOW_HIDDEN_FRAMES).walk(frames -> frames
                .map(f -> f.getClassName() + "." + f.getMethodName())
                .dropWhile(f -> !f.startsWith(SCHED + "."))
                .takeWhile(f -> f.startsWith(SCHED + ".") || f.startsWith("java.lang.invoke."))
                .collect(Collectors.toList()));
    }

    private static void assertBatchUnderHandle(String where, List<String> frames) {
        int batch = frames.indexOf(SCHED + ".scheduleBatch");
        int loop = frames.indexOf(SCHED + ".schedule");
        assertTrue(batch >= 0 && loop > batch, where + ": a batch frame under the lifelong loop: " + frames);
        assertEquals(SCHED + ".execute", frames.get(batch - 1), where + ": the batch runs the goroutine: " + frames);
        List<String> between = frames.subList(batch + 1, loop);
        assertFalse(between.isEmpty(), where + ": schedule calls scheduleBatch directly, so the JIT may inline it: " + frames);
        assertTrue(between.stream().allMatch(f -> f.startsWith("java.lang.invoke.")),
                where + ": only method handle frames between the loop and the batch: " + frames);
    }
}
