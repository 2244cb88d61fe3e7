package dev.tollgate.policy;

import java.util.List;

/**
 * An IAM policy for {@code execute-api:Invoke}, independent of any AWS type; the Lambda edge
 * writes it in the shape the event asked for.
 *
 * @param effect    {@code Allow} or {@code Deny}
 * @param resources resource ARNs, sorted, never empty
 * @param truncated true when the principal's full permission set did not fit API Gateway's limits
 *                  and the policy was narrowed to the current route (never widened)
 */
public record Policy(String effect, List<String> resources, boolean truncated) {
    public static final String ALLOW = "Allow";
    public static final String DENY = "Deny";

    public Policy {
        resources = List.copyOf(resources);
        if (resources.isEmpty()) {
            throw new IllegalArgumentException("a policy needs at least one resource");
        }
    }
}
