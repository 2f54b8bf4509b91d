package io.eventgate.example;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.eventgate.common.api.ApiException;
import io.eventgate.common.bus.AppointmentsClient.View;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;

/**
 * The example as a program: joins the cluster of eventgate's processes, reads one appointment in each view
 * for the user whose session token it is given ({@link AppointmentViewsVerticle}), prints the answers, leaves.
 *
 * <pre>
 * EVENTGATE_SESSION_TOKEN=... java -jar eventgate-example.jar [appointment-id]
 * </pre>
 *
 * The token is the one a user gets by logging in through the gateway ({@code session.token} of the login's
 * answer), read from the environment so that it shows in no process list or shell history; the appointment
 * is the demo data's appointment 1 unless named. It finds the cluster with the
 * variables the system's own processes use: {@code CLUSTER_NAME}, {@code CLUSTER_MEMBERS},
 * {@code CLUSTER_PORT}, {@code CLUSTER_HOST} (docs/CLUSTER.md).
 */
public final class AppointmentsExample {

  /** Where the program reads the session token it acts with. */
  static final String TOKEN_VARIABLE = "EVENTGATE_SESSION_TOKEN";
  /** The demo data's appointment 1 (scheduled, Clara's, with Erin). */
  static final String DEMO_APPOINTMENT = "a0000000-0000-4000-8000-000000000001";

  /**
   * The system's processes look for each other on this many ports from {@code CLUSTER_PORT} up; a member
   * must look at the same ones to find them. (The example cannot read the system's own constant: it depends
   * on the client only. Its tests check that the two agree.)
   */
  static final int CLUSTER_PORTS = 20;
  /** The settings it reads, with the defaults of the system's processes (checked by its tests too). */
  static final Map<String, String> CLUSTER_DEFAULTS = Map.of("CLUSTER_NAME", "eventgate",
      "CLUSTER_MEMBERS", "127.0.0.1", "CLUSTER_HOST", "127.0.0.1", "CLUSTER_PORT", "5701");

  private AppointmentsExample() {
  }

  public static void main(String[] args) {
    String token = System.getenv(TOKEN_VARIABLE);
    if (token == null || token.isBlank()) {
      System.err.println("usage: " + TOKEN_VARIABLE + "=<a user's session token> java -jar eventgate-example.jar"
          + " [appointment-id]");
      System.exit(2);
    }
    String appointmentId = args.length > 0 ? args[0] : DEMO_APPOINTMENT;
    try {
      run(System.getenv(), appointmentId, token, System.out);
    } catch (ApiException failure) {
      System.err.println("the read failed: " + failure.status().code() + " (" + failure.getMessage() + ")"
          + (failure.param() == null ? "" : ", param " + failure.param()));
      System.exit(1);
    } catch (RuntimeException failure) {
      // Mostly: no member of the system's own to join (a lite member cannot hold the cluster's maps alone).
      System.err.println("could not join the cluster " + setting(System.getenv(), "CLUSTER_NAME") + ": " + failure);
      System.exit(2);
    }
  }

  /**
   * Joins the cluster {@code env} names, prints {@code appointmentId} in each view as the user of
   * {@code sessionToken} sees it,
   * and leaves the cluster again, whatever the outcome; answers what was printed, or throws the read's
   * {@link ApiException}. It waits for each step: call it from a thread of your own, as {@link #main} is, never
   * from a Vert.x thread.
   */
  public static Map<View, JsonObject> run(Map<String, String> env, String appointmentId, String sessionToken,
                                          PrintStream out) {
    Vertx vertx = join(env).await();
    try {
      AppointmentViewsVerticle views = new AppointmentViewsVerticle(appointmentId, sessionToken, out);
      // The verticle starts once its answers are printed, or fails to start with the read's failure.
      vertx.deployVerticle(views).await();
      return views.answers().await();
    } finally {
      vertx.close().await();
    }
  }

  /** A clustered Vert.x on the Hazelcast cluster of eventgate's processes that {@code env} names. */
  public static Future<Vertx> join(Map<String, String> env) {
    String host = setting(env, "CLUSTER_HOST");
    VertxOptions options = new VertxOptions();
    // The event bus's own connections: where the services' processes reach this one with their replies.
    options.getEventBusOptions().setHost(host).setClusterPublicHost(host).setPort(0);
    return Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(hazelcast(env, host)))
        .buildClustered();
  }

  private static Config hazelcast(Map<String, String> env, String host) {
    // Vert.x's own defaults (the maps its event bus keeps its consumers in), with the system's network on top.
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(setting(env, "CLUSTER_NAME"));
    // A lite member holds none of the cluster's data: the gateways' rate-limit buckets, whose entry processors
    // need Bucket4j, always live on the system's own processes, so this application needs nothing of theirs;
    // and leaving the cluster loses nothing.
    config.setLiteMember(true);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    NetworkConfig network = config.getNetworkConfig()
        .setPort(Integer.parseInt(setting(env, "CLUSTER_PORT")))
        .setPortAutoIncrement(true)
        .setPortCount(CLUSTER_PORTS);
    network.getInterfaces().setEnabled(true).addInterface(host);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true)
        .setMembers(Arrays.stream(setting(env, "CLUSTER_MEMBERS").split(","))
            .map(String::trim).filter(member -> !member.isEmpty()).toList());
    return config;
  }

  private static String setting(Map<String, String> env, String name) {
    return env.getOrDefault(name, CLUSTER_DEFAULTS.get(name));
  }
}
