package io.gpm4j.net;

import io.gpm4j.Go;
import io.gpm4j.runtime.SchedProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Helpers of the network tests (io.gpm4j.net, io.gpm4j.bufio, IdleCpuWithConnectionsTest): condition waits, open descriptors, dump counts, full reads, connected pairs. */
public final class NetTestSupport {
    private NetTestSupport() {
    }

    /** Waits (on a plain thread or a goroutine, by sleeping) until {@code cond} holds, failing after {@code seconds}. */
    public static void awaitTrue(String what, long seconds, BooleanSupplier cond) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what + "\n" + SchedProbe.describe()
                        + "\n" + Go.stack(true));
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** Open file descriptors of this JVM (Linux: /proc/self/fd). */
    public static long openFds() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count() - 1; // the directory stream's own descriptor
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs {@code body}, then waits for the open descriptors to be back to what they were. */
    public static void noLeak(String what, ThrowingRunnable body) throws Exception {
        long before = openFds();
        java.util.List<String> was = NetTestSupport.fdTargets();
        body.run();
        try {
            awaitTrue(what + ": descriptors back to " + before, 30, () -> openFds() == before);
        } catch (AssertionError e) {
            java.util.List<String> now = NetTestSupport.fdTargets();
            now.removeAll(was);
            throw new AssertionError(e.getMessage() + "\nnew descriptors: " + now, e);
        }
    }

    public interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** What the open descriptors are (readlink of /proc/self/fd/N), for failure messages. */
    public static java.util.List<String> fdTargets() {
        java.util.List<String> out = new java.util.ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                try {
                    out.add(p.getFileName() + "->" + Files.readSymbolicLink(p));
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out;
    }

    /** How many goroutines the dump shows with wait reason {@code reason}. */
    public static int goroutinesIn(String reason) {
        String dump = Go.stack(true);
        String tag = "[" + reason + "]:";
        int n = 0;
        for (int i = dump.indexOf(tag); i >= 0; i = dump.indexOf(tag, i + 1)) {
            n++;
        }
        return n;
    }

    /** Reads exactly {@code b.length} bytes, or fails at end of stream. */
    public static void readFully(Conn c, byte[] b) throws IOException {
        int off = 0;
        while (off < b.length) {
            int n = c.read(b, off, b.length - off);
            if (n < 0) {
                throw new AssertionError("end of stream after " + off + " of " + b.length + " bytes");
            }
            off += n;
        }
    }

    /** Reads until end of stream; returns the bytes. */
    public static byte[] readAll(Conn c) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n; (n = c.read(buf, 0, buf.length)) >= 0; ) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** Copies {@code c}'s input back to it until end of stream, then closes it: the echo handler. */
    public static void echo(Conn c) {
        try (c) {
            byte[] buf = new byte[4096];
            for (int n; (n = c.read(buf, 0, buf.length)) >= 0; ) {
                c.write(buf, 0, n);
            }
        } catch (IOException e) {
            // the peer went away
        }
    }

    /** Accepts until the listener closes, running {@link #echo} in a goroutine per connection. */
    public static void serveEcho(Listener l) {
        serve(l, NetTestSupport::echo);
    }

    /** Accepts until the listener closes, running {@code handler} in a goroutine per connection. */
    public static void serve(Listener l, Consumer<Conn> handler) {
        for (;;) {
            Conn c;
            try {
                c = l.accept();
            } catch (IOException e) {
                return; // closed
            }
            Go.go(() -> handler.accept(c));
        }
    }

    /** What runs with a connected pair. */
    public interface PairBody {
        void run(Conn client, Conn server) throws Exception;
    }

    /** Runs {@code body} as the main goroutine of {@code Go.run} with a connected pair (client side, server side), closed after. */
    public static void withPair(PairBody body) {
        Go.run(() -> {
            try (Listener l = Net.listen("tcp", "127.0.0.1:0");
                    Conn client = Net.dial("tcp", "127.0.0.1:" + l.addr().getPort());
                    Conn server = l.accept()) {
                body.run(client, server);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }
}
