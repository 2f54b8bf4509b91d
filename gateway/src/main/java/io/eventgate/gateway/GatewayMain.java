package io.eventgate.gateway;

import io.eventgate.common.config.Settings;
import io.eventgate.common.launch.Launcher;
import io.eventgate.common.tracing.Tracing;
import io.eventgate.gateway.cli.RegistryCli;
import io.eventgate.gateway.metrics.Metrics;
import java.util.Arrays;

/**
 * A gateway process of a clustered deployment: the HTTP gateway, the admin listener and the users
 * service ({@link GatewayProcess}), joined to the cluster's event bus, forwarding to service processes
 * anywhere in it. Needs {@code PG_URL}, {@code JWT_SECRET} and {@code ADMIN_TOKEN}; migrates the schema and
 * seeds the registry.
 */
public final class GatewayMain {

  private GatewayMain() {
  }

  /** {@code registry ...} runs the registry's command line ({@link RegistryCli}) instead of a gateway. */
  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("registry")) {
      System.exit(RegistryCli.run(Arrays.copyOfRange(args, 1, args.length)));
    }
    Launcher.main("gateway", settings -> {
      Metrics metrics = Metrics.from(settings);
      Tracing tracing = Tracing.from(settings, "eventgate-gateway");
      return new Launcher.Plan(settings.eventLoops(Settings.cores()), true, metrics::builder, tracing,
          () -> new GatewayProcess(GatewayProcess.Options.from(settings), metrics, tracing, null));
    }, "PG_URL", "JWT_SECRET", "ADMIN_TOKEN");
  }
}
