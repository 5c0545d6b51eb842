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
     * When this names a jar entry: every library of that jar, each with whether one of its class
     * files mentions gpm4j (read in one pass: a stream cannot skip an entry without inflating
     * it); null when it names a directory or nothing.
     */
    Map<String, Boolean> scanJar() throws IOException {
        if (!entry.endsWith(".jar")) {
            return null;
        }
        try (ZipFile file = new ZipFile(outer)) {
            ZipEntry e = file.getEntry(entry);
            if (e == null || e.isDirectory()) {
                return null;
            }
            try (InputStream in = file.getInputStream(e)) {
                return CodeSources.scanStream(in);
            }
        }
    }

    /**
     * Whether one of {@code library}'s class files under this directory entry mentions gpm4j;
     * true also when the outer jar has nothing there (nothing to judge by).
     */
    boolean scanDirectory(String library) throws IOException {
        try (ZipFile file = new ZipFile(outer)) {
            String prefix = entry.endsWith("/") ? entry : entry + "/";
            if (file.getEntry(prefix) == null && !hasEntryUnder(file, prefix)) {
                return true;
            }
            return CodeSources.scanEntries(file, prefix, library);
        }
    }

    private static boolean hasEntryUnder(ZipFile file, String prefix) {
        return file.stream().anyMatch(z -> z.getName().startsWith(prefix));
    }

    @Override
    public String toString() {
        return outer + "!/" + entry;
    }
}
