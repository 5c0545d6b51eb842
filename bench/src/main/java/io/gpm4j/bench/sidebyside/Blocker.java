package io.gpm4j.bench.sidebyside;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.SynchronousQueue;

/**
 * The blocking call of the handoff workloads: A {@link #block blocks} in it until B
 * {@link #unblock unblocks} it, once per repetition. Made by {@link #of} from {@code -block}:
 * <ul>
 *   <li>{@code queue}: {@code SynchronousQueue.take()}, which B ends with {@code put}: blocked in
 *       the JDK, the thread {@code WAITING} (parked; a virtual thread unmounts);</li>
 *   <li>{@code read}: a one-byte {@code InputStream.read} of a loopback TCP connection, which B
 *       ends by writing the byte at the other end: blocked in native code, the thread
 *       {@code RUNNABLE} to the JVM and asleep in the kernel (a virtual thread unmounts, JDK 21+).</li>
 * </ul>
 */
abstract class Blocker implements AutoCloseable {
    /** The workload a {@code -block} value stands for: handoff or handoff-io. */
    static String workload(String block) {
        return block.equals("read") ? "handoff-io" : "handoff";
    }

    static Blocker of(String block) throws IOException {
        switch (block) {
            case "queue":
                return new Queue();
            case "read":
                return new Read();
            default:
                throw new IllegalArgumentException("-block must be queue or read, not " + block);
        }
    }

    /** A: blocks until B's {@link #unblock}. */
    abstract void block();

    /** B: ends A's {@link #block}. */
    abstract void unblock();

    @Override
    public void close() throws IOException {
        /* nothing to release */
    }

    private static final class Queue extends Blocker {
        private final SynchronousQueue<Object> queue = new SynchronousQueue<>();

        @Override
        void block() {
            try {
                if (queue.take() != this) {
                    throw new AssertionError("took something else");
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        void unblock() {
            try {
                queue.put(this);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final class Read extends Blocker {
        private static final int BYTE = 42;
        private final ServerSocket server;
        private final Socket client;
        private final Socket accepted;
        private final InputStream in;
        private final OutputStream out;

        Read() throws IOException {
            server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
            client.setTcpNoDelay(true);
            accepted = server.accept();
            in = accepted.getInputStream();
            out = client.getOutputStream();
        }

        @Override
        void block() {
            try {
                int b = in.read();
                if (b != BYTE) {
                    throw new AssertionError("read " + b + ", want " + BYTE);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        void unblock() {
            try {
                out.write(BYTE);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            try (server; client; accepted) {
                /* closes all three */
            }
        }
    }
}
