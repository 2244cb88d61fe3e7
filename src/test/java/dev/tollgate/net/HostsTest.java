package dev.tollgate.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostsTest {
    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LocalHost", "127.0.0.1", "127.1.2.3", "::1", "[::1]", "0:0:0:0:0:0:0:1"})
    void isLoopbackWhenLocalhostOrLoopbackLiteralThenTrue(String host) {
        assertThat(Hosts.isLoopback(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost.example.com", "127.0.0.1.nip.io", "10.0.0.1", "[fe80::1]", "::2",
            "host.docker.internal"})
    void isLoopbackWhenAnyOtherHostThenFalseWithoutResolvingNames(String host) {
        assertThat(Hosts.isLoopback(host)).isFalse();
    }
}
