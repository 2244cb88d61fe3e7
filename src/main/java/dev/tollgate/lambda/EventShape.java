package dev.tollgate.lambda;

/** The authorizer event shapes API Gateway sends, told apart by {@link EventReader}. */
public enum EventShape {
    /** REST API TOKEN authorizer: {@code type=TOKEN}, {@code authorizationToken}, {@code methodArn}. */
    REST_TOKEN,
    /** REST API REQUEST authorizer: {@code type=REQUEST}, headers, {@code methodArn}. */
    REST_REQUEST,
    /** HTTP API, payload format 1.0: {@code version=1.0}, REST-compatible, answered with an IAM policy. */
    HTTP_V1,
    /** HTTP API, payload format 2.0: {@code version=2.0}, {@code routeArn}, {@code identitySource}. */
    HTTP_V2
}
