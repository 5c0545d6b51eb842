package io.gpm4j.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.agent.analysis.ClassFiles;
import io.gpm4j.agent.analysis.CodeSources;
import io.gpm4j.agent.analysis.SuspendableMethods;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Calls through interfaces and abstract methods count as suspendable only in libraries that know
 * about goroutines (issue 13: an embedded server's own interface calls made it rewritten wholesale);
 * a library that does not is judged like the JDK. Each library here is the same three classes in
 * its own packages: an interface {@code Api} ({@code void call()}), an annotated functional
 * interface {@code Fn}, and {@code Caller} with {@code use(Api)}, {@code useFn(Fn)} and
 * {@code useRunnable(Runnable)} calling them, and {@code sleep()} calling {@code Thread.sleep}. They sit in jars and directories, alone and
 * side by side as in a fat jar; a library "knows" when one of its classes mentions {@code io/gpm4j/}.
 */
class UnawareLibrariesTest {
    @TempDir
    Path dir;

    @Test
    void aLibraryThatNeverMentionsGpm4jHasItsInterfaceCallsJudgedLikeTheJdks() throws Exception {
        Path jar = jar("plain.jar", library("org/lib/core", false));
        SuspendableMethods analysis = analysis(jar, new CodeSources());
        assertFalse(analysis.isSuspendable("org/lib/core/Caller", "use", "(Lorg/lib/core/Api;)V"),
                "a call through the library's own interface");
        assertFalse(analysis.isSuspendable("org/lib/core/Caller", "useFn", "(Lorg/lib/core/Fn;)V"),
                "a call through its own functional interface");
        assertFalse(analysis.isSuspendable("org/lib/core/Caller", "useRunnable", "(Ljava/lang/Runnable;)V"),
                "a call through a JDK functional interface, as in JDK code");
        assertFalse(analysis.isSuspendable("org/lib/core/Caller", "sleep", "()V"),
                "no method of it suspends: Thread.sleep blocks the carrier, as in JDK code");
    }

    @Test
    void aLibraryThatMentionsGpm4jKeepsTheOpenWorldRule() throws Exception {
        Path jar = jar("aware.jar", library("com/app/shop", true));
        SuspendableMethods analysis = analysis(jar, new CodeSources());
        assertTrue(analysis.isSuspendable("com/app/shop/Caller", "use", "(Lcom/app/shop/Api;)V"));
        assertTrue(analysis.isSuspendable("com/app/shop/Caller", "useFn", "(Lcom/app/shop/Fn;)V"));
        assertTrue(analysis.isSuspendable("com/app/shop/Caller", "useRunnable", "(Ljava/lang/Runnable;)V"));
    }

    /** A fat jar bundles both: each library (three leading package names) is judged on its own. */
    @Test
    void inAFatJarEachLibraryIsJudgedByItsOwnClasses() throws Exception {
        Map<String, byte[]> both = new java.util.LinkedHashMap<>(library("org/lib/core", false));
        both.putAll(library("com/app/shop", true));
        both.putAll(library("com/app/shop/web", false)); // a subpackage of an aware library
        Path jar = jar("fat.jar", both);
        SuspendableMethods analysis = analysis(jar, new CodeSources());
        assertFalse(analysis.isSuspendable("org/lib/core/Caller", "use", "(Lorg/lib/core/Api;)V"));
        assertTrue(analysis.isSuspendable("com/app/shop/Caller", "use", "(Lcom/app/shop/Api;)V"));
        assertTrue(analysis.isSuspendable("com/app/shop/web/Caller", "use", "(Lcom/app/shop/web/Api;)V"));
    }

    @Test
    void aClassesDirectoryIsReadLikeAJar() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        write(classes, library("org/lib/core", false));
        write(classes, library("com/app/shop", true));
        SuspendableMethods analysis = analysis(classes, new CodeSources());
        assertFalse(analysis.isSuspendable("org/lib/core/Caller", "use", "(Lorg/lib/core/Api;)V"));
        assertTrue(analysis.isSuspendable("com/app/shop/Caller", "use", "(Lcom/app/shop/Api;)V"));
    }

    /** A library's classes in a directory include its subpackages': one of them that mentions gpm4j suffices. */
    @Test
    void aClassesDirectoryIsReadDownItsSubpackages() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("nested"));
        write(classes, library("com/app/shop", false));
        write(classes, library("com/app/shop/web/api", true));
        write(classes, library("org/lib/core", false));
        write(classes, library("org/lib/core/util", false));
        SuspendableMethods analysis = analysis(classes, new CodeSources());
        assertTrue(analysis.isSuspendable("com/app/shop/Caller", "use", "(Lcom/app/shop/Api;)V"));
        assertFalse(analysis.isSuspendable("org/lib/core/Caller", "use", "(Lorg/lib/core/Api;)V"));
    }

    /** The agent's {@code aware=} option: a library whose callbacks the user's goroutines suspend in. */
    @Test
    void aLibraryNamedAwareKeepsTheOpenWorldRule() throws Exception {
        Path jar = jar("named.jar", library("org/lib/core", false));
        SuspendableMethods analysis = analysis(jar, new CodeSources(List.of("org.lib")));
        assertTrue(analysis.isSuspendable("org/lib/core/Caller", "use", "(Lorg/lib/core/Api;)V"));
    }

    @Test
    void theRewriterLeavesAnUnawareCallerAloneAndRewritesAnAwareOne() throws Exception {
        Map<String, byte[]> both = new java.util.LinkedHashMap<>(library("org/lib/core", false));
        both.putAll(library("com/app/shop", true));
        Path jar = jar("rewrite.jar", both);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            ClassRewriter rewriter = new ClassRewriter();
            assertFalse(rewriter.needsRewrite(both.get("org/lib/core/Caller"), loader), "decided from its bytes");
            ClassRewriter.Outcome plain = rewriter.rewrite(both.get("org/lib/core/Caller"), loader);
            assertEquals(List.of(), plain.rewritten());
            assertTrue(rewriter.needsRewrite(both.get("com/app/shop/Caller"), loader));
            ClassRewriter.Outcome aware = rewriter.rewrite(both.get("com/app/shop/Caller"), loader);
            assertTrue(aware.rewritten().containsAll(List.of("use(Lcom/app/shop/Api;)V", "useFn(Lcom/app/shop/Fn;)V")),
                    aware.rewritten().toString());
            new io.gpm4j.agent.testkit.RewritingClassLoader(loader, rewriter).verify("com/app/shop/Caller", aware.bytes());
        }
    }

    /**
     * The transformer names a class's jar or directory from its protection domain's code source
     * ({@link CodeSources#rootOf}), without the class path lookup of {@link CodeSources#root}: both
     * must name it alike, or one library would be judged twice under two keys. A class defined by
     * a {@code URLClassLoader} gets the URL it came from as its code source location.
     */
    @Test
    void aCodeSourceLocationNamesTheSameRootAsTheClassPathLookup() throws Exception {
        Path jar = jar("located.jar", library("org/lib/core", false));
        Path classes = Files.createDirectories(dir.resolve("located classes"));
        write(classes, library("com/app/shop", true));
        for (Path codeSource : List.of(jar, classes)) {
            URL location = codeSource.toUri().toURL();
            try (URLClassLoader loader = new URLClassLoader(new URL[] {location}, null)) {
                String name = codeSource == jar ? "org/lib/core/Caller" : "com/app/shop/Caller";
                Class<?> c = loader.loadClass(name.replace('/', '.'));
                URL defined = c.getProtectionDomain().getCodeSource().getLocation();
                assertEquals(CodeSources.root(name, loader), CodeSources.rootOf(defined), codeSource.toString());
            }
        }
        assertEquals("jar:file:/app.jar!/BOOT-INF/lib/x.jar!/", CodeSources.rootOf(new URL("jar:file:/app.jar!/BOOT-INF/lib/x.jar!/")),
                "a jar in a jar names itself");
        assertEquals(null, CodeSources.rootOf(new URL("jar:file:/app.jar!/")), "a plain jar's jar: URL: looked up");
        assertEquals(null, CodeSources.rootOf(null));
    }

    /**
     * An executable jar as Spring Boot builds one: libraries as jars in {@code BOOT-INF/lib} (one
     * stored, as Spring Boot stores them, one deflated), the application's classes under
     * {@code BOOT-INF/classes}. Each library is read through the outer jar and judged by its own
     * class files, for the code source URLs of Spring Boot 3.2 and later ({@code jar:nested:})
     * and of earlier versions ({@code jar:file:...!/...!/}); an entry the jar does not have
     * cannot be judged and counts as aware.
     */
    @Test
    void librariesInsideAnExecutableJarAreReadThroughIt() throws Exception {
        Map<String, byte[]> own = new java.util.LinkedHashMap<>(library("com/app/shop", true));
        own.putAll(library("org/own/util", false));
        Path app = dir.resolve("app dir").resolve("app.jar");
        Files.createDirectories(app.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(app))) {
            nested(out, "BOOT-INF/lib/plain.jar", Files.readAllBytes(jar("plain.jar", library("org/lib/core", false))), true);
            nested(out, "BOOT-INF/lib/aware.jar", Files.readAllBytes(jar("aware.jar", library("com/lib/web", true))), false);
            Map<String, byte[]> two = new java.util.LinkedHashMap<>(library("org/two/aware", true));
            two.putAll(library("org/two/plain", false));
            nested(out, "BOOT-INF/lib/two.jar", Files.readAllBytes(jar("two.jar", two)), true);
            out.putNextEntry(new JarEntry("BOOT-INF/classes/"));
            out.closeEntry();
            for (Map.Entry<String, byte[]> e : own.entrySet()) {
                out.putNextEntry(new JarEntry("BOOT-INF/classes/" + e.getKey() + ".class"));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        java.net.URLStreamHandler springs = new java.net.URLStreamHandler() {
            @Override
            protected java.net.URLConnection openConnection(URL u) {
                throw new UnsupportedOperationException("only the URL's text is used");
            }
        };
        String raw = app.toUri().getRawPath(); // "app%20dir": Spring Boot's JarUrl writes the raw path
        for (boolean springBoot32 : new boolean[] {true, false}) {
            java.util.function.Function<String, URL> source = entry -> {
                try {
                    return springBoot32 ? new URL(null, "jar:nested:" + raw + "/!" + entry + "!/", springs)
                            : new URL("jar:" + app.toUri() + "!/" + entry + "!/");
                } catch (java.net.MalformedURLException e) {
                    throw new AssertionError(e);
                }
            };
            CodeSources sources = new CodeSources();
            String form = springBoot32 ? "jar:nested: " : "jar:file: ";
            assertFalse(sources.isAware("org/lib/core/Caller", null, source.apply("BOOT-INF/lib/plain.jar")), form + "stored jar");
            assertTrue(sources.isAware("com/lib/web/Caller", null, source.apply("BOOT-INF/lib/aware.jar")), form + "deflated jar");
            assertTrue(sources.isAware("com/app/shop/Caller", null, source.apply(springBoot32 ? "BOOT-INF/classes/" : "BOOT-INF/classes")),
                    form + "the application's classes");
            assertFalse(sources.isAware("org/own/util/Caller", null, source.apply(springBoot32 ? "BOOT-INF/classes/" : "BOOT-INF/classes")),
                    form + "an unaware package among the application's classes");
            assertTrue(sources.isAware("org/lib/gone/Caller", null, source.apply("BOOT-INF/lib/gone.jar")), form + "no such entry");
            // one jar, two libraries, judged in one pass: each by its own class files
            assertFalse(sources.isAware("org/two/plain/Caller", null, source.apply("BOOT-INF/lib/two.jar")), form + "two.jar's plain one");
            assertTrue(sources.isAware("org/two/aware/Caller", null, source.apply("BOOT-INF/lib/two.jar")), form + "two.jar's aware one");
        }
    }

    /** Writes {@code bytes} as the entry {@code name}, stored (uncompressed, with its CRC) or deflated. */
    private static void nested(JarOutputStream out, String name, byte[] bytes, boolean stored) throws IOException {
        JarEntry e = new JarEntry(name);
        if (stored) {
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(bytes);
            e.setMethod(JarEntry.STORED);
            e.setSize(bytes.length);
            e.setCompressedSize(bytes.length);
            e.setCrc(crc.getValue());
        }
        out.putNextEntry(e);
        out.write(bytes);
        out.closeEntry();
    }

    @Test
    void librariesAreTheFirstThreePackageNames() {
        assertEquals("org/eclipse/jetty/", CodeSources.library("org/eclipse/jetty/server/Server"));
        assertEquals("com/google/common/", CodeSources.library("com/google/common/collect/Lists"));
        assertEquals("okio/", CodeSources.library("okio/Buffer"));
        assertEquals("", CodeSources.library("Main"));
    }

    private SuspendableMethods analysis(Path codeSource, CodeSources sources) throws IOException {
        URLClassLoader loader = new URLClassLoader(new URL[] {codeSource.toUri().toURL()}, null);
        return new SuspendableMethods(new ClassFiles(), loader, sources);
    }

    /**
     * {@code pkg}'s Api, Fn and Caller; when {@code aware}, Caller also has a method calling
     * {@code io.gpm4j.Go.gosched()} (never run: it only puts gpm4j in the constant pool).
     */
    private static Map<String, byte[]> library(String pkg, boolean aware) {
        Map<String, byte[]> classes = new java.util.LinkedHashMap<>();
        classes.put(pkg + "/Api", iface(pkg + "/Api", "call", false));
        classes.put(pkg + "/Fn", iface(pkg + "/Fn", "apply", true));
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, pkg + "/Caller", null, "java/lang/Object", null);
        caller(w, "use", pkg + "/Api", "call");
        caller(w, "useFn", pkg + "/Fn", "apply");
        caller(w, "useRunnable", "java/lang/Runnable", "run");
        MethodVisitor sleep = w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "sleep", "()V", null,
                new String[] {"java/lang/InterruptedException"});
        sleep.visitCode();
        sleep.visitInsn(Opcodes.LCONST_1);
        sleep.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Thread", "sleep", "(J)V", false);
        sleep.visitInsn(Opcodes.RETURN);
        sleep.visitMaxs(0, 0);
        sleep.visitEnd();
        if (aware) {
            MethodVisitor m = w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "yield", "()V", null, null);
            m.visitCode();
            m.visitMethodInsn(Opcodes.INVOKESTATIC, "io/gpm4j/Go", "gosched", "()V", false);
            m.visitInsn(Opcodes.RETURN);
            m.visitMaxs(0, 0);
            m.visitEnd();
        }
        w.visitEnd();
        classes.put(pkg + "/Caller", w.toByteArray());
        return classes;
    }

    private static void caller(ClassWriter w, String name, String iface, String method) {
        MethodVisitor m = w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, name, "(L" + iface + ";)V", null, null);
        m.visitCode();
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitMethodInsn(Opcodes.INVOKEINTERFACE, iface, method, "()V", true);
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
    }

    private static byte[] iface(String name, String method, boolean functional) {
        ClassWriter w = new ClassWriter(0);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_INTERFACE | Opcodes.ACC_ABSTRACT, name, null,
                "java/lang/Object", null);
        if (functional) {
            w.visitAnnotation("Ljava/lang/FunctionalInterface;", true).visitEnd();
        }
        w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_ABSTRACT, method, "()V", null, null).visitEnd();
        w.visitEnd();
        return w.toByteArray();
    }

    private Path jar(String name, Map<String, byte[]> classes) throws IOException {
        Path jar = dir.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Map.Entry<String, byte[]> e : classes.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey() + ".class"));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return jar;
    }

    private static void write(Path root, Map<String, byte[]> classes) throws IOException {
        for (Map.Entry<String, byte[]> e : classes.entrySet()) {
            Path file = root.resolve(e.getKey() + ".class");
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                out.write(e.getValue());
            }
        }
    }
}
