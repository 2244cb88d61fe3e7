package dev.tollgate.policy;

import dev.tollgate.permission.Permission;
import java.util.List;
import java.util.TreeSet;

/**
 * Builds cache-correct policies.
 *
 * <p>API Gateway caches an authorizer's policy per token (or identity sources) and reuses it for
 * every route of the API. So the policy allows every route the principal may call on the API and
 * stage of the request, not just the current one; the current route is then allowed or denied by
 * API Gateway evaluating that same policy. A principal with no permissions gets an explicit Deny of
 * the whole stage.
 *
 * <p>Routes whose scopes the token lacks ({@link Grant#deniedRoutes()}) get a second statement, an
 * explicit Deny: in IAM an explicit Deny wins over any Allow, so the cached policy refuses those
 * routes however broad the permissions are.
 *
 * <p>If the full policy would exceed {@link #MAX_RESOURCE_CHARS} (Allow and Deny resources
 * together), the Allow is narrowed to the permissions that cover the current route (or the policy to
 * a Deny of the stage when none does): other routes then get 403 from a cached narrow policy, which
 * is safe. Deny resources are never dropped: when they alone do not fit, the policy denies the whole
 * stage. Nothing is ever widened.
 */
public final class PolicyBuilder {
    /** API Gateway's limit on one resource ARN in an authorizer policy. */
    public static final int MAX_RESOURCE_LENGTH = 512;
    /**
     * tollgate's budget for all resource ARNs of one policy, in characters. API Gateway rejects
     * oversized authorizer responses with a 500; 8 KiB keeps well clear of that for every shape.
     */
    public static final int MAX_RESOURCE_CHARS = 8192;

    private PolicyBuilder() {}

    /** The policy for a verified principal's grant, scoped to the API and stage of {@code route}. */
    public static Policy build(Grant grant, MethodArn route) {
        TreeSet<String> all = resources(grant.permissions(), route, null);
        if (all.isEmpty()) {
            return denyStage(route, false);
        }
        List<String> denied = deniedResources(grant.deniedRoutes(), route);
        int deniedLength = denied == null ? Integer.MAX_VALUE : totalLength(denied);
        if (deniedLength > MAX_RESOURCE_CHARS) {
            // Dropping a Deny would widen the policy: deny everything instead.
            return denyStage(route, true);
        }
        if (totalLength(all) + deniedLength <= MAX_RESOURCE_CHARS) {
            return policy(all, denied, false);
        }
        TreeSet<String> current = resources(grant.permissions(), route, route);
        if (current.isEmpty() || totalLength(current) + deniedLength > MAX_RESOURCE_CHARS) {
            return denyStage(route, true);
        }
        return policy(current, denied, true);
    }

    private static Policy policy(TreeSet<String> allowed, List<String> denied, boolean truncated) {
        if (denied.isEmpty()) {
            return new Policy(Policy.ALLOW, List.copyOf(allowed), truncated);
        }
        return new Policy(List.of(new Policy.Statement(Policy.ALLOW, List.copyOf(allowed)),
                new Policy.Statement(Policy.DENY, denied)), truncated);
    }

    private static Policy denyStage(MethodArn route, boolean truncated) {
        return new Policy(Policy.DENY, List.of(route.wholeStage()), truncated);
    }

    /** Resource ARNs of the denied route patterns, sorted; null when one is too long to be written. */
    private static List<String> deniedResources(List<Permission> patterns, MethodArn route) {
        if (patterns.isEmpty()) {
            return List.of(); // the usual case: no route scopes, or a token with all of them
        }
        TreeSet<String> resources = new TreeSet<>();
        String prefix = route.stagePrefix(); // once, not per pattern: this runs on every request
        for (Permission pattern : patterns) {
            String resource = prefix + pattern.method() + pattern.path();
            if (resource.length() > MAX_RESOURCE_LENGTH) {
                return null;
            }
            resources.add(resource);
        }
        return List.copyOf(resources);
    }

    /** Resource ARNs of the permissions (only those covering {@code onlyMatching} when given). */
    private static TreeSet<String> resources(Iterable<Permission> permissions, MethodArn route, MethodArn onlyMatching) {
        TreeSet<String> resources = new TreeSet<>();
        for (Permission permission : permissions) {
            if (onlyMatching != null && !permission.matches(onlyMatching.method(), onlyMatching.path())) {
                continue;
            }
            String resource = route.resource(permission.method(), permission.path());
            // An over-long ARN would make API Gateway reject the whole response: leave it out (narrower).
            if (resource.length() <= MAX_RESOURCE_LENGTH) {
                resources.add(resource);
            }
        }
        return resources;
    }

    private static int totalLength(Iterable<String> resources) {
        int total = 0;
        for (String resource : resources) {
            total += resource.length() + 3; // quotes and comma in the JSON
        }
        return total;
    }
}
