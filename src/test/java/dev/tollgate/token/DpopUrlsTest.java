package dev.tollgate.token;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DpopUrlsTest {
    private static final String CALLED = "https://api.example.com/prod/orders/42";

    @Test
    void expectedWhenNoBaseUrlThenHttpsHostAndPath() {
        assertThat(DpopUrls.expected(null, "api.example.com", "/prod/orders/42")).isEqualTo(CALLED);
        assertThat(DpopUrls.expected(null, "api.example.com:8443", "/x")).isEqualTo("https://api.example.com:8443/x");
        assertThat(DpopUrls.expected("https://public.example.com/api", "ignored", "/x"))
                .isEqualTo("https://public.example.com/api/x");
    }

    @Test
    void expectedWhenHostOrPathUnusableThenNull() {
        assertThat(DpopUrls.expected(null, null, "/x")).isNull();
        assertThat(DpopUrls.expected(null, "evil.example/x?", "/x")).isNull();
        assertThat(DpopUrls.expected(null, "a@b", "/x")).isNull();
        assertThat(DpopUrls.expected(null, "api.example.com", null)).isNull();
        assertThat(DpopUrls.expected(null, "api.example.com", "x")).isNull();
    }

    @Test
    void sameTargetIgnoresQueryFragmentSchemeAndHostCaseDefaultPortAndEscapeCase() {
        assertThat(DpopUrls.sameTarget(CALLED + "?a=1#f", CALLED)).isTrue();
        assertThat(DpopUrls.sameTarget("HTTPS://API.EXAMPLE.COM:443/prod/orders/42", CALLED)).isTrue();
        assertThat(DpopUrls.sameTarget("https://api.example.com/a%2fb", "https://api.example.com/a%2Fb")).isTrue();
        assertThat(DpopUrls.sameTarget("https://api.example.com", "https://api.example.com/")).isTrue();
    }

    @Test
    void sameTargetWhenPathHostPortSchemeOrUserInfoDiffersThenFalse() {
        assertThat(DpopUrls.sameTarget("https://api.example.com/prod/orders/43", CALLED)).isFalse();
        assertThat(DpopUrls.sameTarget("https://api.example.com/prod/Orders/42", CALLED)).isFalse();
        assertThat(DpopUrls.sameTarget("https://api.example.com/prod/orders/42/", CALLED)).isFalse();
        assertThat(DpopUrls.sameTarget("https://api.example.com:8443/prod/orders/42", CALLED)).isFalse();
        assertThat(DpopUrls.sameTarget("http://api.example.com/prod/orders/42", CALLED)).isFalse();
        assertThat(DpopUrls.sameTarget("https://u@api.example.com/prod/orders/42", CALLED)).isFalse();
        assertThat(DpopUrls.sameTarget("/prod/orders/42", CALLED)).isFalse();
        assertThat(DpopUrls.sameTarget("https://api.example.com/prod/orders/42 ", CALLED)).isFalse();
    }
}
