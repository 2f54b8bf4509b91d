package io.eventgate.app;

import static io.eventgate.app.StatusCatalogTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.testkit.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Named admin credentials on the running system: made and removed through the admin API, each one read-only or
 * read-write, the read-only rule holding on every kind of change, and no token anywhere but in the one answer
 * that made it.
 */
class AdminCredentialsTest {

  private static final AtomicInteger NAMES = new AtomicInteger();
  private static final List<String> READS = List.of("/admin/services", "/admin/services/appointments",
      "/admin/routes", "/admin/routes/POST/api/v1/appointments/read", "/admin/defaults", "/admin/registry/export",
      "/admin/notifications", "/admin/circuit-breakers", "/admin/credentials", "/admin/whoami", "/metrics");

  private final TestSystem system = TestSystem.get();

  @Test
  void readOnlyAndReadWriteCredentialsReadEverythingAndSayWhoTheyAre() {
    Answer created = create(TestSystem.ADMIN_TOKEN, name("dash"), "read-only");
    assertStatus(created, 200, "action-successful");
    JsonObject credential = created.data().getJsonObject("credential");
    assertThat(credential.getString("role")).isEqualTo("read-only");
    assertThat(credential.getString("created_by")).isEqualTo("admin");
    assertThat(credential.getString("token")).matches("egt_[A-Za-z0-9_-]{43}");
    String readOnly = credential.getString("token");
    String dashboard = credential.getString("name");
    String readWrite = token(name("ops"), "read-write");

    for (String token : List.of(readOnly, readWrite, TestSystem.ADMIN_TOKEN)) {
      for (String path : READS) {
        assertThat(call("GET", path, token, null).code()).as(path).isEqualTo(200);
      }
    }
    assertThat(call("GET", "/admin/whoami", readOnly, null).data())
        .isEqualTo(new JsonObject().put("name", dashboard).put("role", "read-only"));
    assertThat(call("GET", "/admin/whoami", TestSystem.ADMIN_TOKEN, null).data())
        .isEqualTo(new JsonObject().put("name", "admin").put("role", "read-write"));

    JsonObject listed = listed(dashboard);
    assertThat(listed.fieldNames()).containsExactlyInAnyOrder("name", "role", "created_at", "created_by",
        "last_used_at");
    assertThat(listed.getString("last_used_at")).as("stamped when it was looked up").isNotNull();
    assertThat(call("GET", "/admin/credentials", readOnly, null).text()).doesNotContain(readOnly, readWrite);
  }

  @Test
  void aReadOnlyCredentialIsRefusedEveryChangeAndNothingChanges() throws Exception {
    String readOnly = token(name("viewer"), "read-only");
    String victim = name("victim");
    assertStatus(create(TestSystem.ADMIN_TOKEN, victim, "read-write"), 200, "action-successful");
    JsonObject service = new JsonObject().put("address", "ro.probe");
    assertStatus(system.admin("PUT", "/admin/services/ro-existing", service), 200, "action-successful");
    JsonObject route = new JsonObject().put("service", "ro-existing").put("action", "echo").put("auth", "none");
    assertStatus(system.admin("PUT", "/admin/routes/POST/ro/existing", route), 200, "action-successful");
    try {
      long version = registryVersion();
      long credentials = credentialCount();
      String defaults = call("GET", "/admin/defaults", readOnly, null).data().encode();

      refused(call("PUT", "/admin/services/ro-new", readOnly, service));
      refused(call("PUT", "/admin/services/ro-existing", readOnly, service.copy().put("deployed", false)));
      refused(call("DELETE", "/admin/services/ro-existing", readOnly, null));
      refused(call("PUT", "/admin/routes/POST/ro/new", readOnly, route));
      refused(call("DELETE", "/admin/routes/POST/ro/existing", readOnly, null));
      refused(call("PUT", "/admin/defaults", readOnly, new JsonObject()));
      refused(call("POST", "/admin/credentials", readOnly, new JsonObject().put("name", name("x"))
          .put("role", "read-write")));
      refused(call("DELETE", "/admin/credentials/" + victim, readOnly, null));
      // Paths that do not exist, and paths whose write endpoints are still to come: the rule holds for any path.
      refused(call("POST", "/admin/registry/rollback", readOnly, new JsonObject().put("version", 1)));
      refused(call("POST", "/admin/no-such-thing", readOnly, null));
      // An import's dry run only reads, so a pipeline checking for drift needs no right to change; the import
      // itself, or anything but exactly one dry_run=true, is a change.
      JsonObject export = system.admin("GET", "/admin/registry/export", null).data();
      // A document that differs, so an import let through would show.
      export.getJsonObject("registry").getJsonArray("routes").add(new JsonObject().put("method", "POST")
          .put("path", "/ro/imported").put("service", "ro-existing").put("action", "echo").put("auth", "none"));
      Answer dryRun = call("POST", "/admin/registry/import?dry_run=true", readOnly, export);
      assertStatus(dryRun, 200, "action-successful");
      assertThat(dryRun.data().getBoolean("dry_run")).isTrue();
      assertThat(dryRun.data().getJsonObject("diff").getJsonObject("counts").getInteger("created")).isEqualTo(1);
      refused(call("POST", "/admin/registry/import", readOnly, export));
      refused(call("POST", "/admin/registry/import?dry_run=false", readOnly, export));
      refused(call("POST", "/admin/registry/import?dry_run=true&dry_run=true", readOnly, export));
      refused(call("POST", "/admin//registry/import?dry_run=true", readOnly, export));
      // A query that cannot be decoded is not a dry run, and is answered, not left hanging.
      try (RawHttpConnection connection = RawHttpConnection.open(system.app().adminUrl())) {
        String body = export.encode();
        connection.send("POST /admin/registry/import?dry_run=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            + readOnly + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        RawHttpConnection.Response answer = connection.read();
        assertThat(answer.status()).isEqualTo(401);
        assertThat(new JsonObject(answer.body()).getString("message")).contains("read-only");
      }
      refused(call("PATCH", "/admin/services/ro-existing", readOnly, service));

      assertThat(registryVersion()).isEqualTo(version);
      assertThat(credentialCount()).isEqualTo(credentials);
      assertThat(listed(victim)).isNotNull();
      assertStatus(system.admin("GET", "/admin/services/ro-new", null), 400, "invalid-param");
      assertThat(system.admin("GET", "/admin/services/ro-existing", null).data().getJsonObject("service")
          .getBoolean("deployed")).isTrue();
      assertStatus(system.admin("GET", "/admin/routes/POST/ro/existing", null), 200, "action-successful");
      assertStatus(system.admin("GET", "/admin/routes/POST/ro/imported", null), 400, "invalid-param");
      assertThat(call("GET", "/admin/defaults", readOnly, null).data().encode()).isEqualTo(defaults);
    } finally {
      system.admin("DELETE", "/admin/routes/POST/ro/existing", null);
      system.admin("DELETE", "/admin/services/ro-existing", null);
    }
  }

  @Test
  void aReadOnlyWriteIsRefusedBeforeItsBodyIsRead() throws Exception {
    String readOnly = token(name("viewer"), "read-only");
    // Larger than the admin body limit, and not JSON: reading it would have answered something else.
    byte[] huge = new byte[300 * 1024];
    refused(system.send(adminRequest("/admin/services/ro-huge", readOnly)
        .PUT(HttpRequest.BodyPublishers.ofByteArray(huge))));
    refused(system.send(adminRequest("/admin/services/ro-huge", readOnly)
        .PUT(HttpRequest.BodyPublishers.ofString("{not json"))));
    // The refused body is drained, not left in the connection: the next request on it is answered.
    try (RawHttpConnection connection = RawHttpConnection.open(system.app().adminUrl())) {
      String body = "{\"address\":\"ro.raw\"}";
      connection.send("PUT /admin/services/ro-raw HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + readOnly
          + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
      RawHttpConnection.Response answer = connection.read();
      assertThat(answer.status()).isEqualTo(401);
      assertThat(answer.body()).contains("\"status\":\"invalid-token\"", "read-only");
      assertThat(connection.get("/admin/whoami", "Authorization: Bearer " + readOnly + "\r\n").status())
          .isEqualTo(200);
    }
    assertStatus(system.admin("GET", "/admin/services/ro-raw", null), 400, "invalid-param");
  }

  @Test
  void aReadWriteCredentialChangesAndIsNamedAsTheAuthor() throws Exception {
    String writerName = name("deployer");
    String readWrite = token(writerName, "read-write");
    try {
      Answer put = call("PUT", "/admin/services/rw-probe", readWrite, new JsonObject().put("address", "rw.probe"));
      assertStatus(put, 200, "action-successful");
      // The registry's history names the credential, never the token.
      JsonObject version = system.admin("GET", "/admin/registry/versions/" + put.data().getLong("version"), null)
          .data();
      assertThat(version.getString("author")).isEqualTo(writerName);
      assertThat(system.admin("GET", "/admin/services/rw-probe", null).data().getJsonObject("service")
          .getString("address")).isEqualTo("rw.probe");
      // The body of a request whose token is looked up arrives whole, however it is sent: after the headers...
      try (RawHttpConnection connection = RawHttpConnection.open(system.app().adminUrl())) {
        String body = "{\"address\":\"rw.later\"}";
        connection.send("PUT /admin/services/rw-probe HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            + readWrite + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n");
        Thread.sleep(200);
        connection.send(body);
        assertThat(connection.read().status()).isEqualTo(200);
        // ... or with them, in one write.
        String again = "{\"address\":\"rw.at.once\"}";
        connection.send("PUT /admin/services/rw-probe HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            + readWrite + "\r\nContent-Type: application/json\r\nContent-Length: " + again.length() + "\r\n\r\n"
            + again);
        assertThat(connection.read().status()).isEqualTo(200);
      }
      assertThat(system.admin("GET", "/admin/services/rw-probe", null).data().getJsonObject("service")
          .getString("address")).isEqualTo("rw.at.once");

      Answer made = create(readWrite, name("made-by-ops"), "read-only");
      assertStatus(made, 200, "action-successful");
      String madeName = made.data().getJsonObject("credential").getString("name");
      assertThat(listed(madeName).getString("created_by")).isEqualTo(writerName);
      assertStatus(call("DELETE", "/admin/credentials/" + madeName, readWrite, null), 200, "action-successful");
      assertThat(listed(madeName)).isNull();
    } finally {
      assertStatus(call("DELETE", "/admin/services/rw-probe", readWrite, null), 200, "action-successful");
    }
  }

  @Test
  void aRemovedCredentialIsRefusedAtOnceHereAndWithinSecondsElsewhere() {
    String name = name("leaver");
    String token = token(name, "read-write");
    assertStatus(call("GET", "/admin/whoami", token, null), 200, "action-successful");
    Answer removed = system.admin("DELETE", "/admin/credentials/" + name, null);
    assertStatus(removed, 200, "action-successful");
    assertThat(removed.data()).isEqualTo(new JsonObject().put("removed", new JsonObject().put("name", name)));
    assertStatus(call("GET", "/admin/whoami", token, null), 401, "invalid-token");
    assertStatus(system.admin("DELETE", "/admin/credentials/" + name, null), 400, "invalid-param");

    // Removed by another process: this one trusts its cached copy for a few seconds at most.
    String other = name("elsewhere");
    String otherToken = token(other, "read-only");
    assertStatus(call("GET", "/admin/whoami", otherToken, null), 200, "action-successful");
    system.update("DELETE FROM admin_credentials WHERE name = ?", other);
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    Answer answer = call("GET", "/admin/whoami", otherToken, null);
    while (answer.code() == 200 && System.nanoTime() < deadline) {
      TestSystem.sleep(100);
      answer = call("GET", "/admin/whoami", otherToken, null);
    }
    assertStatus(answer, 401, "invalid-token");
  }

  @Test
  void hostileBodiesAndNamesAreRefusedAndWriteNothing() {
    long before = credentialCount();
    String taken = name("taken");
    assertStatus(create(TestSystem.ADMIN_TOKEN, taken, "read-only"), 200, "action-successful");
    for (String name : new String[] {"admin", taken, "Upper", "a\u0000b", "\u0000", "a/b", "x".repeat(65), "é",
        "\uD83D\uDE00", "-dash", "a b"}) {
      assertParam(create(TestSystem.ADMIN_TOKEN, name, "read-only"), 400, "invalid-param", "name");
    }
    assertParam(create(TestSystem.ADMIN_TOKEN, name("r"), "superuser"), 400, "invalid-param", "role");
    assertParam(create(TestSystem.ADMIN_TOKEN, name("r"), null), 400, "missing-param", "role");
    assertParam(create(TestSystem.ADMIN_TOKEN, null, "read-only"), 400, "missing-param", "name");
    assertParam(system.admin("POST", "/admin/credentials", new JsonObject().put("name", name("r"))
        .put("role", "read-only").put("token", "egt_mine")), 400, "invalid-param", "token");
    assertParam(system.admin("POST", "/admin/credentials", new JsonObject().put("name", 5)
        .put("role", "read-only")), 400, "invalid-param", "name");
    assertParam(system.admin("POST", "/admin/credentials", new JsonObject().put("name", name("r"))
        .put("role", new JsonArray().add("read-only"))), 400, "invalid-param", "role");
    // Raw JSON text: a lone surrogate, a key given twice, and something that is not an object.
    assertParam(raw("{\"name\":\"a\\ud800\",\"role\":\"read-only\"}"), 400, "invalid-param", "name");
    assertStatus(raw("{\"name\":\"x1\",\"name\":\"x2\",\"role\":\"read-only\"}"), 400, "invalid-encoded-params");
    assertStatus(raw("[\"x\"]"), 400, "invalid-encoded-params");
    assertThat(credentialCount()).isEqualTo(before + 1);

    assertParam(system.admin("DELETE", "/admin/credentials/admin", null), 400, "invalid-param", "name");
    assertParam(system.admin("DELETE", "/admin/credentials/%00", null), 400, "invalid-param", "name");
    assertParam(system.admin("DELETE", "/admin/credentials/" + "x".repeat(2000), null), 400, "invalid-param", "name");
    assertParam(system.admin("DELETE", "/admin/credentials/%F0%9F%98%80", null), 400, "invalid-param", "name");
    assertThat(listed(taken)).isNotNull();
  }

  @Test
  void hostileAuthorizationValuesGetOneCleanRefusal() throws Exception {
    String token = token(name("real"), "read-write");
    String unknown = "egt_" + "A".repeat(43);
    for (String value : new String[] {"Bearer " + unknown, "Bearer " + token + "x", "Bearer " + token.substring(1),
        "bearer " + token, "Bearer  " + token, token, "Basic " + token, "Bearer " + "egt_" + "A".repeat(6_000),
        "Bearer egt_é" + "A".repeat(41)}) {
      Answer answer = system.send(adminRequest("/admin/whoami", null).header("Authorization", value).GET());
      assertStatus(answer, 401, "invalid-token");
      assertThat(answer.text()).doesNotContain(token);
    }
    try (RawHttpConnection connection = RawHttpConnection.open(system.app().adminUrl())) {
      // A real token sent twice is ambiguous: refused, never served as the first or the last.
      RawHttpConnection.Response twice = connection.get("/admin/whoami", "Authorization: Bearer " + token
          + "\r\nAuthorization: Bearer " + token + "\r\n");
      assertThat(twice.status()).isEqualTo(401);
      assertThat(twice.body()).contains("\"status\":\"invalid-token\"");
      RawHttpConnection.Response latin1 = connection.get("/admin/whoami", "Authorization: Bearer egt_\u00e9"
          + "A".repeat(42) + "\r\n");
      assertThat(latin1.status()).isEqualTo(401);
      assertThat(connection.get("/admin/whoami", "Authorization: Bearer " + token + "\r\n").status()).isEqualTo(200);
    }
    try (RawHttpConnection connection = RawHttpConnection.open(system.app().adminUrl())) {
      // A control byte in a header is refused as HTTP before any credential is looked at.
      RawHttpConnection.Response nul = connection.get("/admin/whoami", "Authorization: Bearer " + token
          + "\u0000\r\n");
      assertThat(nul.status()).isEqualTo(400);
      assertThat(nul.body()).contains("\"status\":\"invalid-encoded-params\"").doesNotContain(token);
    }
  }

  @Test
  void noTokenReachesALogLine() {
    String token = token(name("quiet"), "read-write");
    call("GET", "/admin/whoami", token, null);
    call("PUT", "/admin/services/quiet-probe", token(name("quiet-ro"), "read-only"), new JsonObject());
    for (String line : MemoryAppender.lines()) {
      assertThat(line).doesNotContain("egt_");
    }
  }

  // ---- helpers ----

  /** A credential name of this test run: unique, and within the name rule. */
  private static String name(String prefix) {
    return prefix + "-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
  }

  private Answer create(String as, String name, String role) {
    JsonObject body = new JsonObject();
    if (name != null) {
      body.put("name", name);
    }
    if (role != null) {
      body.put("role", role);
    }
    return call("POST", "/admin/credentials", as, body);
  }

  /** A new credential's token, made with ADMIN_TOKEN. */
  private String token(String name, String role) {
    Answer created = create(TestSystem.ADMIN_TOKEN, name, role);
    assertStatus(created, 200, "action-successful");
    return created.data().getJsonObject("credential").getString("token");
  }

  private Answer call(String method, String path, String token, JsonObject body) {
    return system.send(adminRequest(path, token).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  private Answer raw(String body) {
    return system.send(adminRequest("/admin/credentials", TestSystem.ADMIN_TOKEN)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private HttpRequest.Builder adminRequest(String path, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(system.app().adminUrl() + path));
    return token == null ? request : request.header("Authorization", "Bearer " + token);
  }

  private static void assertParam(Answer answer, int code, String status, String param) {
    assertStatus(answer, code, status);
    assertThat(answer.param()).as(answer.toString()).isEqualTo(param);
  }

  private static void refused(Answer answer) {
    assertStatus(answer, 401, "invalid-token");
    assertThat(answer.json().getString("message")).contains("read-only");
  }

  /** The listed credential with this name, or null. */
  private JsonObject listed(String name) {
    return system.admin("GET", "/admin/credentials", null).data().getJsonArray("credentials").stream()
        .map(JsonObject.class::cast).filter(c -> c.getString("name").equals(name)).findFirst().orElse(null);
  }

  private long credentialCount() {
    return system.queryValue(Long.class, "SELECT count(*) FROM admin_credentials");
  }

  private long registryVersion() {
    return system.queryValue(Long.class, "SELECT version FROM registry_version");
  }
}
