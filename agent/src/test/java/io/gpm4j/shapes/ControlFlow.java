package io.gpm4j.shapes;

import static io.gpm4j.shapes.Ops.f;
import static io.gpm4j.shapes.Ops.g;

import io.gpm4j.agent.testkit.Subject;
import java.util.ArrayList;
import java.util.List;

/** Loops, switches (table, lookup, string, enum) and ternaries with suspensions inside. */
public final class ControlFlow implements Subject {
    private final List<Object> out = new ArrayList<>();

    @Override
    public void run() {
        int sum = 0;
        for (int i = 0; i < 3; i++) {
            sum += f(i);
        }
        out.add(sum);                                                // 30
        int k = 0;
        long acc = 1;
        while (true) {
            k++;
            if (k == 2) {
                continue;
            }
            acc = acc * 3 + f(k);
            if (k >= 3) {
                break;
            }
        }
        out.add(acc);                                                // (1*3+10)*3+30 = 69
        int j = 0;
        do {
            j += g();
        } while (j < 8);
        out.add(j);                                                  // 8
        int found = -1;
        outer:
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                if (a * 3 + b == f(a) / 10 * 3 + 1) {                // hit at a=0,b=1
                    found = a * 10 + b;
                    break outer;
                }
            }
        }
        out.add(found);
        for (String s : new String[] {"x", "y"}) {
            out.add(s + Yield.value("each-" + s));
        }
        for (Object o : List.of("l1", "l2")) {
            out.add(o + "" + Yield.value("it-" + o));
        }
        for (int sel = 0; sel < 4; sel++) {
            out.add(table(sel));
        }
        out.add(lookup(1000) + lookup(-7) + lookup(3));
        out.add(strings("alpha") + strings("beta") + strings("nothing"));
        for (Color c : Color.values()) {
            out.add(colors(c));
        }
        out.add(selectorSuspends());
        boolean t = out.size() > 3;
        int tern = t ? f(1) : f(2);
        out.add(tern + (t ? 1 : f(3)) + (!t ? g() : f(4) + (t ? g() : 0)));    // 10 + 1 + 44
        out.add("[" + (tern > 5 ? f(5) : -1) + "]" + (tern < 5 ? "lo" : Yield.value("hi")));
        out.add(shortCircuit(1) + "," + shortCircuit(0));
    }

    private static String table(int sel) {
        String pre = "t" + sel;
        switch (sel) {
            case 0:
                return pre + f(0);
            case 1:
                pre += "a";
                // fall through
            case 2:
                return pre + Yield.value("case2-" + pre);
            default:
                return pre + "d";
        }
    }

    private static int lookup(int key) {
        int base = key * 2;
        switch (key) {
            case -7:
                return base + f(7);
            case 1000:
                return base + g();
            default:
                return base;
        }
    }

    private static String strings(String s) {
        long keep = s.length();
        switch (s) {
            case "alpha":
                return "A" + f((int) keep) + keep;
            case "beta":
                return "B" + Yield.value("beta") + keep;
            default:
                return "?" + keep;
        }
    }

    private static String colors(Color c) {
        double d = c.ordinal() + 0.5;
        switch (c) {
            case RED:
                return "r" + f(1) + d;
            case BLUE:
                return "b" + Yield.value("blue") + d;
            default:
                return "other" + d;
        }
    }

    private static String selectorSuspends() {
        String k = "pre";
        switch ((String) Yield.value("which")) {
            case "resume-99":
                return "impossible";
            default:
                break;
        }
        switch (Color.valueOf(((String) Yield.value("color")).startsWith("resume") ? "GREEN" : "RED")) {
            case GREEN:
                k += "G";
                break;
            default:
                k += "?";
        }
        switch (f(3)) {
            case 30:
                return k + "thirty";
            default:
                return k + "no";
        }
    }

    private static boolean shortCircuit(int v) {
        return v > 0 && f(v) == 10 || v == 0 && g() == 4 && f(2) == 20;
    }

    @Override
    public Object result() {
        return out;
    }
}
