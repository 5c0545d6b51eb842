package io.gpm4j.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The stream views of a connection. Users reach them through {@code java.io.InputStream} and
 * {@code OutputStream}, the JDK's types, whose call sites the agent never treats as suspendable,
 * so a goroutine that must wait in them pins its carrier (it still works, at the price of a
 * blocked thread). Closing a view closes the connection, as with {@code Socket}'s streams.
 */
final class ConnStreams {
    private ConnStreams() {
    }

    static final class In extends InputStream {
        private final Conn conn;

        In(Conn conn) {
            this.conn = conn;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = conn.read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return conn.read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            conn.close();
        }
    }

    static final class Out extends OutputStream {
        private final Conn conn;

        Out(Conn conn) {
            this.conn = conn;
        }

        @Override
        public void write(int b) throws IOException {
            conn.write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            conn.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            conn.close();
        }
    }
}
