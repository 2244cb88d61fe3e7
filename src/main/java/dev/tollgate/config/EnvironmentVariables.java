package dev.tollgate.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Typed access to an environment map; every failure is a {@link SettingsException} naming its
 * variable. A blank value counts as unset; values are stripped.
 */
final class EnvironmentVariables {
    private final Map<String, String> env;

    EnvironmentVariables(Map<String, String> env) {
        this.env = env;
    }

    /** The stripped value, or null when unset or blank. */
    String raw(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    String required(String name) {
        String value = raw(name);
        if (value == null) {
            throw new SettingsException(name, "is required");
        }
        return value;
    }

    String text(String name, String fallback) {
        String value = raw(name);
        return value == null ? fallback : value;
    }

    String headerName(String name, String fallback) {
        String value = text(name, fallback);
        if (!EdgeSettings.isHeaderName(value)) {
            throw new SettingsException(name, "must be an HTTP header name");
        }
        return value;
    }

    boolean bool(String name, boolean fallback) {
        String value = raw(name);
        if (value == null) {
            return fallback;
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new SettingsException(name, "must be true or false, was '" + value + "'");
        }
    }

    int integer(String name, int fallback, int min, int max) {
        String value = raw(name);
        if (value == null) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new SettingsException(name, "must be a whole number, was '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new SettingsException(name, "must be between " + min + " and " + max + ", was " + parsed);
        }
        return parsed;
    }

    /** A whole number of seconds in {@code [min, max]}. */
    Duration seconds(String name, Duration fallback, int min, int max) {
        return raw(name) == null ? fallback : Duration.ofSeconds(integer(name, 0, min, max));
    }

    /** A whole number of milliseconds in {@code [min, max]}. */
    Duration millis(String name, Duration fallback, int min, int max) {
        return raw(name) == null ? fallback : Duration.ofMillis(integer(name, 0, min, max));
    }

    /** One of {@code type}'s constants, in any case. */
    <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
        String value = raw(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                names.add(constant.name().toLowerCase(Locale.ROOT));
            }
            throw new SettingsException(name, "must be one of " + names + ", was '" + value + "'");
        }
    }

    /** A comma-separated list, items stripped, blank items skipped; empty when unset. */
    List<String> list(String name) {
        String value = raw(name);
        List<String> items = new ArrayList<>();
        if (value != null) {
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.strip());
                }
            }
        }
        return List.copyOf(items);
    }

    /** As {@link #list(String)}, but at least one item. */
    List<String> requiredList(String name) {
        List<String> items = list(name);
        if (items.isEmpty()) {
            throw new SettingsException(name, "is required (a comma-separated list)");
        }
        return items;
    }
}
