package io.gpm4j.agent.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.agent.analysis.ClassFiles;
import io.gpm4j.agent.analysis.CodeSources;
import io.gpm4j.agent.rewrite.ClassRewriter;
import io.gpm4j.agent.testkit.Driver;
import io.gpm4j.agent.testkit.RewritingClassLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.BasicVerifier;

/**
 * Bytecode from elsewhere: what compilers other than this build's javac produce, each rewritten,
 * verified and run suspended.
 *
 * <ul>
 *   <li>javac {@code --release 17}, {@code 21} and {@code 25}: sealed hierarchies, records, pattern
 *       switches with record patterns, nest mates, unnamed variables; compiled at test time (the
 *       running JDK's compiler, or the JDK 25 one at {@value #JDK25_JAVAC} for releases above it),
 *       rewritten, verified, and run in a continuation where the running JVM can load them.</li>
 *   <li>The Kotlin compiler's output: kotlin-stdlib and okio (a coroutine-free Kotlin library),
 *       every class rewritten wholesale as in {@link ThirdPartyJarsTest}, and the standard
 *       library's {@code joinToString} and okio's buffered source run suspended
 *       ({@code io.gpm4j.shapes.KotlinRun}).</li>
 *   <li>Class files from before Java 6 with JSR/RET subroutines: JUnit 3.8.1 (version 45) and
 *       Commons Lang 2.4 (version 46) rewritten wholesale, and a JUnit 3 test case whose steps
 *       suspend run through {@code TestCase.runBare}'s subroutine {@code finally}
 *       ({@code io.gpm4j.shapes.Junit3Run}).</li>
 * </ul>
 * The jars' figures, with the time per class, go to {@code target/foreign-bytecode-report.md}.
 */
class ForeignBytecodeTest {
    static final String JDK25_JAVAC = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/javac";
    private static final List<JarRun> RUNS = new ArrayList<>();

    /** Release 17: a sealed interface of records, type patterns, a switch expression, a nest mate's private field. */
    private static final String SOURCE_17 = """
            package foreign.r%1$d;
            import io.gpm4j.agent.testkit.Subject;
            import io.gpm4j.shapes.Yield;
            public final class Shapes implements Subject {
                sealed interface Shape permits Circle, Square {}
                record Circle(int r) implements Shape {}
                record Square(int side) implements Shape {}
                private int secret = 7;
                private Object result;
                final class Inner {
                    String peek() { return secret + ":" + Yield.value("inner"); }
                }
                static String describe(Shape s) {
                    if (s instanceof Circle c) {
                        return "circle" + c.r() + "=" + Yield.value("circle");
                    } else if (s instanceof Square q) {
                        return "square" + q.side() + "=" + Yield.value("square");
                    }
                    return "?";
                }
                static int weight(int n) {
                    return switch (n) {
                        case 0 -> 10;
                        default -> {
                            Object v = Yield.value("switch");
                            yield v.toString().length() + n;
                        }
                    };
                }
                public void run() {
                    long before = 42L;
                    StringBuilder b = new StringBuilder();
                    for (Shape s : new Shape[] {new Circle(2), new Square(3)}) {
                        b.append(describe(s)).append(' ');
                    }
                    b.append(weight(1)).append(' ').append(new Inner().peek()).append(' ').append(more());
                    result = b + " " + before;
                }
                String more() { return ""; }
                public Object result() { return result; }
            }
            """;

    /** Release 21 adds pattern switches over a sealed hierarchy with record patterns. */
    private static final String MORE_21 = """
                String more() {
                    Shape s = new Square(4);
                    return switch (s) {
                        case Circle(int r) when r > 10 -> "big";
                        case Circle(int r) -> "c" + r + Yield.value("c21");
                        case Square(int side) -> "s" + side + "=" + Yield.value("record pattern");
                    };
                }
            """;

    /** Release 25 adds unnamed variables and patterns ({@code _}). */
    private static final String MORE_25 = """
                String more() {
                    Shape s = new Circle(5);
                    int n = 0;
                    for (var _ : java.util.List.of(1, 2)) {
                        n++;
                    }
                    return switch (s) {
                        case Circle(var _) -> "unnamed" + n + "=" + Yield.value("unnamed");
                        case Square _ -> "square";
                    };
                }
            """;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "javac --release {0}")
    @ValueSource(ints = {17, 21, 25})
    void javacReleasesRewriteVerifyAndRun(int release) throws Exception {
        String source = String.format(SOURCE_17, release);
        if (release >= 21) {
            source = source.replace("    String more() { return \"\"; }\n", release >= 25 ? MORE_21.replace("more()", "more21()")
                    + MORE_25 : MORE_21);
        }
        Path classes = compile(release, "foreign.r" + release + ".Shapes", source);
        Map<String, byte[]> files = classFiles(classes);
        assertTrue(files.size() >= 5, "the subject, its records, interface and nest mate: " + files.keySet());
        try (URLClassLoader compiled = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            // every class rewrites (each method as if it could suspend) and passes the verifier's data flow
            ClassRewriter everything = new ClassRewriter(new ClassFiles(), ClassRewriter.Scope.EVERYTHING);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                assertEquals(release + 44, new ClassReader(f.getValue()).readShort(6), f.getKey() + "'s class file version");
                ClassRewriter.Outcome o = everything.rewrite(f.getValue(), compiled);
                assertEquals(List.of(), o.refused(), f.getKey());
                if (o.changed()) {
                    assertEquals("", dataFlowErrors(o.bytes()), f.getKey());
                }
            }
            Assumptions.assumeTrue(Runtime.version().feature() >= release, "release " + release
                    + " classes were rewritten and verified; running them needs JDK " + release + " or later");
            RewritingClassLoader rewriting = new RewritingClassLoader(compiled, new ClassRewriter(), "foreign.",
                    "io.gpm4j.shapes.");
            Driver.Run run = new Driver(rewriting).run((io.gpm4j.agent.testkit.Subject)
                    rewriting.loadClass("foreign.r" + release + ".Shapes").getDeclaredConstructor().newInstance());
            List<Object> yielded = new ArrayList<>(List.of("circle", "square", "switch", "inner"));
            String more = "";
            if (release >= 21) {
                yielded.add(release >= 25 ? "unnamed" : "record pattern");
                more = release >= 25 ? "unnamed2=resume-5" : "s4=resume-5";
            }
            assertEquals(yielded, run.yielded());
            // weight(1): "resume-3".length() + 1
            assertEquals("circle2=resume-1 square3=resume-2 9 7:resume-4 " + more + " 42", run.result());
        }
    }

    @Test
    void kotlinStdlibRewritesWholesale() {
        check(JarClasses.of("kotlin-stdlib", kotlin.collections.CollectionsKt.class));
    }

    @Test
    void okioRewritesWholesale() {
        check(JarClasses.of("okio (Kotlin)", okio.Okio.class));
    }

    @Test
    void kotlinCodeRunsSuspended() {
        // the Kotlin standard library and okio never mention gpm4j: their calls of the user's
        // lambda (Function1.invoke) and Source.read are known to suspend only when the user names
        // them (the agent's aware=kotlin,okio); without, each would pin
        ClassRewriter rewriter = new ClassRewriter(new ClassFiles(), ClassRewriter.Scope.INFERRED, null,
                new CodeSources(List.of("kotlin", "okio")));
        Driver.Run run = new Driver(new RewritingClassLoader(getClass().getClassLoader(), rewriter,
                "io.gpm4j.shapes.", "kotlin.", "okio.")).run("KotlinRun");
        assertEquals(List.of("a", "b", "read1", "read2"), run.yielded());
        assertEquals("[a=resume-1,b=resume-2] resume-3|resume-4|null 42", run.result());
    }

    @Test
    void junit3WithJsrSubroutinesRewritesWholesale() {
        JarClasses jar = JarClasses.of("junit 3.8.1 (JSR/RET)", junit.framework.TestCase.class);
        assertTrue(jsrMethods(jar) > 0, "JUnit 3.8.1 is expected to hold JSR/RET subroutines");
        check(jar);
    }

    @Test
    void commonsLang2WithJsrSubroutinesRewritesWholesale() {
        JarClasses jar = JarClasses.of("commons-lang 2.4 (JSR/RET)", org.apache.commons.lang.StringUtils.class);
        assertTrue(jsrMethods(jar) > 0, "Commons Lang 2.4 is expected to hold JSR/RET subroutines");
        check(jar);
    }

    /**
     * Every method rewritten ({@code Scope.EVERYTHING}): inference alone would leave
     * {@code TestCase.runBare} as it is, since the {@code setUp} and {@code runTest} it calls are
     * concrete methods that do not suspend, and overrides loaded later that suspend pin (see
     * {@code LateOverridePinTest}). What this shows is that the subroutines, once inlined and
     * rewritten, suspend and resume correctly.
     */
    @Test
    void junit3TestCaseRunsSuspendedThroughSubroutines() {
        ClassRewriter everything = new ClassRewriter(new ClassFiles(), ClassRewriter.Scope.EVERYTHING);
        Driver.Run run = new Driver(new RewritingClassLoader(getClass().getClassLoader(), everything,
                "io.gpm4j.shapes.", "junit.")).run("Junit3Run");
        assertEquals(List.of("setUp", "test", "tearDown"), run.yielded(), String.valueOf(run.result()));
        assertEquals("setUp=resume-1 test=resume-2 tearDown=resume-3; runs=1 failures=0 errors=0 42", run.result());
    }

    @AfterAll
    static void report() {
        if (RUNS.isEmpty()) {
            return;
        }
        Path file = Path.of(System.getProperty("basedir", "."), "target", "foreign-bytecode-report.md");
        Report.write(file, RUNS);
        System.out.println("gpm4j foreign bytecode (Scope.EVERYTHING), report: " + file.toAbsolutePath().normalize());
        System.out.print(Report.table(RUNS));
    }

    private static void check(JarClasses jar) {
        JarRun r = ThirdPartyJarsTest.checked(jar, ForeignBytecodeTest.class.getClassLoader());
        synchronized (RUNS) {
            RUNS.add(r);
        }
    }

    /** Methods of the jar that contain a JSR instruction. */
    private static int jsrMethods(JarClasses jar) {
        int n = 0;
        for (byte[] bytes : jar.classes.values()) {
            ClassNode node = new ClassNode();
            new ClassReader(bytes).accept(node, ClassReader.SKIP_DEBUG);
            for (MethodNode m : node.methods) {
                for (var insn : m.instructions) {
                    if (insn.getOpcode() == Opcodes.JSR) {
                        n++;
                        break;
                    }
                }
            }
        }
        return n;
    }

    /** ASM's data-flow verifier (types as the JVM's basic kinds, no class loading) over every method. */
    private static String dataFlowErrors(byte[] bytes) {
        ClassNode node = new ClassNode();
        new ClassReader(bytes).accept(node, 0);
        StringBuilder errors = new StringBuilder();
        for (MethodNode m : node.methods) {
            try {
                new Analyzer<BasicValue>(new BasicVerifier()).analyze(node.name, m);
            } catch (AnalyzerException e) {
                errors.append(m.name).append(m.desc).append(": ").append(e.getMessage()).append('\n');
            }
        }
        return errors.toString();
    }

    /**
     * Compiles one source with {@code --release release}: with the running JDK's compiler when it
     * knows the release, else with JDK 25's javac when installed; otherwise the test is skipped.
     */
    private Path compile(int release, String className, String source) throws Exception {
        Path src = dir.resolve("src").resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path out = Files.createDirectories(dir.resolve("classes"));
        List<String> args = List.of("--release", String.valueOf(release), "-g", "-d", out.toString(),
                "-cp", System.getProperty("java.class.path"), src.toString());
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status;
        if (Runtime.version().feature() >= release) {
            status = ToolProvider.getSystemJavaCompiler().run(null, errors, errors, args.toArray(new String[0]));
        } else {
            Assumptions.assumeTrue(Files.isExecutable(Path.of(JDK25_JAVAC)), "javac --release " + release
                    + " needs JDK " + release + " or " + JDK25_JAVAC + ", neither of which is here");
            List<String> command = new ArrayList<>();
            command.add(JDK25_JAVAC);
            command.addAll(args);
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().transferTo(errors);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "javac did not finish");
            status = p.exitValue();
        }
        assertEquals(0, status, "javac --release " + release + ":\n" + errors);
        return out;
    }

    private static Map<String, byte[]> classFiles(Path classes) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) all.filter(f -> f.toString().endsWith(".class"))::iterator) {
                files.put(classes.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }
}
