package io.eventgate.common.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventgate.common.config.Settings;
import io.eventgate.common.tracing.Tracing;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A process that fails to start after its tracing was built closes the SDK (its exporter thread and
 * connections) on the way out, whether the parent verticle could not be made or did not deploy.
 */
class LauncherTracingTest {

  private static final Settings SETTINGS = new Settings(new JsonObject().put("TRACING", true));
  private static final String EXPORTER = "otel.traces.exporter";

  /** The probe spans go nowhere: no collector listens here, and the OTLP exporter would retry for seconds. */
  @BeforeAll
  static void exportNothing() {
    System.setProperty(EXPORTER, "none");
  }

  @AfterAll
  static void exportAsConfigured() {
    System.clearProperty(EXPORTER);
  }

  @Test
  void aParentThatCannotBeMadeClosesTheSdk() {
    assertClosedAfterAFailedStart(() -> {
      throw new IllegalStateException("no parent");
    });
  }

  @Test
  void aParentThatDoesNotDeployClosesTheSdk() {
    assertClosedAfterAFailedStart(() -> new ProcessVerticle() {
      @Override
      public Future<?> start() {
        return Future.failedFuture(new IllegalStateException("does not start"));
      }
    });
  }

  private static void assertClosedAfterAFailedStart(Supplier<ProcessVerticle> parent) {
    Tracing tracing = Tracing.from(SETTINGS, "launcher-test");
    assertThat(recording(tracing)).as("an SDK that runs records").isTrue();
    assertThatThrownBy(() -> Launcher.start(SETTINGS, settings -> Launcher.Plan.of(1, false, tracing, parent)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(recording(tracing)).as("a closed SDK makes no spans").isFalse();
  }

  private static boolean recording(Tracing tracing) {
    return tracing.spanNow("probe", () -> tracing.current().isValid());
  }
}
