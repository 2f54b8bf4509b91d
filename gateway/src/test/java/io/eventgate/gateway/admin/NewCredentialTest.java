package io.eventgate.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.eventgate.gateway.admin.AdminCaller.Role;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The body of POST /admin/credentials, and the read-only rule of the admin listener. */
class NewCredentialTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "0", "dashboard", "ci.deploy-bot_2", "9-._",
      "a123456789012345678901234567890123456789012345678901234567890123"})
  void goodNamesAreKept(String name) {
    NewCredential credential = NewCredential.fromJson(new JsonObject().put("name", name).put("role", "read-only"));
    assertThat(credential.name()).isEqualTo(name);
    assertThat(credential.role()).isEqualTo(Role.READ_ONLY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Dashboard", "-a", ".a", "_a", "a b", "a/b", "a%00", "a\u0000", "\u0000", "é", "a\uD800",
      "\uD83D\uDE00", "a\n", " a", "a:b"})
  void badNamesAreInvalidParamOnName(String name) {
    assertRefused(new JsonObject().put("name", name).put("role", "read-only"), Status.INVALID_PARAM, "name");
  }

  @Test
  void sixtyFiveCharactersAreTooLong() {
    assertRefused(new JsonObject().put("name", "a".repeat(65)).put("role", "read-only"), Status.INVALID_PARAM, "name");
  }

  @Test
  void theNamesTheHistoryGivesToWhatIsNoCredentialAreTaken() {
    // The names the registry's history gives authors that are not credentials: none may pose as them.
    for (String reserved : new String[] {"admin", "seed", "migration"}) {
      assertRefused(new JsonObject().put("name", reserved).put("role", "read-write"), Status.INVALID_PARAM, "name");
    }
  }

  @Test
  void bothFieldsAreRequiredStrings() {
    assertRefused(new JsonObject(), Status.MISSING_PARAM, "name");
    assertRefused(new JsonObject().put("name", "").put("role", "read-only"), Status.MISSING_PARAM, "name");
    assertRefused(new JsonObject().putNull("name").put("role", "read-only"), Status.MISSING_PARAM, "name");
    assertRefused(new JsonObject().put("name", "dash"), Status.MISSING_PARAM, "role");
    assertRefused(new JsonObject().put("name", 7).put("role", "read-only"), Status.INVALID_PARAM, "name");
    assertRefused(new JsonObject().put("name", new JsonArray().add("dash")).put("role", "read-only"),
        Status.INVALID_PARAM, "name");
    assertRefused(new JsonObject().put("name", "dash").put("role", true), Status.INVALID_PARAM, "role");
  }

  @ParameterizedTest
  @ValueSource(strings = {"READ-ONLY", "read_only", "readonly", "admin", "read-only ", "read-only\u0000", "write"})
  void theRoleIsOneOfTwoCodesExactly(String role) {
    assertRefused(new JsonObject().put("name", "dash").put("role", role), Status.INVALID_PARAM, "role");
  }

  @Test
  void readWriteIsARole() {
    assertThat(NewCredential.fromJson(new JsonObject().put("name", "ops").put("role", "read-write")).role())
        .isEqualTo(Role.READ_WRITE);
  }

  @Test
  void anUnknownFieldIsNamed() {
    assertRefused(new JsonObject().put("name", "dash").put("role", "read-only").put("token", "x"),
        Status.INVALID_PARAM, "token");
    assertRefused(new JsonObject().put("name", "dash").put("role", "read-only").put("a\u0000b", 1),
        Status.INVALID_PARAM, "a\u0000b");
  }

  @Test
  void aReadOnlyCredentialMayOnlyRead() {
    for (HttpMethod method : HttpMethod.values()) {
      boolean reads = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
      assertThat(AdminAuthorizer.allows(Role.READ_ONLY, method)).as(method.name()).isEqualTo(reads);
      assertThat(AdminAuthorizer.allows(Role.READ_WRITE, method)).as(method.name()).isTrue();
    }
  }

  private static void assertRefused(JsonObject body, Status status, String param) {
    assertThatThrownBy(() -> NewCredential.fromJson(body)).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.status()).isEqualTo(status);
      assertThat(e.param()).isEqualTo(param);
    });
  }
}
