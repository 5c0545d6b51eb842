package io.gpm4j.agent.analysis;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Which libraries know about goroutines. A library here is the classes of one code source (a jar,
 * a classes directory) whose packages share their first three names ({@code org.eclipse.jetty},
 * {@code com.google.common}, {@code com.example.shop}): the unit a fat jar bundles side by side
 * with others. It knows about goroutines when one of its class files mentions gpm4j's API or
 * Quasar's ({@code io/gpm4j/}, {@code co/paralleluniverse/fibers/}). The analysis treats a
 * library that does not as it treats the JDK ({@link SuspendableMethods}): its calls through
 * interfaces and abstract methods, lambdas' included, never suspend. Such a library is written for
 * threads and runs on threads, and a callback of it into user code that suspends is the rare case
 * the pinning safety net is for. Rewriting it as if any of its interfaces might suspend is what
 * made attaching the agent to an embedded server cost seconds of start-up and percents of
 * throughput (issue 13).
 *
 * <p>A class whose own class file mentions gpm4j needs no reading at all (the analysis asks its
 * {@code ClassFacts} first). Otherwise the library is read once, the first time the analysis
 * asks about one of its classes: its class files in that jar or directory, until one mentions
 * gpm4j (all of them when none does). gpm4j's own packages are aware without reading. A jar
 * inside a jar, as Spring Boot's executable jars hold their libraries, is read through the
 * outer one ({@link NestedSource}: {@code jar:nested:/app.jar/!BOOT-INF/lib/x.jar!/} since Spring
 * Boot 3.2, {@code jar:file:/app.jar!/BOOT-INF/lib/x.jar!/} before), and so is a classes
 * directory inside one ({@code BOOT-INF/classes}). A class with no code source (generated,
 * defined from bytes), one behind an unknown URL scheme, the main class's library in main mode
 * ({@link #markAware}) and the packages the user names (the agent's {@code aware=} option) count
 * as aware: the rule as before.
 *
 * <p>Thread safe; two threads may read the same library once each and agree. The table is the
 * JVM's (a library read once serves every rewriter); a jar changed on disk while the JVM runs is
 * not read again.
 */
public final class CodeSources {
    /** What a class file of aware code mentions, as bytes of its constant pool's UTF-8. */
    private static final byte[][] MARKERS = {"io/gpm4j/".getBytes(StandardCharsets.ISO_8859_1),
            "co/paralleluniverse/fibers/".getBytes(StandardCharsets.ISO_8859_1)};
    /** The largest recorded size {@link #scanJar} trusts for its buffer (real class files are KBs). */
    private static final long MAX_CLASS_FILE = 16 << 20;
    /** How many leading package names make a library. */
    private static final int LIBRARY_DEPTH = 3;

    /**
     * Code source root + library → whether one of the library's class files there mentions
     * gpm4j. One table for the JVM: a jar's contents do not depend on who asks, and every
     * rewriter (the agent has one; tests and benchmarks make many) reads each library once.
     */
    private static final Map<String, Boolean> aware = new ConcurrentHashMap<>();
    /** Code source root of a plain jar → its {@link ScanCache#fingerprint}, taken once per JVM. */
    private static final Map<String, String> fingerprints = new ConcurrentHashMap<>();

    /** Internal-name prefixes the user named as aware (the agent's {@code aware=} option). */
    private final List<String> named;
    /** Verdicts remembered across JVMs (the agent's {@code scancache=} option). */
    private final ScanCache cache;
    /** Where each library's verdict is told as it is reached (the agent's {@code verbose}); null: nowhere. */
    private final java.util.function.Consumer<String> report;

    /** Judges libraries by their class files alone. */
    public CodeSources() {
        this(List.of(), ScanCache.OFF, null);
    }

    /** The same, remembering nothing across JVMs. */
    public CodeSources(List<String> awarePackages) {
        this(awarePackages, ScanCache.OFF, null);
    }

    /**
     * @param awarePackages package prefixes (dots or slashes) to count as aware whatever their class
     *                      files say: libraries whose callbacks the user's goroutines suspend in
     * @param cache         verdicts remembered across JVMs ({@link ScanCache#OFF}: none)
     * @param report        told each library's verdict, a line each, as it is reached (null: nobody)
     */
    public CodeSources(List<String> awarePackages, ScanCache cache, java.util.function.Consumer<String> report) {
        this.cache = cache;
        this.report = report;
        List<String> prefixes = new ArrayList<>();
        for (String p : awarePackages) {
            prefixes.add(p.replace('.', '/'));
        }
        this.named = List.copyOf(prefixes);
    }

    /** Whether the library of {@code internalName}, as {@code loader} finds its class file, knows about goroutines. */
    public boolean isAware(String internalName, ClassLoader loader) {
        return isAware(internalName, loader, null);
    }

    /**
     * The same, for a class being defined from {@code location}, its protection domain's code
     * source (null: unknown): a plain jar or directory there spares the class path lookup of
     * {@link #root} (a resource URL made for every class a server loads: a fifth of the
     * transformer's time in Jetty's start-up).
     */
    public boolean isAware(String internalName, ClassLoader loader, URL location) {
        for (String p : named) {
            if (internalName.startsWith(p)) {
                return true;
            }
        }
        String library = library(internalName);
        if (library.startsWith("io/gpm4j/")) {
            return true;
        }
        String root = rootOf(location);
        if (root == null) {
            root = root(internalName, loader);
        }
        if (root == null) {
            return true;
        }
        String key = root + '\n' + library;
        Boolean known = aware.get(key);
        if (known == null) {
            known = scan(root, library, cache, report);
            remember(root, library, known, report);
        }
        return known;
    }

    /** Enters a library's verdict in the JVM's table and, the first time, tells {@code report}. */
    private static void remember(String root, String library, boolean verdict, java.util.function.Consumer<String> report) {
        if (aware.putIfAbsent(root + '\n' + library, verdict) == null && report != null) {
            report.accept("library " + (library.isEmpty() ? "(unnamed package)" : library.substring(0, library.length() - 1).replace('/', '.'))
                    + " of " + root + (verdict ? " mentions gpm4j: judged as goroutine code"
                    : " never mentions gpm4j: judged like the JDK, never rewritten (aware= to judge it as yours)"));
        }
    }

    /** Counts the library of {@code internalName} as aware whatever it contains (main mode's main class). */
    public void markAware(String internalName, ClassLoader loader) {
        String root = root(internalName, loader);
        if (root != null) {
            aware.put(root + '\n' + library(internalName), Boolean.TRUE);
        }
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

    /**
     * {@link #root}'s answer from a code source location, without a lookup: {@code jar:file:...!/}
     * for a jar, the URL itself for a directory or for a {@code jar:} URL of a jar in a jar (the
     * code source of a class Spring Boot's launcher loads); null for anything else, which
     * {@link #root} then answers.
     */
    public static String rootOf(URL location) {
        if (location == null) {
            return null;
        }
        String s = location.toString();
        if ("jar".equals(location.getProtocol())) {
            return NestedSource.names(s) ? s : null;
        }
        if (!"file".equals(location.getProtocol())) {
            return null;
        }
        if (s.endsWith("/")) {
            return s;
        }
        return s.endsWith(".jar") ? "jar:" + s + "!/" : null;
    }

    /**
     * Reads the class files of {@code library} at {@code root} until one mentions gpm4j, unless
     * {@code cache} remembers the verdict for what the jar holds; true (aware) also when the code
     * source cannot be read.
     */
    static boolean scan(String root, String library, ScanCache cache, java.util.function.Consumer<String> report) {
        try {
            if (root.startsWith("jar:file:") && root.indexOf("!/") == root.length() - 2) { // not a nested jar
                return scanJar(root, new File(new URI(root.substring("jar:".length(), root.length() - 2))), library, cache);
            }
            NestedSource nested = NestedSource.of(root);
            if (nested != null) {
                Map<String, Boolean> all = nested.judge(library, cache);
                for (Map.Entry<String, Boolean> e : all.entrySet()) {
                    remember(root, e.getKey(), e.getValue(), report);
                }
                return all.getOrDefault(library, false);
            }
            if (root.startsWith("file:")) {
                File dir = new File(new URI(root));
                if (dir.isDirectory()) {
                    // the unnamed package's library is the root's own class files, not its subdirectories
                    return scanDirectory(library.isEmpty() ? dir : new File(dir, library), !library.isEmpty());
                }
            }
        } catch (IOException | RuntimeException | java.net.URISyntaxException e) {
            return true;
        }
        return true;
    }

    /**
     * With {@code ZipFile} (a {@code JarFile}'s manifest and signature handling are of no use
     * here), each class file inflated into one reused buffer of its recorded size: the scan runs
     * on the application's main thread during its start-up, and inflating the library is most of
     * its cost (Jetty's 1,218 classes in a fat jar: about 4.7 MB). The jar's fingerprint for
     * {@code cache} is taken once per JVM ({@link #fingerprints}), from the central directory the
     * open already read.
     */
    private static boolean scanJar(String root, File jar, String library, ScanCache cache) throws IOException {
        try (ZipFile file = new ZipFile(jar)) {
            String fingerprint = cache.enabled() ? fingerprints.get(root) : null;
            if (cache.enabled() && fingerprint == null) { // no lambda: the start-up path avoids new links
                fingerprint = ScanCache.fingerprint(file, "");
                if (fingerprint != null) {
                    fingerprints.putIfAbsent(root, fingerprint);
                }
            }
            Boolean known = cache.verdict(fingerprint, library);
            if (known == null) {
                known = scanEntries(file, "", library);
                cache.record(fingerprint, Map.of(library, known));
            }
            return known;
        }
    }

    /**
     * The class files of {@code library} among {@code file}'s entries under {@code prefix} (""
     * for the whole jar, {@code BOOT-INF/classes/} for the classes directory of an executable
     * jar); true once one mentions gpm4j.
     */
    static boolean scanEntries(ZipFile file, String prefix, String library) throws IOException {
        ClassFileReader reader = new ClassFileReader();
        for (Enumeration<? extends ZipEntry> e = file.entries(); e.hasMoreElements(); ) {
            ZipEntry entry = e.nextElement();
            String name = entry.getName();
            if (!name.startsWith(prefix) || !isLibraryClass(name.substring(prefix.length()), library)) {
                continue;
            }
            try (InputStream in = file.getInputStream(entry)) {
                if (reader.mentionsGoroutines(in, entry.getSize())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Every library whose class files the jar {@code in} streams (a jar inside a jar), each with
     * whether one of them mentions gpm4j.
     */
    static Map<String, Boolean> scanStream(InputStream in) throws IOException {
        Map<String, Boolean> verdicts = new java.util.HashMap<>();
        ClassFileReader reader = new ClassFileReader();
        try (ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                String name = versionless(entry.getName());
                if (!name.endsWith(".class")) {
                    continue;
                }
                String library = library(name);
                if (!verdicts.getOrDefault(library, false)) {
                    verdicts.put(library, reader.mentionsGoroutines(zip, entry.getSize()));
                }
            }
        }
        return verdicts;
    }

    /** Whether the jar entry {@code name} is a class file of {@code library}, a versioned one of a multi-release jar included. */
    private static boolean isLibraryClass(String name, String library) {
        name = versionless(name);
        return name.endsWith(".class") && name.startsWith(library) && library(name).equals(library);
    }

    /** A multi-release jar's versioned entry as the name it stands for; any other as it is. */
    private static String versionless(String name) {
        if (name.startsWith("META-INF/versions/")) {
            int slash = name.indexOf('/', "META-INF/versions/".length());
            return slash < 0 ? name : name.substring(slash + 1);
        }
        return name;
    }

    /** Reads class files into one reused buffer of their recorded size. */
    private static final class ClassFileReader {
        private byte[] buffer = new byte[16 * 1024];

        /** Whether the class file {@code in} holds ({@code size} bytes; -1: unknown) mentions gpm4j. */
        boolean mentionsGoroutines(InputStream in, long size) throws IOException {
            if (size < 0 || size > MAX_CLASS_FILE) {
                return CodeSources.mentionsGoroutines(in.readAllBytes()); // no size, or an implausible one
            }
            if (size > buffer.length) {
                buffer = new byte[(int) size];
            }
            return CodeSources.mentionsGoroutines(buffer, in.readNBytes(buffer, 0, (int) size));
        }
    }

    /**
     * {@code dir}: the library's own directory under the classes root. With {@code java.io.File}
     * rather than {@code Files.walk}: this runs during start-up, for the application's first
     * class, and the JVM has File and FileInputStream loaded already, not the NIO walker's
     * dozens of classes.
     */
    private static boolean scanDirectory(File dir, boolean subdirectories) throws IOException {
        File[] entries = dir.listFiles();
        if (entries == null) {
            return false;
        }
        for (File f : entries) {
            if (f.getName().endsWith(".class") && f.isFile()) {
                try (InputStream in = new FileInputStream(f)) {
                    if (mentionsGoroutines(in.readAllBytes())) {
                        return true;
                    }
                }
            }
        }
        if (subdirectories) {
            for (File f : entries) {
                if (f.isDirectory() && scanDirectory(f, true)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@link #mentions}' bit: the class file mentions gpm4j's or Quasar's packages. */
    public static final int GOROUTINES = 1;
    /** {@link #mentions}' bit: the class file names {@code java/lang/invoke/LambdaMetafactory} (it makes lambdas). */
    public static final int LAMBDAS = 2;

    private static final byte[] LAMBDA_FACTORY = "java/lang/invoke/LambdaMetafactory".getBytes(StandardCharsets.ISO_8859_1);

    /** Whether a class file mentions gpm4j or Quasar in its constant pool. */
    public static boolean mentionsGoroutines(byte[] classFile) {
        return mentionsGoroutines(classFile, classFile.length);
    }

    private static boolean mentionsGoroutines(byte[] classFile, int length) {
        return (mentions(classFile, length) & GOROUTINES) != 0;
    }

    /**
     * What the first {@code length} bytes of a class file mention, as {@link #GOROUTINES} and
     * {@link #LAMBDAS} bits, in one pass over its constant pool's UTF-8 entries alone: the
     * constants are where a class names another. Skipping the rest (method bodies, attributes) and
     * looking for all the markers at once reads about a third of what three searches of the whole
     * file read, and those searches were a third of the transformer's time on Guava's classes
     * (async-profiler). A class file whose constant pool does not parse is searched whole.
     */
    public static int mentions(byte[] classFile, int length) {
        if (length < 10) {
            return searchUtf8(classFile, 0, length);
        }
        int count = ((classFile[8] & 0xff) << 8) | (classFile[9] & 0xff);
        int at = 10;
        int found = 0;
        for (int i = 1; i < count; i++) {
            if (at >= length) {
                return searchUtf8(classFile, 0, length);
            }
            switch (classFile[at]) {
                case 1: // Utf8
                    if (at + 3 > length) {
                        return searchUtf8(classFile, 0, length);
                    }
                    int n = ((classFile[at + 1] & 0xff) << 8) | (classFile[at + 2] & 0xff);
                    if (at + 3 + n > length) {
                        return searchUtf8(classFile, 0, length);
                    }
                    found |= searchUtf8(classFile, at + 3, at + 3 + n);
                    at += 3 + n;
                    break;
                case 7, 8, 16, 19, 20: // Class, String, MethodType, Module, Package
                    at += 3;
                    break;
                case 15: // MethodHandle
                    at += 4;
                    break;
                case 3, 4, 9, 10, 11, 12, 17, 18: // Integer, Float, the refs, NameAndType, (Invoke)Dynamic
                    at += 5;
                    break;
                case 5, 6: // Long, Double: two slots
                    at += 9;
                    i++;
                    break;
                default:
                    return searchUtf8(classFile, 0, length);
            }
        }
        return found;
    }

    /** The markers among {@code bytes[from, to)}, as {@link #mentions}' bits. */
    private static int searchUtf8(byte[] bytes, int from, int to) {
        int found = 0;
        if (to - from == LAMBDA_FACTORY.length && startsWith(bytes, from, to, LAMBDA_FACTORY)) {
            return LAMBDAS; // a class name: nothing else in it
        }
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if ((b == 'i' && startsWith(bytes, i, to, MARKERS[0])) || (b == 'c' && startsWith(bytes, i, to, MARKERS[1]))) {
                return found | GOROUTINES;
            }
            if (b == 'j' && startsWith(bytes, i, to, LAMBDA_FACTORY)) {
                found = LAMBDAS; // in a descriptor, or a whole-file search
            }
        }
        return found;
    }

    private static boolean startsWith(byte[] bytes, int at, int to, byte[] prefix) {
        if (to - at < prefix.length) {
            return false;
        }
        for (int j = 1; j < prefix.length; j++) {
            if (bytes[at + j] != prefix[j]) {
                return false;
            }
        }
        return bytes[at] == prefix[0];
    }
}
