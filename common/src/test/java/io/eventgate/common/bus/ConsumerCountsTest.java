package io.eventgate.common.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The consumer counts of a Vert.x instance that is not clustered: the services registered through {@link
 * ServiceConsumer} and still registered, whether they stopped themselves or went with their verticle.
 */
class ConsumerCountsTest {

  private static final String ADDRESS = "test.counted";
  private static final Map<String, Function<ServiceRequest, Future<ServiceReply>>> PING =
      Map.of("ping", request -> Future.succeededFuture(ServiceReply.of(new JsonObject())));

  @Test
  void countsTheServiceConsumersOfThisEventBusWhileTheyAreRegistered() {
    Vertx vertx = Vertx.vertx();
    Vertx other = Vertx.vertx();
    try {
      ConsumerCounts counts = ConsumerCounts.of(vertx);
      assertThat(counts.source()).isEqualTo("local");
      assertThat(counts.count(ADDRESS).await()).isZero();

      ServiceConsumer stopped = register(vertx);
      String deployment = vertx.deployVerticle(() -> new VerticleBase() {
        @Override
        public Future<?> start() {
          return ServiceConsumer.register(vertx.eventBus(), ADDRESS, PING).completion();
        }
      }, new DeploymentOptions().setInstances(2)).await();
      register(other);
      assertThat(counts.count(ADDRESS).await()).as("one stopped later, two in a verticle; not the other bus's")
          .isEqualTo(3);

      stopped.stop(vertx, Duration.ZERO).await();
      assertThat(counts.count(ADDRESS).await()).isEqualTo(2);
      // Undeployed without stopping its consumers: Vert.x unregisters them with the verticle.
      vertx.undeploy(deployment).await();
      assertThat(counts.count(ADDRESS).await()).isZero();
      assertThat(ConsumerCounts.of(other).count(ADDRESS).await()).isEqualTo(1);
    } finally {
      vertx.close().await();
      other.close().await();
    }
  }

  private static ServiceConsumer register(Vertx vertx) {
    ServiceConsumer consumer = ServiceConsumer.register(vertx.eventBus(), ADDRESS, PING);
    consumer.completion().await();
    return consumer;
  }
}
