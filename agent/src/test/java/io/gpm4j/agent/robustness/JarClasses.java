package io.gpm4j.agent.robustness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The class files of one jar, read in full: binary name to bytes, in jar order.
 *
 * <p>{@code module-info.class} and everything under {@code META-INF/versions/} are skipped
 * deliberately (in the jars tested, the versioned directory holds nothing but a
 * {@code module-info.class}); they are listed in {@link #skipped}.
 */
final class JarClasses {
    final String label;
    final Path jar;
    final Map<String, byte[]> classes;
    final List<String> skipped;

    private JarClasses(String label, Path jar, Map<String, byte[]> classes, List<String> skipped) {
        this.label = label;
        this.jar = jar;
        this.classes = classes;
        this.skipped = skipped;
    }

    /** The jar that {@code member} was loaded from, per its protection domain's code source. */
    static JarClasses of(String label, Class<?> member) {
        Path jar;
        try {
            jar = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Map<String, byte[]> classes = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                String n = entry.getName();
                if (entry.isDirectory() || !n.endsWith(".class")) {
                    continue;
                }
                if (n.startsWith("META-INF/versions/") || n.endsWith("module-info.class")) {
                    skipped.add(n);
                    continue;
                }
                try (var in = file.getInputStream(entry)) {
                    classes.put(n.substring(0, n.length() - ".class".length()).replace('/', '.'), in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new JarClasses(label, jar, Collections.unmodifiableMap(classes), skipped);
    }
}
