package io.gpm4j.examples.existingapp;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * The aggregate of all outcomes: counts, revenue by country, and a checksum over the priced
 * orders. Everything it keeps is a sum, so the order in which outcomes arrive (which depends on
 * scheduling) does not change what it prints. Not thread safe: one aggregator owns it.
 */
final class Summary {
    private int orders;
    private int priced;
    private final Map<String, Integer> rejections = new TreeMap<>();
    private final Map<String, Long> revenueCents = new TreeMap<>();
    private long checksum;

    void add(Outcome outcome) {
        orders++;
        if (outcome.rejection() != null) {
            rejections.merge(outcome.rejection(), 1, Integer::sum);
            return;
        }
        priced++;
        revenueCents.merge(outcome.country(), outcome.totalCents(), Long::sum);
        checksum += Order.mix(((long) outcome.orderNumber() << 32) ^ outcome.totalCents());
    }

    /** Three lines: counts, revenue by country and in all, checksum. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append(orders).append(" orders: ").append(priced).append(" priced, ").append(orders - priced).append(" rejected");
        String sep = " (";
        for (Map.Entry<String, Integer> e : rejections.entrySet()) {
            s.append(sep).append(e.getValue()).append(' ').append(e.getKey());
            sep = ", ";
        }
        s.append(rejections.isEmpty() ? "\n" : ")\n");
        s.append("revenue:");
        long total = 0;
        for (Map.Entry<String, Long> e : revenueCents.entrySet()) {
            s.append(' ').append(e.getKey()).append(' ').append(money(e.getValue())).append(',');
            total += e.getValue();
        }
        s.append(" total ").append(money(total)).append('\n');
        s.append("checksum: ").append(String.format("%016x", checksum));
        return s.toString();
    }

    private static String money(long cents) {
        return BigDecimal.valueOf(cents, 2).toPlainString();
    }
}
