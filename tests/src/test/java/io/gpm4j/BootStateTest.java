package io.gpm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The booted state, as Go's boot leaves it: m0 and g0 bound, one P per CPU, main is G1. */
class BootStateTest {
    @Test
    void bootBindsM0AndG0AndRunsMainAsG1WithOnePPerCpu() throws Exception {
        int cpus = Runtime.getRuntime().availableProcessors();
        ChildJvm.Result r = ChildJvm.run("main", List.of(), Map.of(), BootStateProgram.class.getName());
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("m0 is this thread's M: true\n"
                + "m0.g0.m is m0: true\n"
                + "g0 goid: 0\n"
                + "main goroutine: G1 on main\n"
                + "Ps: " + cpus + " of " + cpus + " CPUs, gomaxprocs " + cpus + "\n", r.stdout());
    }

    @Test
    void gomaxprocsComesFromTheEnvironmentThenThePropertyThenTheCpuCount() throws Exception {
        ChildJvm.Result env = ChildJvm.run("main", List.of("-Dgpm4j.gomaxprocs=3"), Map.of("GOMAXPROCS", "5"),
                BootStateProgram.class.getName());
        assertEquals(0, env.exitCode(), env.stderr());
        assertEquals(true, env.stdout().contains("gomaxprocs 5\n"), env.stdout());
        ChildJvm.Result prop = ChildJvm.run("main", List.of("-Dgpm4j.gomaxprocs=3"), Map.of(),
                BootStateProgram.class.getName());
        assertEquals(true, prop.stdout().contains("Ps: 3 of "), prop.stdout());
    }
}
