package dev.tollgate.bench.load;

/** What one request ended in, as API Gateway would see it. */
public enum Outcome {
    /** Allowed: an Allow policy, or {@code isAuthorized: true}. */
    ALLOW,
    /** Valid token, route not permitted: 403. */
    DENY,
    /** Missing or invalid token: 401. */
    UNAUTHORIZED,
    /** tollgate could not decide: 500 (never expected in a load run). */
    ERROR
}
