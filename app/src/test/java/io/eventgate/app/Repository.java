package io.eventgate.app;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's own files, for tests that check what it ships and documents. */
final class Repository {

  private Repository() {
  }

  /** The repository root: the tests run in the app module's folder. */
  static Path root() {
    Path here = Path.of("").toAbsolutePath();
    return Files.exists(here.resolve("conf/config.json")) ? here : here.getParent();
  }
}
