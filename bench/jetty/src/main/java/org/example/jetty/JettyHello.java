package org.example.jetty;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * An embedded Jetty 12 hello-world server, an application that does not use goroutines: a core
 * {@link Handler} answers {@code GET /} with {@code 200} and {@code Hello, World!} as
 * {@code text/plain}; another path gets {@code 404}, another method {@code 405}. Jetty's defaults
 * otherwise (its {@code QueuedThreadPool}, one {@code ServerConnector}). For
 * {@code bench/run-jetty.sh}, which measures what attaching the agent costs such an application
 * (issue 13): run plain, under the agent, and under the agent with goroutines beside it.
 *
 * <pre>java [-javaagent:agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar] -jar bench/jetty/target/jetty-hello.jar
 *     [-port 8080] [-goroutines 0] [-threads 0] [-sleep-us 1000] [-startup]</pre>
 *
 * <ul>
 *   <li>{@code -goroutines N}: also starts N goroutines beside the server
 *       ({@code io.gpm4j.bench.jetty.Beside}, reached by reflection), which
 *       keep a carrier busy or waiting on a timer, and so the rewrite's global "a continuation
 *       may be mounted" hint non-zero, most of the time: what a mixed application looks like to
 *       the server's rewritten frames. Needs the agent (it holds the runtime). They report at
 *       exit how often the hint was non-zero.</li>
 *   <li>{@code -threads N}: also starts N platform threads beside the server doing the same work
 *       as the goroutines ({@link Players}): the mixed application without gpm4j, against which
 *       {@code -goroutines} is read. Needs no agent.</li>
 *   <li>{@code -sleep-us}: the goroutines' (or threads') sleep between two hand-offs.</li>
 *   <li>{@code -startup}: prints the time from the JVM's start (the process's start time, as the
 *       OS knows it) to the server accepting; the script measures the same from outside.</li>
 * </ul>
 * Prints {@code listening on <port>} once the connector accepts; stops on SIGTERM.
 *
 * <p>In a package of its own, outside {@code io.gpm4j}, and naming nothing of gpm4j (the
 * goroutines' class is named by a string): the agent sees it as it sees an application that
 * does not use goroutines, whose classes it only looks at. In {@code io.gpm4j.bench.jetty} and
 * calling {@code Beside} directly, this class was analysed and rewritten as gpm4j's own code, and
 * the {@code agent} variant paid for the agent's first rewrite (60 to 80 ms, while interpreted)
 * where such an application pays nothing of it.
 */
public final class JettyHello {
    static final String USAGE = "usage: JettyHello [-port 8080] [-goroutines N] [-threads N] [-sleep-us 1000] [-startup]";
    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    private JettyHello() {
    }

    public static void main(String[] args) throws Exception {
        int port = 8080;
        int goroutines = 0;
        int threads = 0;
        long sleepMicros = 1_000;
        boolean startup = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-port" -> port = number(args, ++i, 0, 65_535);
                case "-goroutines" -> goroutines = number(args, ++i, 0, 1_000_000);
                case "-threads" -> threads = number(args, ++i, 0, 10_000);
                case "-sleep-us" -> sleepMicros = number(args, ++i, 0, 1_000_000_000);
                case "-startup" -> startup = true;
                default -> exit("unknown option " + args[i]);
            }
        }
        if (goroutines > 0) {
            beside("start", goroutines, Duration.ofNanos(sleepMicros * 1_000));
        }
        if (threads > 0) {
            Players.start(threads, sleepMicros);
        }
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Hello());
        server.start();
        if (goroutines > 0) {
            beside("sampleHint");
        }
        if (startup) {
            long startedMillis = ProcessHandle.current().info().startInstant()
                    .map(t -> t.toEpochMilli()).orElse(-1L);
            System.out.println("startup_ms=" + (startedMillis < 0 ? "unknown" : System.currentTimeMillis() - startedMillis));
        }
        System.out.println("listening on " + connector.getLocalPort());
        server.join();
    }

    /** The handler: Jetty's core API, no servlets. Never blocks. */
    static final class Hello extends Handler.Abstract.NonBlocking {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            if (!Request.getPathInContext(request).equals("/")) {
                Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
                return true;
            }
            String method = request.getMethod();
            if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
                Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
                return true;
            }
            response.setStatus(HttpStatus.OK_200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, HELLO.length);
            response.write(true, ByteBuffer.wrap(HELLO).asReadOnlyBuffer(), callback);
            return true;
        }
    }

    /** Calls {@code io.gpm4j.bench.jetty.Beside}'s static {@code method} (by reflection: see the class comment). */
    private static void beside(String method, Object... args) throws ReflectiveOperationException {
        Class<?> beside = Class.forName("io.gpm4j.bench.jetty.Beside");
        for (java.lang.reflect.Method m : beside.getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == args.length) {
                m.invoke(null, args);
                return;
            }
        }
        throw new NoSuchMethodException("io.gpm4j.bench.jetty.Beside." + method);
    }

    private static int number(String[] args, int i, int min, int max) {
        if (i >= args.length) {
            exit(args[i - 1] + " needs a value");
        }
        try {
            int n = Integer.parseInt(args[i]);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            /* reported below */
        }
        exit(args[i - 1] + " needs a whole number from " + min + " to " + max + ", not " + args[i]);
        return 0;
    }

    private static void exit(String message) {
        System.err.println(message + "\n" + USAGE);
        System.exit(2);
    }
}
