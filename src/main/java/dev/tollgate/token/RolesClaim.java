package dev.tollgate.token;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the roles (or groups) a token names from the configured roles claim ({@code
 * TOLLGATE_ROLES_CLAIM}, or an issuer's {@code rolesClaim}), once per verification.
 *
 * <p>Rules: the claim is found by {@link ClaimPath}. Absent or JSON null: no roles. A string is split
 * on spaces; an array must hold strings only. Empty names are skipped, duplicates count once. Any
 * other type, a non-string element, more than {@link #MAX_ROLES} distinct roles, or a role longer
 * than {@link #MAX_ROLE_LENGTH} or holding a control character is {@link Rejection#INVALID_CLAIM}:
 * never a silent cut, since which roles a cut keeps would be arbitrary.
 */
final class RolesClaim {
    /** Distinct roles one token may name; each is a key of the first BatchGetItem. */
    static final int MAX_ROLES = 50;
    /** Longest role name; {@code role#<name>} becomes a DynamoDB key (at most 2048 bytes). */
    static final int MAX_ROLE_LENGTH = 256;

    private RolesClaim() {}

    /**
     * @param claimName the claim or dotted path; null when no roles claim is configured
     * @return the roles, sorted and read-only; empty when none
     */
    static Set<String> read(Map<String, Object> claims, String claimName) throws InvalidTokenException {
        if (claimName == null) {
            return Set.of();
        }
        Object value = ClaimPath.value(claims, claimName);
        if (value == null) {
            return Set.of();
        }
        Set<String> roles = new TreeSet<>();
        if (value instanceof String text) {
            int from = 0;
            while (from <= text.length()) {
                int space = text.indexOf(' ', from);
                int end = space < 0 ? text.length() : space;
                add(roles, text.substring(from, end), claimName);
                from = end + 1;
            }
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof String text)) {
                    throw new InvalidTokenException(Rejection.INVALID_CLAIM, "roles claim " + claimName
                            + " holds a non-string");
                }
                add(roles, text, claimName);
            }
        } else {
            throw new InvalidTokenException(Rejection.INVALID_CLAIM, "roles claim " + claimName
                    + " is neither a string nor an array of strings");
        }
        return roles.isEmpty() ? Set.of() : Collections.unmodifiableSet(roles);
    }

    private static void add(Set<String> roles, String role, String claimName) throws InvalidTokenException {
        if (role.isEmpty()) {
            return;
        }
        if (role.length() > MAX_ROLE_LENGTH || hasControlCharacter(role)) {
            throw new InvalidTokenException(Rejection.INVALID_CLAIM, "roles claim " + claimName
                    + " names a role that is too long or has control characters");
        }
        if (roles.add(role) && roles.size() > MAX_ROLES) {
            throw new InvalidTokenException(Rejection.INVALID_CLAIM, "roles claim " + claimName + " names more than "
                    + MAX_ROLES + " roles");
        }
    }

    private static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }
}
