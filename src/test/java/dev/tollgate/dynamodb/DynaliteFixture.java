package dev.tollgate.dynamodb;

import dev.tollgate.testing.DynaliteServer;
import dev.tollgate.testing.DynaliteTables;
import java.util.HashMap;
import java.util.Map;

/**
 * dynalite with an empty permissions table, for one integration test class: the SDK's credential
 * system properties are set to dynalite's keys while it runs (the store's credential chain reads
 * them; the environment cannot be changed from a test) and restored on {@link #close()}. They stay
 * set for the whole class: credentials are read on every request, as in Lambda.
 */
final class DynaliteFixture implements AutoCloseable {
    private static final Map<String, String> AWS_PROPERTIES = Map.of(
            "aws.accessKeyId", DynaliteTables.ACCESS_KEY_ID,
            "aws.secretAccessKey", DynaliteTables.SECRET_ACCESS_KEY);

    private final Map<String, String> previousProperties = new HashMap<>();
    private DynaliteServer dynalite;
    private DynaliteTables tables;

    private DynaliteFixture() {}

    /** Starts dynalite and creates {@code table}; whatever started is stopped when a step fails. */
    static DynaliteFixture start(String table) {
        DynaliteFixture fixture = new DynaliteFixture();
        AWS_PROPERTIES.forEach((name, value) -> fixture.previousProperties.put(name, System.setProperty(name, value)));
        try {
            fixture.dynalite = DynaliteServer.start();
            fixture.tables = new DynaliteTables(fixture.dynalite.endpoint());
            fixture.tables.createPermissionsTable(table);
        } catch (RuntimeException | Error e) {
            fixture.close();
            throw e;
        }
        return fixture;
    }

    DynaliteServer dynalite() {
        return dynalite;
    }

    DynaliteTables tables() {
        return tables;
    }

    @Override
    public void close() {
        if (tables != null) {
            tables.close();
        }
        if (dynalite != null) {
            dynalite.stop();
        }
        previousProperties.forEach(LoopbackStores::restore);
    }
}
