package io.gpm4j.runtime;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

/**
 * Internal: not part of the public API; public because the agent's {@code stat} command reads the
 * file. The layout of the live counters file, and its reader.
 *
 * <p>One file per process, {@code <java.io.tmpdir>/gpm4j-<pid>.counters}, written by
 * {@link LiveCounters} and read by {@code java -jar gpm4j-agent.jar stat <pid>}; as Aeron's
 * counters file ({@code cnc.dat}) and {@code AeronStat}. It holds a header and then Agrona's two
 * counters buffers, the metadata (one {@value CountersReader#METADATA_LENGTH}-byte record a
 * counter: state, type, key, label) and the values (one {@value CountersReader#COUNTER_LENGTH}-byte
 * record a counter). Nothing secret: counts, the pid and the process's start time.
 *
 * <p>The header, little-endian:
 * <pre>
 *   0  int   magic ({@link #MAGIC}), stored last, with release, once the counters are allocated
 *   4  int   layout version ({@link #VERSION})
 *   8  long  pid
 *  16  long  the process's start, epoch ms (with the pid: a pid reused after a crash is told apart)
 *  24  long  heartbeat: when the counters were last published, epoch ms
 *  32  int   metadata buffer length
 *  36  int   values buffer length
 *  40  long  the publication period, ms
 *  48  int   1 while the runtime is idle (every P idle: nothing is published until work comes)
 * </pre>
 * The metadata buffer starts at {@link #HEADER_LENGTH}, the values buffer right after it.
 *
 * <p>Counters are told apart by type ({@link #GAUGE}, {@link #TOTAL}, {@link #RUNQ_PER_P}) and
 * label; a per-P counter's key holds the P's id (an int at offset 0).
 */
public final class CountersFile implements AutoCloseable {
    /** "gpm4" in ASCII. */
    public static final int MAGIC = 0x346d7067;
    public static final int VERSION = 1;
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int PID_OFFSET = 8;
    public static final int START_OFFSET = 16;
    public static final int HEARTBEAT_OFFSET = 24;
    public static final int METADATA_LENGTH_OFFSET = 32;
    public static final int VALUES_LENGTH_OFFSET = 36;
    public static final int PERIOD_OFFSET = 40;
    public static final int IDLE_OFFSET = 48;
    /** The header's length: the metadata buffer starts here (cache-line aligned). */
    public static final int HEADER_LENGTH = 128;

    /** A level (goroutines running, Ps idle, a queue's length): shown as it is. */
    public static final int GAUGE = 1;
    /** A total since the runtime started (goroutines created, steals): shown with its rate. */
    public static final int TOTAL = 2;
    /** A P's local run queue length; the key holds the P's id. */
    public static final int RUNQ_PER_P = 3;

    /** The file of process {@code pid} in {@code dir}. */
    public static Path path(Path dir, long pid) {
        return dir.resolve("gpm4j-" + pid + ".counters");
    }

    /** The JVM's temp dir, where this process's file lives. */
    public static Path defaultDir() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** Internal: not part of the public API; public because the agent's stat command visits the counters. Receives a counter. */
    @FunctionalInterface
    public interface Visitor {
        /** {@code key} is the P's id for {@link #RUNQ_PER_P}, else 0. */
        void counter(int typeId, int key, String label, long value);
    }

    private final UnsafeBuffer header;
    private final CountersReader reader;

    private CountersFile(UnsafeBuffer header, CountersReader reader) {
        this.header = header;
        this.reader = reader;
    }

    /**
     * Maps {@code file} read-only; throws {@link IOException} with a one-line reason when it is
     * not a counters file of this layout (too short, no magic yet, another version).
     */
    public static CountersFile open(Path file) throws IOException {
        MappedByteBuffer map;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < HEADER_LENGTH) {
                throw new IOException(file + " is not a gpm4j counters file (" + size + " bytes)");
            }
            map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
        }
        UnsafeBuffer all = new UnsafeBuffer(map);
        int magic = all.getIntVolatile(MAGIC_OFFSET);
        if (magic != MAGIC) {
            throw new IOException(file + " is not a gpm4j counters file, or not yet written (magic " + Integer.toHexString(magic) + ")");
        }
        int version = all.getInt(VERSION_OFFSET);
        if (version != VERSION) {
            throw new IOException(file + " has counters layout " + version + "; this command reads layout " + VERSION);
        }
        int metaLength = all.getInt(METADATA_LENGTH_OFFSET);
        int valuesLength = all.getInt(VALUES_LENGTH_OFFSET);
        if (metaLength <= 0 || valuesLength <= 0 || (long) HEADER_LENGTH + metaLength + valuesLength > all.capacity()) {
            throw new IOException(file + " is a damaged gpm4j counters file (buffer lengths " + metaLength + ", " + valuesLength + ")");
        }
        UnsafeBuffer meta = new UnsafeBuffer(all, HEADER_LENGTH, metaLength);
        UnsafeBuffer values = new UnsafeBuffer(all, HEADER_LENGTH + metaLength, valuesLength);
        return new CountersFile(new UnsafeBuffer(all, 0, HEADER_LENGTH), new CountersReader(meta, values));
    }

    public long pid() {
        return header.getLong(PID_OFFSET);
    }

    /** The process's start, epoch ms. */
    public long startMillis() {
        return header.getLong(START_OFFSET);
    }

    /** When the counters were last published, epoch ms. */
    public long heartbeatMillis() {
        return header.getLongVolatile(HEARTBEAT_OFFSET);
    }

    public long periodMillis() {
        return header.getLong(PERIOD_OFFSET);
    }

    /** Whether the runtime was idle at the last publication (it publishes again when work comes). */
    public boolean idle() {
        return header.getIntVolatile(IDLE_OFFSET) != 0;
    }

    /** Visits every allocated counter, in the order they were allocated. */
    public void forEach(Visitor v) {
        reader.forEach((counterId, typeId, keyBuffer, label) ->
                v.counter(typeId, typeId == RUNQ_PER_P ? keyBuffer.getInt(0) : 0, label, reader.getCounterValue(counterId)));
    }

    /** Nothing to release: the mapping goes with the buffer, and the file may be removed any time. */
    @Override
    public void close() {
    }
}
