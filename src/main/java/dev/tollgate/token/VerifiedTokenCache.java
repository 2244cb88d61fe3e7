package dev.tollgate.token;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers verified tokens, keyed by the exact token string (so only a byte-identical token hits),
 * each until its own deadline. Bounded: when full, expired entries are swept and, if still full,
 * every other entry is dropped (not all: with more live tokens than entries, dropping everything
 * would make every caller re-verify at once). Lock-free on the read path; never wrong, only slower.
 */
final class VerifiedTokenCache {
    private record Entry(VerifiedToken token, Instant keepUntil) {}

    private final int maxEntries;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** @param maxEntries 0 disables the cache */
    VerifiedTokenCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    VerifiedToken get(String token, Instant now) {
        if (maxEntries == 0) {
            return null;
        }
        Entry entry = entries.get(token);
        if (entry == null) {
            return null;
        }
        if (!now.isBefore(entry.keepUntil())) {
            entries.remove(token, entry);
            return null;
        }
        return entry.token();
    }

    void put(String token, VerifiedToken verified, Instant keepUntil, Instant now) {
        if (maxEntries == 0) {
            return;
        }
        if (entries.size() >= maxEntries) {
            entries.values().removeIf(e -> !now.isBefore(e.keepUntil()));
            if (entries.size() >= maxEntries) {
                boolean drop = true;
                for (java.util.Iterator<String> keys = entries.keySet().iterator(); keys.hasNext(); drop = !drop) {
                    keys.next();
                    if (drop) {
                        keys.remove();
                    }
                }
            }
        }
        entries.put(token, new Entry(verified, keepUntil));
    }

    void clear() {
        entries.clear();
    }

    int size() {
        return entries.size();
    }
}
