package io.gpm4j.agent.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Which libraries know about goroutines. A library here is the classes of one code source (a jar,
 * a classes directory) whose packages share their first three names ({@code org.eclipse.jetty},
 * {@code com.google.common}, {@code com.example.shop}): the unit a fat jar bundles side by side
 * with others. It knows about goroutines when one of its class files mentions gpm4j's API or
 * Quasar's ({@code io/gpm4j/}, {@code co/paralleluniverse/fibers/}). The analysis treats calls
 * through interfaces and abstract methods made in a library that does not as it treats the JDK's
 * ({@link SuspendableMethods}): such a library is written for threads and runs on threads, and a
 * callback of it into user code that suspends is the rare case the pinning safety net is for.
 * Rewriting it as if any of its interfaces might suspend is what made attaching the agent to an
 * embedded server cost seconds of start-up and percents of throughput (issue 13).
 *
 * <p>Each code source is read once, the first time the analysis asks about one of its classes:
 * every class file of the jar or directory, noting the libraries whose classes mention gpm4j. A
 * class with no code source (generated, defined from bytes), one in a nested jar or behind an
 * unknown URL scheme, the main class's library in main mode ({@link #markAware}) and the packages
 * the user names (the agent's {@code aware=} option) count as aware: the rule as before. Thread safe; two threads may read the same jar once each and agree.
 * The table is the JVM's (a jar read once serves every rewriter); a jar changed on disk while the
 * JVM runs is not read again.
 */
public final class CodeSources {
    /** What a class file of aware code mentions, as bytes of its constant pool's UTF-8. */
    private static final byte[][] MARKERS = {"io/gpm4j/".getBytes(), "co/paralleluniverse/fibers/".getBytes()};
    /** How many leading package names make a library. */
    private static final int LIBRARY_DEPTH = 3;
    /** A code source that could not be read: every library in it counts as aware. */
    private static final Set<String> UNREADABLE = Set.of();

    /**
     * Code source root → the libraries in it that know about goroutines ({@link #UNREADABLE}:
     * all). One table for the JVM: a jar's contents do not depend on who asks, and every
     * rewriter (the agent has one; tests and benchmarks make many) reads each jar once.
     */
    private static final Map<String, Set<String>> aware = new ConcurrentHashMap<>();

    /** Internal-name prefixes the user named as aware (the agent's {@code aware=} option). */
    private final List<String> named;

    /** Judges libraries by their class files alone. */
    public CodeSources() {
        this(List.of());
    }

    /**
     * @param awarePackages package prefixes (dots or slashes) to count as aware whatever their class
     *                      files say: libraries whose callbacks the user's goroutines suspend in
     */
    public CodeSources(List<String> awarePackages) {
        List<String> prefixes = new ArrayList<>();
        for (String p : awarePackages) {
            prefixes.add(p.replace('.', '/'));
        }
        this.named = List.copyOf(prefixes);
    }

    /** Whether the library of {@code internalName}, as {@code loader} finds its class file, knows about goroutines. */
    public boolean isAware(String internalName, ClassLoader loader) {
        for (String p : named) {
            if (internalName.startsWith(p)) {
                return true;
            }
        }
        String root = root(internalName, loader);
        if (root == null) {
            return true;
        }
        Set<String> libraries = librariesIn(root);
        return libraries == UNREADABLE || libraries.contains(library(internalName));
    }

    /** Counts the library of {@code internalName} as aware whatever it contains (main mode's main class). */
    public void markAware(String internalName, ClassLoader loader) {
        String root = root(internalName, loader);
        if (root != null) {
            Set<String> libraries = librariesIn(root);
            if (libraries != UNREADABLE) {
                libraries.add(library(internalName));
            }
        }
    }

    private Set<String> librariesIn(String root) {
        Set<String> libraries = aware.get(root);
        if (libraries == null) {
            libraries = scan(root);
            Set<String> raced = aware.putIfAbsent(root, libraries);
            if (raced != null) {
                libraries = raced;
            }
        }
        return libraries;
    }

    /** The library a class belongs to: its package's first {@link #LIBRARY_DEPTH} names, with a trailing '/'. */
    public static String library(String internalName) {
        int end = -1;
        for (int i = 0; i < LIBRARY_DEPTH; i++) {
            int slash = internalName.indexOf('/', end + 1);
            if (slash < 0) {
                break;
            }
            end = slash;
        }
        return internalName.substring(0, end + 1);
    }

    /**
     * The jar or directory {@code internalName}'s class file comes from, as a URL prefix; null if
     * unknown. Reads a resource URL, never loads a class: safe inside a transform.
     */
    public static String root(String internalName, ClassLoader loader) {
        String resource = internalName + ".class";
        try {
            URL url = loader == null ? ClassLoader.getSystemResource(resource) : loader.getResource(resource);
            if (url == null) {
                return null;
            }
            String s = url.toString();
            return s.endsWith(resource) ? s.substring(0, s.length() - resource.length()) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Reads the code source at {@code root}: its aware libraries, or {@link #UNREADABLE}. */
    static Set<String> scan(String root) {
        Set<String> found = ConcurrentHashMap.newKeySet();
        try {
            if (root.startsWith("jar:file:") && root.endsWith("!/") && root.indexOf("!/") == root.length() - 2) {
                scanJar(Path.of(new URI(root.substring("jar:".length(), root.length() - 2))), found);
                return found;
            }
            if (root.startsWith("file:")) {
                Path dir = Path.of(new URI(root));
                if (Files.isDirectory(dir)) {
                    scanDirectory(dir, found);
                    return found;
                }
            }
        } catch (IOException | RuntimeException | java.net.URISyntaxException e) {
            return UNREADABLE;
        }
        return UNREADABLE;
    }

    private static void scanJar(Path jar, Set<String> found) throws IOException {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                String name = entry.getName();
                if (!name.endsWith(".class")) {
                    continue;
                }
                if (name.startsWith("META-INF/versions/")) {
                    int slash = name.indexOf('/', "META-INF/versions/".length());
                    name = slash < 0 ? name : name.substring(slash + 1);
                }
                String library = library(name);
                if (found.contains(library)) {
                    continue;
                }
                try (InputStream in = file.getInputStream(entry)) {
                    if (mentionsGoroutines(in.readAllBytes())) {
                        found.add(library);
                    }
                }
            }
        }
    }

    private static void scanDirectory(Path dir, Set<String> found) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Iterator<Path> i = files.iterator(); i.hasNext(); ) {
                Path p = i.next();
                if (!p.toString().endsWith(".class") || !Files.isRegularFile(p)) {
                    continue;
                }
                String library = library(dir.relativize(p).toString().replace(java.io.File.separatorChar, '/'));
                if (!found.contains(library) && mentionsGoroutines(Files.readAllBytes(p))) {
                    found.add(library);
                }
            }
        }
    }

    /** Whether a class file mentions gpm4j or Quasar anywhere (its constant pool, in practice). */
    static boolean mentionsGoroutines(byte[] classFile) {
        for (byte[] marker : MARKERS) {
            if (indexOf(classFile, marker) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        byte first = needle[0];
        int last = haystack.length - needle.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
