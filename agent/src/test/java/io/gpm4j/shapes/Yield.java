package io.gpm4j.shapes;

import io.gpm4j.agent.testkit.Mailbox;
import io.gpm4j.runtime.Continuation;

/** The one suspension point the subjects use: hands a value out, suspends, returns what came in. */
public final class Yield {
    private Yield() {
    }

    public static Object value(Object v) {
        Mailbox.out = v;
        Continuation.suspend();
        return Mailbox.in;
    }
}
