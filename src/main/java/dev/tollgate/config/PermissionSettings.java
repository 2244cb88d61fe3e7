package dev.tollgate.config;

import java.util.Objects;

/**
 * Where a principal's permissions are and how long they are kept.
 *
 * @param table DynamoDB table holding permissions ({@code TOLLGATE_PERMISSIONS_TABLE}); required
 * @param cache the cache in front of the table
 */
public record PermissionSettings(String table, PermissionCacheSettings cache) {

    /** @throws IllegalArgumentException for a blank table name */
    public PermissionSettings {
        if (table == null || table.isBlank()) {
            throw new IllegalArgumentException("table must not be blank");
        }
        Objects.requireNonNull(cache, "cache");
    }
}
