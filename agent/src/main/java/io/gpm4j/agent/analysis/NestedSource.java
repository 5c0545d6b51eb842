package io.gpm4j.agent.analysis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A code source inside a jar: a library jar or a classes directory that an executable jar holds,
 * as Spring Boot's launcher names them. Two URL forms, each ending in {@code !/}:
 * <ul>
 *   <li>{@code jar:nested:/path/app.jar/!BOOT-INF/lib/x.jar!/} (Spring Boot 3.2 and later: the
 *       outer jar's raw URI path, {@code /!}, the entry);</li>
 *   <li>{@code jar:file:/path/app.jar!/BOOT-INF/lib/x.jar!/} (earlier Spring Boot, and other
 *       launchers that nest {@code jar:} URLs).</li>
 * </ul>
 * A jar entry is read as a stream through the outer jar (Spring Boot stores them uncompressed, but
 * a deflated one reads the same), a directory entry ({@code BOOT-INF/classes/}) as the outer
 * jar's entries under it. Anything else is not a nested source, and an entry the outer jar does
 * not have cannot be judged: {@link CodeSources} then counts the library as aware.
 */
final class NestedSource {
    private final File outer;
    private final String entry;

    private NestedSource(File outer, String entry) {
        this.outer = outer;
        this.entry = entry;
    }

    /**
     * Whether {@code root} has the shape of a nested source: {@link CodeSources#rootOf} asks for
     * every class loaded, so this builds nothing; {@link #of} checks the outer path once per library.
     */
    static boolean names(String root) {
        return split(root) >= 0;
    }

    /** The nested source {@code root} names (a code source root, ending in {@code !/}), or null. */
    static NestedSource of(String root) {
        int at = split(root);
        if (at < 0) {
            return null;
        }
        boolean springBoot32 = root.startsWith("jar:nested:");
        String outer = springBoot32 ? "file:" + root.substring("jar:nested:".length(), at) : root.substring("jar:".length(), at);
        try {
            return new NestedSource(new File(new URI(outer)), root.substring(at + 2, root.length() - 2));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Where {@code root}'s outer jar ends: the index of the {@code /!} (Spring Boot 3.2's form) or
     * {@code !/} (the older one) before the entry; -1 when {@code root} is not a nested source (a
     * plain jar's root, which the caller reads directly, or one nested deeper than one level).
     */
    private static int split(String root) {
        if (!root.endsWith("!/")) {
            return -1;
        }
        int end = root.length() - 2;
        if (root.startsWith("jar:nested:")) {
            int bang = root.lastIndexOf("/!", end - 2); // within the part before the final "!/"
            return bang > "jar:nested:".length() && bang + 2 < end ? bang : -1;
        }
        if (root.startsWith("jar:file:")) {
            int bang = root.indexOf("!/");
            return bang + 2 < end && root.indexOf("!/", bang + 2) == end ? bang : -1;
        }
        return -1;
    }

    /**
     * Every verdict that reading this source for {@code library} yields (library → whether one of
     * its class files mentions gpm4j). A jar entry yields all the libraries of that jar, read in
     * one pass (a stream cannot skip an entry without inflating it; Spring Core holds seven
     * libraries, Tomcat's core a dozen), or {@code library}'s alone when {@code cache} remembers
     * it; a directory entry ({@code BOOT-INF/classes/}) yields {@code library}'s, true when the
     * outer jar has nothing there (nothing to judge by).
     */
    Map<String, Boolean> judge(String library, ScanCache cache) throws IOException {
        try (ZipFile file = new ZipFile(outer)) {
            ZipEntry jar = entry.endsWith(".jar") ? file.getEntry(entry) : null;
            if (jar != null && !jar.isDirectory()) {
                String fingerprint = cache.enabled() ? ScanCache.fingerprint(file, entry) : null;
                Boolean known = cache.verdict(fingerprint, library);
                if (known != null) {
                    return Map.of(library, known);
                }
                Map<String, Boolean> all;
                try (InputStream in = file.getInputStream(jar)) {
                    all = CodeSources.scanStream(in);
                }
                cache.record(fingerprint, all);
                return all;
            }
            String prefix = entry.endsWith("/") ? entry : entry + "/";
            String fingerprint = ScanCache.fingerprint(file, prefix); // null: no entry there
            if (fingerprint == null) {
                return Map.of(library, true);
            }
            Boolean known = cache.verdict(fingerprint, library);
            if (known == null) {
                known = CodeSources.scanEntries(file, prefix, library);
                cache.record(fingerprint, Map.of(library, known));
            }
            return Map.of(library, known);
        }
    }

    @Override
    public String toString() {
        return outer + "!/" + entry;
    }
}
