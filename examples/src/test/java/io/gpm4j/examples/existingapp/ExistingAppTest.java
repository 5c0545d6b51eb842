package io.gpm4j.examples.existingapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.examples.ExampleProcess;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The executor program and its goroutine twin print the same summary, which is the one a plain
 * sequential loop computes; the executor program prints it without the agent and under it.
 */
class ExistingAppTest {
    private static final String ORDERS = "2000";
    private static final String SUMMARY = "2000 orders: 1864 priced, 136 rejected (34 malformed, 102 unknown product)\n"
            + "revenue: CH 198317.77, DE 217619.54, FR 200039.46, NL 207243.50, total 823220.27\n"
            + "checksum: b46b8e2ae49cea14\n";

    @Test
    void theSummaryIsWhatASequentialLoopComputes() {
        Summary summary = new Summary();
        for (String line : Order.input(Integer.parseInt(ORDERS))) {
            Order order = Order.parse(line);
            summary.add(order == null ? Outcome.rejected(0, "malformed")
                    : order.price(Catalog.unitPriceCents(order.sku())));
        }
        assertEquals(SUMMARY, summary + "\n");
    }

    @Test
    void executorAppWithoutTheAgent() throws Exception {
        assertSummary(ExampleProcess.runWith(List.of(), "io.gpm4j.examples.existingapp.ExecutorApp", "16", ORDERS), 16);
    }

    @Test
    void executorAppUnderTheAgentIsUnaffected() throws Exception {
        assertSummary(ExampleProcess.run(null, "io.gpm4j.examples.existingapp.ExecutorApp", "16", ORDERS), 16);
    }

    @Test
    void executorAppInMainMode() throws Exception {
        assertSummary(ExampleProcess.run("main", "io.gpm4j.examples.existingapp.ExecutorApp", "16", ORDERS), 16);
    }

    @Test
    void goroutineApp() throws Exception {
        assertSummary(ExampleProcess.run("main", "io.gpm4j.examples.existingapp.GoroutineApp", "16", ORDERS), 16);
    }

    @Test
    void goroutineAppWithAWorkerPerOrder() throws Exception {
        assertSummary(ExampleProcess.run("main", "io.gpm4j.examples.existingapp.GoroutineApp", ORDERS, ORDERS), 2000);
    }

    /** The summary, then the elapsed time, which is not compared. */
    private static void assertSummary(ExampleProcess.Result r, int workers) {
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("", r.stderr());
        int last = r.stdout().lastIndexOf("took ");
        assertTrue(last >= 0, r.stdout());
        assertEquals(SUMMARY, r.stdout().substring(0, last));
        String took = r.stdout().substring(last);
        assertTrue(took.matches("took \\d+ ms with " + workers + " workers\n"), took);
    }
}
