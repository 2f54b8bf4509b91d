package io.eventgate.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The order of the sources (conf/config.json, then environment, then system properties, then the
 * launcher's overrides) and the rule that only the documented keys are taken from them.
 */
@ExtendWith(VertxExtension.class)
class SettingsLoaderTest {

  /** A key the shipped conf/config.json sets. */
  private static final String KEY = "JWT_AUDIENCE";

  @AfterEach
  void clearProperties() {
    System.clearProperty(KEY);
    System.clearProperty("eventgate.not-a-setting");
  }

  @Test
  void theShippedFileIsReadFromTheClasspath(Vertx vertx, VertxTestContext testContext) {
    assumeTrue(System.getenv(KEY) == null, KEY + " is set in this environment");
    SettingsLoader.load(vertx, null).onComplete(testContext.succeeding(settings -> testContext.verify(() -> {
      assertThat(settings.string(KEY)).isEqualTo("eventgate-api");
      testContext.completeNow();
    })));
  }

  @Test
  void aSystemPropertyWinsOverTheFileAndTheEnvironment(Vertx vertx, VertxTestContext testContext) {
    System.setProperty(KEY, "from-a-property");
    SettingsLoader.load(vertx, new JsonObject()).onComplete(testContext.succeeding(settings -> testContext.verify(() -> {
      assertThat(settings.string(KEY)).isEqualTo("from-a-property");
      testContext.completeNow();
    })));
  }

  @Test
  void theLaunchersOverridesWinOverEverything(Vertx vertx, VertxTestContext testContext) {
    System.setProperty(KEY, "from-a-property");
    SettingsLoader.load(vertx, new JsonObject().put(KEY, "from-the-launcher"))
        .onComplete(testContext.succeeding(settings -> testContext.verify(() -> {
          assertThat(settings.string(KEY)).isEqualTo("from-the-launcher");
          testContext.completeNow();
        })));
  }

  @Test
  void propertiesOutsideTheDocumentedKeysAreNotTaken(Vertx vertx, VertxTestContext testContext) {
    System.setProperty("eventgate.not-a-setting", "x");
    SettingsLoader.load(vertx, null).onComplete(testContext.succeeding(settings -> testContext.verify(() -> {
      assertThat(settings.has("eventgate.not-a-setting")).isFalse();
      assertThat(settings.has("java.version")).isFalse();
      testContext.completeNow();
    })));
  }
}
