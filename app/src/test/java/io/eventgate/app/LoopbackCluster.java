package io.eventgate.app;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A cluster of real processes on loopback, for the tests that need one: a cluster name of its own (so
 * concurrent test clusters never join each other), Hazelcast ports from {@code clusterPort} up, the tests'
 * PostgreSQL, and every process it started stopped on {@link #close()}.
 */
final class LoopbackCluster implements AutoCloseable {

  static final String GATEWAY_JAR = "../gateway/target/eventgate-gateway.jar";
  static final String APPOINTMENTS_JAR = "../appointments-service/target/eventgate-appointments.jar";

  private final Map<String, String> env;
  private final List<ProcessNode> nodes = new ArrayList<>();

  LoopbackCluster(String namePrefix, int clusterPort) {
    this.env = Map.of(
        "CLUSTER_NAME", namePrefix + "-" + UUID.randomUUID(),
        "CLUSTER_MEMBERS", "127.0.0.1",
        "CLUSTER_PORT", String.valueOf(clusterPort),
        "PG_URL", TestSystem.get().pg().url());
  }

  /** The settings every process of this cluster shares. */
  Map<String, String> env() {
    return env;
  }

  /** Starts a jar as a member, with {@code extra} settings on top of the shared ones. */
  ProcessNode start(String name, String jar, Map<String, String> extra) throws IOException {
    Map<String, String> merged = new HashMap<>(env);
    merged.putAll(extra);
    ProcessNode node = ProcessNode.start(name, jar, merged);
    nodes.add(node);
    return node;
  }

  @Override
  public void close() throws Exception {
    for (ProcessNode node : nodes) {
      node.close();
    }
  }
}
