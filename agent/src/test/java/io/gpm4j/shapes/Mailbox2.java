package io.gpm4j.shapes;

import java.util.ArrayList;
import java.util.List;

/** A log the subjects of one run share (reset by each subject's run). */
public final class Mailbox2 {
    public static List<Object> log = new ArrayList<>();

    private Mailbox2() {
    }
}
