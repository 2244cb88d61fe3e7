package dev.tollgate.permission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PermissionTest {
    private static Permission p(String text) {
        return Permission.parse(text).orElseThrow();
    }

    @Test
    void parseWhenValidThenMethodUpperCasedAndPathKept() {
        assertThat(p("get /orders/*")).isEqualTo(new Permission("GET", "/orders/*"));
        assertThat(p("* /admin/*").method()).isEqualTo("*");
        assertThat(p("  DELETE   /a  ")).hasToString("DELETE /a");
    }

    @Test
    void parseWhenInvalidThenEmpty() {
        for (String bad : new String[] {null, "", "GET", "GET orders", "FETCH /x", "GET /a b", "GET /a?x=1", "/orders GET",
                "GET /" + "a".repeat(500), "GET /a\u0000"}) {
            assertThat(Permission.parse(bad)).as(String.valueOf(bad)).isEmpty();
        }
    }

    @Test
    void matchesWhenWildcardThenAnyRunOfCharactersLikeIam() {
        Permission orders = p("GET /orders/*");
        assertThat(orders.matches("GET", "/orders/1")).isTrue();
        assertThat(orders.matches("GET", "/orders/1/items")).isTrue();
        assertThat(orders.matches("GET", "/orders")).isFalse();
        assertThat(orders.matches("POST", "/orders/1")).isFalse();
        assertThat(p("* /admin/*").matches("DELETE", "/admin/x")).isTrue();
        assertThat(p("GET /a/*/b").matches("GET", "/a/x/y/b")).isTrue();
        assertThat(p("GET /a/*/b").matches("GET", "/a/x/c")).isFalse();
        assertThat(p("GET /").matches("GET", "/")).isTrue();
        assertThat(p("GET /Orders").matches("GET", "/orders")).isFalse();
    }

    @Test
    void matchesWhenPathologicalPatternThenStillFast() {
        Permission nasty = p("GET /" + "*a".repeat(50) + "b");
        long start = System.nanoTime();
        assertThat(nasty.matches("GET", "/" + "a".repeat(1500))).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    }

    @Test
    void permissionSetWhenDisabledThenNothingAllowed() {
        PermissionSet set = new PermissionSet(Set.of(p("GET /orders/*")), null, null, true);
        assertThat(set.allows("GET", "/orders/1")).isFalse();
        assertThat(set.effectivePermissions()).isEmpty();
    }
}
