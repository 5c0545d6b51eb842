package io.gpm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Channel operations allocate nothing per value in steady state, as Go's do not: no record or
 * out-array per receive, no sudog per park (each M keeps the ones its goroutines finished with).
 * {@link ChanAllocationProgram} counts the bytes its goroutines' threads allocate over a million
 * values, in a child JVM without strict mode (whose per-park checks allocate by design). The
 * bound, 1 byte per value on average, leaves room for the runtime's odd object and none for a
 * single object per value (16 bytes at least): a receive's record and out-array took 56.
 */
class ChanAllocationTest {
    @Test
    void bufferedRangeAndUnbufferedPingPongAllocateNothingPerValue() throws Exception {
        ChildJvm.Result r = ChildJvm.run("", List.of("-Dgpm4j.strict=false"), Map.of(),
                ChanAllocationProgram.class.getName());
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        Map<String, Double> perValue = new HashMap<>();
        for (String line : r.stdout().split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length == 4 && f[0].equals("ALLOC")) {
                assertEquals(ChanAllocationProgram.VALUES, Integer.parseInt(f[3]), line);
                perValue.put(f[1], Double.parseDouble(f[2]) / ChanAllocationProgram.VALUES);
            }
        }
        assertEquals(2, perValue.size(), r.stdout() + r.stderr());
        perValue.forEach((round, bytes) -> assertTrue(bytes < 1.0,
                round + ": " + bytes + " bytes allocated per value (" + r.stdout().trim() + ")"));
    }
}
