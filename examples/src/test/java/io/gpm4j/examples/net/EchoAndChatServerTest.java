package io.gpm4j.examples.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.Go;
import io.gpm4j.examples.ExampleProcess;
import io.gpm4j.net.Listener;
import io.gpm4j.net.Net;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The echo and chat servers, driven by plain JDK sockets. */
class EchoAndChatServerTest {
    private static Socket connect(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(60_000);
        return s;
    }

    @Test
    void theEchoServerEchoesUntilThePeerHalfCloses() throws IOException {
        try (Listener l = Net.listen("tcp", "127.0.0.1:0")) {
            Go.go(() -> EchoServer.serve(l));
            for (int i = 0; i < 3; i++) {
                try (Socket s = connect(l.addr().getPort())) {
                    byte[] msg = ("echo " + i + "\n").repeat(10_000).getBytes(StandardCharsets.UTF_8);
                    Thread writer = new Thread(() -> {
                        try {
                            s.getOutputStream().write(msg);
                            s.shutdownOutput();
                        } catch (IOException e) {
                            throw new AssertionError(e);
                        }
                    });
                    writer.start();
                    byte[] back = s.getInputStream().readAllBytes(); // until the server closes after our half-close
                    assertEquals(new String(msg, StandardCharsets.UTF_8), new String(back, StandardCharsets.UTF_8));
                }
            }
        }
    }

    @Test
    void theChatServerFansMessagesOutToEveryClient() throws IOException {
        try (Listener l = Net.listen("tcp", "127.0.0.1:0")) {
            Go.go(() -> new ChatServer().serve(l));
            try (Socket a = connect(l.addr().getPort()); Socket b = connect(l.addr().getPort())) {
                BufferedReader ina = new BufferedReader(new InputStreamReader(a.getInputStream(), StandardCharsets.UTF_8));
                BufferedReader inb = new BufferedReader(new InputStreamReader(b.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter outa = new PrintWriter(a.getOutputStream(), true, StandardCharsets.UTF_8);
                assertTrue(ina.readLine().startsWith("You are /127.0.0.1:"));
                assertTrue(inb.readLine().startsWith("You are /127.0.0.1:"));
                // each client sees its own arrival once it is in the set
                String aArrived = a.getLocalPort() + " has arrived";
                while (!ina.readLine().endsWith(aArrived)) {
                    // other clients' arrivals
                }
                String bArrived = b.getLocalPort() + " has arrived";
                while (!inb.readLine().endsWith(bArrived)) {
                    // other clients' arrivals
                }
                outa.println("hello, room");
                String want = a.getLocalPort() + ": hello, room";
                for (BufferedReader in : new BufferedReader[] {ina, inb}) {
                    String line;
                    do {
                        line = in.readLine();
                    } while (line != null && !line.endsWith(want));
                    assertTrue(line != null && line.endsWith(want), "the message did not reach a client");
                }
                a.close();
                String aLeft = a.getLocalPort() + " has left";
                String line;
                do {
                    line = inb.readLine();
                } while (line != null && !line.endsWith(aLeft));
                assertTrue(line != null, "b was not told that a left");
            }
        }
    }

    @Test
    void badArgumentsPrintTheUsage() throws Exception {
        ExampleProcess.Result r = ExampleProcess.run("main", "io.gpm4j.examples.net.EchoServer", "x");
        assertEquals(2, r.exitCode(), r.stderr());
        assertEquals(EchoServer.USAGE + "\n", r.stderr());
        r = ExampleProcess.run("main", "io.gpm4j.examples.net.ChatServer", "1", "2");
        assertEquals(2, r.exitCode(), r.stderr());
        assertEquals(ChatServer.USAGE + "\n", r.stderr());
    }
}
