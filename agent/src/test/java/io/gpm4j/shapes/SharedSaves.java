package io.gpm4j.shapes;

import static io.gpm4j.shapes.Ops.f;
import static io.gpm4j.shapes.Ops.g;

import io.gpm4j.agent.testkit.Subject;
import java.util.ArrayList;
import java.util.List;

/**
 * Sites whose save blocks share the end of their chains (the rewrite's {@code SaveChains}): two
 * blocks whose sites save the same slots, one of them holding a {@code String} at one site and an
 * {@code Integer} at the other; a long and a double under both; nested loops whose inner site
 * saves the outer loop's locals and its own.
 */
public final class SharedSaves implements Subject {
    private final List<Object> out = new ArrayList<>();

    @Override
    public void run() {
        long total = 1L << 40;
        double scale = 0.5;
        {
            String s = "ab";
            total += f(s.length());                           // f2: 20
            out.add(s + g() + total);                         // "ab4" + (2^40 + 20)
        }
        {
            Integer n = 7;
            total += f(n);                                    // f7: 70
            out.add(n + g());                                 // 11
        }
        for (int i = 1; i < 3; i++) {
            for (int j = 1; j < 3; j++) {
                total += f(i * j);                            // f1 f2 f2 f4: 90
            }
            total += g();                                     // g g: 8
        }
        out.add(total * scale);
    }

    @Override
    public Object result() {
        return out;
    }
}
