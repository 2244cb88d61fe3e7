package dev.tollgate.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.permission.PermissionSet;
import dev.tollgate.permission.PermissionStore;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class DeferredPermissionStoreTest {
    @Test
    void awaitWhenBuildSucceedsThenDelegates() {
        DeferredPermissionStore<PermissionStore> store = DeferredPermissionStore.start(() -> principal -> PermissionSet.NONE);
        assertThat(store.await()).isNotNull();
        assertThat(store.permissionsOf("alice")).isSameAs(PermissionSet.NONE);
    }

    @Test
    void awaitWhenBuildThrowsThenSameExceptionSurfacesAtInit() {
        DeferredPermissionStore<PermissionStore> store = DeferredPermissionStore.start(() -> {
            throw new IllegalArgumentException("Unable to load region");
        });
        assertThatThrownBy(store::await).isInstanceOf(IllegalArgumentException.class).hasMessage("Unable to load region");
        assertThatThrownBy(() -> store.permissionsOf("alice")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void awaitWhenBuildThrowsCheckedThenIllegalState() {
        DeferredPermissionStore<PermissionStore> store = DeferredPermissionStore.start(() -> {
            throw new IOException("disk");
        });
        assertThatThrownBy(store::await).isInstanceOf(IllegalStateException.class).hasMessageContaining("disk");
    }
}
