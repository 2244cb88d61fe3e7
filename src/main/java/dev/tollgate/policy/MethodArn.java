package dev.tollgate.policy;

import java.util.regex.Pattern;

/**
 * The API Gateway ARN of the route being called: a REST {@code methodArn} or an HTTP API
 * {@code routeArn}, {@code arn:<partition>:execute-api:<region>:<account>:<apiId>/<stage>/<METHOD>/<path>}.
 *
 * @param partition {@code aws}, {@code aws-cn}, {@code aws-us-gov}, ...
 * @param region    e.g. {@code us-east-1}
 * @param accountId 12 digits
 * @param apiId     the API id
 * @param stage     the stage ({@code $default} on HTTP APIs); {@code *} in the console's test
 *                  invocation and the API Gateway guide's example, which have no stage
 * @param method    the HTTP verb of the request
 * @param path      the request path, starting with {@code /}
 */
public record MethodArn(
        String partition, String region, String accountId, String apiId, String stage, String method, String path) {

    /** API Gateway refuses longer method ARNs (414) before calling an authorizer. */
    public static final int MAX_LENGTH = 1600;

    private static final Pattern PARTITION = Pattern.compile("aws(-[a-z]+)*");
    private static final Pattern REGION = Pattern.compile("[a-z]{2,}(-[a-z0-9]+)+");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    private static final Pattern API_ID = Pattern.compile("[A-Za-z0-9]{1,64}");
    // "*" alone: the console's test invocation sends ".../<apiId>/*/GET/" (no deployed stage). A stage
    // name cannot contain "*", so no real request has it. The policy then names stage "*", which IAM
    // reads as every stage of this API: nothing more than the permissions grant, since they name no
    // stage. A "*" anywhere else (account, region, api id) would reach other APIs and stays an error.
    private static final Pattern STAGE = Pattern.compile("[A-Za-z0-9_$.-]{1,128}|\\*");
    private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}|\\*");

    /**
     * Parses a method or route ARN.
     *
     * @throws IllegalArgumentException when it is not one (the message says which part is wrong,
     *     never echoing more than the part's name)
     */
    public static MethodArn parse(String arn) {
        if (arn == null || arn.isEmpty()) {
            throw new IllegalArgumentException("method ARN is missing");
        }
        if (arn.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("method ARN is longer than " + MAX_LENGTH);
        }
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("execute-api")) {
            throw new IllegalArgumentException("not an execute-api ARN");
        }
        String[] resource = parts[5].split("/", 4);
        if (resource.length < 3) {
            throw new IllegalArgumentException("method ARN lacks api/stage/method");
        }
        String path = "/" + (resource.length == 4 ? resource[3] : "");
        require(PARTITION, parts[1], "partition");
        require(REGION, parts[3], "region");
        require(ACCOUNT, parts[4], "account");
        require(API_ID, resource[0], "api id");
        require(STAGE, resource[1], "stage");
        require(METHOD, resource[2], "method");
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) < 0x20 || path.charAt(i) == 0x7f) {
                throw new IllegalArgumentException("method ARN path has control characters");
            }
        }
        return new MethodArn(parts[1], parts[3], parts[4], resource[0], resource[1], resource[2], path);
    }

    private static void require(Pattern pattern, String value, String what) {
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("method ARN has an invalid " + what);
        }
    }

    /** {@code arn:...:<apiId>/<stage>/}: what every resource of this API and stage starts with. */
    public String stagePrefix() {
        return "arn:" + partition + ":execute-api:" + region + ":" + accountId + ":" + apiId + "/" + stage + "/";
    }

    /** The resource ARN for {@code method} (or {@code *}) and a path pattern starting with {@code /}. */
    public String resource(String method, String pathPattern) {
        return stagePrefix() + method + pathPattern;
    }

    /** Every method and path of this API and stage. */
    public String wholeStage() {
        return stagePrefix() + "*";
    }
}
