package io.gpm4j.examples.net;

import io.gpm4j.Chan;
import io.gpm4j.Go;
import io.gpm4j.Select;
import io.gpm4j.bufio.Reader;
import io.gpm4j.bufio.Writer;
import io.gpm4j.net.Conn;
import io.gpm4j.net.Listener;
import io.gpm4j.net.Net;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * A chat server, the fan-out of <i>The Go Programming Language</i> §8.10: one broadcaster
 * goroutine owns the set of clients and is the only one to touch it; each client has a goroutine
 * reading its lines into the shared {@code messages} channel and another writing the messages of
 * its own outgoing channel to it. Nothing is locked: the goroutines talk over channels. Run it,
 * then connect with a few {@code nc localhost 8000}:
 *
 * <pre>java -javaagent:agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar=main -cp examples/target/classes io.gpm4j.examples.net.ChatServer 8000</pre>
 */
public final class ChatServer {
    static final String USAGE = "usage: ChatServer [port]   (port 0-65535, default 8000)";
    /** A client's outgoing messages waiting to be written; a client this far behind is dropped. */
    private static final int BACKLOG = 64;

    private final Chan<Chan<String>> entering = Chan.make();
    private final Chan<Chan<String>> leaving = Chan.make();
    private final Chan<String> messages = Chan.make();

    public static void main(String[] args) throws IOException {
        int port = ServerArgs.portOrExit(args, 8000, USAGE);
        Listener l = Net.listen("tcp", ":" + port);
        System.out.println("listening on " + l.addr());
        new ChatServer().serve(l);
    }

    /** Accepts clients until {@code l} is closed. */
    public void serve(Listener l) {
        Go.go(this::broadcaster);
        for (;;) {
            Conn c;
            try {
                c = l.accept();
            } catch (IOException e) {
                return;
            }
            Go.go(() -> handle(c));
        }
    }

    /** Owns the clients: adds, removes, and fans every message out to all of them. */
    private void broadcaster() {
        Set<Chan<String>> clients = new HashSet<>();
        for (;;) {
            Select.Case<String> message = Select.recv(messages);
            Select.Case<Chan<String>> enter = Select.recv(entering);
            Select.Case<Chan<String>> leave = Select.recv(leaving);
            switch (Select.select(message, enter, leave)) {
                case 0 -> {
                    for (Chan<String> cli : clients) {
                        // a client that does not keep up loses the message rather than stall everyone
                        Select.trySelect(Select.send(cli, message.value()));
                    }
                }
                case 1 -> clients.add(enter.value());
                default -> {
                    clients.remove(leave.value());
                    leave.value().close();
                }
            }
        }
    }

    private void handle(Conn c) {
        Chan<String> out = Chan.make(BACKLOG);
        Go.go(() -> writer(c, out));
        String who = c.remoteAddr().toString();
        out.send("You are " + who);
        entering.send(out); // first in the set, so the client also sees its own arrival
        messages.send(who + " has arrived");
        try {
            Reader in = new Reader(c);
            for (String line; (line = in.readLine()) != null; ) {
                messages.send(who + ": " + line);
            }
        } catch (IOException e) {
            // gone
        }
        leaving.send(out); // the broadcaster closes out, which ends the writer
        messages.send(who + " has left");
    }

    /** Writes the client's messages until its channel is closed, then closes the connection. */
    private static void writer(Conn c, Chan<String> out) {
        try (c) {
            Writer w = new Writer(c);
            out.range(msg -> {
                try {
                    w.writeString(msg + "\n");
                    if (out.len() == 0) {
                        w.flush();
                    }
                } catch (IOException e) {
                    // the client is gone: keep draining until the broadcaster closes the channel
                }
            });
        } catch (IOException e) {
            // close failed: nothing to do
        }
    }
}
