package io.eventgate.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Issue #10: every string of a service or route record can be stored in PostgreSQL, or the record is refused. */
class RegistryJsonTest {

  private static final String[] UNSTORABLE = {"\0", "a\0", "\0a", "a\ud800", "\udc00", "\udc00\ud800"};

  @Test
  void aServiceWithAnUnstorableStringIsRefusedNamingTheField() {
    for (String text : UNSTORABLE) {
      assertRefused(() -> RegistryJson.service("ops", service().put("address", text)), "address");
      assertRefused(() -> RegistryJson.service("ops", service().put("description", text)), "description");
      assertRefused(() -> RegistryJson.service("ops" + text, service()), "name");
    }
  }

  @Test
  void aRouteWithAnUnstorableStringIsRefusedNamingTheField() {
    for (String text : UNSTORABLE) {
      assertRefused(() -> RegistryJson.route("POST", "/ops", route().put("service", text)), "service");
      assertRefused(() -> RegistryJson.route("POST", "/ops", route().put("action", "read" + text)), "action");
      assertRefused(() -> RegistryJson.route("POST", "/ops", route().put("description", text)), "description");
      assertRefused(() -> RegistryJson.route("POST", "/ops", route().put("auth", text)), "auth");
      assertRefused(() -> RegistryJson.route("POST", "/ops" + text, route()), "path");
      assertRefused(() -> RegistryJson.route("POST" + text, "/ops", route()), "method");
      assertRefused(() -> RegistryJson.route("POST", "/ops", route().put("params", new JsonArray()
          .add(new JsonObject().put("name", "v").put("type", "string").put("values", new JsonArray().add(text))))),
          "params[0].values");
    }
  }

  @Test
  void anUnknownFieldWithNulIsNamedInAStorableForm() {
    InvalidRecordException e = catchThrowableOfType(InvalidRecordException.class,
        () -> RegistryJson.service("ops", service().put("x\0", 1)));
    assertThat(e.field()).isEqualTo("x\uFFFD");
    assertThat(e.getMessage()).doesNotContain("\0");
  }

  @Test
  void surrogatePairsAreOrdinaryText() {
    assertThat(RegistryJson.service("ops", service().put("description", "\ud83d\ude00")).description())
        .isEqualTo("\ud83d\ude00");
    assertThat(RegistryJson.route("POST", "/ops", route().put("description", "\ud83d\ude00")).description())
        .isEqualTo("\ud83d\ude00");
  }

  @Test
  void lookupsOfKeysNoRecordCouldHaveNeedNoQuery() {
    assertThat(RegistryJson.isServiceName("users")).isTrue();
    assertThat(RegistryJson.isServiceName("users\0")).isFalse();
    assertThat(RegistryJson.isRouteKey("POST", "/api/v1/users/login")).isTrue();
    assertThat(RegistryJson.isRouteKey("POST", "/api/v1/users/login\0")).isFalse();
    assertThat(RegistryJson.isRouteKey("PO\0ST", "/api")).isFalse();
  }

  private static JsonObject service() {
    return new JsonObject().put("address", "ops.address");
  }

  private static JsonObject route() {
    return new JsonObject().put("service", "ops").put("action", "read").put("auth", "none");
  }

  private static void assertRefused(Supplier<?> check, String field) {
    InvalidRecordException e = catchThrowableOfType(InvalidRecordException.class, check::get);
    assertThat(e).as("refused on %s", field).isNotNull();
    assertThat(e.field()).isEqualTo(field);
  }
}
