package io.eventgate.app;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The event-bus schemas of docs/EVENTBUS.md, read as a client would read them: from the classpath (common's
 * jar, folder {@value #FOLDER}), each under its file name, so the relative references between them resolve as
 * they do for files side by side. Which files there are is read from the repository's folder, so a schema added
 * there is checked without being listed here too.
 */
final class BusSchemas {

  static final String FOLDER = "eventbus";
  /** Not a message shape: the definitions the others refer to. */
  static final String TYPES = "types.schema.json";
  static final String FAILURE = "failure.schema.json";
  private static final String SUFFIX = ".schema.json";
  /** Any absolute base will do: references between the files are relative. */
  private static final String BASE = "https://eventgate.invalid/" + FOLDER + "/";

  private final SchemaRepository repository;
  private final List<String> names;

  private BusSchemas(SchemaRepository repository, List<String> names) {
    this.repository = repository;
    this.names = names;
  }

  static BusSchemas load() {
    JsonSchemaOptions options = new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri(BASE)
        .setOutputFormat(OutputFormat.Basic);
    SchemaRepository repository = SchemaRepository.create(options);
    List<String> names = fileNames();
    for (String name : names) {
      repository.dereference(BASE + name, JsonSchema.of(json(name)));
    }
    return new BusSchemas(repository, names);
  }

  /** Every schema file, {@link #TYPES} included. */
  List<String> names() {
    return names;
  }

  /** The schema of a request to {@code service}'s {@code action}. */
  static String request(String service, String action) {
    return service + '.' + action + ".request" + SUFFIX;
  }

  /** The schema of a successful reply; for {@code appointments · read} one per view (absent: default). */
  static String reply(String service, String action, JsonObject params) {
    String shape = "appointments".equals(service) && "read".equals(action)
        ? action + '.' + params.getString("view", "default") : action;
    return service + '.' + shape + ".reply" + SUFFIX;
  }

  boolean exists(String name) {
    return names.contains(name);
  }

  /** The validator's verdict on {@code instance}, with its errors when it is refused. */
  OutputUnit validate(String name, Object instance) {
    if (!exists(name)) {
      throw new IllegalArgumentException("no schema " + name);
    }
    return repository.validator(BASE + name).validate(instance);
  }

  /** The schema itself, as shipped. */
  static JsonObject json(String name) {
    return new JsonObject(classpathText(name));
  }

  private static String classpathText(String name) {
    try (InputStream in = BusSchemas.class.getClassLoader().getResourceAsStream(FOLDER + '/' + name)) {
      if (in == null) {
        throw new IllegalStateException(FOLDER + '/' + name + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> fileNames() {
    try (Stream<Path> files = Files.list(Repository.root().resolve("client/src/main/resources").resolve(FOLDER))) {
      return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(SUFFIX)).sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
