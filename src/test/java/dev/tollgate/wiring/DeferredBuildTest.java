package dev.tollgate.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class DeferredBuildTest {
    @Test
    void awaitWhenBuildSucceedsThenTheBuiltValueEveryTime() {
        DeferredBuild<String> build = DeferredBuild.start("test-build", () -> "built");
        assertThat(build.await()).isEqualTo("built");
        assertThat(build.await()).isEqualTo("built");
    }

    @Test
    void awaitWhenBuildThrowsThenSameExceptionSurfacesAtInit() {
        DeferredBuild<String> build = DeferredBuild.start("test-build", () -> {
            throw new IllegalArgumentException("Unable to load region");
        });
        assertThatThrownBy(build::await).isInstanceOf(IllegalArgumentException.class).hasMessage("Unable to load region");
    }

    @Test
    void awaitWhenBuildThrowsCheckedThenIllegalState() {
        DeferredBuild<String> build = DeferredBuild.start("test-build", () -> {
            throw new IOException("disk");
        });
        assertThatThrownBy(build::await).isInstanceOf(IllegalStateException.class).hasMessageContaining("disk");
    }
}
