package io.eventgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.testkit.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The registry's history (docs/API.md section 10): every change is one version naming its author and comment,
 * each version holds the whole registry and its diff to the one before, a rollback is a new version equal to
 * an old one, and the export imports back as a no-op, while an import with changes is one version, all or
 * nothing, or with {@code dry_run} only a diff.
 */
class RegistryHistoryTest {

  private static final TestSystem SYSTEM = TestSystem.get();
  private static final Duration RELOADED = Duration.ofSeconds(10);

  @Test
  void aChangeIsOneVersionWithItsAuthorCommentAndDiffAndPuttingARecordBackUnchangedIsNone() {
    String path = "/test/history/" + UUID.randomUUID();
    try {
      versionsOf(path);
    } finally {
      SYSTEM.update("DELETE FROM routes WHERE method = 'POST' AND path = ?", path);
    }
  }

  private void versionsOf(String path) {
    Answer put = change("PUT", "/admin/routes/POST" + path, echoRoute(true), "add a route for the history test");
    assertThat(put.code()).as(put.toString()).isEqualTo(200);
    long version = put.data().getLong("version");
    assertThat(version).isEqualTo(latestVersion());

    JsonObject listed = SYSTEM.admin("GET", "/admin/registry/versions", null).data();
    assertThat(listed.getInteger("page")).isEqualTo(1);
    JsonObject newest = listed.getJsonArray("versions").getJsonObject(0);
    assertThat(newest.getLong("version")).isEqualTo(version);
    assertThat(newest.getString("author")).isEqualTo("admin");
    assertThat(newest.getString("comment")).isEqualTo("add a route for the history test");
    assertThat(newest.getString("created_at")).endsWith("Z");

    JsonObject one = SYSTEM.admin("GET", "/admin/registry/versions/" + version, null).data();
    // The version before in history (numbers may skip: a version bumped in SQL by hand has no entry).
    assertThat(one.getLong("previous")).isEqualTo(listed.getJsonArray("versions").getJsonObject(1).getLong("version"));
    JsonObject diff = one.getJsonObject("diff");
    assertThat(diff.getJsonObject("counts").getInteger("created")).isEqualTo(1);
    assertThat(diff.getJsonObject("counts").getInteger("changed")).isZero();
    assertThat(diff.getJsonObject("counts").getInteger("removed")).isZero();
    JsonObject created = diff.getJsonArray("created").getJsonObject(0);
    assertThat(created.getString("kind")).isEqualTo("route");
    assertThat(created.getString("key")).isEqualTo("POST " + path);
    assertThat(created.getJsonObject("after").getString("service")).isEqualTo("test-echo");
    assertThat(routeKeys(one.getJsonObject("registry"))).contains("POST " + path);

    // The same record again changes nothing, so it makes no version.
    Answer again = change("PUT", "/admin/routes/POST" + path, echoRoute(true), null);
    assertThat(again.code()).as(again.toString()).isEqualTo(200);
    assertThat(again.data().getValue("version")).isNull();
    assertThat(latestVersion()).isEqualTo(version);

    Answer removed = change("DELETE", "/admin/routes/POST" + path, null, null);
    assertThat(removed.data().getLong("version")).isEqualTo(version + 1);
    JsonObject removal = SYSTEM.admin("GET", "/admin/registry/versions/" + (version + 1), null).data();
    assertThat(removal.getValue("comment")).isNull();
    assertThat(removal.getJsonObject("diff").getJsonArray("removed").getJsonObject(0).getString("key"))
        .isEqualTo("POST " + path);
  }

  @Test
  void aChangeMadeInSqlIsRecordedTooNamingTheDatabaseUser() {
    String path = "/test/history-sql/" + UUID.randomUUID();
    long before = latestVersion();
    SYSTEM.update("INSERT INTO routes (method, path, service, action, auth) VALUES ('POST', ?, 'test-echo', 'echo',"
        + " 'none')", path);
    try {
      assertThat(latestVersion()).isEqualTo(before + 1);
      JsonObject version = SYSTEM.admin("GET", "/admin/registry/versions/" + (before + 1), null).data();
      assertThat(version.getString("author")).startsWith("sql:");
      assertThat(version.getJsonObject("diff").getJsonArray("created").getJsonObject(0).getString("key"))
          .isEqualTo("POST " + path);
    } finally {
      SYSTEM.update("DELETE FROM routes WHERE method = 'POST' AND path = ?", path);
    }
  }

  @Test
  void aTransactionIsOneVersionWithItsLastStateHoweverItsTriggersRun() {
    String first = "/test/history-tx/" + UUID.randomUUID();
    String second = first + "/2";
    String insert = "INSERT INTO routes (method, path, service, action, auth) VALUES ('POST', '%s', 'test-echo',"
        + " 'echo', 'none');";
    try {
      // Triggers made immediate: the first statement's run at once, the second's must still be recorded.
      long before = latestVersion();
      SYSTEM.script("BEGIN; SET CONSTRAINTS ALL IMMEDIATE; " + insert.formatted(first) + insert.formatted(second)
          + " COMMIT;");
      assertThat(latestVersion()).isEqualTo(before + 1);
      assertThat(createdKeys(before + 1)).containsExactlyInAnyOrder("POST " + first, "POST " + second);

      // Recorded by hand mid-transaction, then changed again: the version holds the change after it too.
      before = latestVersion();
      SYSTEM.script("BEGIN; UPDATE routes SET description = 'a' WHERE path = '" + first + "';"
          + " SELECT registry_record(); UPDATE routes SET description = 'b' WHERE path = '" + second + "'; COMMIT;");
      assertThat(latestVersion()).isEqualTo(before + 1);
      JsonObject diff = SYSTEM.admin("GET", "/admin/registry/versions/" + (before + 1), null).data()
          .getJsonObject("diff");
      assertThat(keys(diff.getJsonArray("changed"))).containsExactlyInAnyOrder("POST " + first, "POST " + second);

      // A TRUNCATE is recorded at once, and what follows it in the transaction too: put back as it was, the
      // registry has not changed, so there is no version at all.
      before = latestVersion();
      SYSTEM.script("BEGIN; CREATE TEMP TABLE kept ON COMMIT DROP AS SELECT * FROM routes; TRUNCATE routes;"
          + " INSERT INTO routes SELECT * FROM kept; COMMIT;");
      assertThat(latestVersion()).isEqualTo(before);

      // A change undone in the same transaction makes none either.
      SYSTEM.script("BEGIN; SET CONSTRAINTS ALL IMMEDIATE; UPDATE routes SET deployed = false WHERE path = '"
          + first + "'; UPDATE routes SET deployed = true WHERE path = '" + first + "'; COMMIT;");
      assertThat(latestVersion()).isEqualTo(before);
      assertThat(SYSTEM.queryValue(Long.class, "SELECT version FROM registry_version")).isEqualTo(before);
    } finally {
      SYSTEM.update("DELETE FROM routes WHERE path IN (?, ?)", first, second);
    }
  }

  @Test
  void aRollbackIsANewVersionEqualToTheOldOneAndTheGatewayServesIt() throws Exception {
    String path = "/test/rollback/" + UUID.randomUUID();
    try {
      rollBackAndServe(path);
    } finally {
      SYSTEM.update("DELETE FROM routes WHERE method = 'POST' AND path = ?", path);
    }
  }

  private void rollBackAndServe(String path) throws Exception {
    long deployed = change("PUT", "/admin/routes/POST" + path, echoRoute(true), "deploy").data().getLong("version");
    long undeployed = change("PUT", "/admin/routes/POST" + path, echoRoute(false), "undeploy").data()
        .getLong("version");
    assertThat(undeployed).isEqualTo(deployed + 1);
    awaitStatus(path, "route-not-found");

    Answer rollback = SYSTEM.admin("POST", "/admin/registry/rollback", new JsonObject().put("version", deployed));
    assertThat(rollback.code()).as(rollback.toString()).isEqualTo(200);
    long rolledBack = rollback.data().getLong("version");
    assertThat(rolledBack).isEqualTo(undeployed + 1);
    assertThat(rollback.data().getLong("rolled_back_to")).isEqualTo(deployed);
    JsonObject counts = rollback.data().getJsonObject("diff").getJsonObject("counts");
    assertThat(counts.getInteger("changed")).isEqualTo(1);
    assertThat(counts.getInteger("created") + counts.getInteger("removed")).isZero();
    awaitStatus(path, "action-successful");

    JsonObject entry = SYSTEM.admin("GET", "/admin/registry/versions/" + rolledBack, null).data();
    assertThat(entry.getString("comment")).isEqualTo("rollback to version " + deployed);
    assertThat(entry.getString("author")).isEqualTo("admin");
    JsonObject old = SYSTEM.admin("GET", "/admin/registry/versions/" + deployed, null).data();
    assertThat(entry.getJsonObject("registry")).isEqualTo(old.getJsonObject("registry"));

    // Rolling back to the version being served changes nothing: no version.
    Answer noop = SYSTEM.admin("POST", "/admin/registry/rollback", new JsonObject().put("version", rolledBack));
    assertThat(noop.data().getValue("version")).isNull();
    assertThat(latestVersion()).isEqualTo(rolledBack);
  }

  @Test
  void theExportImportsBackAsANoOp() {
    long before = latestVersion();
    JsonObject export = SYSTEM.admin("GET", "/admin/registry/export", null).data();
    for (String dryRun : List.of("?dry_run=true", "")) {
      Answer imported = SYSTEM.admin("POST", "/admin/registry/import" + dryRun, export);
      assertThat(imported.code()).as(imported.toString()).isEqualTo(200);
      JsonObject counts = imported.data().getJsonObject("diff").getJsonObject("counts");
      assertThat(counts.getInteger("created") + counts.getInteger("changed") + counts.getInteger("removed"))
          .as(imported.toString()).isZero();
      assertThat(counts.getInteger("unchanged")).isEqualTo(1 + export.getJsonObject("registry")
          .getJsonArray("services").size() + export.getJsonObject("registry").getJsonArray("routes").size());
      assertThat(imported.data().getValue("version")).isNull();
    }
    assertThat(latestVersion()).isEqualTo(before);
  }

  @Test
  void aDryRunAnswersTheDiffAndChangesNothingThenTheImportIsOneVersion() throws Exception {
    String kept = "/test/import-kept/" + UUID.randomUUID();
    String gone = "/test/import-gone/" + UUID.randomUUID();
    String added = "/test/import-added/" + UUID.randomUUID();
    try {
      importOneVersion(kept, gone, added);
    } finally {
      SYSTEM.update("DELETE FROM routes WHERE method = 'POST' AND path IN (?, ?, ?)", kept, gone, added);
    }
  }

  private void importOneVersion(String kept, String gone, String added) throws Exception {
    change("PUT", "/admin/routes/POST" + kept, echoRoute(true), null);
    change("PUT", "/admin/routes/POST" + gone, echoRoute(true), null);
    JsonObject document = SYSTEM.admin("GET", "/admin/registry/export", null).data();
    JsonArray routes = document.getJsonObject("registry").getJsonArray("routes");
    for (int i = routes.size() - 1; i >= 0; i--) {
      if (gone.equals(routes.getJsonObject(i).getString("path"))) {
        routes.remove(i);
      }
    }
    routes.stream().map(JsonObject.class::cast).filter(route -> kept.equals(route.getString("path")))
        .forEach(route -> route.put("description", "changed by an import"));
    routes.add(echoRoute(true).put("method", "POST").put("path", added));
    long before = latestVersion();

    Answer dryRun = SYSTEM.admin("POST", "/admin/registry/import?dry_run=true", document);
    assertThat(dryRun.code()).as(dryRun.toString()).isEqualTo(200);
    assertThat(dryRun.data().getBoolean("dry_run")).isTrue();
    JsonObject diff = dryRun.data().getJsonObject("diff");
    assertThat(diff.getJsonObject("counts").fieldNames()).containsExactlyInAnyOrder("created", "changed",
        "removed", "unchanged");
    assertThat(keys(diff.getJsonArray("created"))).containsExactly("POST " + added);
    assertThat(keys(diff.getJsonArray("changed"))).containsExactly("POST " + kept);
    assertThat(keys(diff.getJsonArray("removed"))).containsExactly("POST " + gone);
    JsonObject change = diff.getJsonArray("changed").getJsonObject(0);
    assertThat(change.getJsonObject("before").getString("description")).isEmpty();
    assertThat(change.getJsonObject("after").getString("description")).isEqualTo("changed by an import");
    assertThat(latestVersion()).isEqualTo(before);
    assertThat(SYSTEM.admin("GET", "/admin/routes/POST" + added, null).status()).isEqualTo("invalid-param");

    Answer applied = SYSTEM.admin("POST", "/admin/registry/import",
        document.copy().put("comment", "sync from git"));
    assertThat(applied.code()).as(applied.toString()).isEqualTo(200);
    assertThat(applied.data().getLong("version")).isEqualTo(before + 1);
    assertThat(applied.data().getJsonObject("diff")).isEqualTo(diff);
    assertThat(latestVersion()).isEqualTo(before + 1);
    JsonObject entry = SYSTEM.admin("GET", "/admin/registry/versions/" + (before + 1), null).data();
    assertThat(entry.getString("comment")).isEqualTo("sync from git");
    assertThat(entry.getJsonObject("diff").getJsonObject("counts")).isEqualTo(diff.getJsonObject("counts"));
    awaitStatus(added, "action-successful");
    awaitStatus(gone, "route-non-existent");
  }

  @Test
  void anImportWithOneBrokenRecordChangesNothingAndNamesWhere() {
    String added = "/test/import-refused/" + UUID.randomUUID();
    JsonObject document = SYSTEM.admin("GET", "/admin/registry/export", null).data();
    JsonArray routes = document.getJsonObject("registry").getJsonArray("routes");
    routes.add(echoRoute(true).put("method", "POST").put("path", added));
    routes.add(echoRoute(true).put("method", "POST").put("path", added + "/2").put("params", "not a list"));
    long before = latestVersion();
    Answer refused = SYSTEM.admin("POST", "/admin/registry/import", document);
    assertThat(refused.status()).isEqualTo("invalid-param");
    assertThat(refused.param()).isEqualTo("registry.routes[" + (routes.size() - 1) + "].params");
    assertThat(latestVersion()).isEqualTo(before);
    assertThat(SYSTEM.admin("GET", "/admin/routes/POST" + added, null).status()).isEqualTo("invalid-param");

    routes.remove(routes.size() - 1);
    routes.add(echoRoute(true).put("method", "POST").put("path", added));
    Answer twice = SYSTEM.admin("POST", "/admin/registry/import?dry_run=true", document);
    assertThat(twice.param()).isEqualTo("registry.routes[" + (routes.size() - 1) + "].path");
    assertThat(twice.json().getString("message")).contains("appears twice");
  }

  @Test
  void hostileHistoryRequestsGetACleanAnswerAndChangeNothing() throws Exception {
    long before = latestVersion();
    for (String version : List.of("abc", "0", "-1", "1e3", "99999999999999999999", "9223372036854775807",
        "%00")) {
      Answer answer = SYSTEM.admin("GET", "/admin/registry/versions/" + version, null);
      assertThat(answer.status()).as(version).isEqualTo("invalid-param");
      assertThat(answer.param()).as(version).isEqualTo("version");
    }
    for (Object version : new Object[] {"1", 1.5, -3, 0, true, new JsonArray(), Long.MAX_VALUE}) {
      Answer answer = SYSTEM.admin("POST", "/admin/registry/rollback", new JsonObject().put("version", version));
      assertThat(answer.status()).as(String.valueOf(version)).isEqualTo("invalid-param");
      assertThat(answer.param()).as(String.valueOf(version)).isEqualTo("version");
    }
    Answer unknownField = SYSTEM.admin("POST", "/admin/registry/rollback", new JsonObject().put("version", 1)
        .put("force", true));
    assertThat(unknownField.param()).isEqualTo("force");
    for (String query : List.of("?dry_run=yes", "?dry_run=true&dry_run=false", "?dry_run=")) {
      Answer answer = SYSTEM.admin("POST", "/admin/registry/import" + query, new JsonObject().put("registry",
          new JsonObject()));
      assertThat(answer.param()).as(query).isEqualTo("dry_run");
    }
    for (Object registry : new Object[] {null, "x", new JsonArray(), new JsonObject().put("services", "x")}) {
      Answer answer = SYSTEM.admin("POST", "/admin/registry/import", new JsonObject().put("registry", registry));
      assertThat(answer.status()).as(String.valueOf(registry)).isEqualTo("invalid-param");
      assertThat(answer.param()).as(String.valueOf(registry)).startsWith("registry");
    }
    // Escapes that cannot be decoded, in the path or the query: the envelope, not a crash or a bare 400.
    for (String target : List.of("/admin/registry/versions?page=%", "/admin/registry/versions/%zz",
        "/admin/notifications?page=%e")) {
      try (RawHttpConnection connection = RawHttpConnection.open(SYSTEM.app().adminUrl())) {
        connection.send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            + TestSystem.ADMIN_TOKEN + "\r\n\r\n");
        RawHttpConnection.Response answer = connection.read();
        assertThat(answer.status()).as(target).isEqualTo(400);
        assertThat(new JsonObject(answer.body()).getString("status")).as(target).isEqualTo("invalid-encoded-params");
      }
    }
    // A header's bytes beyond ASCII (UTF-8 sent as is) would be stored garbled: refused, nothing written.
    // (The console sends only ASCII there; import and rollback take any text in the body's comment.)
    String refusedPath = "/test/history-header/" + UUID.randomUUID();
    String body = echoRoute(true).encode();
    for (byte[] comment : List.of("d\u00e9ploy\u00e9".getBytes(StandardCharsets.UTF_8),
        "\u2192".getBytes(StandardCharsets.UTF_8), new byte[] {'a', 0x7f})) {
      try (RawHttpConnection connection = RawHttpConnection.open(SYSTEM.app().adminUrl())) {
        connection.send("PUT /admin/routes/POST" + refusedPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            + TestSystem.ADMIN_TOKEN + "\r\nContent-Type: application/json\r\nX-Change-Comment: "
            + new String(comment, StandardCharsets.ISO_8859_1) + "\r\nContent-Length: " + body.length() + "\r\n\r\n"
            + body);
        RawHttpConnection.Response answer = connection.read();
        // Refused as HTTP where the bytes are not header text (the strict decoder), else by the comment rule.
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(new JsonObject(answer.body()).getString("status")).isIn("invalid-encoded-params", "invalid-param");
      }
    }
    assertThat(SYSTEM.admin("GET", "/admin/routes/POST" + refusedPath, null).status()).isEqualTo("invalid-param");
    String path = "/test/history-comment/" + UUID.randomUUID();
    for (String comment : List.of("two\nlines", "tab\there", "x".repeat(501), "nul\u0000")) {
      Answer answer = SYSTEM.admin("POST", "/admin/registry/import", new JsonObject()
          .put("registry", new JsonObject().put("services", new JsonArray()).put("routes", new JsonArray()))
          .put("comment", comment));
      assertThat(answer.status()).isEqualTo("invalid-param");
      assertThat(answer.param()).isEqualTo("comment");
    }
    // A lone surrogate, as a JSON escape (the body itself is valid UTF-8): the registry is never emptied.
    Answer lone = SYSTEM.send(HttpRequest.newBuilder(URI.create(SYSTEM.app().adminUrl() + "/admin/registry/import"))
        .header("Authorization", "Bearer " + TestSystem.ADMIN_TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"registry\": {\"services\": [], \"routes\": []},"
            + " \"comment\": \"a\\ud800\"}")));
    assertThat(lone.param()).as(lone.toString()).isEqualTo("comment");
    Answer headerTwice = SYSTEM.send(HttpRequest.newBuilder(URI.create(SYSTEM.app().adminUrl() + "/admin/routes/POST"
            + path)).header("Authorization", "Bearer " + TestSystem.ADMIN_TOKEN)
        .header("Content-Type", "application/json").header("X-Change-Comment", "a")
        .header("X-Change-Comment", "b").PUT(HttpRequest.BodyPublishers.ofString(echoRoute(true).encode())));
    assertThat(headerTwice.param()).isEqualTo("X-Change-Comment");
    assertThat(latestVersion()).isEqualTo(before);
  }

  private static JsonObject echoRoute(boolean deployed) {
    return new JsonObject().put("service", "test-echo").put("action", "echo").put("auth", "none")
        .put("deployed", deployed);
  }

  /** A change on the admin listener, with {@code X-Change-Comment} when {@code comment} is not null. */
  private static Answer change(String method, String path, JsonObject body, String comment) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(SYSTEM.app().adminUrl() + path))
        .header("Authorization", "Bearer " + TestSystem.ADMIN_TOKEN).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (comment != null) {
      request.header("X-Change-Comment", comment);
    }
    Answer answer = SYSTEM.send(request);
    assertThat(answer.code()).as(answer.toString()).isEqualTo(200);
    return answer;
  }

  private static long latestVersion() {
    return SYSTEM.queryValue(Long.class, "SELECT max(version) FROM registry_versions");
  }

  private static void awaitStatus(String path, String status) throws InterruptedException {
    long deadline = System.nanoTime() + RELOADED.toNanos();
    String seen = null;
    while (System.nanoTime() < deadline) {
      seen = SYSTEM.post(path, new JsonObject().put("name", "x"), null).status();
      if (status.equals(seen)) {
        return;
      }
      Thread.sleep(50);
    }
    assertThat(seen).as("status of " + path).isEqualTo(status);
  }

  private static List<String> createdKeys(long version) {
    return keys(SYSTEM.admin("GET", "/admin/registry/versions/" + version, null).data().getJsonObject("diff")
        .getJsonArray("created"));
  }

  private static List<String> keys(JsonArray entries) {
    return entries.stream().map(entry -> ((JsonObject) entry).getString("key")).toList();
  }

  private static List<String> routeKeys(JsonObject registry) {
    return registry.getJsonArray("routes").stream()
        .map(route -> ((JsonObject) route).getString("method") + " " + ((JsonObject) route).getString("path"))
        .toList();
  }
}
