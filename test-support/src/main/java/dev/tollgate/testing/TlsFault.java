package dev.tollgate.testing;

import java.util.function.BiConsumer;

/**
 * The TLS faults a dependency's server can have, each applied to a {@link TlsFront} whose clients
 * trust {@code ca} (and only that CA besides the JDK's public ones).
 */
public enum TlsFault {
    /** A certificate for the right host from a CA nobody trusts. */
    UNTRUSTED_CA("unable to find valid certification path", (front, ca) -> front.serve(Certificates.UNTRUSTED)),
    /** A certificate from the trusted CA for the right host whose notAfter has passed. */
    EXPIRED_CERTIFICATE("validity check failed", (front, ca) -> front.serve(ca.issueExpired("IP:127.0.0.1", "DNS:localhost"))),
    /** A valid certificate from the trusted CA for another host ({@code DNS:example.invalid}), served on 127.0.0.1. */
    WRONG_HOST_NAME("No subject alternative names matching IP address 127.0.0.1", (front, ca) -> front.serve(ca.issue("DNS:example.invalid"))),
    /** The TCP connection is accepted, the ClientHello never answered. */
    HANDSHAKE_NEVER_COMPLETES("timed out", (front, ca) -> front.stall());

    private final String jdkMessage;
    private final BiConsumer<TlsFront, TestTls> apply;

    TlsFault(String jdkMessage, BiConsumer<TlsFront, TestTls> apply) {
        this.jdkMessage = jdkMessage;
        this.apply = apply;
    }

    /** What the JDK's TLS client says about this fault (part of its exception message). */
    public String jdkMessage() {
        return jdkMessage;
    }

    /** Makes {@code front} misbehave this way from its next connection on. */
    public void applyTo(TlsFront front, TestTls trustedCa) {
        apply.accept(front, trustedCa);
    }

    /** Whether the client can only notice this fault by a timeout (otherwise it is refused at once). */
    public boolean needsTimeout() {
        return this == HANDSHAKE_NEVER_COMPLETES;
    }

    private static final class Certificates {
        static final TestTls.ServerCert UNTRUSTED =
                TestTls.newCa("tollgate untrusted CA").issue("IP:127.0.0.1", "DNS:localhost");
    }
}
