package io.gpm4j;

import io.gpm4j.runtime.Waiter;

/**
 * A select's waiter for one of its cases: a {@link Sudog} that knows its select, which only one
 * case may win, and which case it is. Go: a sudog with isSelect set, and g.selectDone.
 */
final class SelectSudog extends Sudog {
    /** The select this waiter belongs to. */
    final SelectState select;
    /** The case index within its select. */
    final int caseIndex;

    SelectSudog(Waiter waiter, Object elem, SelectState select, int caseIndex) {
        super(waiter, elem);
        this.select = select;
        this.caseIndex = caseIndex;
    }
}
