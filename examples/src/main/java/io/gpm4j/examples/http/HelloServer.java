package io.gpm4j.examples.http;

import io.gpm4j.Go;
import io.gpm4j.bufio.Reader;
import io.gpm4j.bufio.Writer;
import io.gpm4j.examples.net.ServerArgs;
import io.gpm4j.net.Conn;
import io.gpm4j.net.Listener;
import io.gpm4j.net.Net;
import io.gpm4j.time.Time;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * An HTTP/1.1 "Hello, World!" server, the way Go's {@code net/http} serves: a goroutine per
 * connection, which parks while the connection is idle, keep-alive, the request line and headers
 * read with {@code io.gpm4j.bufio}. {@code GET /} (or {@code HEAD /}) gets {@code 200} with
 * {@code Hello, World!} as {@code text/plain}; another path {@code 404}; another method
 * {@code 405}; anything malformed {@code 400} and the connection closed. Garbage never ends the
 * server. Run it under the agent:
 *
 * <pre>java -javaagent:agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar=main -cp examples/target/classes io.gpm4j.examples.http.HelloServer 8080</pre>
 */
public final class HelloServer {
    static final String USAGE = "usage: HelloServer [port]   (port 0-65535, default 8080)";
    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    /** Bodies of requests are read and dropped up to this size; larger ones get 413. */
    private static final long MAX_BODY = 1 << 20;
    /** More header lines than this is a bad request. */
    private static final int MAX_HEADERS = 100;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;
    /** The Date header of {@link #dateSecond}, renewed by the first response of each second. */
    private static volatile String date = "";
    private static volatile long dateSecond = -1;

    private HelloServer() {
    }

    public static void main(String[] args) throws IOException {
        int port = ServerArgs.portOrExit(args, 8080, USAGE);
        Listener l = Net.listen("tcp", ":" + port);
        System.out.println("listening on " + l.addr());
        serve(l);
    }

    /** Accepts connections until {@code l} is closed, each served by a goroutine of its own. */
    public static void serve(Listener l) {
        for (;;) {
            Conn c;
            try {
                c = l.accept();
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().endsWith("use of closed network connection")) {
                    return;
                }
                Time.sleep(Duration.ofMillis(5)); // e.g. out of descriptors: back off, as Go's server does
                continue;
            }
            Go.go(() -> handle(c));
        }
    }

    /** Serves one connection until the client closes it, asks to, or sends garbage. */
    static void handle(Conn c) {
        try (c) {
            Reader in = new Reader(c);
            Writer out = new Writer(c);
            while (serveOne(in, out)) {
                if (in.buffered() == 0) {
                    out.flush(); // no pipelined request waiting: send what we have
                }
            }
            out.flush();
        } catch (IOException | RuntimeException e) {
            // the client went away, or sent something we could not even answer: drop it
        }
    }

    /** Reads one request and writes its response; returns whether the connection stays open. */
    static boolean serveOne(Reader in, Writer out) throws IOException {
        String requestLine;
        try {
            requestLine = in.readLine();
        } catch (IOException e) {
            if ("bufio: buffer full".equals(e.getMessage())) {
                return badRequest(out);
            }
            throw e;
        }
        if (requestLine == null) {
            return false; // closed between requests
        }
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || !token(parts[0]) || parts[1].isEmpty()
                || !(parts[2].equals("HTTP/1.1") || parts[2].equals("HTTP/1.0"))) {
            return badRequest(out);
        }
        boolean http11 = parts[2].equals("HTTP/1.1");
        boolean keepAlive = http11;
        boolean host = false;
        long contentLength = 0;
        for (int n = 0; ; n++) {
            String h;
            try {
                h = in.readLine();
            } catch (IOException e) {
                if ("bufio: buffer full".equals(e.getMessage())) {
                    return badRequest(out);
                }
                throw e;
            }
            if (h == null) {
                return false;
            }
            if (h.isEmpty()) {
                break;
            }
            int colon = h.indexOf(':');
            if (n >= MAX_HEADERS || colon <= 0 || !token(h.substring(0, colon))) {
                return badRequest(out);
            }
            String name = h.substring(0, colon);
            String value = h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Host")) {
                host = true;
            } else if (name.equalsIgnoreCase("Connection")) {
                if (value.equalsIgnoreCase("close")) {
                    keepAlive = false;
                } else if (value.equalsIgnoreCase("keep-alive")) {
                    keepAlive = true;
                }
            } else if (name.equalsIgnoreCase("Content-Length")) {
                if (!value.matches("\\d{1,18}")) {
                    return badRequest(out);
                }
                contentLength = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                respond(out, "501 Not Implemented", "text/plain; charset=utf-8",
                        "transfer encodings are not supported\n".getBytes(StandardCharsets.US_ASCII), false, false);
                return false;
            }
        }
        if (http11 && !host) {
            return badRequest(out); // Go: "missing required Host header"
        }
        if (contentLength > MAX_BODY) {
            respond(out, "413 Request Entity Too Large", "text/plain; charset=utf-8",
                    "request body too large\n".getBytes(StandardCharsets.US_ASCII), false, false);
            return false;
        }
        if (in.discard(contentLength) < contentLength) {
            return false;
        }
        String method = parts[0];
        boolean head = method.equals("HEAD");
        if (!parts[1].equals("/")) {
            respond(out, "404 Not Found", "text/plain; charset=utf-8",
                    "404 page not found\n".getBytes(StandardCharsets.US_ASCII), keepAlive, head);
        } else if (!method.equals("GET") && !head) {
            respond(out, "405 Method Not Allowed", "text/plain; charset=utf-8",
                    "method not allowed\n".getBytes(StandardCharsets.US_ASCII), keepAlive, false);
        } else {
            respond(out, "200 OK", "text/plain", HELLO, keepAlive, head);
        }
        return keepAlive;
    }

    private static boolean badRequest(Writer out) throws IOException {
        respond(out, "400 Bad Request", "text/plain; charset=utf-8",
                "400 Bad Request".getBytes(StandardCharsets.US_ASCII), false, false);
        return false;
    }

    private static void respond(Writer out, String status, String contentType, byte[] body, boolean keepAlive, boolean head)
            throws IOException {
        out.writeString("HTTP/1.1 " + status + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length
                + "\r\nDate: " + date() + (keepAlive ? "" : "\r\nConnection: close") + "\r\n\r\n");
        if (!head) {
            out.write(body);
        }
    }

    /** Whether {@code s} is an HTTP token (method or header name): visible ASCII without separators. */
    private static boolean token(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** The Date header value, formatted once a second (a race between two writers is harmless). */
    private static String date() {
        long second = System.currentTimeMillis() / 1000;
        if (second != dateSecond) {
            date = HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC));
            dateSecond = second;
        }
        return date;
    }
}
