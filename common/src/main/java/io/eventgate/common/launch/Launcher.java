package io.eventgate.common.launch;

import io.eventgate.common.cluster.Cluster;
import io.eventgate.common.config.Settings;
import io.eventgate.common.config.SettingsLoader;
import io.eventgate.common.logging.Logs;
import io.eventgate.common.tracing.Tracing;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The one way a process starts and stops. {@link #main} loads the settings, refuses to start without the
 * required ones (a clear line on standard error, exit code 2), builds Vert.x (with the process's metrics and tracing,
 * clustered or not), deploys the process's {@link ProcessVerticle} and installs one shutdown hook; any other
 * failure to start is logged without a stack trace, exit code 1. Each process's {@code main} is the list of
 * what it deploys, given here as a {@link Plan}.
 */
public final class Launcher {

  static {
    // Libraries that log through java.util.logging (the OpenTelemetry SDK, its exporters) would print to
    // standard error with their stack traces; bridged, every line goes through Logback's pattern. Once per
    // JVM, before any process of it starts; logback.xml's LevelChangePropagator keeps disabled levels cheap.
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);
  private static final Duration CLOSE_BOUND = Duration.ofSeconds(20);
  /** Exporting the last spans to a collector that does not answer must not hold the process. */
  private static final Duration TRACING_BOUND = Duration.ofSeconds(10);

  /**
   * How a process is made from its settings: its event-loop threads (each kind of verticle deploys one
   * instance per loop), whether it joins the cluster's event bus ({@link Cluster}), the Vert.x builder for
   * its options (where a process adds its metrics), its tracing (given to Vert.x here, and to the parent
   * verticle by the plan; built last by the planner, since from then on only the launcher closes it), and
   * its parent verticle.
   */
  public record Plan(int eventLoops, boolean clustered, Function<VertxOptions, VertxBuilder> vertx,
                     Tracing tracing, Supplier<ProcessVerticle> parent) {

    /** A plan for a process without metrics. */
    public static Plan of(int eventLoops, boolean clustered, Tracing tracing, Supplier<ProcessVerticle> parent) {
      return new Plan(eventLoops, clustered, options -> Vertx.builder().with(options), tracing, parent);
    }
  }

  /** A started process. */
  public record Running(Vertx vertx, ProcessVerticle parent, String deploymentId, Tracing tracing) {

    /**
     * Drains, undeploys and closes, each step bounded, so one stuck step cannot keep the process alive; the
     * spans still held are exported last.
     */
    public void stop() {
      Shutdown.await("draining", parent.drain(), parent.drainBound());
      Shutdown.await("undeploying the process", vertx.undeploy(deploymentId), parent.stopBound());
      Shutdown.await("closing Vert.x", vertx.close(), CLOSE_BOUND);
      Shutdown.await("exporting the last spans", tracing.close(), TRACING_BOUND);
      LOG.info("stopped");
    }
  }

  private Launcher() {
  }

  /** The {@code main} of a process named {@code name}: starts it, or exits saying why. */
  public static Running main(String name, Function<Settings, Plan> planner, String... required) {
    try {
      Settings settings = SettingsLoader.load(new JsonObject());
      settings.require(required);
      Running running = start(settings, planner);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        running.stop();
        Logs.stop(); // the lines still queued (the access log's) are written before the JVM exits
      }, "eventgate-shutdown"));
      return running;
    } catch (IllegalArgumentException e) {
      System.err.println("eventgate " + name + ": " + e.getMessage());
      System.exit(2);
    } catch (Exception e) {
      LOG.error("eventgate {} did not start: {}", name, e.getMessage());
      System.exit(1);
    }
    return null;
  }

  /**
   * Starts a process from its settings and returns once it serves; blocking. A planner builds the process's
   * tracing last, once nothing else of the plan can fail: from then on, a failure to start closes it here.
   */
  public static Running start(Settings settings, Function<Settings, Plan> planner) {
    Plan plan = planner.apply(settings);
    Vertx vertx;
    try {
      VertxOptions options = new VertxOptions().setEventLoopPoolSize(plan.eventLoops());
      VertxBuilder builder = plan.tracing().install(plan.vertx().apply(options));
      vertx = plan.clustered()
          ? builder.withClusterManager(Cluster.configure(options, settings)).buildClustered().await()
          : builder.build();
    } catch (Throwable e) {
      Shutdown.await("closing tracing after a failed start", plan.tracing().close(), TRACING_BOUND);
      throw e;
    }
    try {
      ProcessVerticle parent = plan.parent().get();
      return new Running(vertx, parent, vertx.deployVerticle(parent).await(), plan.tracing());
    } catch (Throwable e) {
      Shutdown.await("closing Vert.x after a failed start", vertx.close(), CLOSE_BOUND);
      Shutdown.await("closing tracing after a failed start", plan.tracing().close(), TRACING_BOUND);
      throw e;
    }
  }
}
