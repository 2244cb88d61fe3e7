package dev.tollgate.local;

import dev.tollgate.dynamodb.DynamoDbPermissionStore;
import dev.tollgate.testing.DynaliteTables;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code ./tollgate revoke}: writes a revocation into the running local stack's DynamoDB (dynalite),
 * found through the endpoint file the stack writes when it starts ({@link LocalStack#ENDPOINT_FILE}).
 *
 * <pre>
 * revoke --jti JTI [--expires-at EPOCH_SECONDS]   the deny item revoked#JTI (expiresAt when given)
 * revoke --principal P                            tokensValidAfter = now on P's item
 * </pre>
 */
final class Revoke {
    private Revoke() {}

    static String usage() {
        return "usage: tollgate revoke --jti JTI [--expires-at EPOCH_SECONDS]\n"
                + "       tollgate revoke --principal PRINCIPAL";
    }

    /**
     * @param stackDir where the running stack keeps its state ({@code local/target/stack})
     * @return 0 written, 1 no running stack or the write failed, 2 usage
     */
    static int run(List<String> args, Path stackDir, Clock clock, PrintStream out, PrintStream err) {
        String jti = null;
        String principal = null;
        Long expiresAt = null;
        try {
            List<String> rest = new ArrayList<>(args);
            while (!rest.isEmpty()) {
                String arg = rest.remove(0);
                if (rest.isEmpty()) {
                    throw new IllegalArgumentException(arg.startsWith("-") ? arg + " needs a value" : "unexpected argument '" + arg + "'");
                }
                switch (arg) {
                    case "--jti" -> jti = rest.remove(0);
                    case "--principal" -> principal = rest.remove(0);
                    case "--expires-at" -> expiresAt = epochSeconds(rest.remove(0));
                    default -> throw new IllegalArgumentException("unexpected argument '" + arg + "'");
                }
            }
            if ((jti == null) == (principal == null)) {
                throw new IllegalArgumentException("give exactly one of --jti and --principal");
            }
            if (principal != null && expiresAt != null) {
                throw new IllegalArgumentException("--expires-at goes with --jti");
            }
            if ((jti != null && jti.isEmpty()) || (principal != null && principal.isEmpty())) {
                throw new IllegalArgumentException("the value must not be empty");
            }
        } catch (IllegalArgumentException e) {
            err.println("tollgate revoke: " + e.getMessage());
            err.println(usage());
            return 2;
        }
        Path endpointFile = stackDir.resolve(LocalStack.ENDPOINT_FILE);
        URI endpoint;
        try {
            endpoint = URI.create(Files.readString(endpointFile).strip());
        } catch (IOException | IllegalArgumentException e) {
            err.println("tollgate revoke: no running local stack (" + endpointFile + " not readable); start ./tollgate local first");
            return 1;
        }
        try (DynaliteTables tables = new DynaliteTables(endpoint)) {
            if (jti != null) {
                Map<String, AttributeValue> item = expiresAt == null
                        ? Map.of("principal", AttributeValue.fromS(DynamoDbPermissionStore.REVOKED_PREFIX + jti))
                        : Map.of("principal", AttributeValue.fromS(DynamoDbPermissionStore.REVOKED_PREFIX + jti),
                                DynamoDbPermissionStore.EXPIRES_AT, AttributeValue.fromN(Long.toString(expiresAt)));
                tables.put(LocalStack.TABLE, item);
                out.println("revoked jti '" + jti + "'" + (expiresAt == null ? "" : " until " + expiresAt)
                        + ": item " + DynamoDbPermissionStore.REVOKED_PREFIX + jti + " in " + LocalStack.TABLE);
            } else {
                long now = clock.instant().getEpochSecond();
                String who = principal;
                tables.client().updateItem(b -> b.tableName(LocalStack.TABLE)
                        .key(Map.of("principal", AttributeValue.fromS(who)))
                        .updateExpression("SET tokensValidAfter = :now")
                        .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now)))));
                out.println("revoked every token of '" + principal + "' issued before " + now + " (tokensValidAfter)");
            }
        } catch (SdkException e) {
            err.println("tollgate revoke: writing to " + endpoint + " failed: " + e.getMessage());
            return 1;
        }
        out.println("tollgate sees it at once (the stack runs with TOLLGATE_REVOCATION_CACHE_TTL_SECONDS=0); "
                + "the gateway's cached answer for a token it has seen lasts up to its --ttl");
        return 0;
    }

    private static long epochSeconds(String text) {
        try {
            long value = Long.parseLong(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--expires-at must be epoch seconds, was '" + text + "'");
    }
}
