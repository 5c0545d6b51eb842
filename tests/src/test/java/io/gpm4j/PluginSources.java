package io.gpm4j;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Plugins for the class-loader tests: Java sources compiled at test time into a directory of
 * their own, so that one class name can have different code in two directories, and loaded by
 * fresh {@link URLClassLoader}s (children of the test's loader, as a container's plugin loaders
 * are), whose classes the agent rewrites as they are defined.
 */
final class PluginSources {
    private PluginSources() {
    }

    /** Compiles {@code sources} (class name to source) into a new directory under {@code parent}. */
    static Path compile(Path parent, String name, Map<String, String> sources) throws IOException {
        Path src = Files.createDirectories(parent.resolve(name + "-src"));
        Path out = Files.createDirectories(parent.resolve(name));
        List<String> args = new java.util.ArrayList<>(List.of("-d", out.toString(),
                "-cp", System.getProperty("java.class.path"), "--release", "17", "-g"));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey().replace('.', File.separatorChar) + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, errors, errors, args.toArray(new String[0]));
        if (status != 0) {
            throw new AssertionError("javac failed (" + status + ") on " + sources.keySet() + ":\n" + errors);
        }
        return out;
    }

    /** A new loader of the classes in {@code dir}, delegating to the test's loader first. */
    static URLClassLoader loader(Path dir, String name) throws IOException {
        return new URLClassLoader(name, new URL[] {dir.toUri().toURL()}, PluginSources.class.getClassLoader());
    }
}
