package io.eventgate.common.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.eventgate.common.config.Settings;
import io.github.bucket4j.grid.hazelcast.HazelcastProxyManager;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Arrays;
import java.util.List;

/**
 * How a process joins the clustered event bus: Vert.x's Hazelcast cluster manager with TCP-IP join
 * (multicast off) and fast failure detection, configured from the environment. The defaults run every
 * process of one machine over loopback.
 *
 * <ul>
 *   <li>{@code CLUSTER_NAME} — only members with the same name join (default {@code eventgate});</li>
 *   <li>{@code CLUSTER_MEMBERS} — comma-separated {@code host} or {@code host:port} to join (default
 *       {@code 127.0.0.1}: every port from {@code CLUSTER_PORT} up on this machine);</li>
 *   <li>{@code CLUSTER_HOST}, {@code CLUSTER_PORT}, {@code CLUSTER_PUBLIC_HOST} — where Hazelcast listens
 *       (default {@code 127.0.0.1}, 5701 and the next free one) and the address others reach it at;</li>
 *   <li>{@code EVENTBUS_HOST}, {@code EVENTBUS_PORT}, {@code EVENTBUS_PUBLIC_HOST} — the same for the
 *       event bus's own TCP connections (default loopback, any free port);</li>
 *   <li>{@code EVENTBUS_TLS} with {@code EVENTBUS_TLS_CERT}, {@code EVENTBUS_TLS_KEY}, {@code EVENTBUS_TLS_CA} —
 *       mutual TLS on the event bus's connections ({@link EventBusTls}; off by default).</li>
 * </ul>
 */
public final class Cluster {

  /** Heartbeats every second and a member silent for 5 s is dropped: a killed process leaves rotation fast. */
  private static final String HEARTBEAT_SECONDS = "1";
  private static final String MAX_SILENCE_SECONDS = "5";
  /** Ports a member tries from {@code CLUSTER_PORT} up, to listen on and to find the others on. */
  public static final int PORT_COUNT = 20;
  /** The Hazelcast map of the gateways' rate-limit buckets. */
  public static final String RATE_LIMIT_MAP = "eventgate.rate-limits";
  /** Buckets each member holds at most; the least recently used go first. */
  private static final int RATE_LIMIT_BUCKETS_PER_MEMBER = 200_000;
  /** The first Hazelcast serialization type id of Bucket4j's classes; clear of Vert.x's and Hazelcast's own. */
  private static final int BUCKET4J_TYPE_IDS = 10_000;

  private Cluster() {
  }

  /** Sets the event-bus addresses on {@code options} and returns the cluster manager to build Vert.x with. */
  public static ClusterManager configure(VertxOptions options, Settings settings) {
    String eventBusHost = settings.text("EVENTBUS_HOST");
    String eventBusPublicHost = settings.has("EVENTBUS_PUBLIC_HOST") ? settings.string("EVENTBUS_PUBLIC_HOST")
        : eventBusHost;
    // Other members connect to the address advertised here; "every interface" is not one they can reach.
    if (eventBusPublicHost.equals("0.0.0.0")) {
      throw new IllegalArgumentException("EVENTBUS_PUBLIC_HOST must be set when EVENTBUS_HOST is 0.0.0.0");
    }
    options.getEventBusOptions()
        .setHost(eventBusHost)
        .setPort(settings.integer("EVENTBUS_PORT"))
        .setClusterPublicHost(eventBusPublicHost);
    EventBusTls.configure(options.getEventBusOptions(), settings);
    return new HazelcastClusterManager(hazelcast(settings));
  }

  static Config hazelcast(Settings settings) {
    // Vert.x's own defaults (the maps and multimaps it needs), with our network on top.
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(settings.text("CLUSTER_NAME"));
    config.setProperty("hazelcast.heartbeat.interval.seconds", HEARTBEAT_SECONDS);
    config.setProperty("hazelcast.max.no.heartbeat.seconds", MAX_SILENCE_SECONDS);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    // The gateways' rate-limit buckets live in a map of this cluster and are updated by Bucket4j's entry
    // processors, which run on whichever member owns a key: every member must be able to read them.
    HazelcastProxyManager.addCustomSerializers(config.getSerializationConfig(), BUCKET4J_TYPE_IDS);
    // Each bucket expires once it has refilled; this bounds the map meanwhile, whatever clients send.
    config.addMapConfig(new MapConfig(RATE_LIMIT_MAP).setEvictionConfig(new EvictionConfig()
        .setEvictionPolicy(EvictionPolicy.LRU).setMaxSizePolicy(MaxSizePolicy.PER_NODE)
        .setSize(RATE_LIMIT_BUCKETS_PER_MEMBER)));

    String host = settings.text("CLUSTER_HOST");
    NetworkConfig network = config.getNetworkConfig()
        .setPort(settings.integer("CLUSTER_PORT"))
        .setPortAutoIncrement(true)
        .setPortCount(PORT_COUNT);
    boolean anyInterface = host.equals("0.0.0.0");
    network.getInterfaces().setEnabled(!anyInterface).addInterface(host);
    // Hazelcast listens on every interface even when one is chosen (it only advertises that one) unless told
    // not to: its member port, which OSS cannot authenticate, stays on the interface CLUSTER_HOST names.
    config.setProperty("hazelcast.socket.bind.any", String.valueOf(anyInterface));
    String publicHost = settings.string("CLUSTER_PUBLIC_HOST");
    if (publicHost != null) {
      network.setPublicAddress(publicHost);
    }
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(members(settings));
    return config;
  }

  private static List<String> members(Settings settings) {
    return Arrays.stream(settings.text("CLUSTER_MEMBERS").split(","))
        .map(String::trim)
        .filter(member -> !member.isEmpty())
        .toList();
  }
}
