package io.gpm4j.agent.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The library scan's verdicts remembered across JVMs ({@link ScanCache}). Another JVM is played by
 * a copy of a jar at another path (the JVM's own table knows code sources by path, the cache by
 * contents) and a fresh {@code ScanCache} on the same directory (which reads the file again). That
 * the cache, not a read of the jar, gave a verdict is shown by planting a wrong one in its file.
 */
class ScanCacheTest {
    @TempDir
    Path dir;

    @Test
    void aVerdictIsRememberedByWhatTheJarHoldsNotWhereItIs() throws Exception {
        Path cacheDir = dir.resolve("cache");
        Path first = jar("first.jar", Map.of("org/lib/core/Caller", caller("org/lib/core/Caller", false)));
        assertFalse(sources(cacheDir).isAware("org/lib/core/Caller", null, url(first)), "read: it never mentions gpm4j");
        Path file = cacheDir.resolve(ScanCache.FILE_NAME);
        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("[0-9a-f]{32} org/lib/core/ 0"), lines.get(0));

        Files.write(file, List.of(lines.get(0).replace(" 0", " 1"))); // a planted lie
        Path copy = Files.copy(first, dir.resolve("copy.jar"));
        assertTrue(sources(cacheDir).isAware("org/lib/core/Caller", null, url(copy)),
                "the same contents elsewhere: the remembered verdict, not a read");

        Map<String, byte[]> more = new LinkedHashMap<>();
        more.put("org/lib/core/Caller", caller("org/lib/core/Caller", false));
        more.put("org/lib/core/Other", caller("org/lib/core/Other", false));
        Path rebuilt = jar("rebuilt.jar", more);
        assertFalse(sources(cacheDir).isAware("org/lib/core/Caller", null, url(rebuilt)),
                "other contents: read again, the lie does not apply");
        assertEquals(2, Files.readAllLines(file).size(), "and remembered beside the first");
    }

    @Test
    void eachLibraryOfAFatJarHasItsOwnVerdict() throws Exception {
        Path cacheDir = dir.resolve("cache");
        Map<String, byte[]> both = new LinkedHashMap<>();
        both.put("org/lib/core/Caller", caller("org/lib/core/Caller", false));
        both.put("com/app/shop/Caller", caller("com/app/shop/Caller", true));
        Path fat = jar("fat.jar", both);
        CodeSources sources = sources(cacheDir);
        assertFalse(sources.isAware("org/lib/core/Caller", null, url(fat)));
        assertTrue(sources.isAware("com/app/shop/Caller", null, url(fat)));
        ScanCache again = ScanCache.in(cacheDir.toFile());
        String fingerprint;
        try (ZipFile zip = new ZipFile(fat.toFile())) {
            fingerprint = ScanCache.fingerprint(zip, "");
        }
        assertEquals(Boolean.FALSE, again.verdict(fingerprint, "org/lib/core/"));
        assertEquals(Boolean.TRUE, again.verdict(fingerprint, "com/app/shop/"));
        assertNull(again.verdict(fingerprint, "org/other/lib/"), "never judged");
    }

    @Test
    void eachLibrarysVerdictIsToldOnceAsItIsReached() throws Exception {
        Map<String, byte[]> both = new LinkedHashMap<>();
        both.put("org/lib/core/Caller", caller("org/lib/core/Caller", false));
        both.put("com/app/shop/Caller", caller("com/app/shop/Caller", true));
        Path fat = jar("told.jar", both);
        List<String> told = new ArrayList<>();
        CodeSources sources = new CodeSources(List.of(), ScanCache.OFF, told::add);
        assertFalse(sources.isAware("org/lib/core/Caller", null, url(fat)));
        assertFalse(sources.isAware("org/lib/core/Caller", null, url(fat)), "asked again: told already");
        assertTrue(sources.isAware("com/app/shop/Caller", null, url(fat)));
        String root = "jar:" + url(fat) + "!/";
        assertEquals(List.of(
                "library org.lib.core of " + root + " never mentions gpm4j: judged like the JDK, never rewritten "
                        + "(aware= to judge it as yours)",
                "library com.app.shop of " + root + " mentions gpm4j: judged as goroutine code"), told);
    }

    /** A jar inside a jar (Spring Boot's {@code BOOT-INF/lib}) is known by its entry's CRC in the outer one. */
    @Test
    void aJarInsideAJarIsRememberedByItsEntry() throws Exception {
        Path cacheDir = dir.resolve("cache");
        Map<String, byte[]> two = new LinkedHashMap<>();
        two.put("org/two/plain/Caller", caller("org/two/plain/Caller", false));
        two.put("org/two/aware/Caller", caller("org/two/aware/Caller", true));
        byte[] inner = Files.readAllBytes(jar("two.jar", two));
        Path app = dir.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(app))) {
            out.putNextEntry(new JarEntry("BOOT-INF/lib/two.jar"));
            out.write(inner);
            out.closeEntry();
        }
        URL plain = new URL("jar:" + app.toUri() + "!/BOOT-INF/lib/two.jar!/");
        assertFalse(sources(cacheDir).isAware("org/two/plain/Caller", null, plain));
        List<String> lines = Files.readAllLines(cacheDir.resolve(ScanCache.FILE_NAME));
        assertEquals(2, lines.size(), "one pass judged both libraries: " + lines);

        Path file = cacheDir.resolve(ScanCache.FILE_NAME);
        List<String> lied = new ArrayList<>();
        for (String line : lines) {
            lied.add(line.endsWith(" 0") ? line.replace(" 0", " 1") : line.replace(" 1", " 0"));
        }
        Files.write(file, lied);
        Path copy = Files.copy(app, dir.resolve("copy-app.jar"));
        URL copied = new URL("jar:" + copy.toUri() + "!/BOOT-INF/lib/two.jar!/");
        CodeSources fresh = sources(cacheDir);
        assertTrue(fresh.isAware("org/two/plain/Caller", null, copied), "remembered, not read");
        assertFalse(fresh.isAware("org/two/aware/Caller", null, copied), "remembered, not read");
    }

    @Test
    void aDamagedFileIsSkippedLineByLineAndAnUnwritableOneChangesNoVerdict() throws Exception {
        Path cacheDir = Files.createDirectories(dir.resolve("cache"));
        Path file = cacheDir.resolve(ScanCache.FILE_NAME);
        Files.write(file, List.of("garbage", "0123456789abcdef0123456789abcdef org/lib/core/ 7",
                "0123456789abcdef0123456789abcdef org/lib/core/ 1 extra", "0123 org/lib/core/ 1", ""));
        Path jar = jar("lib.jar", Map.of("org/lib/core/Caller", caller("org/lib/core/Caller", false)));
        assertFalse(sources(cacheDir).isAware("org/lib/core/Caller", null, url(jar)));
        List<String> lines = Files.readAllLines(file);
        assertTrue(lines.get(lines.size() - 1).endsWith(" org/lib/core/ 0"), "appended after the damage: " + lines);

        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        ScanCache unwritable = ScanCache.in(notADirectory.toFile());
        Path other = jar("other.jar", Map.of("org/lib/core/Caller", caller("org/lib/core/Caller", true)));
        assertTrue(new CodeSources(List.of(), unwritable, null).isAware("org/lib/core/Caller", null, url(other)),
                "judged by reading, as without a cache");
        assertTrue(unwritable.describe().contains("not written"), unwritable.describe());
    }

    @Test
    void aFileGrownPastItsBoundKeepsItsNewestHalf() throws Exception {
        Path cacheDir = Files.createDirectories(dir.resolve("cache"));
        Path file = cacheDir.resolve(ScanCache.FILE_NAME);
        StringBuilder text = new StringBuilder();
        int n = ScanCache.MAX_LINES + 10;
        for (int i = 0; i < n; i++) {
            text.append(String.format("%032x", i)).append(" org/lib/core/ ").append(i % 2).append('\n');
        }
        Files.writeString(file, text);
        ScanCache cache = ScanCache.in(cacheDir.toFile());
        assertNull(cache.verdict(String.format("%032x", 0), "org/lib/core/"), "the oldest went");
        assertEquals(Boolean.TRUE, cache.verdict(String.format("%032x", n - 1), "org/lib/core/"), "the newest stayed");
        assertEquals(ScanCache.MAX_LINES / 2, Files.readAllLines(file).size());
    }

    @Test
    void theFingerprintFollowsContentsNamesAndSizes() throws Exception {
        byte[] aware = caller("org/lib/core/Caller", true);
        byte[] unaware = caller("org/lib/core/Caller", false);
        String a = fingerprint(jar("a.jar", Map.of("org/lib/core/Caller", unaware)), "");
        assertEquals(a, fingerprint(jar("b.jar", Map.of("org/lib/core/Caller", unaware)), ""), "same contents");
        assertNotEquals(a, fingerprint(jar("c.jar", Map.of("org/lib/core/Caller", aware)), ""), "other bytes");
        assertNotEquals(a, fingerprint(jar("d.jar", Map.of("org/lib/core/Called", unaware)), ""), "another name");
        Path nested = jar("e.jar", Map.of("org/lib/core/Caller", unaware));
        assertNull(fingerprint(nested, "BOOT-INF/lib/none.jar"), "no such entry");
        assertNull(fingerprint(nested, "org/lib/core/Caller"), "an entry's name must match whole: there is no such one");
        assertNotEquals(null, fingerprint(nested, "org/lib/core/Caller.class"));
        assertNotEquals(null, fingerprint(nested, "org/lib/"), "a directory: the entries under it");
    }

    @Test
    void theDefaultDirectoryIsUnderTheUsersCache() {
        java.io.File d = ScanCache.defaultDirectory();
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && new java.io.File(xdg).isAbsolute()) {
            assertEquals(new java.io.File(xdg, "gpm4j"), d);
        } else {
            assertEquals(new java.io.File(new java.io.File(System.getProperty("user.home"), ".cache"), "gpm4j"), d);
        }
        assertFalse(ScanCache.OFF.enabled());
        assertEquals("scan cache off", ScanCache.OFF.describe());
    }

    private static CodeSources sources(Path cacheDir) {
        return new CodeSources(List.of(), ScanCache.in(cacheDir.toFile()), null);
    }

    private static String fingerprint(Path jar, String prefix) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return ScanCache.fingerprint(zip, prefix);
        }
    }

    private static URL url(Path jar) throws IOException {
        return jar.toUri().toURL();
    }

    private Path jar(String name, Map<String, byte[]> classes) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (Map.Entry<String, byte[]> e : classes.entrySet()) {
                JarEntry entry = new JarEntry(e.getKey() + ".class");
                entry.setTime(0); // the same bytes at every build, as the fingerprint is compared
                out.putNextEntry(entry);
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return jar;
    }

    /** A class with one static method; when {@code aware} it calls {@code io.gpm4j.Go.gosched()} (never run). */
    private static byte[] caller(String name, boolean aware) {
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, name, null, "java/lang/Object", null);
        MethodVisitor m = w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "run", "()V", null, null);
        m.visitCode();
        if (aware) {
            m.visitMethodInsn(Opcodes.INVOKESTATIC, "io/gpm4j/Go", "gosched", "()V", false);
        } else {
            m.visitLdcInsn("plain " + new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
            m.visitInsn(Opcodes.POP);
        }
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        w.visitEnd();
        return w.toByteArray();
    }
}
