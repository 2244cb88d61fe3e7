package dev.tollgate.local;

/**
 * Where an emulated API lives: the parts of its method (REST) and route (HTTP API) ARNs.
 *
 * @param region    e.g. {@code us-east-1}
 * @param accountId 12 digits
 * @param apiId     the API id
 * @param stage     the stage name ({@code $default} for an HTTP API's default stage)
 */
public record ApiStage(String region, String accountId, String apiId, String stage) {

    /** The local REST API: stage {@code dev}. */
    public static final ApiStage LOCAL_REST = new ApiStage("us-east-1", "123456789012", "local", "dev");
    /** The local HTTP API: its {@code $default} stage. */
    public static final ApiStage LOCAL_HTTP = new ApiStage("us-east-1", "123456789012", "local", "$default");

    /** {@code arn:aws:execute-api:<region>:<account>:<api>/<stage>/<METHOD><path>}: a methodArn or routeArn. */
    public String methodArn(String method, String path) {
        return "arn:aws:execute-api:" + region + ":" + accountId + ":" + apiId + "/" + stage + "/" + method + path;
    }
}
