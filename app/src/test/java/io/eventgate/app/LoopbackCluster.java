package io.eventgate.app;

import io.eventgate.common.cluster.Cluster;
import io.eventgate.testkit.FreePorts;
import io.eventgate.testkit.JavaProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A cluster of real processes on loopback, for the tests that need one: a cluster name of its own (so
 * concurrent test clusters never join each other), a block of Hazelcast ports found free (so two test runs on
 * one machine do not take each other's), the tests' PostgreSQL, and every process it started stopped on
 * {@link #close()}.
 */
public final class LoopbackCluster implements AutoCloseable {

  public static final Path GATEWAY_JAR = Path.of("../gateway/target/eventgate-gateway.jar");
  public static final Path APPOINTMENTS_JAR = Path.of("../appointments-service/target/eventgate-appointments.jar");
  /** Where every process the tests start writes its output. */
  static final Path LOGS = Path.of("target", "cluster-logs");

  private static final int PORT_BLOCK = Cluster.PORT_COUNT;
  /** The prefix of the OpenTelemetry SDK's variables. */
  private static final String OTEL = "OTEL_";

  private final Map<String, String> env;
  private final List<JavaProcess> nodes = new ArrayList<>();

  public LoopbackCluster(String namePrefix) {
    this.env = Map.of(
        "CLUSTER_NAME", namePrefix + "-" + UUID.randomUUID(),
        "CLUSTER_MEMBERS", "127.0.0.1",
        "CLUSTER_PORT", String.valueOf(FreePorts.block(PORT_BLOCK)),
        "PG_URL", TestSystem.get().pg().url());
  }

  /** The settings every process of this cluster shares. */
  public Map<String, String> env() {
    return env;
  }

  /**
   * How the tests start a process of their own: a small heap, the serial collector, output in {@link #LOGS},
   * and none of the developer's {@code OTEL_*} variables (a test that traces gives its own).
   */
  static JavaProcess.Launch process(String name) {
    return JavaProcess.named(name, LOGS).jvmOptions("-Xmx256m", "-XX:+UseSerialGC")
        .withoutInheritedStartingWith(OTEL);
  }

  /** Starts a jar as a member, with {@code extra} settings on top of the shared ones. */
  public JavaProcess start(String name, Path jar, Map<String, String> extra) throws IOException {
    Map<String, String> merged = new HashMap<>(env);
    merged.putAll(extra);
    JavaProcess node = process(name).env(merged).jar(jar);
    nodes.add(node);
    return node;
  }

  @Override
  public void close() {
    for (JavaProcess node : nodes) {
      node.close();
    }
  }
}
