package io.gpm4j.net;

import static io.gpm4j.net.NetTestSupport.awaitTrue;
import static io.gpm4j.net.NetTestSupport.goroutinesIn;
import static io.gpm4j.net.NetTestSupport.readFully;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.Go;
import io.gpm4j.sync.WaitGroup;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * Idle connections keep no I/O buffer each (issue 12: on JDK 17 an idle keep-alive connection
 * cost 1.33x Go's resident memory). A goroutine that read and wrote on its connection and then
 * parked in read holds no temporary direct buffer, no {@code sun.nio.ch.Util$BufferCache} and no
 * ThreadLocal map of its own: heap arrays go through the M's direct buffer
 * ({@code io.gpm4j.runtime.CarrierBuffer}). Before, on JDK 17, the JDK's per-thread buffer cache
 * (a ThreadLocal, and ThreadLocals belong to the goroutine) was made once per goroutine and kept
 * while it parked: each count below grew by one per connection. On JDK 25 the JDK keeps that
 * cache per carrier thread, so there the check passed before too. Live objects are counted by a
 * class histogram (it collects first), the same one {@code jcmd GC.class_histogram} prints.
 */
class NetBuffersTest {
    private static final int N = 300;
    /** Growth allowed in each count: the Ms' own buffers and the test thread's, far below one per connection. */
    private static final int SLACK = N / 10;
    private static final String[] COUNTED = {
        "sun.nio.ch.Util$BufferCache", "java.nio.DirectByteBuffer", "java.lang.ThreadLocal$ThreadLocalMap",
    };

    @Test
    void idleConnectionsKeepNoDirectBufferOrThreadLocalMapEach() throws Exception {
        byte[] request = "hello\n".getBytes(StandardCharsets.US_ASCII);
        byte[] reply = "world\n".getBytes(StandardCharsets.US_ASCII);
        List<Conn> clients = new ArrayList<>();
        try (Listener l = Net.listen("tcp", "127.0.0.1:0")) {
            Go.go(() -> serve(l, request.length, reply));
            String addr = "127.0.0.1:" + l.addr().getPort();
            // the test thread's own cache, and the first connection's classes, before the count
            try (Conn warm = Net.dial("tcp", addr)) {
                exchange(warm, request, reply);
            }
            Map<String, Long> before = liveInstances();
            for (int i = 0; i < N; i++) {
                Conn c = Net.dial("tcp", addr);
                clients.add(c);
                exchange(c, request, reply);
            }
            // every server goroutine is parked in its second read
            awaitTrue(N + " server goroutines in IO wait", 60, () -> goroutinesIn("IO wait") >= N);
            Map<String, Long> after = liveInstances();
            StringBuilder grown = new StringBuilder();
            for (String name : COUNTED) {
                long grew = after.get(name) - before.get(name);
                grown.append("\n  ").append(name).append(": ").append(before.get(name)).append(" -> ")
                        .append(after.get(name)).append(" (").append(grew < SLACK ? "ok" : "one per idle connection?")
                        .append(')');
            }
            System.out.println("live instances, " + N + " idle connections:" + grown);
            for (String name : COUNTED) {
                assertTrue(after.get(name) - before.get(name) < SLACK, "live instances with " + N
                        + " idle connections, each a goroutine parked in read:" + grown);
            }
        } finally {
            for (Conn c : clients) {
                c.close();
            }
        }
    }

    /**
     * Reads and writes longer than an M's buffer (64 KiB) go through in parts, in order: 3 MiB
     * written with one call from a goroutine, read back by another goroutine with a 200 KiB array
     * (each read returns at most the buffer's length), byte for byte.
     */
    @Test
    void readsAndWritesLongerThanTheBufferGoThroughInParts() throws Exception {
        byte[] data = new byte[3 << 20];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + (i >>> 16));
        }
        byte[] got = new byte[data.length];
        int[] longestRead = new int[1];
        NetTestSupport.withPair((client, server) -> {
            WaitGroup wrote = new WaitGroup();
            wrote.add(1);
            Go.go(() -> {
                try {
                    client.write(data, 0, data.length);
                    client.closeWrite();
                } catch (IOException e) {
                    throw new AssertionError(e);
                } finally {
                    wrote.done();
                }
            });
            byte[] buf = new byte[200 * 1024];
            int off = 0;
            for (int n; (n = server.read(buf, 0, buf.length)) >= 0; ) {
                System.arraycopy(buf, 0, got, off, n);
                off += n;
                longestRead[0] = Math.max(longestRead[0], n);
            }
            wrote.await();
            assertEquals(data.length, off, "bytes read");
        });
        assertArrayEquals(data, got);
        assertTrue(longestRead[0] <= 64 * 1024, "a read on an M returns at most the M's buffer: " + longestRead[0]);
    }

    /** Writes {@code request} on {@code c} and reads {@code reply} back. */
    private static void exchange(Conn c, byte[] request, byte[] reply) throws IOException {
        c.write(request, 0, request.length);
        byte[] back = new byte[reply.length];
        readFully(c, back);
        assertArrayEquals(reply, back);
    }

    /** Accepts until {@code l} closes; each connection's goroutine answers one request, then reads until the end. */
    private static void serve(Listener l, int requestLength, byte[] reply) {
        NetTestSupport.serve(l, c -> {
            try (c) {
                byte[] buf = new byte[4096]; // bufio's size: a 4 KiB temporary buffer each, before
                int got = 0;
                while (got < requestLength) {
                    int n = c.read(buf, got, buf.length - got);
                    if (n < 0) {
                        return;
                    }
                    got += n;
                }
                c.write(reply, 0, reply.length);
                while (c.read(buf, 0, buf.length) >= 0) {
                    // idle: parked here until the test closes the connection
                }
            } catch (IOException e) {
                // the test closed the connection
            }
        });
    }

    /** Live instances of each of {@link #COUNTED}, from a class histogram of this JVM (after a full GC). */
    private static Map<String, Long> liveInstances() throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Map<String, Long> counts = new HashMap<>();
        for (String name : COUNTED) {
            counts.put(name, 0L);
        }
        for (String line : histogram.split("\n")) {
            // "  15:  2009  128576  java.nio.DirectByteBuffer (java.base@17.0.15)"
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":") && counts.containsKey(f[3])) {
                counts.put(f[3], Long.parseLong(f[1]));
            }
        }
        return counts;
    }
}
