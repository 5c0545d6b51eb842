package io.gpm4j.net;

import io.gpm4j.runtime.PollDesc;
import io.gpm4j.sync.Mutex;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every socket on the poller shares: its descriptor, closing once, the deadlines, and the
 * turns of readers and of writers (a poll descriptor has one waiter per mode, so readers take
 * turns on one mutex and writers on another; a read and a write may run at once). Go: net.conn
 * over poll.FD, whose fdMutex holds the read and write locks.
 */
abstract class PolledSocket {
    final NetFd fd;
    final Mutex readMu = new Mutex();
    final Mutex writeMu = new Mutex();
    private final AtomicBoolean closed = new AtomicBoolean();

    PolledSocket(NetFd fd) {
        this.fd = fd;
    }

    /** Throws Go's "use of closed network connection" for {@code op} once closed; call under the op's mutex. */
    final void checkOpen(String op) throws IOException {
        if (closed.get()) {
            throw fd.closed(op, null);
        }
    }

    /** Go: SetDeadline. */
    public final void setDeadline(Instant t) {
        fd.setDeadline((1 << PollDesc.MODE_READ) | (1 << PollDesc.MODE_WRITE), t);
    }

    /** Go: SetReadDeadline. */
    public final void setReadDeadline(Instant t) {
        fd.setDeadline(1 << PollDesc.MODE_READ, t);
    }

    /** Go: SetWriteDeadline. */
    public final void setWriteDeadline(Instant t) {
        fd.setDeadline(1 << PollDesc.MODE_WRITE, t);
    }

    /** Closes the descriptor once, waking parked calls; a second close does nothing. Go: Close. */
    public final void close() throws IOException {
        if (closed.compareAndSet(false, true)) {
            fd.close();
        }
    }
}
