package dev.tollgate.dynamodb;

import dev.tollgate.observe.Log;
import dev.tollgate.permission.Permission;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the attributes of a permissions item, failing closed on anything unexpected.
 *
 * <p>Rules (the public data model, see README "Permissions in DynamoDB"):
 * <ul>
 *   <li>{@code permissions}: string set, or list of strings. A string that is not a valid
 *       {@code "<METHOD> <path>"} is skipped with a WARN naming the item and its position; the others
 *       still apply. Any other type yields no permissions from the attribute, with a WARN.
 *   <li>{@code roles}: string set; any other type is ignored with a WARN (fewer permissions, never more).
 *   <li>{@code tenant}, {@code usageIdentifierKey}: string; any other type is ignored with a WARN.
 *   <li>{@code disabled}: boolean. Any other type, NULL included, counts as {@code true}: whoever
 *       wrote the attribute meant something, and a denied request is the safe reading.
 *   <li>{@code tokensValidAfter} (principal items), {@code expiresAt} (deny items {@code revoked#<jti>}):
 *       a number, epoch seconds in [0, 253402300800), fractions allowed. Any other type or value
 *       fails closed with a WARN: a malformed {@code tokensValidAfter} revokes every token of the
 *       principal, a malformed {@code expiresAt} keeps its token revoked (whoever wrote a deny item
 *       meant to revoke, and an unreadable date cannot be trusted to have passed).
 * </ul>
 * Absent attributes are not errors. WARN lines name the principal (never a token).
 */
final class PermissionItems {
    static final String PRINCIPAL = "principal";
    static final String PERMISSIONS = "permissions";
    static final String ROLES = "roles";
    static final String TENANT = "tenant";
    static final String USAGE_IDENTIFIER_KEY = "usageIdentifierKey";
    static final String DISABLED = "disabled";
    static final String TOKENS_VALID_AFTER = "tokensValidAfter";
    static final String EXPIRES_AT = "expiresAt";

    /** Past the last second of year 9999, as for a token's NumericDate claims. */
    private static final java.math.BigDecimal MAX_EPOCH_SECONDS = java.math.BigDecimal.valueOf(253_402_300_800L);

    private PermissionItems() {}

    /** The valid permissions of {@code item}; never null. */
    static List<Permission> permissions(String principal, Map<String, Attribute> item) {
        Attribute value = item.get(PERMISSIONS);
        if (value == null) {
            return List.of();
        }
        List<String> texts;
        switch (value.type()) {
            case Attribute.SS -> texts = value.strings();
            case Attribute.L -> {
                texts = new ArrayList<>(value.list().size());
                int index = 0;
                for (Attribute element : value.list()) {
                    if (element.is(Attribute.S)) {
                        texts.add(element.string());
                    } else {
                        // Keep the position: null stands for "skipped", reported below with its index.
                        texts.add(null);
                        Log.warn("tollgate.dynamodb", "permissions item " + quote(principal) + ": permissions[" + index
                                + "] is of type " + element.type() + ", not S; skipped");
                    }
                    index++;
                }
            }
            default -> {
                wrongType(principal, PERMISSIONS, value, "SS or L of S", "no permissions taken from it");
                return List.of();
            }
        }
        List<Permission> permissions = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null) {
                continue;
            }
            Optional<Permission> permission = Permission.parse(text);
            if (permission.isPresent()) {
                permissions.add(permission.get());
            } else {
                // The position, not the value: the value may be long or hold anything.
                Log.warn("tollgate.dynamodb", "permissions item " + quote(principal) + ": permissions[" + i
                        + "] is not \"<METHOD> <path>\"; skipped");
            }
        }
        return permissions;
    }

    /** Role names of {@code item} (without the {@code role#} prefix); never null. */
    static Collection<String> roles(String principal, Map<String, Attribute> item) {
        Attribute value = item.get(ROLES);
        if (value == null) {
            return List.of();
        }
        if (!value.is(Attribute.SS)) {
            wrongType(principal, ROLES, value, "SS", "roles ignored");
            return List.of();
        }
        return value.strings();
    }

    /** A string attribute, or null when absent or (with a WARN) of another type. */
    static String string(String principal, Map<String, Attribute> item, String name) {
        Attribute value = item.get(name);
        if (value == null) {
            return null;
        }
        if (!value.is(Attribute.S)) {
            wrongType(principal, name, value, "S", "ignored");
            return null;
        }
        return value.string();
    }

    /** {@code disabled}: false only when absent or BOOL false; fails closed on any other type. */
    static boolean disabled(String principal, Map<String, Attribute> item) {
        Attribute value = item.get(DISABLED);
        if (value == null) {
            return false;
        }
        if (!value.is(Attribute.BOOL)) {
            wrongType(principal, DISABLED, value, "BOOL", "treated as disabled=true");
            return true;
        }
        return value.bool();
    }

    /**
     * {@code tokensValidAfter} of a principal's item: null when absent; {@link java.time.Instant#MAX}
     * (every token revoked) when malformed.
     */
    static java.time.Instant tokensValidAfter(String principal, Map<String, Attribute> item) {
        Attribute value = item.get(TOKENS_VALID_AFTER);
        return value == null ? null : epochSeconds(principal, TOKENS_VALID_AFTER, value, "every token revoked");
    }

    /**
     * Until when a deny item {@code revoked#<jti>} revokes its token: its {@code expiresAt}, or
     * {@link java.time.Instant#MAX} when absent or (with a WARN) malformed.
     */
    static java.time.Instant revokedUntil(String key, Map<String, Attribute> item) {
        Attribute value = item.get(EXPIRES_AT);
        return value == null ? java.time.Instant.MAX : epochSeconds(key, EXPIRES_AT, value, "revoked until further notice");
    }

    private static java.time.Instant epochSeconds(String principal, String name, Attribute value, String consequence) {
        if (!value.is(Attribute.N)) {
            wrongType(principal, name, value, "N", consequence);
            return java.time.Instant.MAX;
        }
        try {
            java.math.BigDecimal seconds = new java.math.BigDecimal(value.string());
            if (seconds.signum() >= 0 && seconds.compareTo(MAX_EPOCH_SECONDS) < 0) {
                return java.time.Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
            }
        } catch (NumberFormatException e) {
            // reported below, as an out-of-range value is
        }
        Log.warn("tollgate.dynamodb", "permissions item " + quote(principal) + ": attribute " + name
                + " is not epoch seconds in [0, 253402300800); " + consequence);
        return java.time.Instant.MAX;
    }

    private static void wrongType(String principal, String name, Attribute value, String expected,
            String consequence) {
        Log.warn("tollgate.dynamodb", "permissions item " + quote(principal) + ": attribute " + name + " is of type "
                + value.type() + ", expected " + expected + "; " + consequence);
    }

    private static String quote(String principal) {
        return "'" + principal + "'";
    }
}
