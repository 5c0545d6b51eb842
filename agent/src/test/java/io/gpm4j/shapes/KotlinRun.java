package io.gpm4j.shapes;

import io.gpm4j.agent.testkit.Subject;
import java.util.List;
import kotlin.collections.CollectionsKt;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import okio.Source;
import okio.Timeout;

/**
 * The Kotlin compiler's output suspended through: the standard library's {@code joinToString}
 * calls a transform that suspends, and okio's buffered source (Kotlin too) calls a {@link Source}
 * whose {@code read} suspends before it hands over each line.
 */
public final class KotlinRun implements Subject {
    private Object result;

    /** Yields before each read; hands over what it was resumed with as one line, twice, then ends. */
    static final class YieldingSource implements Source {
        private int reads;

        @Override
        public long read(Buffer sink, long byteCount) {
            if (reads == 2) {
                return -1;
            }
            reads++;
            String line = Yield.value("read" + reads) + "\n";
            sink.writeUtf8(line);
            return line.length();
        }

        @Override
        public Timeout timeout() {
            return Timeout.NONE;
        }

        @Override
        public void close() {
        }
    }

    @Override
    public void run() {
        long before = 42L;
        String joined = CollectionsKt.joinToString(List.of("a", "b"), ",", "[", "]", -1, "...",
                s -> s + "=" + Yield.value(s));
        String lines;
        try (BufferedSource in = Okio.buffer(new YieldingSource())) {
            lines = in.readUtf8Line() + "|" + in.readUtf8Line() + "|" + in.readUtf8Line();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        result = joined + " " + lines + " " + before;
    }

    @Override
    public Object result() {
        return result;
    }
}
