package dev.tollgate.permission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link Permission} and {@link PermissionSet} write {@code equals}/{@code hashCode} out (a record's
 * generated ones cost a cold start ~20 ms): they must keep record semantics, every component
 * compared. The component counts are pinned so that a new component fails here until equals covers it.
 */
class RecordEqualityTest {
    private static final Permission GET = Permission.parse("GET /orders/*").orElseThrow();

    @Test
    void permissionWhenEveryComponentComparedThenRecordSemantics() {
        assertThat(Permission.class.getRecordComponents()).hasSize(2);
        Permission same = new Permission("GET", "/orders/*");
        assertThat(GET).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(GET).isNotEqualTo(new Permission("POST", "/orders/*"));
        assertThat(GET).isNotEqualTo(new Permission("GET", "/orders"));
        assertThat(GET).isNotEqualTo(null).isNotEqualTo("GET /orders/*");
    }

    @Test
    void permissionSetWhenEveryComponentComparedThenRecordSemantics() {
        assertThat(PermissionSet.class.getRecordComponents()).hasSize(5);
        PermissionSet base = new PermissionSet(Set.of(GET), "acme", "key", false);
        PermissionSet same = new PermissionSet(Set.of(Permission.parse("get /orders/*").orElseThrow()), "acme", "key", false);
        assertThat(base).isEqualTo(same).hasSameHashCodeAs(same);
        for (PermissionSet other : List.of(
                new PermissionSet(Set.of(), "acme", "key", false),
                new PermissionSet(Set.of(GET), "other", "key", false),
                new PermissionSet(Set.of(GET), null, "key", false),
                new PermissionSet(Set.of(GET), "acme", "other", false),
                new PermissionSet(Set.of(GET), "acme", null, false),
                new PermissionSet(Set.of(GET), "acme", "key", true),
                new PermissionSet(Set.of(GET), "acme", "key", false, new Revocation(java.time.Instant.EPOCH, null)))) {
            assertThat(base).isNotEqualTo(other);
        }
        assertThat(new PermissionSet(Set.of(), null, null, false)).isEqualTo(PermissionSet.NONE)
                .hasSameHashCodeAs(PermissionSet.NONE);
    }
}
