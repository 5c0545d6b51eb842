package io.gpm4j.agent;

import java.io.IOException;
import java.util.jar.JarFile;

/**
 * The application's main class, as the launcher will run it: the first word of
 * {@code sun.java.command}, or the {@code Main-Class} of the jar it names ({@code java -jar}).
 */
final class MainClass {
    private MainClass() {
    }

    /** The main class's internal name, or null when it cannot be told. */
    static String internalName() {
        String command = System.getProperty("sun.java.command");
        if (command == null || command.isBlank()) {
            return null;
        }
        String first = command.trim().split("\\s+")[0];
        if (first.endsWith(".jar")) {
            try (JarFile jar = new JarFile(first)) {
                var manifest = jar.getManifest();
                first = manifest == null ? null : manifest.getMainAttributes().getValue("Main-Class");
            } catch (IOException e) {
                return null;
            }
        }
        return first == null ? null : first.replace('.', '/');
    }
}
