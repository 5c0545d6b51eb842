package io.gpm4j.shapes;

import static io.gpm4j.shapes.Ops.df;
import static io.gpm4j.shapes.Ops.f;
import static io.gpm4j.shapes.Ops.lf;
import static io.gpm4j.shapes.Ops.sf;

import io.gpm4j.agent.testkit.Subject;
import java.util.ArrayList;
import java.util.List;

/** String concatenation (invokedynamic {@code makeConcatWithConstants}) with suspending operands. */
public final class StringConcat implements Subject {
    private final List<Object> out = new ArrayList<>();

    @Override
    public void run() {
        int x = 1;
        long l = 2L;
        double d = 3.5;
        char c = 'c';
        Object nil = null;
        String s = "s";
        out.add("a" + x + f(2) + c + l + d + nil + s + sf("t") + lf(1L) + "|" + df(0.25) + x);
        out.add(s + Yield.value("alone"));
        String acc = "";
        for (int i = 0; i < 3; i++) {
            acc += i + ":" + f(i) + ";";
        }
        out.add(acc);
        out.add("" + ("in" + f(5) + "ner") + "/" + Yield.value("outer"));
    }

    @Override
    public Object result() {
        return out;
    }
}
