package io.gpm4j.agent.analysis;

import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * {@link CodeSources}' verdicts remembered across JVMs: whether a library of a jar mentions gpm4j,
 * keyed by what the jar holds, so that the next start of the same application reads no library
 * again. Reading them is what the agent costs an application that starts from jars: Jetty's fat
 * jar (4.7 MB of class files inflated, 50 to 65 ms of its main thread), a Spring Boot executable
 * jar's 34 libraries (0.35 to 0.44 s).
 *
 * <p>The key is a fingerprint of the jar's contents as its central directory lists them (each
 * entry's name, CRC-32 and size: {@link #fingerprint}), not its path or modification time: a
 * rebuilt jar with other classes misses, a copy elsewhere hits, and nothing is inflated to tell.
 * A jar inside a jar is fingerprinted by its entry in the outer one (the CRC of its bytes), a
 * classes directory inside one by the entries under it. A plain classes directory is never
 * remembered: it is what a developer edits, and cheap to read.
 *
 * <p>One text file, {@code scan-verdicts-v1.txt} in the cache directory, a line per verdict
 * ({@code fingerprint library 0|1}), read once, the first time a library is judged, and appended
 * to as new ones are (one {@code write} per library read, so JVMs starting side by side interleave
 * whole lines; a torn or foreign line is skipped when read). Past {@link #MAX_LINES} lines the
 * JVM that reads it writes back the newest half (to a temporary file moved over it). A verdict is
 * a hint about cost, never about correctness: a wrong one makes a library's interface calls
 * judged suspendable when they are not (more rewriting) or not when they are (the pinning safety
 * net then holds the carrier), so a damaged file can slow an application, not break it; and any
 * failure to read or write it (no home directory, a read-only one, a full disk) leaves the agent
 * reading jars as before, with the reason kept for {@link #describe}.
 *
 * <p>Thread safe.
 */
public final class ScanCache {
    /** The cache that remembers nothing (agent option {@code scancache=off}, and tests). */
    public static final ScanCache OFF = new ScanCache(null);
    /** The file in the cache directory; the version changes with the markers or the key. */
    static final String FILE_NAME = "scan-verdicts-v1.txt";
    /** Lines past which the file is compacted to the newest half when read. */
    static final int MAX_LINES = 20_000;

    private final File file;
    /** fingerprint + ' ' + library → verdict; null until {@link #load} (guarded by this). */
    private Map<String, Boolean> verdicts;
    private int hits;
    private int written;
    private String trouble;

    private ScanCache(File file) {
        this.file = file;
    }

    /** A cache kept in {@code directory} (created when the first verdict is written). */
    public static ScanCache in(File directory) {
        return new ScanCache(new File(directory, FILE_NAME));
    }

    /**
     * Where the agent keeps it unless told otherwise: {@code $XDG_CACHE_HOME/gpm4j}, else
     * {@code ~/.cache/gpm4j}; null when the JVM knows no home directory.
     */
    public static File defaultDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && new File(xdg).isAbsolute()) {
            return new File(xdg, "gpm4j");
        }
        String home = System.getProperty("user.home");
        return home == null || home.isEmpty() || home.equals("?") ? null : new File(new File(home, ".cache"), "gpm4j");
    }

    /** Whether this remembers anything at all. */
    public boolean enabled() {
        return file != null;
    }

    /** The remembered verdict for {@code library} of the jar with {@code fingerprint}, or null. */
    synchronized Boolean verdict(String fingerprint, String library) {
        if (file == null || fingerprint == null) {
            return null;
        }
        load();
        Boolean known = verdicts.get(fingerprint + ' ' + library);
        if (known != null) {
            hits++;
        }
        return known;
    }

    /** Remembers {@code libraries}' verdicts (library → mentions gpm4j) for the jar with {@code fingerprint}. */
    synchronized void record(String fingerprint, Map<String, Boolean> libraries) {
        if (file == null || fingerprint == null || libraries.isEmpty()) {
            return;
        }
        load();
        StringBuilder lines = new StringBuilder();
        for (Map.Entry<String, Boolean> e : libraries.entrySet()) {
            String library = e.getKey();
            String token = library.isEmpty() ? "." : library; // the unnamed package, as a line holds it
            if (!isToken(token)) {
                continue; // a name the line format cannot hold: judged again next time
            }
            String key = fingerprint + ' ' + library;
            if (!e.getValue().equals(verdicts.put(key, e.getValue()))) {
                lines.append(fingerprint).append(' ').append(token)
                        .append(' ').append(e.getValue() ? '1' : '0').append('\n');
                written++;
            }
        }
        if (lines.length() == 0 || trouble != null) {
            return;
        }
        try {
            File dir = file.getParentFile();
            if (!dir.isDirectory() && !dir.mkdirs() && !dir.isDirectory()) {
                throw new IOException("cannot create " + dir);
            }
            try (OutputStream out = new FileOutputStream(file, true)) {
                out.write(lines.toString().getBytes(StandardCharsets.UTF_8)); // one write: whole lines
            }
        } catch (IOException | RuntimeException e) {
            trouble = "not written: " + e;
        }
    }

    /** Reads the file once; compacts it when it has grown past {@link #MAX_LINES}. Caller holds this. */
    private void load() {
        if (verdicts != null) {
            return;
        }
        verdicts = new HashMap<>();
        if (!file.isFile()) {
            return;
        }
        List<String> good = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new FileInputStream(file), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (parse(line)) {
                    good.add(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            trouble = "not read: " + e;
            return;
        }
        if (good.size() > MAX_LINES) {
            compact(good.subList(good.size() - MAX_LINES / 2, good.size()));
        }
    }

    /** One line into {@link #verdicts}; false when it is not a verdict line. */
    private boolean parse(String line) {
        int a = line.indexOf(' ');
        int b = line.indexOf(' ', a + 1);
        if (a <= 0 || b != line.lastIndexOf(' ') || b != line.length() - 2) {
            return false;
        }
        char v = line.charAt(b + 1);
        String fingerprint = line.substring(0, a);
        String library = line.substring(a + 1, b);
        if ((v != '0' && v != '1') || !isHex(fingerprint) || !isToken(library)) {
            return false;
        }
        verdicts.put(fingerprint + ' ' + (library.equals(".") ? "" : library), v == '1');
        return true;
    }

    /** Keeps {@code newest} only: written to a temporary file, moved over the old one. */
    private void compact(List<String> newest) {
        verdicts.clear();
        for (String line : newest) {
            parse(line);
        }
        File temp = new File(file.getParentFile(), FILE_NAME + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            try (Writer out = new java.io.OutputStreamWriter(new FileOutputStream(temp), StandardCharsets.UTF_8)) {
                for (String line : newest) {
                    out.write(line);
                    out.write('\n');
                }
            }
            java.nio.file.Files.move(temp.toPath(), file.toPath(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            temp.delete();
            trouble = "not compacted: " + e;
        }
    }

    private static boolean isHex(String s) {
        if (s.length() != 32) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    /** A library as a line holds it: no white space, no control characters. */
    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The fingerprint of what {@code jar} holds under {@code prefix} ("" for all of it, a name
     * ending in {@code /} for a directory, any other name for that entry alone: a jar inside it):
     * every such entry's name (its hash and length), CRC-32 and size from the central directory,
     * in its order, mixed into 128 bits. Null when there is no such entry.
     */
    static String fingerprint(ZipFile jar, String prefix) {
        boolean one = !prefix.isEmpty() && !prefix.endsWith("/");
        long a = 0x243F6A8885A308D3L;
        long b = 0x13198A2E03707344L;
        int entries = 0;
        for (Enumeration<? extends ZipEntry> e = jar.entries(); e.hasMoreElements(); ) {
            ZipEntry entry = e.nextElement();
            String name = entry.getName();
            if (one ? !name.equals(prefix) : !name.startsWith(prefix)) {
                continue;
            }
            entries++;
            // per entry, not per character: this runs on the main thread before the JIT has
            // compiled anything, and a name's own hash (the JDK's, compiled) is enough beside the
            // CRC of its bytes
            long named = ((long) name.hashCode() << 32) | name.length();
            long crc = entry.getCrc();
            long size = entry.getSize();
            a = mix(a ^ named) ^ crc;
            b = mix(b + named * 0x9E3779B97F4A7C15L) + size;
            a = mix(a + (size << 32));
            b = mix(b ^ (crc << 17));
        }
        if (entries == 0) {
            return null;
        }
        return hex(a) + hex(b);
    }

    /** SplitMix64's finaliser: every input bit moves every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static String hex(long v) {
        String s = Long.toHexString(v);
        return "0000000000000000".substring(s.length()) + s;
    }

    /**
     * For the agent's {@code verbose} log: where the cache is, how many verdicts it gave and took,
     * and what went wrong with its file, if anything.
     */
    public synchronized String describe() {
        if (file == null) {
            return "scan cache off";
        }
        return "scan cache " + file + ": " + hits + " verdicts remembered, " + written + " written"
                + (trouble == null ? "" : "; " + trouble);
    }
}
