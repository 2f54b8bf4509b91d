package io.eventgate.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The certificates of a closed cluster, made by the repository's own {@code deploy/make-certs.sh} (so the tests
 * and the benchmark use what operators use): a CA and one key and certificate per name, in a folder.
 */
public record ClusterCertificates(Path dir) {

  /** Runs {@code root/deploy/make-certs.sh dir names...}; fails with the script's output when it fails. */
  public static ClusterCertificates make(Path root, Path dir, String... names) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", root.resolve("deploy/make-certs.sh").toString(),
        dir.toString()));
    command.addAll(List.of(names));
    Process script = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!script.waitFor(60, TimeUnit.SECONDS)) {
      script.destroyForcibly();
      throw new IOException("make-certs.sh did not finish within 60 s");
    }
    String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (script.exitValue() != 0) {
      throw new IOException("make-certs.sh failed (" + script.exitValue() + "): " + output);
    }
    return new ClusterCertificates(dir);
  }

  public Path ca() {
    return dir.resolve("ca.pem");
  }

  public Path certificate(String name) {
    return dir.resolve(name + ".pem");
  }

  public Path key(String name) {
    return dir.resolve(name + ".key");
  }

  /** The settings that turn the event bus's mutual TLS on for the process {@code name}. */
  public Map<String, String> settings(String name) {
    return Map.of("EVENTBUS_TLS", "true", "EVENTBUS_TLS_CERT", certificate(name).toString(),
        "EVENTBUS_TLS_KEY", key(name).toString(), "EVENTBUS_TLS_CA", ca().toString());
  }
}
