package dev.tollgate.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Evaluates a Lambda authorizer's IAM policy document against a method ARN the way API Gateway
 * does for REST APIs: an explicit {@code Deny} whose resource matches wins; otherwise an
 * {@code Allow} whose resource matches is needed; otherwise the request is implicitly denied.
 *
 * <p>Resources match with IAM wildcards: {@code *} any run of characters ({@code /} included),
 * {@code ?} one character; case-sensitive. Actions match {@code execute-api:Invoke},
 * {@code execute-api:*} or {@code *} (case-insensitive). {@code NotAction}, {@code NotResource},
 * {@code Principal} and {@code Condition} are not supported here: a statement using them makes the
 * document invalid (500), so a local run never quietly differs from AWS.
 */
public final class PolicyEvaluator {

    /** The outcome of an evaluation. */
    public enum Verdict {
        /** An Allow matched and no Deny did. */
        ALLOW,
        /** No statement matched: 403 "User is not authorized to access this resource". */
        IMPLICIT_DENY,
        /** A Deny matched: 403 "... with an explicit deny". */
        EXPLICIT_DENY
    }

    private PolicyEvaluator() {
    }

    /**
     * Evaluates {@code policyDocument} for {@code methodArn}.
     *
     * @throws IllegalArgumentException when the document is not a valid IAM policy of the supported
     *     subset (API Gateway answers 500 for an invalid authorizer response)
     */
    public static Verdict evaluate(JsonNode policyDocument, String methodArn) {
        if (policyDocument == null || !policyDocument.isObject()) {
            throw new IllegalArgumentException("policyDocument is missing or not an object");
        }
        JsonNode statements = policyDocument.get("Statement");
        if (statements == null) {
            throw new IllegalArgumentException("policyDocument has no Statement");
        }
        List<JsonNode> list = new ArrayList<>();
        if (statements.isArray()) {
            statements.forEach(list::add);
        } else if (statements.isObject()) {
            list.add(statements);
        } else {
            throw new IllegalArgumentException("Statement must be an object or an array");
        }
        boolean allowed = false;
        for (JsonNode statement : list) {
            for (String unsupported : List.of("NotAction", "NotResource", "Principal", "NotPrincipal", "Condition")) {
                if (statement.has(unsupported)) {
                    throw new IllegalArgumentException("statement element " + unsupported + " is not supported locally");
                }
            }
            String effect = statement.path("Effect").asText("");
            if (!effect.equals("Allow") && !effect.equals("Deny")) {
                throw new IllegalArgumentException("Effect must be Allow or Deny, was '" + effect + "'");
            }
            boolean actionMatches = strings(statement.get("Action"), "Action").stream()
                    .anyMatch(PolicyEvaluator::invokeAction);
            boolean resourceMatches = strings(statement.get("Resource"), "Resource").stream()
                    .anyMatch(pattern -> wildcardMatch(pattern, methodArn));
            if (actionMatches && resourceMatches) {
                if (effect.equals("Deny")) {
                    return Verdict.EXPLICIT_DENY;
                }
                allowed = true;
            }
        }
        return allowed ? Verdict.ALLOW : Verdict.IMPLICIT_DENY;
    }

    private static boolean invokeAction(String action) {
        String a = action.toLowerCase(Locale.ROOT);
        return a.equals("*") || a.equals("execute-api:*") || a.equals("execute-api:invoke")
                || (a.startsWith("execute-api:") && wildcardMatch(a, "execute-api:invoke"));
    }

    private static List<String> strings(JsonNode node, String name) {
        if (node == null) {
            throw new IllegalArgumentException("statement has no " + name);
        }
        List<String> values = new ArrayList<>();
        if (node.isTextual()) {
            values.add(node.asText());
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (!element.isTextual()) {
                    throw new IllegalArgumentException(name + " entries must be strings");
                }
                values.add(element.asText());
            }
        } else {
            throw new IllegalArgumentException(name + " must be a string or an array of strings");
        }
        return values;
    }

    /** IAM-style wildcard match over the whole value: {@code *} any run, {@code ?} one character. */
    static boolean wildcardMatch(String pattern, String value) {
        int p = 0;
        int v = 0;
        int star = -1;
        int mark = 0;
        while (v < value.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == value.charAt(v))) {
                p++;
                v++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = v;
            } else if (star >= 0) {
                p = star + 1;
                v = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
