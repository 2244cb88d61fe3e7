package dev.tollgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code TOLLGATE_ROLES_CLAIM} and the per-issuer {@code rolesClaim} of {@code TOLLGATE_ISSUERS}. */
class SettingsReaderRolesTest {

    private static Map<String, String> issuers(String json) {
        return SettingsReaderTest.withIssuers(json);
    }

    @Test
    void readWhenRolesClaimUnsetThenNoIssuerHasOne() {
        assertThat(SettingsReader.read(SettingsReaderTest.minimal()).verifier().issuers().get(0).rolesClaim()).isNull();
    }

    @Test
    void readWhenRolesClaimSetThenTheSingleIssuerHasIt() {
        Map<String, String> env = SettingsReaderTest.minimal();
        env.put("TOLLGATE_ROLES_CLAIM", " cognito:groups ");

        assertThat(SettingsReader.read(env).verifier().issuers().get(0).rolesClaim()).isEqualTo("cognito:groups");
    }

    @Test
    void readWhenIssuerHasItsOwnRolesClaimThenItWinsAndOthersTakeTheVariable() {
        Map<String, String> env = issuers("[{\"issuer\":\"https://kc.example.com/realms/r\",\"audiences\":[\"x\"],"
                + "\"rolesClaim\":\"realm_access.roles\"},{\"issuer\":\"https://b.example.com\",\"audiences\":[\"y\"]}]");
        env.put("TOLLGATE_ROLES_CLAIM", "groups");

        Settings s = SettingsReader.read(env);

        assertThat(s.verifier().issuers()).extracting(IssuerSettings::rolesClaim)
                .containsExactly("realm_access.roles", "groups");
    }

    @Test
    void readWhenIssuerRolesClaimWithoutTheVariableThenOnlyThatIssuerHasRoles() {
        Settings s = SettingsReader.read(issuers("[{\"issuer\":\"https://a.example.com\",\"audiences\":[\"x\"],"
                + "\"rolesClaim\":\"roles\"},{\"issuer\":\"https://b.example.com\",\"audiences\":[\"y\"]}]"));

        assertThat(s.verifier().issuers()).extracting(IssuerSettings::rolesClaim).containsExactly("roles", null);
    }

    @Test
    void readWhenIssuerRolesClaimNotANonBlankStringThenRefused() {
        for (String bad : new String[] {"7", "\"  \"", "[\"groups\"]", "null"}) {
            Map<String, String> env = issuers("[{\"issuer\":\"https://a.example.com\",\"audiences\":[\"x\"],"
                    + "\"rolesClaim\":" + bad + "}]");
            assertThatThrownBy(() -> SettingsReader.read(env)).isInstanceOf(SettingsException.class)
                    .hasMessageStartingWith("TOLLGATE_ISSUERS").hasMessageContaining("rolesClaim");
        }
    }

    @Test
    void variablesWhenListedThenIncludeTheRolesClaim() {
        assertThat(SettingsReader.VARIABLES).contains("TOLLGATE_ROLES_CLAIM");
    }
}
