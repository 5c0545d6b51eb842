package io.gpm4j.examples.existingapp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One order, as read from a line {@code o-000042,SKU-017,3,DE,9f86d081}: order number, product,
 * quantity, country, and the first four bytes of the SHA-256 of the other fields (the sender's
 * signature). Business logic shared, unchanged, by {@link ExecutorApp} and {@link GoroutineApp}:
 * nothing here blocks.
 *
 * @param number   the order number, from 1
 * @param sku      the product, {@code SKU-000} to {@code SKU-104} (the catalog has 100)
 * @param quantity how many, 1 to 12
 * @param country  where it ships, which sets the tax rate
 */
record Order(int number, String sku, int quantity, String country) {
    /** Tax rate in percent by country. */
    private static final Map<String, Integer> TAX_PERCENT = Map.of("CH", 8, "DE", 19, "FR", 20, "NL", 21);
    /** Number, product, quantity, country, signature. */
    private static final Pattern LINE = Pattern.compile("o-(\\d{6}),(SKU-\\d{3}),([1-9]\\d?),([A-Z]{2}),([0-9a-f]{8})");
    private static final String[] COUNTRIES = {"CH", "DE", "FR", "NL"};
    /** One line in 50 arrives damaged: its signature does not match. */
    private static final int DAMAGED_ONE_IN = 50;

    /**
     * The input: {@code count} order lines, the same for every run, so that the summary is too.
     * About 5% name a product the catalog does not have, 2% are damaged.
     */
    static List<String> input(int count) {
        List<String> lines = new ArrayList<>(count);
        for (int n = 1; n <= count; n++) {
            lines.add(line(n));
        }
        return lines;
    }

    private static String line(int n) {
        long h = mix(n);
        int product = (int) Long.remainderUnsigned(h, Catalog.SIZE + Catalog.SIZE / 20);
        int quantity = 1 + (int) ((h >>> 20) % 12);
        String country = COUNTRIES[(int) ((h >>> 40) % COUNTRIES.length)];
        String fields = String.format("o-%06d,SKU-%03d,%d,%s", n, product, quantity, country);
        boolean damaged = (h >>> 50) % DAMAGED_ONE_IN == 0;
        return fields + "," + (damaged ? "00000000" : signature(fields));
    }

    /** Parses and checks a line: the order, or null when the line is malformed or its signature does not match. */
    static Order parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches() || !TAX_PERCENT.containsKey(m.group(4))
                || !m.group(5).equals(signature(line.substring(0, m.start(5) - 1)))) {
            return null;
        }
        return new Order(Integer.parseInt(m.group(1)), m.group(2), Integer.parseInt(m.group(3)), m.group(4));
    }

    /**
     * Prices this order at the catalog's answer: 5% off the net for ten or more, then the
     * country's tax, each rounded half up to the cent. Empty (no such product) rejects it.
     */
    Outcome price(OptionalLong unitPriceCents) {
        if (unitPriceCents.isEmpty()) {
            return Outcome.rejected(number, "unknown product");
        }
        long net = unitPriceCents.getAsLong() * quantity;
        if (quantity >= 10) {
            net -= (net * 5 + 50) / 100;
        }
        long total = net + (net * TAX_PERCENT.get(country) + 50) / 100;
        return Outcome.priced(number, country, total);
    }

    /** The first four bytes of the SHA-256 of {@code fields}, in hex: the CPU work of each order. */
    private static String signature(String fields) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(fields.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JVM has SHA-256", e);
        }
    }

    /** Scrambles {@code z} (splitmix64's finaliser): the input's randomness, and the summary's checksum. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
