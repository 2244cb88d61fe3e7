package dev.tollgate.token;

import dev.tollgate.config.SenderConstraintSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Sender-constrained access tokens: checks that the request presenting a verified token comes from
 * the party the token was issued to, on every request (a token remembered by the verified-token
 * cache included: the cache keeps claims, never the outcome of this check).
 * <ul>
 *   <li>{@code cnf.x5t#S256} (RFC 8705): the mutual-TLS client certificate's thumbprint
 *       ({@link CertificateBinding}), else {@link Rejection#CERTIFICATE_MISMATCH};
 *   <li>{@code cnf.jkt} (RFC 9449): the {@code DPoP} scheme and a valid proof by that key
 *       ({@link DpopProofVerifier}), else a {@code DPOP_*} reason; presented as {@code Bearer}:
 *       {@link Rejection#DPOP_SCHEME_REQUIRED};
 *   <li>both: both must hold;
 *   <li>no {@code cnf}: accepted as a bearer token unless its issuer requires bound tokens
 *       ({@link Rejection#UNBOUND_TOKEN}); with the {@code DPoP} scheme it is
 *       {@link Rejection#DPOP_TOKEN_NOT_BOUND}.
 * </ul>
 * A plain bearer token whose issuer requires nothing costs two field reads: the request's evidence
 * is only read from the event when a binding is to be checked. Thread-safe.
 */
public final class SenderConstraint {
    private final Set<String> boundTokenIssuers;
    private final String publicBaseUrl;
    private final DpopProofVerifier dpop;
    private final DpopReplayCache replays;

    private SenderConstraint(Set<String> boundTokenIssuers, String publicBaseUrl, DpopReplayCache replays,
            DpopProofVerifier dpop) {
        this.boundTokenIssuers = boundTokenIssuers;
        this.publicBaseUrl = publicBaseUrl;
        this.replays = replays;
        this.dpop = dpop;
    }

    /**
     * @param settings  which issuers require bound tokens, the DPoP public base URL, the replay bound
     * @param clockSkew how far a proof's {@code iat} may be from now, either way
     * @param clock     the time source for {@code iat} and the replay window
     */
    public static SenderConstraint create(SenderConstraintSettings settings, Duration clockSkew, Clock clock) {
        DpopReplayCache replays = new DpopReplayCache(settings.dpopReplayCacheMaxEntries());
        String base = settings.dpopPublicBaseUrl() == null ? null : settings.dpopPublicBaseUrl().toString();
        return new SenderConstraint(Set.copyOf(settings.boundTokenIssuers()), base, replays,
                new DpopProofVerifier(clockSkew, replays, clock));
    }

    /**
     * Checks the token's binding against the request.
     *
     * @param token      the verified token
     * @param credential how it was presented
     * @param evidence   reads the request's certificate, proof, method, host and path; called only when
     *                   a binding is to be checked, at most once
     * @throws InvalidTokenException with the reason the binding fails
     * @throws DpopReplayCacheFullException when a proof cannot be recorded (an error, never an Allow)
     */
    public void check(VerifiedToken token, Credential credential, Supplier<SenderEvidence> evidence)
            throws InvalidTokenException {
        Confirmation cnf = token.confirmation();
        if (cnf == null) {
            if (credential.dpop()) {
                throw new InvalidTokenException(Rejection.DPOP_TOKEN_NOT_BOUND, "DPoP scheme with a token without cnf.jkt");
            }
            if (!boundTokenIssuers.isEmpty() && boundTokenIssuers.contains(token.issuer())) {
                throw new InvalidTokenException(Rejection.UNBOUND_TOKEN, "the issuer requires sender-constrained tokens");
            }
            return;
        }
        if (cnf.problem() != null) {
            throw new InvalidTokenException(cnf.problem(), cnf.detail());
        }
        if (cnf.keyThumbprint() != null && !credential.dpop()) {
            throw new InvalidTokenException(Rejection.DPOP_SCHEME_REQUIRED, "a DPoP-bound token presented as Bearer");
        }
        if (cnf.keyThumbprint() == null && credential.dpop()) {
            throw new InvalidTokenException(Rejection.DPOP_TOKEN_NOT_BOUND, "DPoP scheme with a token without cnf.jkt");
        }
        SenderEvidence request = evidence.get();
        if (cnf.certificateThumbprint() != null) {
            CertificateBinding.check(cnf.certificateThumbprint(), request.clientCertificatePem());
        }
        if (cnf.keyThumbprint() != null) {
            // Last: a proof that passes is used up, so everything else is decided first.
            dpop.verify(request, DpopUrls.expected(publicBaseUrl, request.host(), request.path()), credential.token(),
                    cnf.keyThumbprint());
        }
    }

    /** Proofs in the replay cache (tests, metrics). */
    public int rememberedProofs() {
        return replays.size();
    }

    /** Forgets every remembered proof (tests). */
    void forgetProofs() {
        replays.clear();
    }
}
