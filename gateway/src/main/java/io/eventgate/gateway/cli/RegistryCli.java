package io.eventgate.gateway.cli;

import io.eventgate.common.logging.ControlCharacters;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The registry in git (docs/OPERATIONS.md, "The registry in git"): {@code java -jar eventgate-gateway.jar
 * registry export|diff|sync}, a client of a running gateway's admin API for CI pipelines. {@code diff} exits 1
 * when the file differs from the registry, so a pipeline can fail on drift; {@code sync} applies the file as
 * one version, all or nothing.
 */
public final class RegistryCli {

  /** Where the admin listener is; the same default as the listener's. */
  static final String URL_VARIABLE = "EVENTGATE_ADMIN_URL";
  static final String DEFAULT_URL = "http://127.0.0.1:8081";
  static final String TOKEN_VARIABLE = "ADMIN_TOKEN";
  static final int SAME = 0;
  static final int DIFFERENT = 1;
  static final int FAILED = 2;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String USAGE = """
      usage: registry export [FILE]                  write the registry (stdout when no FILE)
             registry diff FILE [--json]             what syncing FILE would change; exit 1 when anything
             registry sync FILE [--comment TEXT]     apply FILE as one version, all or nothing
      settings: EVENTGATE_ADMIN_URL (default http://127.0.0.1:8081), ADMIN_TOKEN (required)""";

  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  RegistryCli(Map<String, String> env, PrintStream out, PrintStream err) {
    this.env = env;
    this.out = out;
    this.err = err;
  }

  /** Runs {@code registry ...} (the arguments after {@code registry}) and answers the exit code. */
  public static int run(String[] args) {
    return new RegistryCli(System.getenv(), System.out, System.err).run(List.of(args));
  }

  int run(List<String> args) {
    String token = env.get(TOKEN_VARIABLE);
    if (args.isEmpty() || token == null || token.isBlank()) {
      err.println(args.isEmpty() ? USAGE : "set ADMIN_TOKEN to an admin credential\n" + USAGE);
      return FAILED;
    }
    try {
      return switch (args.get(0)) {
        case "export" -> export(token, args.size() > 1 ? Path.of(args.get(1)) : null);
        case "diff" -> diff(token, file(args), args.contains("--json"));
        case "sync" -> sync(token, file(args), option(args, "--comment"));
        default -> usage();
      };
    } catch (Failure e) {
      err.println(e.getMessage());
      return FAILED;
    } catch (IOException e) {
      err.println("registry: " + (e.getMessage() == null ? "cannot reach the admin listener ("
          + e.getClass().getSimpleName() + ")" : ControlCharacters.escape(e.getMessage())));
      return FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FAILED;
    }
  }

  private int export(String token, Path file) throws IOException, InterruptedException {
    JsonObject data = call(token, "GET", "/admin/registry/export", null);
    String text = data.encodePrettily() + "\n";
    if (file == null) {
      out.print(text);
    } else {
      Files.writeString(file, text, StandardCharsets.UTF_8);
      out.println("registry version " + data.getValue("version") + " written to " + file);
    }
    return SAME;
  }

  private int diff(String token, JsonObject document, boolean json) throws IOException, InterruptedException {
    JsonObject data = call(token, "POST", "/admin/registry/import?dry_run=true", document);
    if (json) {
      out.println(data.encodePrettily());
    } else {
      print(data);
    }
    JsonObject counts = data.getJsonObject("diff").getJsonObject("counts");
    return counts.getInteger("created") + counts.getInteger("changed") + counts.getInteger("removed") == 0
        ? SAME : DIFFERENT;
  }

  private int sync(String token, JsonObject document, String comment) throws IOException, InterruptedException {
    if (comment != null) {
      document.put("comment", comment);
    }
    JsonObject data = call(token, "POST", "/admin/registry/import", document);
    print(data);
    out.println(data.getValue("version") == null ? "nothing to change: no new version"
        : "applied as registry version " + data.getValue("version"));
    return SAME;
  }

  private void print(JsonObject data) {
    JsonObject diff = data.getJsonObject("diff");
    JsonObject counts = diff.getJsonObject("counts");
    out.println(counts.getInteger("created") + " created, " + counts.getInteger("changed") + " changed, "
        + counts.getInteger("removed") + " removed, " + counts.getInteger("unchanged") + " unchanged");
    printEntries("+ ", diff.getJsonArray("created"));
    printEntries("~ ", diff.getJsonArray("changed"));
    printEntries("- ", diff.getJsonArray("removed"));
    for (Object warning : data.getJsonArray("warnings", new JsonArray())) {
      out.println("! " + ControlCharacters.escape(String.valueOf(warning)));
    }
  }

  private void printEntries(String mark, JsonArray entries) {
    for (Object entry : entries) {
      JsonObject record = (JsonObject) entry;
      // Keys come from the document: a control character in one must not rewrite the terminal or a CI log.
      out.println(mark + record.getString("kind") + " " + ControlCharacters.escape(record.getString("key")));
    }
  }

  private JsonObject call(String token, String method, String path, JsonObject body)
      throws IOException, InterruptedException {
    String base = env.getOrDefault(URL_VARIABLE, DEFAULT_URL);
    URI uri;
    try {
      uri = URI.create(base.replaceAll("/+$", "") + path);
    } catch (IllegalArgumentException e) {
      throw new Failure(URL_VARIABLE + " is not a URL: " + base);
    }
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode()))
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    JsonObject envelope;
    try {
      envelope = new JsonObject(response.body());
    } catch (DecodeException | ClassCastException e) {
      throw new Failure(uri + " answered HTTP " + response.statusCode() + " without the envelope: is it the admin"
          + " listener?");
    }
    if (!"action-successful".equals(envelope.getString("status"))) {
      String param = envelope.getString("param");
      // What the server says may quote the document (a field name): escaped, like every text it sends.
      throw new Failure(ControlCharacters.escape(envelope.getString("status") + (param == null ? "" : " (" + param
          + ")") + ": " + envelope.getString("message")));
    }
    return envelope.getJsonObject("data");
  }

  /** The document of {@code FILE}: what {@code export} writes ({@code {"version", "registry"}}). */
  private static JsonObject file(List<String> args) throws IOException {
    if (args.size() < 2 || args.get(1).startsWith("--")) {
      throw new Failure(USAGE);
    }
    Path file = Path.of(args.get(1));
    try {
      JsonObject document = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
      return new JsonObject().put("registry", document.getValue("registry"));
    } catch (DecodeException | ClassCastException e) {
      throw new Failure(file + " is not a registry document: " + e.getMessage());
    }
  }

  private static String option(List<String> args, String name) {
    int at = args.indexOf(name);
    if (at < 0) {
      return null;
    }
    if (at + 1 >= args.size()) {
      throw new Failure(name + " needs a value");
    }
    return args.get(at + 1);
  }

  private int usage() {
    err.println(USAGE);
    return FAILED;
  }

  /** A failure the user is told about in one line, with no stack trace. */
  private static final class Failure extends RuntimeException {
    Failure(String message) {
      super(message, null, false, false);
    }
  }
}
