package io.gpm4j.examples.net;

import io.gpm4j.Go;
import io.gpm4j.net.Conn;
import io.gpm4j.net.Listener;
import io.gpm4j.net.Net;
import java.io.IOException;

/**
 * A TCP echo server: a goroutine per connection copies what it reads back to the peer until the
 * peer closes its side. Run it under the agent, then try {@code nc localhost 7000}:
 *
 * <pre>java -javaagent:agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar=main -cp examples/target/classes io.gpm4j.examples.net.EchoServer 7000</pre>
 */
public final class EchoServer {
    static final String USAGE = "usage: EchoServer [port]   (port 0-65535, default 7000)";

    private EchoServer() {
    }

    public static void main(String[] args) throws IOException {
        int port = ServerArgs.portOrExit(args, 7000, USAGE);
        Listener l = Net.listen("tcp", ":" + port);
        System.out.println("listening on " + l.addr());
        serve(l);
    }

    /** Accepts until {@code l} is closed; each connection is echoed by its own goroutine. */
    public static void serve(Listener l) {
        for (;;) {
            Conn c;
            try {
                c = l.accept();
            } catch (IOException e) {
                return; // closed
            }
            Go.go(() -> echo(c));
        }
    }

    static void echo(Conn c) {
        try (c) {
            byte[] buf = new byte[8192];
            for (int n; (n = c.read(buf, 0, buf.length)) >= 0; ) {
                c.write(buf, 0, n);
            }
        } catch (IOException e) {
            // the peer went away
        }
    }
}
