package dev.tollgate.config;

import java.util.Set;

/**
 * Where and how this process runs, as Lambda reports it, and whether it primes itself.
 *
 * @param priming     run the side-effect-free priming at init and in SnapStart's beforeCheckpoint
 *                    ({@code TOLLGATE_PRIMING}, default true)
 * @param inLambda    running in AWS Lambda ({@code AWS_LAMBDA_FUNCTION_NAME} is set): no local AWS
 *                    profile files are consulted
 * @param snapStart   this init is a SnapStart one ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}): a
 *                    snapshot follows, so init opens no connection that would be captured
 * @param primeAtInit this init runs ahead of traffic and no snapshot follows
 *                    ({@code AWS_LAMBDA_INITIALIZATION_TYPE} is one of {@link #PRIMED_AT_INIT}): the
 *                    priming SnapStart runs before its checkpoint runs at the end of init instead
 */
public record RuntimeSettings(boolean priming, boolean inLambda, boolean snapStart, boolean primeAtInit) {

    /**
     * Initialization types whose init no request waits for and after which no snapshot is taken:
     * Lambda Managed Instances (execution environments start before they take traffic and serve many
     * concurrent invocations) and provisioned concurrency. An {@code on-demand} init is a cold start a
     * request waits on, where the in-memory priming costs more than it saves (bench/README.md), and
     * {@code snap-start} primes in {@code beforeCheckpoint}.
     */
    public static final Set<String> PRIMED_AT_INIT = Set.of("lambda-managed-instances", "provisioned-concurrency");

    /** Settings of an init that primes only before a SnapStart checkpoint, if at all. */
    public RuntimeSettings(boolean priming, boolean inLambda, boolean snapStart) {
        this(priming, inLambda, snapStart, false);
    }
}
