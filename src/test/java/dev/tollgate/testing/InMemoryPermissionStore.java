package dev.tollgate.testing;

import dev.tollgate.permission.Permission;
import dev.tollgate.permission.PermissionQuery;
import dev.tollgate.permission.PermissionSet;
import dev.tollgate.permission.PermissionStore;
import dev.tollgate.permission.PermissionStoreException;
import dev.tollgate.permission.Revocation;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A permission store in memory; counts calls; can be told to fail. Token roles add the permissions
 * of the sets put under {@code role#<r>} (see {@link #grantRole}), as the DynamoDB store does; a
 * principal starting with {@code role#} or {@code revoked#} gets nothing. Revocation as the DynamoDB
 * store reads it: {@link #tokensValidAfter} on a principal, {@link #revokeJti} for one token. Thread-safe.
 */
public final class InMemoryPermissionStore implements PermissionStore {
    private final Map<String, PermissionSet> sets = new ConcurrentHashMap<>();
    private final Map<String, Instant> validAfter = new ConcurrentHashMap<>();
    private final Map<String, Instant> revokedJtis = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile boolean failing;

    /** Grants {@code permissions} ("GET /orders/*", ...) to {@code principal}. */
    public InMemoryPermissionStore grant(String principal, String... permissions) {
        return put(principal, new PermissionSet(
                Arrays.stream(permissions).map(p -> Permission.parse(p).orElseThrow()).collect(Collectors.toSet()),
                null, null, false));
    }

    public InMemoryPermissionStore put(String principal, PermissionSet set) {
        sets.put(principal, set);
        return this;
    }

    /** Grants {@code permissions} to every token naming {@code role}: the set of {@code role#<role>}. */
    public InMemoryPermissionStore grantRole(String role, String... permissions) {
        return grant("role#" + role, permissions);
    }

    /** Sets the principal's {@code tokensValidAfter}: its tokens issued before {@code after} are revoked. */
    public InMemoryPermissionStore tokensValidAfter(String principal, Instant after) {
        validAfter.put(principal, after);
        return this;
    }

    /** Writes the deny item {@code revoked#<jti>}, revoking its token until {@code until} ({@link Instant#MAX}: no expiresAt). */
    public InMemoryPermissionStore revokeJti(String jti, Instant until) {
        revokedJtis.put(jti, until);
        return this;
    }

    public void failing(boolean fail) {
        this.failing = fail;
    }

    public int calls() {
        return calls.get();
    }

    private PermissionSet own(String principal) {
        calls.incrementAndGet();
        if (failing) {
            throw new PermissionStoreException("in-memory store told to fail", null);
        }
        if (principal.startsWith("role#") || principal.startsWith("revoked#")) {
            return PermissionSet.NONE;
        }
        PermissionSet set = sets.getOrDefault(principal, PermissionSet.NONE);
        Instant after = validAfter.get(principal);
        return after == null ? set : new PermissionSet(set.permissions(), set.tenant(), set.usageIdentifierKey(),
                set.disabled(), new Revocation(after, null));
    }

    @Override
    public PermissionSet permissionsOf(PermissionQuery query) {
        PermissionSet own = own(query.principal());
        if (query.principal().startsWith("role#") || query.principal().startsWith("revoked#")) {
            return own;
        }
        Set<Permission> permissions = new HashSet<>(own.permissions());
        for (String role : query.tokenRoles()) {
            permissions.addAll(sets.getOrDefault("role#" + role, PermissionSet.NONE).permissions());
        }
        Instant until = query.jti() == null ? null : revokedJtis.get(query.jti());
        return new PermissionSet(permissions, own.tenant(), own.usageIdentifierKey(), own.disabled(),
                new Revocation(own.revocation().tokensValidAfter(), until));
    }
}
