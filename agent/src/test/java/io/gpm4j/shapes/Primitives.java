package io.gpm4j.shapes;

import io.gpm4j.agent.testkit.Subject;

/** Every primitive type, as locals and as arguments, live across suspensions. */
public final class Primitives implements Subject {
    private String result;

    @Override
    public void run() {
        boolean z = true;
        byte b = (byte) -7;
        char c = 'q';
        short s = (short) 31000;
        int i = 123456789;
        long l = 0x1234_5678_9abc_def0L;
        float f = 3.25f;
        double d = Math.PI;
        Yield.value("locals");
        String fromArgs = mix(z, b, c, s, i, l, f, d);
        result = z + "," + b + "," + c + "," + s + "," + i + "," + l + "," + f + "," + d + "|" + fromArgs;
    }

    private static String mix(boolean z, byte b, char c, short s, int i, long l, float f, double d) {
        Object back = Yield.value("args");
        return back + ":" + !z + "," + (b * 2) + "," + (char) (c + 1) + "," + (s - 1) + "," + (i + 1) + ","
                + (l + 1) + "," + (f * 2) + "," + (d * 2);
    }

    @Override
    public Object result() {
        return result;
    }
}
