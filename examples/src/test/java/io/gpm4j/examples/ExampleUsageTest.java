package io.gpm4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example given arguments it does not take, or cannot read, prints one line on standard
 * error, {@code usage: } and how the README runs it, and exits with status 2: never a stack trace.
 */
class ExampleUsageTest {
    static Stream<Arguments> badArguments() {
        return Stream.of(
                Arguments.of("main", "PrimeSieve", List.of("ten")),
                Arguments.of("main", "PingPong", List.of("-1")),
                Arguments.of("main", "Pipeline", List.of("5", "6")),
                Arguments.of("main", "WorkerPool", List.of("4", "0")),
                Arguments.of("main", "Skynet", List.of("500")),
                Arguments.of("main", "Timeouts", List.of("now")),
                Arguments.of("main", "Tour", List.of("everything")),
                Arguments.of("", "Generators", List.of("fibonacci")),
                Arguments.of("main", "existingapp.GoroutineApp", List.of("eight")),
                Arguments.of(null, "existingapp.ExecutorApp", List.of("8", "x")),
                Arguments.of(null, "LateAttach", List.of()),
                Arguments.of(null, "LateAttach", List.of("no/such/gpm4j-agent.jar")));
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("badArguments")
    void printsItsUsageLineAndExitsWithTwo(String agentOptions, String example, List<String> args) throws Exception {
        String mainClass = "io.gpm4j.examples." + example;
        ExampleProcess.Result r = agentOptions == null
                ? ExampleProcess.runWith(List.of(), mainClass, args.toArray(String[]::new))
                : ExampleProcess.run(agentOptions.isEmpty() ? null : agentOptions, mainClass, args.toArray(String[]::new));
        assertEquals(2, r.exitCode(), r.stdout() + r.stderr());
        assertEquals("", r.stdout());
        List<String> lines = r.stderr().lines().toList();
        assertEquals(1, lines.size(), r.stderr());
        assertTrue(lines.get(0).startsWith("usage: java "), r.stderr());
        assertTrue(lines.get(0).contains(" -cp examples/target/classes") && lines.get(0).contains(" " + mainClass), r.stderr());
    }
}
