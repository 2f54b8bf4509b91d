package io.eventgate.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Typed reading of the merged configuration: values from the environment arrive as strings, those from
 * conf/config.json as JSON numbers and booleans, and both must read the same; a mistake names its key.
 */
class SettingsTest {

  @Test
  void integersReadTheSameFromJsonAndFromTheEnvironment() {
    Settings settings = settings(new JsonObject().put("HTTP_PORT", 8080).put("PG_POOL_SIZE", " 12 ")
        .put("DRAIN_TIMEOUT_MS", "-1"));
    assertThat(settings.integer("HTTP_PORT")).isEqualTo(8080);
    assertThat(settings.integer("PG_POOL_SIZE")).isEqualTo(12);
    assertThat(settings.integer("DRAIN_TIMEOUT_MS")).isEqualTo(-1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\t"})
  void aBlankValueIsUnset(String blank) {
    Settings settings = settings(new JsonObject().put("HTTP_PORT", blank).put("ACCESS_LOG", blank)
        .put("HTTP_HOST", blank).put("DEMO_DATA", blank));
    assertThat(settings.string("HTTP_HOST")).isNull();
    assertThat(settings.has("HTTP_HOST")).isFalse();
    assertThat(settings.flag("DEMO_DATA")).isFalse();
    assertThatThrownBy(() -> settings.integer("HTTP_PORT")).hasMessageContaining("HTTP_PORT must be set");
    assertThatThrownBy(() -> settings.bool("ACCESS_LOG")).hasMessageContaining("ACCESS_LOG must be set");
  }

  @Test
  void anAbsentKeyWithoutADefaultIsAnErrorNamingIt() {
    Settings settings = settings(new JsonObject());
    assertThat(settings.string("HTTP_HOST")).isNull();
    assertThat(settings.flag("DEMO_DATA")).isFalse();
    assertThatThrownBy(() -> settings.integer("HTTP_PORT"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Setting HTTP_PORT must be set (conf/config.json gives no default)");
    assertThatThrownBy(() -> settings.bool("ACCESS_LOG")).hasMessageContaining("ACCESS_LOG");
    assertThatThrownBy(() -> settings.text("HTTP_HOST")).hasMessageContaining("HTTP_HOST");
  }

  @Test
  void aBlankDefaultIsBlankText() {
    assertThat(settings(new JsonObject().put("TRUSTED_PROXIES", "")).text("TRUSTED_PROXIES")).isEmpty();
  }

  @Test
  void stringsAreTrimmed() {
    assertThat(settings(new JsonObject().put("HTTP_HOST", "  0.0.0.0 \n")).string("HTTP_HOST")).isEqualTo("0.0.0.0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"8080x", "80.5", "99999999999", "eight"})
  void aValueThatIsNotAnIntegerNamesItsKey(String value) {
    Settings settings = settings(new JsonObject().put("HTTP_PORT", value));
    assertThatThrownBy(() -> settings.integer("HTTP_PORT"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Setting HTTP_PORT must be an integer, got '" + value + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "TRUE", "True", "1", "yes", "YES", " yes "})
  void trueInItsAcceptedSpellings(String value) {
    assertThat(settings(new JsonObject().put("ACCESS_LOG", value)).bool("ACCESS_LOG")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"false", "FALSE", "False", "0", "no", "No", " no "})
  void falseInItsAcceptedSpellings(String value) {
    assertThat(settings(new JsonObject().put("ACCESS_LOG", value)).bool("ACCESS_LOG")).isFalse();
  }

  @Test
  void jsonBooleansAreBooleans() {
    Settings settings = settings(new JsonObject().put("ACCESS_LOG", false).put("METRICS_ENABLED", true));
    assertThat(settings.bool("ACCESS_LOG")).isFalse();
    assertThat(settings.bool("METRICS_ENABLED")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"on", "off", "y", "n", "2", "-1", "truthy"})
  void anyOtherSpellingOfABooleanNamesItsKey(String value) {
    Settings settings = settings(new JsonObject().put("METRICS_ENABLED", value));
    assertThatThrownBy(() -> settings.bool("METRICS_ENABLED"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Setting METRICS_ENABLED must be true or false, got '" + value + "'");
  }

  @Test
  void eventLoopsMustBeAtLeastOne() {
    assertThat(settings(new JsonObject()).eventLoops(3)).isEqualTo(3);
    assertThat(settings(new JsonObject().put("EVENT_LOOPS", "1")).eventLoops(3)).isEqualTo(1);
    assertThatThrownBy(() -> settings(new JsonObject().put("EVENT_LOOPS", "0")).eventLoops(3))
        .hasMessage("Setting EVENT_LOOPS must be at least 1, got 0");
  }

  @Test
  void requireNamesTheFirstKeyMissingOrBlank() {
    Settings settings = settings(new JsonObject().put("PG_URL", "postgresql://h/db").put("JWT_SECRET", " "));
    settings.require("PG_URL");
    assertThatThrownBy(() -> settings.require("PG_URL", "JWT_SECRET", "ADMIN_TOKEN"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("JWT_SECRET must be set");
  }

  @Test
  void withLeavesTheOriginalAlone() {
    Settings original = settings(new JsonObject().put("HTTP_PORT", 8080));
    Settings changed = original.with("HTTP_PORT", 0).with("DEMO_DATA", true);
    assertThat(changed.integer("HTTP_PORT")).isZero();
    assertThat(changed.flag("DEMO_DATA")).isTrue();
    assertThat(original.integer("HTTP_PORT")).isEqualTo(8080);
    assertThat(original.has("DEMO_DATA")).isFalse();
  }

  @Test
  void laterChangesToTheSourceDoNotLeakIn() {
    JsonObject source = new JsonObject().put("HTTP_PORT", 8080);
    Settings settings = settings(source);
    source.put("HTTP_PORT", 9090);
    assertThat(settings.integer("HTTP_PORT")).isEqualTo(8080);
  }

  private static Settings settings(JsonObject values) {
    return new Settings(values);
  }
}
