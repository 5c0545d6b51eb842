package io.gpm4j.agent.jfr;

import io.gpm4j.runtime.JfrNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.Configuration;

/**
 * The recording settings gpm4j ships: {@code gpm4j.jfc} (at the root of the agent jar; gpm4j's
 * events only), and that file laid over the running JDK's own {@code profile} settings, which is
 * what the agent's {@code jfr} option records with.
 */
public final class JfrSettings {
    /** The resource name of the shipped file, at the root of the agent jar. */
    public static final String JFC = "gpm4j.jfc";

    private JfrSettings() {
    }

    /** The shipped file's text. */
    public static String gpm4jJfc() throws IOException {
        try (InputStream in = open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** gpm4j's settings alone, as {@code event#setting -> value}. */
    public static Map<String, String> gpm4jSettings() throws IOException, ParseException {
        try (Reader r = new InputStreamReader(open(), StandardCharsets.UTF_8)) {
            return Configuration.create(r).getSettings();
        }
    }

    /** Events that {@code gpm4j.jfc}'s option {@code scheduler=detailed} switches on. */
    static final String[] DETAILED = {JfrNames.SCHEDULER_LATENCY, JfrNames.GOROUTINE_RUN};

    /**
     * The JDK's {@code profile} settings with gpm4j's laid over them; {@code detailed} is
     * {@code gpm4j.jfc}'s option {@code scheduler=detailed}.
     */
    public static Map<String, String> profileWithGpm4j(boolean detailed) throws IOException, ParseException {
        Map<String, String> settings = new LinkedHashMap<>(Configuration.getConfiguration("profile").getSettings());
        settings.putAll(gpm4jSettings());
        if (detailed) {
            for (String event : DETAILED) {
                settings.put(event + "#enabled", "true");
            }
        }
        return settings;
    }

    /**
     * A complete {@code .jfc} file of {@code settings} (grouped by event, sorted), for
     * {@code -XX:StartFlightRecording:settings=} or JDK Mission Control's template manager.
     */
    public static String toJfc(Map<String, String> settings, String label, String description) {
        Map<String, Map<String, String>> byEvent = new TreeMap<>();
        settings.forEach((key, value) -> {
            int hash = key.indexOf('#');
            if (hash > 0) {
                byEvent.computeIfAbsent(key.substring(0, hash), k -> new TreeMap<>()).put(key.substring(hash + 1), value);
            }
        });
        StringBuilder b = new StringBuilder();
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<configuration version=\"2.0\" label=\"").append(HtmlReport.esc(label)).append("\" description=\"")
                .append(HtmlReport.esc(description)).append("\" provider=\"gpm4j\">\n");
        byEvent.forEach((event, eventSettings) -> {
            b.append("  <event name=\"").append(HtmlReport.esc(event)).append("\">\n");
            eventSettings.forEach((name, value) -> b.append("    <setting name=\"").append(HtmlReport.esc(name)).append("\">")
                    .append(HtmlReport.esc(value)).append("</setting>\n"));
            b.append("  </event>\n");
        });
        return b.append("</configuration>\n").toString();
    }

    private static InputStream open() throws IOException {
        InputStream in = JfrSettings.class.getClassLoader() == null
                ? ClassLoader.getSystemResourceAsStream(JFC)
                : JfrSettings.class.getClassLoader().getResourceAsStream(JFC);
        if (in == null) {
            throw new IOException(JFC + " is missing from the agent jar");
        }
        return in;
    }
}
