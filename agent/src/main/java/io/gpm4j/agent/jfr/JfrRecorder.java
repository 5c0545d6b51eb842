package io.gpm4j.agent.jfr;

import java.nio.file.Path;
import jdk.jfr.Recording;

/**
 * The agent's {@code jfr} option: records the whole run with the JDK's profile settings plus
 * {@code gpm4j.jfc}, and writes the recording when the JVM exits (as
 * {@code -XX:StartFlightRecording:dumponexit=true} does).
 */
public final class JfrRecorder {
    private JfrRecorder() {
    }

    /**
     * Starts the recording. {@code file} is where it is written at exit; null means
     * {@code gpm4j-<pid>.jfr} in the working directory; {@code detailed} is gpm4j.jfc's
     * {@code scheduler=detailed}. Returns the path it will be written to.
     */
    public static Path start(String file, boolean detailed) throws Exception {
        Path destination = Path.of(file != null ? file : "gpm4j-" + ProcessHandle.current().pid() + ".jfr").toAbsolutePath();
        Recording recording = new Recording(JfrSettings.profileWithGpm4j(detailed));
        recording.setName("gpm4j");
        recording.setToDisk(true);
        recording.setDumpOnExit(true);
        recording.setDestination(destination);
        recording.start();
        return destination;
    }
}
