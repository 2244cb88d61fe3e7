package dev.tollgate.dynamodb;

import dev.tollgate.config.DynamoDbSettings;
import dev.tollgate.net.Hosts;
import dev.tollgate.observe.Log;
import dev.tollgate.permission.Permission;
import dev.tollgate.permission.PermissionQuery;
import dev.tollgate.permission.PermissionSet;
import dev.tollgate.permission.PermissionStore;
import dev.tollgate.permission.PermissionStoreException;
import dev.tollgate.permission.Revocation;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The {@link PermissionStore} backed by a DynamoDB table.
 *
 * <p>Data model (public contract): partition key {@code principal} (S). A principal's item may hold
 * {@code permissions} (SS or L of S, each {@code "<METHOD> <path>"}), {@code roles} (SS), {@code tenant}
 * (S), {@code usageIdentifierKey} (S), {@code disabled} (BOOL) and {@code tokensValidAfter} (N, epoch
 * seconds). Each role {@code r} is the item with principal {@code role#r}; only its {@code permissions}
 * are read, and roles of roles are not followed. A deny item {@code revoked#<jti>}, with an optional
 * {@code expiresAt} (N, epoch seconds), revokes the token with that {@code jti} ({@link Revocation}).
 * Malformed content never widens access: see {@link PermissionItems} for the exact rules.
 *
 * <p>The reads travel as SigV4-signed requests of DynamoDB's JSON protocol ({@link HttpTableReads})
 * through a {@link DynamoDbExchange}: the network in production ({@link #overHttp}), canned
 * responses for SnapStart priming.
 *
 * <p>Reads, when the token names no roles: one {@code GetItem} for the principal, then, if it names
 * roles and is not disabled, one {@code BatchGetItem} per 100 role keys. When the token names roles
 * ({@link PermissionQuery#tokenRoles()}) or has a {@code jti}: the principal's item, the token's role
 * items and the token's deny item in one {@code BatchGetItem} (per 100 keys), then the roles the principal's item names that were not read
 * yet, as before. A token role without an item adds nothing; a principal without an item still gets
 * its token roles' permissions; {@code disabled} on the principal's item denies everything. Keys DynamoDB leaves unprocessed are asked again up to
 * {@link #MAX_UNPROCESSED_RETRIES} times with a short backoff; after that the call fails rather than
 * answer with part of the roles. Thread-safe.
 */
public final class DynamoDbPermissionStore implements PermissionStore {

    /** Principal prefix of role items: role {@code admin} is the item {@code role#admin}. */
    public static final String ROLE_PREFIX = "role#";

    /** Principal prefix of deny items: the token with {@code jti} {@code x} is revoked by {@code revoked#x}. */
    public static final String REVOKED_PREFIX = "revoked#";

    /** A deny item's expiry (N, epoch seconds): also the table's TTL attribute (template.yaml). */
    public static final String EXPIRES_AT = PermissionItems.EXPIRES_AT;

    /** DynamoDB's limit on keys in one BatchGetItem request. */
    static final int MAX_BATCH_KEYS = 100;

    /** Re-requests of unprocessed keys before giving up; with the backoff below, at most ~0.3 s. */
    static final int MAX_UNPROCESSED_RETRIES = 3;

    /** First backoff before re-requesting unprocessed keys; doubles on each retry (25, 50, 100 ms). */
    public static final Duration DEFAULT_UNPROCESSED_BACKOFF = Duration.ofMillis(25);

    // Several attribute names are DynamoDB reserved words, so every projection goes through names.
    private static final String PRINCIPAL_PROJECTION = "#p, #r, #t, #u, #d, #v";
    private static final Map<String, String> PRINCIPAL_NAMES = Map.of(
            "#p", PermissionItems.PERMISSIONS,
            "#r", PermissionItems.ROLES,
            "#t", PermissionItems.TENANT,
            "#u", PermissionItems.USAGE_IDENTIFIER_KEY,
            "#d", PermissionItems.DISABLED,
            "#v", PermissionItems.TOKENS_VALID_AFTER);
    // The key comes back with each role so a result can be matched to its role (batch order is random).
    private static final String ROLE_PROJECTION = "#k, #p";
    private static final Map<String, String> ROLE_NAMES = Map.of(
            "#k", PermissionItems.PRINCIPAL,
            "#p", PermissionItems.PERMISSIONS);
    // The first read of a query with token roles fetches both kinds of item in one batch.
    private static final String MIXED_PROJECTION = "#k, #p, #r, #t, #u, #d, #v, #e";
    private static final Map<String, String> MIXED_NAMES = Map.of(
            "#k", PermissionItems.PRINCIPAL,
            "#p", PermissionItems.PERMISSIONS,
            "#r", PermissionItems.ROLES,
            "#t", PermissionItems.TENANT,
            "#u", PermissionItems.USAGE_IDENTIFIER_KEY,
            "#d", PermissionItems.DISABLED,
            "#v", PermissionItems.TOKENS_VALID_AFTER,
            "#e", PermissionItems.EXPIRES_AT);

    private final TableReads reads;
    private final String tableName;
    private final boolean consistentRead;
    private final Duration unprocessedBackoff;

    /**
     * The production store: over the network ({@link UrlConnectionExchange}), with the credentials
     * of this environment ({@link DynamoDbCredentials}).
     *
     * @param tableName the permissions table; not blank
     * @param settings  region, endpoint, timeouts, retries and consistency
     * @param inLambda  true in Lambda: credentials only from the environment or the container endpoint
     */
    public static DynamoDbPermissionStore overHttp(String tableName, DynamoDbSettings settings,
            boolean inLambda) {
        URI endpoint = settings.endpoint();
        if (endpoint != null && "http".equalsIgnoreCase(endpoint.getScheme()) && !Hosts.isLoopback(endpoint.getHost())) {
            // Only with TOLLGATE_DYNAMODB_ALLOW_PLAIN_HTTP=true (SettingsReader): local stacks such as sam local.
            Log.warn("tollgate.dynamodb", "DynamoDB endpoint uses plain http; requests and their credentials' "
                    + "session token travel unencrypted", "endpoint", endpoint.toString());
        }
        return new DynamoDbPermissionStore(tableName, settings, DynamoDbCredentials.of(inLambda),
                new UrlConnectionExchange(), DEFAULT_UNPROCESSED_BACKOFF);
    }

    /**
     * A store over any exchange (SnapStart priming builds one over canned responses).
     *
     * @param tableName          the permissions table; not blank
     * @param settings           region, endpoint, timeouts, retries and consistency
     * @param credentials        resolved on every request
     * @param exchange           carries the signed requests
     * @param unprocessedBackoff the first wait before re-requesting unprocessed role keys (doubling
     *                           on each retry); {@link #DEFAULT_UNPROCESSED_BACKOFF} in production,
     *                           zero where nothing is throttled (canned responses, tests)
     * @throws IllegalArgumentException when {@code tableName} is blank or the endpoint is not a URL
     */
    public DynamoDbPermissionStore(String tableName, DynamoDbSettings settings,
            AwsCredentialsProvider credentials, DynamoDbExchange exchange, Duration unprocessedBackoff) {
        this(new HttpTableReads(settings, credentials, exchange), tableName, settings, unprocessedBackoff);
    }

    DynamoDbPermissionStore(TableReads reads, String tableName, DynamoDbSettings settings,
            Duration unprocessedBackoff) {
        this.reads = Objects.requireNonNull(reads, "reads");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        if (tableName.isBlank()) {
            throw new IllegalArgumentException("tableName is blank");
        }
        this.consistentRead = settings.consistentRead();
        this.unprocessedBackoff = Objects.requireNonNull(unprocessedBackoff, "unprocessedBackoff");
    }

    /**
     * Reads the principal's item, its token roles' items and its item roles' items.
     *
     * <p>A principal that itself starts with {@code role#} or {@code revoked#} gets {@link
     * PermissionSet#NONE} without a read, whatever roles its token names: a token must never be able
     * to claim a role or deny item as its own. A query without token roles or {@code jti} is one
     * GetItem; otherwise one BatchGetItem carries every key.
     *
     * @throws PermissionStoreException when DynamoDB cannot answer (throttled, timed out, unreachable,
     *     rejected the request) or keeps leaving role keys unprocessed; the message names the cause
     */
    @Override
    public PermissionSet permissionsOf(PermissionQuery query) {
        String principal = query.principal();
        if (principal.startsWith(ROLE_PREFIX) || principal.startsWith(REVOKED_PREFIX)) {
            Log.warn("tollgate.dynamodb", "principal '" + principal + "' has a reserved prefix (" + ROLE_PREFIX
                    + ", " + REVOKED_PREFIX + "); no permissions");
            return PermissionSet.NONE;
        }
        if (query.tokenRoles().isEmpty() && query.jti() == null) {
            return combine(principal, reads.getItem(new TableReads.ItemRead(tableName, PermissionItems.PRINCIPAL,
                    List.of(principal), PRINCIPAL_PROJECTION, PRINCIPAL_NAMES, consistentRead)), Map.of(), null);
        }
        List<String> keys = new ArrayList<>(2 + query.tokenRoles().size());
        keys.add(principal);
        for (String role : query.tokenRoles()) {
            keys.add(ROLE_PREFIX + role);
        }
        // The deny item travels with the principal's: revocation costs no round trip of its own.
        String denyKey = query.jti() == null ? null : REVOKED_PREFIX + query.jti();
        if (denyKey != null) {
            keys.add(denyKey);
        }
        Map<String, Map<String, Attribute>> found = new HashMap<>();
        batchGetAll(keys, MIXED_PROJECTION, MIXED_NAMES, found);
        Map<String, Map<String, Attribute>> tokenRoleItems = new LinkedHashMap<>();
        for (String key : keys.subList(1, 1 + query.tokenRoles().size())) {
            Map<String, Attribute> roleItem = found.get(key);
            if (roleItem == null) {
                // DEBUG, not WARN: identity-provider groups without an item are normal (they add nothing).
                Log.debug("tollgate.dynamodb", "token role item '" + key + "' not found; adds nothing");
            } else {
                tokenRoleItems.put(key, roleItem);
            }
        }
        Map<String, Attribute> denyItem = denyKey == null ? null : found.get(denyKey);
        return combine(principal, found.get(principal), tokenRoleItems,
                denyItem == null ? null : PermissionItems.revokedUntil(denyKey, denyItem));
    }

    /**
     * The answer from the principal's item (null when absent) and the token roles' items already
     * read; reads the item's roles that are not among them. {@code tokenRevokedUntil} comes from
     * the token's deny item (null when none).
     */
    private PermissionSet combine(String principal, Map<String, Attribute> item,
            Map<String, Map<String, Attribute>> tokenRoleItems, Instant tokenRevokedUntil) {
        Revocation revocation = new Revocation(item == null ? null : PermissionItems.tokensValidAfter(principal, item),
                tokenRevokedUntil);
        if (item == null && tokenRoleItems.isEmpty()) {
            return revocation.equals(Revocation.NONE) ? PermissionSet.NONE
                    : new PermissionSet(Set.of(), null, null, false, revocation);
        }
        Set<Permission> permissions = new LinkedHashSet<>();
        String tenant = null;
        String usageIdentifierKey = null;
        boolean disabled = false;
        Set<String> roleKeys = new LinkedHashSet<>();
        if (item != null) {
            permissions.addAll(PermissionItems.permissions(principal, item));
            tenant = PermissionItems.string(principal, item, PermissionItems.TENANT);
            usageIdentifierKey = PermissionItems.string(principal, item, PermissionItems.USAGE_IDENTIFIER_KEY);
            disabled = PermissionItems.disabled(principal, item);
            for (String role : PermissionItems.roles(principal, item)) {
                roleKeys.add(ROLE_PREFIX + role);
            }
        }
        for (Map.Entry<String, Map<String, Attribute>> roleItem : tokenRoleItems.entrySet()) {
            // Only a role item's permissions count, exactly as for the roles an item names.
            permissions.addAll(PermissionItems.permissions(roleItem.getKey(), roleItem.getValue()));
            roleKeys.remove(roleItem.getKey());
        }
        // A disabled principal is denied whatever its roles say: skip the second read.
        if (!disabled && !roleKeys.isEmpty()) {
            permissions.addAll(rolePermissions(principal, roleKeys));
        }
        return new PermissionSet(permissions, tenant, usageIdentifierKey, disabled, revocation);
    }

    /**
     * Opens the connection to DynamoDB ahead of the first read, TLS handshake included, and leaves
     * it for that read; reads nothing and signs nothing; bounded by one attempt's timeout. Called
     * during init and right after a SnapStart restore, never before a checkpoint (a snapshot would
     * hold a dead connection). A failure is logged at DEBUG and changes nothing: the first read
     * connects as it would anyway. Never throws.
     */
    public void connect() {
        try {
            reads.connect();
        } catch (RuntimeException | java.io.IOException e) {
            Log.debug("tollgate.dynamodb", "opening the DynamoDB connection ahead of the first read failed",
                    "error", e.toString());
        }
    }

    private List<Permission> rolePermissions(String principal, Set<String> roleKeys) {
        List<String> keys = new ArrayList<>(roleKeys);
        Map<String, Map<String, Attribute>> found = new HashMap<>();
        batchGetAll(keys, ROLE_PROJECTION, ROLE_NAMES, found);
        List<Permission> permissions = new ArrayList<>();
        for (String key : keys) {
            Map<String, Attribute> roleItem = found.get(key);
            if (roleItem == null) {
                Log.warn("tollgate.dynamodb", "permissions item '" + principal + "': role item '" + key + "' not found; ignored");
            } else {
                permissions.addAll(PermissionItems.permissions(key, roleItem));
            }
        }
        return permissions;
    }

    /** Reads {@code keys}, {@link #MAX_BATCH_KEYS} per request, into {@code found} (by key). */
    private void batchGetAll(List<String> keys, String projection, Map<String, String> names,
            Map<String, Map<String, Attribute>> found) {
        for (int from = 0; from < keys.size(); from += MAX_BATCH_KEYS) {
            batchGet(keys.subList(from, Math.min(keys.size(), from + MAX_BATCH_KEYS)), projection, names, found);
        }
    }

    private void batchGet(List<String> keys, String projection, Map<String, String> names,
            Map<String, Map<String, Attribute>> found) {
        List<String> pending = keys;
        Duration backoff = unprocessedBackoff;
        for (int attempt = 0; ; attempt++) {
            TableReads.BatchResult result = reads.batchGetItem(new TableReads.ItemRead(tableName,
                    PermissionItems.PRINCIPAL, pending, projection, names, consistentRead));
            for (Map<String, Attribute> item : result.items()) {
                Attribute key = item.get(PermissionItems.PRINCIPAL);
                if (key != null && key.is(Attribute.S)) {
                    found.put(key.string(), item);
                }
            }
            if (result.unprocessedKeys().isEmpty()) {
                return;
            }
            if (attempt >= MAX_UNPROCESSED_RETRIES) {
                // Never answer with part of the roles: that would make permissions flap with load.
                throw new PermissionStoreException("DynamoDB BatchGetItem on table " + tableName + " left "
                        + result.unprocessedKeys().size() + " role keys unprocessed after " + (attempt + 1)
                        + " requests (throttled)", null);
            }
            pending = result.unprocessedKeys();
            sleep(backoff);
            backoff = backoff.multipliedBy(2);
        }
    }

    private static void sleep(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PermissionStoreException("interrupted while waiting to re-request unprocessed role keys", e);
        }
    }
}
