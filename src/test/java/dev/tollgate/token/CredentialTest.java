package dev.tollgate.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CredentialTest {
    @Test
    void parseWhenDpopSchemeAnyCaseThenDpopCredential() throws Exception {
        assertThat(Credential.parse("DPoP abc.def.ghi", 8192)).isEqualTo(new Credential("abc.def.ghi", true));
        assertThat(Credential.parse("dpop   abc.def.ghi", 8192)).isEqualTo(new Credential("abc.def.ghi", true));
    }

    @Test
    void parseWhenBearerThenBearerCredential() throws Exception {
        assertThat(Credential.parse("Bearer abc.def.ghi", 8192)).isEqualTo(new Credential("abc.def.ghi", false));
    }

    @Test
    void parseWhenDpopWithoutTokenOrTooLargeOrGluedThenRefused() {
        assertThatThrownBy(() -> Credential.parse("DPoP ", 8192)).isInstanceOfSatisfying(InvalidTokenException.class,
                e -> assertThat(e.rejection()).isEqualTo(Rejection.MISSING_TOKEN));
        assertThatThrownBy(() -> Credential.parse("DPoP " + "a".repeat(300), 256))
                .isInstanceOfSatisfying(InvalidTokenException.class,
                        e -> assertThat(e.rejection()).isEqualTo(Rejection.TOKEN_TOO_LARGE));
        assertThatThrownBy(() -> Credential.parse("DPoPabc.def.ghi", 8192))
                .isInstanceOfSatisfying(InvalidTokenException.class,
                        e -> assertThat(e.rejection()).isEqualTo(Rejection.NOT_BEARER));
    }
}
