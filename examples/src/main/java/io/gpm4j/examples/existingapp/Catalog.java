package io.gpm4j.examples.existingapp;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * What the catalog service knows: a unit price for each of its {@value #SIZE} products. The
 * service is remote, so asking it takes {@link #LATENCY}; each program makes that call itself
 * ({@code ExecutorApp.lookup}, {@code GoroutineApp.lookup}), because the wait is the one line
 * that changes when the program moves to goroutines.
 */
final class Catalog {
    /** Products {@code SKU-000} to {@code SKU-099}. */
    static final int SIZE = 100;
    /** One round trip to the catalog service. */
    static final Duration LATENCY = Duration.ofMillis(2);

    private Catalog() {
    }

    /** The unit price of {@code sku} in cents, 0.99 to 99.98; empty when there is no such product. */
    static OptionalLong unitPriceCents(String sku) {
        int product = Integer.parseInt(sku.substring("SKU-".length()));
        return product < SIZE ? OptionalLong.of(99 + (product * 7919L) % 9900) : OptionalLong.empty();
    }
}
