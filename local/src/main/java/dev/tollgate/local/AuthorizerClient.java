package dev.tollgate.local;

/** Calls the authorizer function with one event. */
@FunctionalInterface
public interface AuthorizerClient {

    /**
     * What the function answered.
     *
     * @param error        the invocation failed (the runtime posted an error)
     * @param body         the answer, or the error JSON
     * @param errorMessage the error's {@code errorMessage}; null for an answer
     */
    record Invocation(boolean error, String body, String errorMessage) {}

    /**
     * Invokes the authorizer.
     *
     * @throws Exception when no answer came (timeout, the function died): the gateway answers 500
     */
    Invocation invoke(String event) throws Exception;
}
