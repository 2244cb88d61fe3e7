package dev.tollgate.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.testing.TestSettings;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/** Shared helpers of the token tests: a verifier that cannot reach the network, rejection asserts. */
final class TokenAssertions {
    /** Unit tests never reach the network: any fetch is a test failure. */
    static final HttpFetcher NO_NETWORK = new HttpFetcher(Duration.ofMillis(50), Duration.ofMillis(50), 1) {
        @Override
        public String get(URI uri) {
            throw new AssertionError("a unit test tried to reach the network: " + uri);
        }
    };

    private TokenAssertions() {}

    /** A verifier over inline keys, on {@code clock}. */
    static TokenVerifier verifier(TestSettings settings, Clock clock) {
        return TokenVerifier.create(settings.build().verifier(), NO_NETWORK, clock);
    }

    /** Asserts {@code token} is refused with exactly {@code expected}. */
    static void assertRejected(TokenVerifier verifier, String token, Rejection expected) {
        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOfSatisfying(InvalidTokenException.class,
                        e -> assertThat(e.rejection()).as(e.getMessage()).isEqualTo(expected));
    }

    /** The rejection of {@code token}; fails if it is accepted or something else is thrown. */
    static Rejection rejectionOf(TokenVerifier verifier, String token) {
        try {
            VerifiedToken accepted = verifier.verify(token);
            throw new AssertionError("accepted: principal " + accepted.principal());
        } catch (InvalidTokenException e) {
            return e.rejection();
        }
    }
}
