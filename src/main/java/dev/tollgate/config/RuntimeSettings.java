package dev.tollgate.config;

/**
 * Where and how this process runs, as Lambda reports it, and whether it primes itself.
 *
 * @param priming   run the side-effect-free priming at init and in SnapStart's beforeCheckpoint
 *                  ({@code TOLLGATE_PRIMING}, default true)
 * @param inLambda  running in AWS Lambda ({@code AWS_LAMBDA_FUNCTION_NAME} is set): no local AWS
 *                  profile files are consulted
 * @param snapStart this init is a SnapStart one ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}): a
 *                  snapshot follows, so init opens no connection that would be captured
 */
public record RuntimeSettings(boolean priming, boolean inLambda, boolean snapStart) {}
