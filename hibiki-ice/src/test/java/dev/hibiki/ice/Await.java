package dev.hibiki.ice;

import static org.assertj.core.api.Assertions.fail;

import java.util.function.BooleanSupplier;

/** Polls a condition until it holds, failing after a generous bound instead of sleeping a fixed time. */
final class Await {
    static final long BOUND_MILLIS = 5_000;

    private Await() {
    }

    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + BOUND_MILLIS * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }
}
