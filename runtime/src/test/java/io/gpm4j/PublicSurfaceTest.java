package io.gpm4j;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gpm4j.runtime.Continuation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public surface of the runtime jar, checked over its compiled classes and its sources (an
 * ArchUnit-style test without ArchUnit). There is no {@code module-info}: the runtime is used on
 * the class path (the agent shades it in), where a module would not be enforced, so this test is
 * the fence between the public API ({@code API.md}) and the machine room.
 *
 * <ol>
 *   <li>The public types of {@code io.gpm4j} and its API packages are exactly API.md's.</li>
 *   <li>The public types of {@code io.gpm4j.runtime} and its subpackages are exactly
 *       {@link #RUNTIME_API} and {@link #INTERNAL}; each internal one is final (or an interface,
 *       an enum, a record) and its Javadoc starts with {@value #INTERNAL_PHRASE}.</li>
 *   <li>No public or protected member of an API type mentions a type that is not API.</li>
 * </ol>
 * The examples (user code) are checked by {@code ExamplesUseOnlyTheApiTest} in their module.
 */
class PublicSurfaceTest {
    /** The fixed phrase that opens the Javadoc of every public type that is not API. */
    static final String INTERNAL_PHRASE = "Internal: not part of the public API;";

    /**
     * API.md's types (nested types with {@code $}), UncaughtGoroutineException, and Go's errgroup
     * ({@code io.gpm4j.sync.ErrGroup}, issue 12, whose signatures API.md leaves to the design), and
     * UDP ({@code io.gpm4j.net.PacketConn}, which API.md leaves out; issue 12's "if it fits").
     * The packages API.md promises but the runtime jar does not hold yet ({@code io.gpm4j.net})
     * are listed so that they may arrive without editing this test.
     */
    static final Set<String> API = Set.of(
            "io.gpm4j.Go", "io.gpm4j.Chan", "io.gpm4j.Chan$Received", "io.gpm4j.Select",
            "io.gpm4j.Select$Case", "io.gpm4j.Suspendable", "io.gpm4j.DeadlockException",
            "io.gpm4j.UncaughtGoroutineException",
            "io.gpm4j.sync.Mutex", "io.gpm4j.sync.RWMutex", "io.gpm4j.sync.WaitGroup",
            "io.gpm4j.sync.Once", "io.gpm4j.sync.Cond",
            "io.gpm4j.sync.ErrGroup", "io.gpm4j.sync.ErrGroup$Task",
            "io.gpm4j.time.Time", "io.gpm4j.time.Timer", "io.gpm4j.time.Ticker",
            "io.gpm4j.net.Net", "io.gpm4j.net.Listener", "io.gpm4j.net.Conn",
            "io.gpm4j.net.PacketConn", "io.gpm4j.net.PacketConn$Packet",
            "io.gpm4j.bufio.Reader", "io.gpm4j.bufio.Writer",
            "io.gpm4j.context.Context", "io.gpm4j.context.CancelContext",
            "io.gpm4j.context.Canceled", "io.gpm4j.context.DeadlineExceeded");

    /** The API packages the runtime jar holds today: every API type of these must exist. */
    static final Set<String> API_PACKAGES_PRESENT = Set.of("io.gpm4j", "io.gpm4j.sync", "io.gpm4j.time",
            "io.gpm4j.context", "io.gpm4j.net", "io.gpm4j.bufio");

    /** The API types that live in the machine room's package: continuations and their pin handler. */
    static final Set<String> RUNTIME_API = Set.of(
            "io.gpm4j.runtime.Continuation", "io.gpm4j.runtime.Continuation$PinHandler",
            "io.gpm4j.runtime.PinReason");

    /**
     * The machine room's public types that are not API, each public only because another gpm4j
     * package (or the code the agent emits, in any package) uses it. Keep HACKING.md in step.
     */
    static final Set<String> INTERNAL = Set.of(
            "io.gpm4j.runtime.CallSites", // the agent fills it (agent.rewrite)
            "io.gpm4j.runtime.CallSites$Method", // the agent builds the records it registers
            "io.gpm4j.runtime.CarrierBuffer", // io.gpm4j.net reads and writes heap arrays through it
            "io.gpm4j.runtime.CarrierThread", // bench and agent tests run continuations on one
            "io.gpm4j.runtime.CountersFile", // the agent's stat command reads the file
            "io.gpm4j.runtime.CountersFile$Visitor", // the agent's stat command reads the file
            "io.gpm4j.runtime.Frames", // rewritten code, in any package, calls it
            "io.gpm4j.runtime.GoMain", // the agent's main mode rewrites main to call it
            "io.gpm4j.runtime.Goroutines", // io.gpm4j, sync, time, runtime.park
            "io.gpm4j.runtime.JfrNames", // the agent's JFR report
            "io.gpm4j.runtime.LambdaTargets", // the agent fills it
            "io.gpm4j.runtime.MethodNames", // the agent numbers names
            "io.gpm4j.runtime.ParkUnlock", // channels, select, sync, time
            "io.gpm4j.runtime.PollDesc", // io.gpm4j.net parks on it
            "io.gpm4j.runtime.RuntimeLock", // channels, sync
            "io.gpm4j.runtime.RuntimeNames", // the agent's side of the contract
            "io.gpm4j.runtime.RuntimeTimer", // io.gpm4j.time
            "io.gpm4j.runtime.RuntimeTimer$Fire", // io.gpm4j.time
            "io.gpm4j.runtime.ThreadFieldsGrant", // the agent hands it the access to Thread's ThreadLocal maps
            "io.gpm4j.runtime.WaitReason", // channels, select, sync, time, net park with one
            "io.gpm4j.runtime.Waiter", // channels, select, sync, time
            "io.gpm4j.runtime.park.Parking", // channels, select, sync, time (rewritten package)
            "io.gpm4j.runtime.park.ThreadCalls"); // rewritten code: Thread.sleep and Thread.yield redirected

    private static final String MACHINE_ROOM = "io.gpm4j.runtime";

    @Test
    void apiPackagesExportExactlyApiMdsTypes() {
        List<String> problems = new ArrayList<>();
        Set<String> present = new TreeSet<>();
        for (Class<?> c : publicTypes()) {
            if (inMachineRoom(c)) {
                continue;
            }
            present.add(c.getName());
            if (!API.contains(c.getName())) {
                problems.add(c.getName() + " is public in an API package but is not in API.md: make it"
                        + " package-private (or nest it privately); if users truly need it, add it to"
                        + " API.md first (a promise to every user) and then to PublicSurfaceTest.API");
            }
        }
        for (String name : API) {
            if (API_PACKAGES_PRESENT.contains(packageOf(name)) && !present.contains(name)) {
                problems.add(name + " is in API.md but is missing or not public: API.md's names are"
                        + " fixed (add, don't rename)");
            }
        }
        assertNoProblems(problems);
    }

    @Test
    void machineRoomExportsOnlyItsAllowList() throws IOException {
        List<String> problems = new ArrayList<>();
        Set<String> present = new HashSet<>();
        for (Class<?> c : publicTypes()) {
            if (!inMachineRoom(c)) {
                continue;
            }
            present.add(c.getName());
            if (RUNTIME_API.contains(c.getName())) {
                continue;
            }
            if (!INTERNAL.contains(c.getName())) {
                problems.add(c.getName() + " is public in the machine room but on no list: make it"
                        + " package-private if no other package needs it (grep runtime, agent, tests,"
                        + " bench, stress, examples); if one does, make it final, open its Javadoc with \""
                        + INTERNAL_PHRASE + " public because ...\" and add it to"
                        + " PublicSurfaceTest.INTERNAL and HACKING.md's map");
                continue;
            }
            boolean closed = c.isInterface() || c.isEnum() || c.isRecord() || Modifier.isFinal(c.getModifiers());
            if (!closed) {
                problems.add(c.getName() + " is internal and public but can be subclassed: make it final");
            }
            String doc = javadocOf(c);
            if (doc == null || !doc.startsWith(INTERNAL_PHRASE)) {
                problems.add(c.getName() + " is internal and public, but its Javadoc does not start with \""
                        + INTERNAL_PHRASE + "\" (found: " + (doc == null ? "no Javadoc"
                        : '"' + doc.substring(0, Math.min(80, doc.length())) + "...\"") + ")");
            }
        }
        for (String name : INTERNAL) {
            if (!present.contains(name)) {
                problems.add(name + " is on PublicSurfaceTest.INTERNAL but is gone or no longer public:"
                        + " take it off the list (the list must stay exact)");
            }
        }
        for (String name : RUNTIME_API) {
            if (!present.contains(name)) {
                problems.add(name + " is API but is missing or not public");
            }
        }
        assertNoProblems(problems);
    }

    @Test
    void apiSignaturesMentionOnlyApiTypes() {
        List<String> problems = new ArrayList<>();
        for (Class<?> c : publicTypes()) {
            if (!isApi(c.getName())) {
                continue;
            }
            check(problems, c.getName() + " (supertype)", c.getGenericSuperclass());
            for (Type t : c.getGenericInterfaces()) {
                check(problems, c.getName() + " (supertype)", t);
            }
            for (TypeVariable<?> v : c.getTypeParameters()) {
                check(problems, c.getName() + " (type parameter)", v);
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (visible(k) && !k.isSynthetic()) {
                    checkExecutable(problems, k.toGenericString(), k.getGenericParameterTypes(),
                            k.getGenericExceptionTypes(), k.getTypeParameters());
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (visible(m) && !m.isSynthetic() && !m.isBridge()) {
                    check(problems, m.toGenericString(), m.getGenericReturnType());
                    checkExecutable(problems, m.toGenericString(), m.getGenericParameterTypes(),
                            m.getGenericExceptionTypes(), m.getTypeParameters());
                }
            }
            for (Field f : c.getDeclaredFields()) {
                if (visible(f) && !f.isSynthetic()) {
                    check(problems, f.toGenericString(), f.getGenericType());
                }
            }
        }
        assertNoProblems(problems);
    }

    /** The scan sees the runtime's classes and sources: a check of the checks themselves. */
    @Test
    void theScanSeesTheRuntimeJar() {
        Set<String> names = publicTypes().stream().map(Class::getName).collect(Collectors.toSet());
        assertTrue(names.contains(Go.class.getName()), names.toString());
        assertTrue(names.contains(Continuation.class.getName()), names.toString());
        assertTrue(names.contains("io.gpm4j.runtime.park.Parking"), names.toString());
        assertTrue(javadocOf(Go.class) != null, "the Javadoc reader finds no Javadoc on Go");
    }

    // ------------------------------------------------------------------ the scan

    private static void checkExecutable(List<String> problems, String where, Type[] params, Type[] exceptions,
            TypeVariable<?>[] typeParams) {
        for (Type t : params) {
            check(problems, where, t);
        }
        for (Type t : exceptions) {
            check(problems, where, t);
        }
        for (TypeVariable<?> v : typeParams) {
            check(problems, where, v);
        }
    }

    private static void check(List<String> problems, String where, Type type) {
        Set<String> found = new TreeSet<>();
        internalTypesIn(type, found, new HashSet<>());
        for (String name : found) {
            problems.add(where + " mentions " + name + ", which is not API: an API signature may name only"
                    + " API types (API.md's, Continuation, Continuation.PinHandler, PinReason) and the JDK;"
                    + " make the member package-private or hide the type behind an API one");
        }
    }

    private static void internalTypesIn(Type type, Set<String> found, Set<Type> seen) {
        if (type == null || !seen.add(type)) {
            return;
        }
        if (type instanceof Class<?> c) {
            while (c.isArray()) {
                c = c.getComponentType();
            }
            if (c.getName().startsWith("io.gpm4j.") && !isApi(c.getName())) {
                found.add(c.getName());
            }
        } else if (type instanceof ParameterizedType p) {
            internalTypesIn(p.getRawType(), found, seen);
            internalTypesIn(p.getOwnerType(), found, seen);
            for (Type a : p.getActualTypeArguments()) {
                internalTypesIn(a, found, seen);
            }
        } else if (type instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                internalTypesIn(b, found, seen);
            }
            for (Type b : w.getLowerBounds()) {
                internalTypesIn(b, found, seen);
            }
        } else if (type instanceof GenericArrayType g) {
            internalTypesIn(g.getGenericComponentType(), found, seen);
        } else if (type instanceof TypeVariable<?> v) {
            for (Type b : v.getBounds()) {
                internalTypesIn(b, found, seen);
            }
        }
    }

    private static boolean isApi(String className) {
        return API.contains(className) || RUNTIME_API.contains(className);
    }

    private static boolean visible(Member m) {
        int mod = m.getModifiers();
        return Modifier.isPublic(mod) || Modifier.isProtected(mod);
    }

    private static boolean inMachineRoom(Class<?> c) {
        String p = c.getPackageName();
        return p.equals(MACHINE_ROOM) || p.startsWith(MACHINE_ROOM + ".");
    }

    private static String packageOf(String className) {
        return className.substring(0, className.lastIndexOf('.'));
    }

    /** Every type under io/gpm4j in the runtime's classes that code outside its package can name. */
    static List<Class<?>> publicTypes() {
        Path root = classesRoot();
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("io/gpm4j"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().collect(Collectors.toList())) {
                String name = root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".");
                name = name.substring(0, name.length() - ".class".length());
                if (name.endsWith("package-info") || name.endsWith("module-info")) {
                    continue;
                }
                Class<?> c = Class.forName(name, false, PublicSurfaceTest.class.getClassLoader());
                if (accessibleEverywhere(c)) {
                    types.add(c);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
        return types;
    }

    private static boolean accessibleEverywhere(Class<?> c) {
        if (c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic()) {
            return false;
        }
        int mod = c.getModifiers();
        Class<?> outer = c.getDeclaringClass();
        if (outer == null) {
            return Modifier.isPublic(mod);
        }
        return (Modifier.isPublic(mod) || Modifier.isProtected(mod)) && accessibleEverywhere(outer);
    }

    /** The runtime's compiled classes (target/classes), found through a class of its own. */
    private static Path classesRoot() {
        try {
            return Path.of(Go.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** runtime/src/main/java, beside target/classes. */
    private static Path sourcesRoot() {
        Path sources = classesRoot().getParent().getParent().resolve("src/main/java");
        assertTrue(Files.isDirectory(sources), "no sources at " + sources);
        return sources;
    }

    /**
     * The text of the Javadoc comment right before the declaration of {@code c} in its source
     * file (annotations may stand between), with the leading {@code *}s and blanks removed; null
     * when there is none.
     */
    static String javadocOf(Class<?> c) {
        Class<?> top = c;
        while (top.getDeclaringClass() != null) {
            top = top.getDeclaringClass();
        }
        Path file = sourcesRoot().resolve(top.getName().replace('.', '/') + ".java");
        String src;
        try {
            src = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher decl = Pattern.compile("(?m)^[ \\t]*((public|protected|private|static|final|abstract|sealed|strictfp)\\s+)*"
                + "(class|interface|enum|record|@interface)\\s+" + Pattern.quote(c.getSimpleName()) + "\\b").matcher(src);
        if (!decl.find()) {
            throw new AssertionError("no declaration of " + c.getName() + " in " + file);
        }
        String before = src.substring(0, decl.start());
        // step back over annotations on lines of their own
        String trimmed = before.stripTrailing();
        while (true) {
            int lineStart = trimmed.lastIndexOf('\n') + 1;
            String line = trimmed.substring(lineStart).strip();
            if (line.startsWith("@")) {
                trimmed = trimmed.substring(0, lineStart).stripTrailing();
            } else {
                break;
            }
        }
        if (!trimmed.endsWith("*/")) {
            return null;
        }
        int open = trimmed.lastIndexOf("/**");
        if (open < 0) {
            return null;
        }
        String body = trimmed.substring(open + 3, trimmed.length() - 2);
        return body.lines().map(l -> l.strip().replaceFirst("^\\*\\s?", "").strip())
                .filter(l -> !l.isEmpty()).collect(Collectors.joining(" "));
    }

    private static void assertNoProblems(List<String> problems) {
        if (!problems.isEmpty()) {
            fail(problems.size() + " problem(s) with the public surface:\n  " + String.join("\n  ", problems));
        }
    }
}
