package io.gpm4j.shapes;

import io.gpm4j.agent.testkit.Subject;
import io.gpm4j.runtime.Preempting;
import java.util.ArrayList;
import java.util.List;

/**
 * Loops of every kind in rewritten methods (each yields once, so it is rewritten), each asking to
 * be preempted in the middle ({@link Preempting#request}): the next preemption point, a loop
 * back-edge or the prologue of a rewritten callee, suspends, and the resume goes on with every
 * local as it was. The values computed from those locals are the same as in a run without
 * requests; the log shows where each preemption happened.
 */
public final class Loops implements Subject {
    private final List<Object> out = new ArrayList<>();
    private final Object lock = new Object();

    @Override
    public void run() {
        out.add(forLoop(5));
        out.add(whileLoop(5));
        out.add(doWhile(5));
        out.add(nested(3));
        out.add(wide(4));
        out.add(tryInLoop(5));
        out.add(loopInTry(5));
        out.add(continues(6));
        out.add(forEach(List.of("a", "b", "c")));
        out.add(callInLoop(4));
        out.add(underMonitor(3));
        out.add(syncThenLoop(2));
    }

    static String forLoop(int n) {
        Object start = Yield.value("for");
        String s = "";
        for (int i = 0; i < n; i++) {
            Preempting.log("for" + i);
            s += i;
            if (i == 2) {
                Preempting.request();
            }
        }
        return start + s;
    }

    static int whileLoop(int n) {
        Object start = Yield.value("while");
        int i = 0;
        int acc = start.hashCode() % 7;
        while (true) {
            if (i >= n) {
                break;
            }
            Preempting.log("while" + i);
            acc = acc * 3 + i;
            if (i == 1) {
                Preempting.request();
            }
            i++;
        }
        return acc;
    }

    /** javac's do-while jumps back conditionally, with both operands of the test on the stack. */
    static String doWhile(int n) {
        Object start = Yield.value("do");
        int i = 0;
        StringBuilder b = new StringBuilder(start.toString());
        do {
            Preempting.log("do" + i);
            b.append(i);
            if (i == 3) {
                Preempting.request();
            }
            i++;
        } while (i < n);
        return b.toString();
    }

    static String nested(int n) {
        Object start = Yield.value("nested");
        String s = start + ":";
        int[] cells = new int[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                Preempting.log("nested" + i + j);
                cells[i * n + j] = i * 10 + j;
                if (i == 1 && j == 1) {
                    Preempting.request();
                }
            }
            s += i;
            if (i == 2) {
                Preempting.request();
            }
        }
        int sum = 0;
        for (int c : cells) {
            sum += c;
        }
        return s + "=" + sum;
    }

    /** Long and double locals (two slots each) live across the back-edge. */
    static String wide(int n) {
        Object start = Yield.value("wide");
        long l = 1L << 40;
        double d = 0.5;
        float f = 1.25f;
        char ch = 'a';
        for (int i = 0; i < n; i++) {
            Preempting.log("wide" + i);
            l += i * 3L;
            d *= 1.5;
            f += i;
            ch++;
            if (i == 1) {
                Preempting.request();
            }
        }
        return start + "/" + l + "/" + d + "/" + f + "/" + ch;
    }

    static String tryInLoop(int n) {
        Object start = Yield.value("tryInLoop");
        int acc = 0;
        String caught = "";
        for (int i = 0; i < n; i++) {
            try {
                Preempting.log("tryInLoop" + i);
                if (i == 2) {
                    Preempting.request();
                    throw new IllegalStateException("x" + i);
                }
                acc += i;
            } catch (IllegalStateException e) {
                caught = e.getMessage();
            }
        }
        return start + caught + acc;
    }

    static String loopInTry(int n) {
        Object start = Yield.value("loopInTry");
        int acc = 0;
        try {
            for (int i = 0; i < n; i++) {
                Preempting.log("loopInTry" + i);
                acc += i;
                if (i == 1) {
                    Preempting.request();
                }
                if (i == 3) {
                    throw new IllegalArgumentException("at" + i);
                }
            }
        } catch (IllegalArgumentException e) {
            return start + e.getMessage() + acc;
        }
        return "unreachable";
    }

    /** Labelled continue: the back-edge of the outer loop is reached from the inner one. */
    static String continues(int n) {
        Object start = Yield.value("continues");
        StringBuilder b = new StringBuilder(start.toString());
        outer:
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (j > i) {
                    if (i == 3) {
                        Preempting.request();
                    }
                    continue outer;
                }
                b.append(j);
            }
            Preempting.log("continues" + i);
        }
        return b.toString();
    }

    static String forEach(List<String> items) {
        Object start = Yield.value("forEach");
        String s = start.toString();
        for (String item : items) {
            Preempting.log("forEach" + item);
            s += item;
            if (item.equals("b")) {
                Preempting.request();
            }
        }
        return s;
    }

    /** The request is followed by a rewritten call: its prologue's point comes before the back-edge. */
    static int callInLoop(int n) {
        Object start = Yield.value("callInLoop");
        int acc = start.toString().length();
        for (int i = 0; i < n; i++) {
            if (i == 2) {
                Preempting.request();
            }
            acc += step(i);
        }
        return acc;
    }

    static int step(int i) {
        Preempting.log("step" + i);
        if (i < 0) {
            Yield.value("never");
        }
        return i * i;
    }

    /** No point inside a synchronized block: the request is honoured at the first back-edge after it. */
    String underMonitor(int n) {
        Object start = Yield.value("underMonitor");
        String s = start.toString();
        synchronized (lock) {
            for (int i = 0; i < n; i++) {
                Preempting.log("locked" + i);
                s += i;
                if (i == 0) {
                    Preempting.request();
                }
            }
        }
        for (int i = 0; i < n; i++) {
            Preempting.log("unlocked" + i);
            s += i;
        }
        return s;
    }

    /**
     * A request made in a synchronized method (not rewritten: it makes no suspendable call) is
     * honoured at the caller's next point.
     */
    static String syncThenLoop(int n) {
        Object start = Yield.value("syncThenLoop");
        String s = start + syncMethod(3);
        for (int i = 0; i < n; i++) {
            Preempting.log("afterSync" + i);
            s += i;
        }
        return s;
    }

    static synchronized String syncMethod(int n) {
        String s = "";
        for (int i = 0; i < n; i++) {
            Preempting.log("sync" + i);
            s += i;
            if (i == 0) {
                Preempting.request();
            }
        }
        return s;
    }

    @Override
    public Object result() {
        return out;
    }
}
