package dev.tollgate.config;

import java.util.Objects;

/**
 * Everything tollgate is configured with, one record per concern; each component goes to the
 * components that concern. Built by {@link SettingsReader} from the environment, or directly.
 *
 * @param verifier      token verification and key fetching ({@code TokenVerifier})
 * @param authorizer    the decision's scope and context checks ({@code Authorizer})
 * @param permissions   the permission table and its cache
 * @param dynamoDb      how the permission table is read
 * @param edge          how API Gateway events are read and answered
 * @param observability log level and metrics
 * @param runtime       priming, and whether this is Lambda and a SnapStart init
 * @param senderConstraint certificate-bound and DPoP-bound tokens ({@code SenderConstraint})
 */
public record Settings(
        VerifierSettings verifier,
        AuthorizerSettings authorizer,
        PermissionSettings permissions,
        DynamoDbSettings dynamoDb,
        EdgeSettings edge,
        ObservabilitySettings observability,
        RuntimeSettings runtime,
        SenderConstraintSettings senderConstraint) {

    /** Settings without sender-constraint requirements ({@link SenderConstraintSettings#DEFAULTS}). */
    public Settings(VerifierSettings verifier, AuthorizerSettings authorizer, PermissionSettings permissions,
            DynamoDbSettings dynamoDb, EdgeSettings edge, ObservabilitySettings observability,
            RuntimeSettings runtime) {
        this(verifier, authorizer, permissions, dynamoDb, edge, observability, runtime,
                SenderConstraintSettings.DEFAULTS);
    }

    /** @throws NullPointerException for a missing concern */
    public Settings {
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(authorizer, "authorizer");
        Objects.requireNonNull(permissions, "permissions");
        Objects.requireNonNull(dynamoDb, "dynamoDb");
        Objects.requireNonNull(edge, "edge");
        Objects.requireNonNull(observability, "observability");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(senderConstraint, "senderConstraint");
    }
}
