package io.gpm4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.ChildJvm;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's scan cache (option {@code scancache}) through the real {@code premain}, in fresh
 * JVMs: the first run reads the library's jar and writes its verdict, the next finds it there,
 * {@code scancache=off} keeps nothing; {@code verbose} tells each library's verdict as it is
 * reached, and at exit how many verdicts were remembered and written.
 */
class ScanCacheAgentTest {
    @TempDir
    Path dir;

    @Test
    void aSecondRunFindsTheVerdictTheFirstWrote() throws Exception {
        Path jar = jarWithOneClass("org/lib/core/Thing");
        Path cache = dir.resolve("cache");
        Path file = cache.resolve("scan-verdicts-v1.txt");

        ChildJvm.Result first = run("verbose,scancache=" + cache, jar);
        assertTrue(first.stderr().contains("gpm4j: scan cache " + file + ": 0 verdicts remembered, 1 written"), first.stderr());
        assertTrue(first.stderr().contains("gpm4j: library org.lib.core of jar:" + jar.toUri().toURL() + "!/ never mentions gpm4j: "
                + "judged like the JDK, never rewritten (aware= to judge it as yours)"), first.stderr());
        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).endsWith(" org/lib/core/ 0"), lines.get(0));

        ChildJvm.Result second = run("verbose,scancache=" + cache, jar);
        assertTrue(second.stderr().contains("gpm4j: scan cache " + file + ": 1 verdicts remembered, 0 written"), second.stderr());
        assertEquals(lines, Files.readAllLines(file), "nothing new to write");

        ChildJvm.Result off = run("verbose,scancache=off", jar);
        assertTrue(off.stderr().contains("gpm4j: scan cache off"), off.stderr());
        assertEquals(lines, Files.readAllLines(file), "off: the file is not touched");
    }

    private ChildJvm.Result run(String options, Path jar) throws Exception {
        ChildJvm.Result r = ChildJvm.run(options, List.of("-Dscan.jar=" + jar), Map.of(), ScanCacheProgram.class.getName());
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("loaded org.lib.core.Thing\n", r.stdout(), r.stderr());
        return r;
    }

    /** A jar holding one empty public class {@code name} (a class file written by hand: no ASM here). */
    private Path jarWithOneClass(String name) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0xCAFEBABE);
            out.writeShort(0); // minor
            out.writeShort(52); // major: Java 8, no stack map frames needed (and no methods)
            out.writeShort(5); // constant pool count
            out.writeByte(7); // #1 Class #2
            out.writeShort(2);
            out.writeByte(1); // #2 Utf8 name
            out.writeUTF(name);
            out.writeByte(7); // #3 Class #4
            out.writeShort(4);
            out.writeByte(1); // #4 Utf8 java/lang/Object
            out.writeUTF("java/lang/Object");
            out.writeShort(0x0021); // public super
            out.writeShort(1); // this
            out.writeShort(3); // super
            out.writeShort(0); // interfaces
            out.writeShort(0); // fields
            out.writeShort(0); // methods
            out.writeShort(0); // attributes
        }
        Path jar = dir.resolve("lib.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(name + ".class"));
            out.write(bytes.toByteArray());
            out.closeEntry();
        }
        return jar;
    }
}
