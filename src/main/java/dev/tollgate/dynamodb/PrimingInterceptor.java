package dev.tollgate.dynamodb;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Stops priming requests after they are marshalled, resolved to an endpoint and signed, just before
 * any byte would be sent: SnapStart priming warms the SDK's whole request path without a network
 * call and without touching the table. Requests without the {@link #PRIMING} attribute pass
 * untouched.
 */
final class PrimingInterceptor implements ExecutionInterceptor {
    /** Set on a request's override configuration to mark it as a priming request. */
    static final ExecutionAttribute<Boolean> PRIMING = new ExecutionAttribute<>("tollgate.priming");

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (Boolean.TRUE.equals(attributes.getAttribute(PRIMING))) {
            throw new PrimingStop();
        }
    }

    /** The expected end of a priming request. */
    static final class PrimingStop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PrimingStop() {
            super("priming request stopped before transmission", null, false, false);
        }
    }
}
