package io.gpm4j.agent;

import io.gpm4j.runtime.Goroutines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The target's side of {@code java -jar gpm4j-agent.jar stack <pid>}: an operator's request for
 * every goroutine's stack, served by the agent already running in the application (Go: the
 * {@code SIGQUIT} dump, runtime.Stack(all) behind it).
 *
 * <p><b>The protocol.</b> The command ({@link StackCommand}) creates an empty file, attaches to
 * the JVM and loads the agent jar once more with the argument {@code stack=<millis>,<file>}.
 * The JVM runs {@link Agent#agentmain} on its attach listener thread, which hands the argument
 * here; this class writes into the file one status line, {@link #HEADER} followed by one of
 * {@link #OK} (then the dump), {@link #NONE} (no scheduler yet), {@link #TIMEOUT}, {@link #BUSY}
 * or {@link #ERROR} and a reason, and returns. {@code loadAgent} returns when
 * {@code agentmain} does, so the command reads the file right after. The class that serves is
 * the one the application loaded at startup, whatever jar the command names: the system class
 * loader finds {@code io.gpm4j.agent.Agent} already loaded and does not load it again.
 *
 * <p><b>What it must not do</b>: disturb the application. Nothing is rewritten or retransformed
 * here, no M is started, and a scheduler that never booted stays unbooted. The dump is taken
 * under the sched lock, which a stuck scheduler may hold for ever; the attach listener is the
 * JVM's only one (a hang there would also hang {@code jcmd} and {@code jstack}), so the dump is
 * taken on a short-lived daemon thread and the listener waits for it at most the command's
 * timeout. A dump thread still blocked on the lock is remembered, so that repeated requests
 * answer {@link #BUSY} instead of piling up threads. The file is only ever written, never
 * created: a request can name nothing but a regular file its sender made.
 *
 * <p>Rejected: a server thread or socket opened at startup (a thread and a port in every
 * application, for a tool run rarely); the attach listener itself taking the lock (unbounded);
 * a system property carrying the dump back (it would stay in the application's properties).
 */
final class StackRequest {
    /** The {@code agentmain} argument's prefix: {@code stack=<millis>,<file>}. */
    static final String ARG = "stack=";
    /** The answer's first line starts with this; the version changes when the format does. */
    static final String HEADER = "gpm4j stack 1 ";
    /** The dump follows on the next lines. */
    static final String OK = "ok";
    /** The application started no goroutine: its scheduler has not booted. */
    static final String NONE = "none";
    /** The sched lock was not free (or the dump not done) within the request's time. */
    static final String TIMEOUT = "timeout";
    /** An earlier request's dump thread is still waiting for the sched lock. */
    static final String BUSY = "busy";
    /** Something else went wrong; the reason follows on the same line. */
    static final String ERROR = "error";

    /**
     * The dump thread of an earlier request still blocked on the sched lock after its requester
     * stopped waiting, or null. Set before that thread starts, cleared by it when it is done.
     */
    private static final AtomicReference<Thread> PENDING = new AtomicReference<>();

    private StackRequest() {
    }

    /**
     * Serves one request ({@code args} starts with {@link #ARG}). Called by {@link Agent#agentmain}
     * on the JVM's attach listener thread; returns within the request's time (plus the file
     * write) and never throws: a malformed request is reported in one warning line and ignored.
     */
    static void serve(String args) {
        String spec = args.substring(ARG.length());
        int comma = spec.indexOf(',');
        long millis;
        Path file;
        try {
            millis = Long.parseLong(spec.substring(0, Math.max(comma, 0)));
            file = Path.of(spec.substring(comma + 1));
        } catch (NumberFormatException | InvalidPathException e) {
            Log.warn("ignoring a malformed stack request '" + args + "' (expected stack=<millis>,<file>)");
            return;
        }
        if (millis <= 0 || !file.isAbsolute() || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            Log.warn("ignoring a stack request for '" + file + "': not an existing regular file given by an absolute path, or no time");
            return;
        }
        String answer = answer(millis);
        try {
            Files.writeString(file, answer, StandardCharsets.UTF_8, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | RuntimeException e) {
            Log.warn("cannot write the goroutine dump to " + file + ": " + e);
        }
    }

    /**
     * The answer to a request: {@link #HEADER}, a status and, after {@link #OK}, the dump of every
     * goroutine taken within {@code millis}. Any thread but a goroutine; never throws.
     */
    static String answer(long millis) {
        if (!Agent.installed()) {
            return HEADER + ERROR + " the gpm4j agent of this JVM did not install\n";
        }
        if (PENDING.get() != null) {
            return HEADER + BUSY + "\n";
        }
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread dumper = new Thread(() -> {
            try {
                String dump = Goroutines.stackIfBooted();
                result.complete(dump == null ? HEADER + NONE + "\n" : HEADER + OK + "\n" + dump);
            } catch (Throwable t) {
                result.complete(HEADER + ERROR + " the dump failed: " + oneLine(t) + "\n");
            } finally {
                PENDING.compareAndSet(Thread.currentThread(), null);
            }
        }, "gpm4j stack dump");
        dumper.setDaemon(true);
        if (!PENDING.compareAndSet(null, dumper)) {
            return HEADER + BUSY + "\n"; // another request got in first
        }
        dumper.start();
        try {
            return result.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return HEADER + TIMEOUT + "\n";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HEADER + ERROR + " interrupted while waiting for the dump\n";
        } catch (ExecutionException e) {
            return HEADER + ERROR + " the dump failed: " + oneLine(e.getCause()) + "\n"; // not reached: completed normally only
        }
    }

    private static String oneLine(Throwable t) {
        return String.valueOf(t).replace('\n', ' ');
    }
}
