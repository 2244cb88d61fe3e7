package dev.tollgate.snapstart;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.tollgate.config.Settings;
import dev.tollgate.permission.PermissionStore;
import java.time.Clock;

/**
 * Builds a Lambda handler wired as production is, around given settings, store and clock: priming
 * runs its events through disposable handlers built this way. The Lambda edge supplies it, so this
 * package depends on neither the edge nor the wiring.
 */
@FunctionalInterface
public interface HandlerFactory {
    RequestStreamHandler create(Settings settings, PermissionStore permissions, Clock clock);
}
