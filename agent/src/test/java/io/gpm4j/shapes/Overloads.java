package io.gpm4j.shapes;

import io.gpm4j.agent.testkit.Subject;
import java.util.ArrayList;
import java.util.List;

/**
 * Two overloads of one name, each suspending at its own line: the call-site table must keep the
 * lines of both (a table keyed by name alone keeps one overload's lines and then misjudges a
 * suspension through the other as a non-resumable call).
 */
public final class Overloads implements Subject {
    /** The line of the suspension in {@link #work(int)}. */
    public static final int INT_LINE = 30;
    /** The line of the suspension in {@link #work(String)}. */
    public static final int STRING_LINE = 37;

    private final List<Object> out = new ArrayList<>();

    @Override
    public void run() {
        int k = 3;
        out.add(work(k));
        out.add(work("s"));
        out.add(k);
    }

    private String work(int x) {
        int y = x * 2;
        return "int:" + Yield.value("int") + y;
    }

    private String work(String s) {
        String t = s + "!";
        int pad = t.length();
        pad += 1;
        return "str:" + Yield.value("str") + t + pad;
    }

    @Override
    public Object result() {
        return out;
    }
}
