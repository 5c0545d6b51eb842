package io.gpm4j.bench.sidebyside;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The client of {@code bench/run-http.sh}'s idle-connection measurement: opens {@code -n}
 * keep-alive connections to {@code -port} on 127.0.0.1 (default 10,000), sends one
 * {@code GET /} on each and reads its whole answer (so that every connection has been served
 * once and sits idle in the server, as a keep-alive client between requests leaves it), prints
 * {@code READY <n>}, and keeps them open until its standard input closes. A plain-thread
 * program (it needs no goroutines), the same for every server.
 */
public final class IdleConnections {
    private static final byte[] REQUEST = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private IdleConnections() {
    }

    public static void main(String[] args) throws IOException {
        int n = SideBySide.intArg(args, "-n", 10_000);
        int port = SideBySide.intArg(args, "-port", 8080);
        List<Socket> open = new ArrayList<>(n);
        byte[] buf = new byte[4096];
        for (int i = 0; i < n; i++) {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
            s.setSoTimeout(30_000);
            s.getOutputStream().write(REQUEST);
            readAnswer(s.getInputStream(), buf);
            open.add(s);
        }
        System.out.println("READY " + open.size());
        System.out.flush();
        while (System.in.read(buf) >= 0) {
            // hold the connections until the harness closes our input
        }
        for (Socket s : open) {
            s.close();
        }
    }

    /** Reads one HTTP/1.1 answer with a Content-Length (all three servers send one). */
    private static void readAnswer(InputStream in, byte[] buf) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while (!head.toString().endsWith("\r\n\r\n")) {
            c = in.read();
            if (c < 0) {
                throw new IOException("connection closed in the answer's head: " + head);
            }
            head.append((char) c);
        }
        String h = head.toString().toLowerCase(java.util.Locale.ROOT);
        int at = h.indexOf("content-length:");
        if (!h.startsWith("http/1.1 200") || at < 0) {
            throw new IOException("not a 200 with a Content-Length: " + head);
        }
        int length = Integer.parseInt(h.substring(at + 15, h.indexOf("\r\n", at)).trim());
        for (int got = 0; got < length; ) {
            int r = in.read(buf, 0, Math.min(buf.length, length - got));
            if (r < 0) {
                throw new IOException("connection closed in the body");
            }
            got += r;
        }
    }
}
