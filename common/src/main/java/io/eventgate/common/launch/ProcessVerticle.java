package io.eventgate.common.launch;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;

/**
 * The parent verticle of a process: its {@code start()} deploys what the process runs, as its children, and
 * completes once the process serves; undeploying it undeploys them. Vert.x undeploys children before their
 * parent's {@code stop()}, and all at once, so what must happen first and in order while everything still
 * runs — a gateway leaving its load balancer's rotation, then closing its listeners — is {@link #drain()},
 * which the {@link Launcher} calls before it undeploys the process.
 */
public abstract class ProcessVerticle extends VerticleBase {

  /** The orderly first part of stopping, while every child still runs; nothing to do by default. */
  public Future<Void> drain() {
    return Future.succeededFuture();
  }

  /** How long {@link #drain()} may take before the shutdown goes on without it. */
  public Duration drainBound() {
    return Duration.ZERO;
  }

  /** How long undeploying the children (each finishing what it has in hand) and {@code stop()} may take. */
  public Duration stopBound() {
    return Duration.ofSeconds(20);
  }
}
