package io.gpm4j.agent;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * For {@link ScanCacheAgentTest}: loads {@code org.lib.core.Thing} from the jar the system
 * property {@code scan.jar} names, so that the agent's transformer meets a class of a library
 * outside gpm4j, in a jar, and judges that library.
 */
public final class ScanCacheProgram {
    private ScanCacheProgram() {
    }

    public static void main(String[] args) throws Exception {
        URL jar = Path.of(System.getProperty("scan.jar")).toUri().toURL();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar}, ScanCacheProgram.class.getClassLoader())) {
            System.out.println("loaded " + Class.forName("org.lib.core.Thing", false, loader).getName());
        }
    }
}
