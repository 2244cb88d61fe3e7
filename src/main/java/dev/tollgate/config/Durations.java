package dev.tollgate.config;

import java.time.Duration;
import java.util.Objects;

/** The checks the settings records' constructors share. */
final class Durations {
    private Durations() {}

    /** @throws NullPointerException or IllegalArgumentException naming {@code component} */
    static void requireNonNegative(String component, Duration value) {
        Objects.requireNonNull(value, component);
        if (value.isNegative()) {
            throw new IllegalArgumentException(component + " must not be negative, was " + value);
        }
    }

    /** @throws NullPointerException or IllegalArgumentException naming {@code component} */
    static void requirePositive(String component, Duration value) {
        Objects.requireNonNull(value, component);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(component + " must be positive, was " + value);
        }
    }
}
