package io.gpm4j.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.Go;
import io.gpm4j.examples.ExampleProcess;
import io.gpm4j.net.Listener;
import io.gpm4j.net.Net;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HelloServer answers real HTTP/1.1 over raw sockets (a plain JDK client, byte for byte): keep-alive,
 * pipelining, HTTP/1.0, 400 and a close for garbage, and it goes on serving after any of it.
 */
class HelloServerTest {
    private static Listener listener;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        listener = Net.listen("tcp", "127.0.0.1:0");
        port = listener.addr().getPort();
        Go.go(() -> HelloServer.serve(listener));
    }

    @AfterAll
    static void stop() throws IOException {
        listener.close();
    }

    /** A parsed response. */
    record Response(String statusLine, Map<String, String> headers, String body) {
    }

    /** Reads one response: status line, headers, Content-Length bytes of body; null at end of stream. */
    static Response readResponse(InputStream in) throws IOException {
        String status = line(in);
        if (status == null) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h; !(h = line(in)).isEmpty(); ) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.get("content-length"));
        byte[] body = in.readNBytes(length);
        assertEquals(length, body.length, "short body");
        return new Response(status, headers, new String(body, StandardCharsets.US_ASCII));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                return b.size() == 0 ? null : b.toString(StandardCharsets.US_ASCII);
            }
            b.write(c);
        }
        String s = b.toString(StandardCharsets.US_ASCII);
        assertTrue(s.endsWith("\r"), "line not ended by CRLF: " + s);
        return s.substring(0, s.length() - 1);
    }

    private static Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(60_000); // a hang fails the test instead of stalling it
        return s;
    }

    private static void send(Socket s, String request) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static void assertHello(Response r) {
        assertNotNull(r, "no response");
        assertEquals("HTTP/1.1 200 OK", r.statusLine());
        assertEquals("text/plain", r.headers().get("content-type"));
        assertEquals("13", r.headers().get("content-length"));
        assertNotNull(r.headers().get("date"));
        assertEquals("Hello, World!", r.body());
    }

    @Test
    void getSlashIsHelloWorldOverAKeptAliveConnection() throws IOException {
        try (Socket s = connect()) {
            InputStream in = s.getInputStream();
            for (int i = 0; i < 5; i++) {
                send(s, "GET / HTTP/1.1\r\nHost: localhost\r\nUser-Agent: test\r\n\r\n");
                Response r = readResponse(in);
                assertHello(r);
                assertEquals(null, r.headers().get("connection"), "keep-alive is HTTP/1.1's default");
            }
            // two pipelined requests in one packet: two responses, in order
            send(s, "GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /nope HTTP/1.1\r\nHost: a\r\n\r\n");
            assertHello(readResponse(in));
            Response notFound = readResponse(in);
            assertEquals("HTTP/1.1 404 Not Found", notFound.statusLine());
            // a request with a body, then Connection: close
            send(s, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhelloGET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            assertEquals("HTTP/1.1 405 Method Not Allowed", readResponse(in).statusLine());
            Response last = readResponse(in);
            assertHello(last);
            assertEquals("close", last.headers().get("connection"));
            assertEquals(-1, in.read(), "the server closes after Connection: close");
        }
    }

    @Test
    void http10ClosesAfterTheResponseAndHeadHasNoBody() throws IOException {
        try (Socket s = connect()) {
            send(s, "GET / HTTP/1.0\r\n\r\n");
            Response r = readResponse(s.getInputStream());
            assertHello(r);
            assertEquals(-1, s.getInputStream().read());
        }
        try (Socket s = connect()) {
            send(s, "HEAD / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            InputStream in = s.getInputStream();
            assertEquals("HTTP/1.1 200 OK", line(in));
            String rest = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(rest.endsWith("\r\n\r\n"), "a HEAD response ends after its headers: " + rest);
        }
    }

    @Test
    void garbageGets400AndTheConnectionClosed() throws IOException {
        String[] bad = {
            "\u0000\u0001\u0002garbage\r\n\r\n",
            "GET /\r\n\r\n",
            "GET / HTTP/9.9\r\nHost: a\r\n\r\n",
            "GET / HTTP/1.1\r\n\r\n", // no Host
            "GET / HTTP/1.1\r\nHost: a\r\nno colon here\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: -4\r\n\r\n",
            "G(T / HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET /" + "x".repeat(10_000) + " HTTP/1.1\r\nHost: a\r\n\r\n", // longer than the line buffer
        };
        for (String request : bad) {
            try (Socket s = connect()) {
                send(s, request);
                Response r = readResponse(s.getInputStream());
                assertNotNull(r, "no response to " + printable(request));
                assertEquals("HTTP/1.1 400 Bad Request", r.statusLine(), printable(request));
                assertEquals("close", r.headers().get("connection"));
                assertEquals(-1, s.getInputStream().read(), "not closed after " + printable(request));
            } catch (IOException e) {
                // the server may close while we still send the long line: a reset is a close too
                assertTrue(request.length() > 1000, printable(request) + ": " + e);
            }
        }
        assertStillServes();
    }

    @Test
    void randomBytesNeverStopTheServer() throws IOException {
        Random random = new Random(42);
        for (int i = 0; i < 100; i++) {
            byte[] junk = new byte[1 + random.nextInt(3000)];
            random.nextBytes(junk);
            try (Socket s = connect()) {
                s.getOutputStream().write(junk);
                s.shutdownOutput();
                s.getInputStream().readAllBytes(); // whatever it answers, it must end the connection
            } catch (IOException e) {
                // reset while we wrote: fine
            }
        }
        assertStillServes();
    }

    private static void assertStillServes() throws IOException {
        try (Socket s = connect()) {
            send(s, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertHello(readResponse(s.getInputStream()));
        }
    }

    @Test
    void badArgumentsPrintTheUsage() throws Exception {
        for (String[] args : new String[][] {{"notaport"}, {"70000"}, {"80", "81"}}) {
            ExampleProcess.Result r = ExampleProcess.run("main", "io.gpm4j.examples.http.HelloServer", args);
            assertEquals(2, r.exitCode(), r.stderr());
            assertEquals(HelloServer.USAGE + "\n", r.stderr());
            assertEquals("", r.stdout());
        }
        assertEquals(8080, io.gpm4j.examples.net.ServerArgs.port(new String[0], 8080));
    }

    private static String printable(String s) {
        String t = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        return t.replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\0");
    }
}
