package dev.tollgate.local;

import dev.tollgate.testing.DevKey;
import java.io.PrintStream;
import java.util.List;

/** What {@code ./tollgate local} prints once the stack is up: where everything runs and what to try. */
final class StackBanner {

    private StackBanner() {
    }

    /**
     * @param principals the seeded principals
     * @param seedFile   the seed, as the user named it
     */
    static void print(PrintStream out, StackConfig config, int gatewayPort, String issuerDiscovery, String jwksUri,
            String dynamoDbEndpoint, List<String> principals, String seedFile, long functionPid, String functionLog) {
        EmulatedApi api = config.api();
        String host = "localhost:" + gatewayPort;
        out.println();
        out.println("tollgate local stack is up (LOCAL DEVELOPMENT ONLY: the signing key is public)");
        out.println();
        out.println("  gateway     http://127.0.0.1:" + gatewayPort + "   --api " + api.flag() + ": " + api.description()
                + ", result TTL " + config.ttl().toSeconds() + " s, demo backend on every path");
        out.println("  issuer      " + issuerDiscovery);
        out.println("              iss " + DevKey.ISSUER + ", aud " + DevKey.AUDIENCE + ", keys " + jwksUri);
        out.println("  dynamodb    " + dynamoDbEndpoint + "   table " + FunctionEnvironment.TABLE + " seeded from "
                + seedFile + ": " + String.join(", ", principals));
        out.println("  tollgate    pid " + functionPid + " under the Lambda runtime interface client, logs " + functionLog);
        out.println("  " + (api.isHttp() ? "route ARN " : "method ARN") + "  "
                + api.stage().methodArn("<METHOD>", "/<path>")
                + (api.isHttp() ? "   route keys <METHOD> /<segment>[/{proxy+}]" : ""));
        out.println();
        out.println("Try (in another shell, from the repository root):");
        String alice = "-H \"Authorization: Bearer $(./tollgate mint alice)\" ";
        String bob = "-H \"Authorization: Bearer $(./tollgate mint bob)\" ";
        example(out, "curl " + alice + host + "/orders/42", "200, context echoed");
        example(out, "curl " + alice + host + "/orders", "200, alice lists her orders");
        example(out, "curl -X DELETE " + alice + host + "/admin", "403");
        example(out, "curl " + bob + host + "/reports/q3", "200, via role auditor");
        example(out, "curl -i " + host + "/orders/42", "401, authorizer not invoked");
        out.println();
        out.println("Other APIs: ./tollgate local --api " + EmulatedApi.flags() + ". Ctrl-C stops everything.");
        out.println();
    }

    private static void example(PrintStream out, String command, String comment) {
        out.println(String.format(java.util.Locale.ROOT, "  %-88s # %s", command, comment));
    }
}
