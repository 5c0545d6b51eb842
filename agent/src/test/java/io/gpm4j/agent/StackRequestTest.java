package io.gpm4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code stack} protocol's two ends without a JVM between them: what the target writes for a
 * request ({@link StackRequest}) and how the command reads it ({@link StackCommand#read}). No
 * agent is installed in this JVM, so the target's answer here is the "did not install" error;
 * {@code StackCommandTest} (tests module) runs the real thing against child JVMs.
 */
class StackRequestTest {
    @TempDir
    Path dir;

    @Test
    void aRequestIsAnsweredInTheFileItNamesWithAStatusLine() throws Exception {
        Path file = Files.createFile(dir.resolve("answer.txt"));
        Files.writeString(file, "stale content, longer than the answer ".repeat(10));
        StackRequest.serve(StackRequest.ARG + "1000," + file);
        assertEquals(StackRequest.HEADER + "error the gpm4j agent of this JVM did not install\n", Files.readString(file));
    }

    @Test
    void aRequestNeverCreatesAFileNorFollowsALink() throws Exception {
        Path missing = dir.resolve("missing.txt");
        StackRequest.serve(StackRequest.ARG + "1000," + missing);
        assertFalse(Files.exists(missing));

        Path victim = Files.writeString(dir.resolve("victim.txt"), "keep me");
        Path link = Files.createSymbolicLink(dir.resolve("link.txt"), victim);
        StackRequest.serve(StackRequest.ARG + "1000," + link);
        assertEquals("keep me", Files.readString(victim));

        Path relative = Files.createFile(dir.resolve("relative.txt"));
        StackRequest.serve(StackRequest.ARG + "1000,relative.txt");
        StackRequest.serve(StackRequest.ARG + "soon," + relative);
        StackRequest.serve(StackRequest.ARG + "0," + relative);
        StackRequest.serve(StackRequest.ARG + relative);
        assertEquals("", Files.readString(relative), "malformed requests are ignored");
    }

    @Test
    void theCommandTurnsEachStatusIntoTheDumpOrOneLine() {
        StackCommand.Answer ok = StackCommand.read(42, 10, StackRequest.HEADER + "ok\ngoroutine 1 [chan receive]:\na.B.c(B.java:3)\n");
        assertEquals("goroutine 1 [chan receive]:\na.B.c(B.java:3)\n", ok.dump());
        assertNull(ok.problem());
        assertEquals("pid 42 runs gpm4j but has started no goroutine", StackCommand.read(42, 10, StackRequest.HEADER + "none\n").problem());
        assertEquals("pid 42 took no goroutine dump in 10 s: its scheduler lock stayed held (a stuck scheduler, or very many"
                + " goroutines: try --timeout 60; jstack 42 shows the carrier threads)",
                StackCommand.read(42, 10, StackRequest.HEADER + "timeout\n").problem());
        assertEquals("pid 42 is still waiting for its scheduler lock to answer an earlier request; jstack 42 shows the carrier threads",
                StackCommand.read(42, 10, StackRequest.HEADER + "busy\n").problem());
        assertEquals("the gpm4j agent of pid 42 answered: error the dump failed: x",
                StackCommand.read(42, 10, StackRequest.HEADER + "error the dump failed: x\n").problem());
        assertEquals("the gpm4j agent of pid 42 did not answer (one older than this command?)", StackCommand.read(42, 10, "").problem());
        assertEquals("pid 42 answered in a format this command does not know (a newer gpm4j?)",
                StackCommand.read(42, 10, "gpm4j stack 2 ok\n").problem());
    }
}
