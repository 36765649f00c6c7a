package io.debugproxy.proxy.discovery;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Polls a condition that asynchronous discovery will make true. */
final class Eventually {

    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private Eventually() {
    }

    static void await(String what, BooleanSupplier condition) {
        await(what, TIMEOUT, condition, () -> "");
    }

    static void await(String what, BooleanSupplier condition, Supplier<Object> state) {
        await(what, TIMEOUT, condition, state);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<Object> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout.toMillis() + "ms waiting until " + what + "; state: " + state.get());
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting until " + what);
            }
        }
    }
}
