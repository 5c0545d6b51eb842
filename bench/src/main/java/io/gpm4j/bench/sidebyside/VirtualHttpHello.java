package io.gpm4j.bench.sidebyside;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadFactory;

/**
 * The JDK's own HTTP server ({@code com.sun.net.httpserver}) with a virtual thread per exchange:
 * the JDK side of {@code bench/run-http.sh}, next to {@code io.gpm4j.examples.http.HelloServer}
 * under the agent and {@code bench/go/httphello}. {@code GET /} answers 200 {@code Hello, World!}
 * as {@code text/plain}, keep-alive as the JDK server does it (one dispatcher thread selects over
 * the idle connections; an exchange runs on a virtual thread). Usage: {@code -port 8080}.
 */
public final class VirtualHttpHello {
    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    private VirtualHttpHello() {
    }

    public static void main(String[] args) throws IOException {
        int port = SideBySide.intArg(args, "-port", 8080);
        ThreadFactory vt = SideBySide.virtualThreadsOrSkip("http");
        if (vt == null) {
            System.exit(2);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 4096);
        server.createContext("/", VirtualHttpHello::hello);
        server.setExecutor(task -> vt.newThread(task).start());
        server.start();
        System.out.println("listening on :" + port + " (JDK HttpServer, a virtual thread per exchange, JDK "
                + Runtime.version() + ")");
    }

    private static void hello(HttpExchange exchange) throws IOException {
        try {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, BODY.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(BODY);
            }
        } finally {
            exchange.close();
        }
    }
}
