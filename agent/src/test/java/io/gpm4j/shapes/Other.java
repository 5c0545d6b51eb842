package io.gpm4j.shapes;

/** Targets of cross-class method references. */
public final class Other {
    public static int calls;

    private Other() {
    }

    public static void work() {
        calls++;
        Object in = Yield.value("other-work");
        Mailbox2.log.add("work:" + in);
    }

    public static String shout(String s) {
        String mine = s + s;
        return mine + Yield.value("shout-" + s);
    }
}
