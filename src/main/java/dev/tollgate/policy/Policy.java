package dev.tollgate.policy;

import java.util.List;

/**
 * An IAM policy for {@code execute-api:Invoke}, independent of any AWS type; the Lambda edge
 * writes it in the shape the event asked for.
 *
 * @param statements one or more statements, in the order written: an {@code Allow} of the permitted
 *                   routes, then a {@code Deny} of the routes whose scopes the token lacks (an explicit
 *                   Deny wins in IAM); or a single {@code Deny} of the stage
 * @param truncated  true when the full policy did not fit API Gateway's limits and was narrowed to the
 *                   current route or to a Deny of the stage (never widened)
 */
public record Policy(List<Statement> statements, boolean truncated) {
    public static final String ALLOW = "Allow";
    public static final String DENY = "Deny";

    public Policy {
        statements = List.copyOf(statements);
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("a policy needs at least one statement");
        }
    }

    /** A policy of one statement. */
    public Policy(String effect, List<String> resources, boolean truncated) {
        this(List.of(new Statement(effect, resources)), truncated);
    }

    /**
     * One {@code execute-api:Invoke} statement.
     *
     * @param effect    {@link #ALLOW} or {@link #DENY}
     * @param resources resource ARNs, sorted, never empty
     */
    public record Statement(String effect, List<String> resources) {
        public Statement {
            if (!ALLOW.equals(effect) && !DENY.equals(effect)) {
                throw new IllegalArgumentException("effect must be Allow or Deny: " + effect);
            }
            resources = List.copyOf(resources);
            if (resources.isEmpty()) {
                throw new IllegalArgumentException("a statement needs at least one resource");
            }
        }
    }
}
