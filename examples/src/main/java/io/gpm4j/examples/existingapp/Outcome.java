package io.gpm4j.examples.existingapp;

/**
 * What became of one order line: priced (a country and a total) or rejected (a reason).
 *
 * @param orderNumber the order's number, 0 when the line was too damaged to tell
 * @param country     where a priced order ships; null when rejected
 * @param totalCents  what a priced order costs, tax included; 0 when rejected
 * @param rejection   why the order was rejected; null when priced
 */
record Outcome(int orderNumber, String country, long totalCents, String rejection) {
    static Outcome priced(int orderNumber, String country, long totalCents) {
        return new Outcome(orderNumber, country, totalCents, null);
    }

    static Outcome rejected(int orderNumber, String reason) {
        return new Outcome(orderNumber, null, 0, reason);
    }
}
