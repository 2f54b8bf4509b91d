package io.eventgate.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventgate.app.LoopbackCluster;
import io.eventgate.app.TestSystem;
import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.eventgate.common.bus.AppointmentsClient.View;
import io.eventgate.common.cluster.Cluster;
import io.eventgate.testkit.FreePorts;
import io.eventgate.testkit.GatewayClient;
import io.eventgate.testkit.JavaProcess;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The example application against the real system: deployed in the services' JVM (the system as
 * {@code ./run.sh} starts it, on the tests' PostgreSQL with the demo data), and as a program of its own that
 * joins a closed-to-forged-callers cluster (a caller key on every process) where the appointments service and
 * a gateway are separate processes started from their jars. Either way it acts for a user by the user's
 * session token, as docs/EVENTBUS.md tells other teams to.
 */
class AppointmentsExampleTest {

  private static final Duration START = Duration.ofSeconds(90);
  /** Clara is the demo appointment's client; Erin Employee works for its business and sees its notes. */
  private static final String CLARA_CLIENT_ID = "c0000000-0000-4000-8000-000000000001";
  private static final String ERIN_EMPLOYEE_ID = "e0000000-0000-4000-8000-000000000001";
  private static final String CALLER_KEY = "example-tests-caller-key-0123456789abcdef";

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @Test
  void inTheServicesJvmItPrintsEachViewOfTheAppointment() {
    AppointmentViewsVerticle example = new AppointmentViewsVerticle(AppointmentsExample.DEMO_APPOINTMENT,
        TestSystem.get().token(TestSystem.ERIN), out);
    TestSystem.get().app().vertx().deployVerticle(example).await();

    assertTheDemoAppointment(example.answers().await(), true);
    assertPrintedEveryView();
  }

  @Test
  void inTheServicesJvmAFailureStopsItWithTheStatusOfTheService() {
    AppointmentViewsVerticle example = new AppointmentViewsVerticle(UUID.randomUUID().toString(),
        TestSystem.get().token(TestSystem.CLARA), out);
    assertThatThrownBy(() -> TestSystem.get().app().vertx().deployVerticle(example).await())
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(Status.INVALID_PARAM);
          assertThat(e.param()).isEqualTo("_id");
        });
  }

  @Test
  void aSessionTokenThatIsNotGoodStopsItWithInvalidToken() {
    AppointmentViewsVerticle example = new AppointmentViewsVerticle(AppointmentsExample.DEMO_APPOINTMENT,
        "not-a-session-token", out);
    assertThatThrownBy(() -> TestSystem.get().app().vertx().deployVerticle(example).await())
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(Status.INVALID_TOKEN));
  }

  @Test
  void acrossTheClusterItJoinsReadsEachViewAndLeaves() throws Exception {
    try (LoopbackCluster cluster = new LoopbackCluster("eventgate-example")) {
      JavaProcess appointments = cluster.start("example-appointments", LoopbackCluster.APPOINTMENTS_JAR,
          Map.of("CALLER_KEY", CALLER_KEY));
      int httpPort = FreePorts.one();
      JavaProcess gateway = cluster.start("example-gateway", LoopbackCluster.GATEWAY_JAR, Map.of(
          "CALLER_KEY", CALLER_KEY, "HTTP_PORT", String.valueOf(httpPort),
          "ADMIN_PORT", String.valueOf(FreePorts.one()), "ADMIN_TOKEN", TestSystem.ADMIN_TOKEN,
          "JWT_SECRET", TestSystem.JWT_SECRET, "HTTP_INSTANCES", "1"));
      appointments.awaitOutput("appointments service ready", START);
      GatewayClient http = new GatewayClient("http://127.0.0.1:" + httpPort, Duration.ofSeconds(15));
      gateway.awaitHttp(http.baseUrl() + "/health/ready", START);

      // The user logs in through the gateway; the example acts for them with the token, as its main does, with
      // the cluster's settings where it reads them from the environment.
      String erin = http.token(TestSystem.ERIN, TestSystem.PASSWORD, null);
      Map<View, JsonObject> answers = AppointmentsExample.run(cluster.env(), AppointmentsExample.DEMO_APPOINTMENT,
          erin, out);
      assertTheDemoAppointment(answers, true);
      assertPrintedEveryView();

      // The client of the appointment sees it as well, without the employees' notes.
      String clara = http.token(TestSystem.CLARA, TestSystem.PASSWORD, null);
      Map<View, JsonObject> asClara = AppointmentsExample.run(cluster.env(), AppointmentsExample.DEMO_APPOINTMENT,
          clara, out);
      assertTheDemoAppointment(asClara, false);
    }
  }

  @Test
  void theGuideShowsTheVerticlesRealCode() throws IOException {
    // The tests run in the module's folder, one below the repository root.
    String guide = Files.readString(Path.of("..", "docs", "EVENTBUS.md"));
    String section = guide.substring(guide.indexOf("### Calling the services from your own verticles"));
    int start = section.indexOf("```java\n") + "```java\n".length();
    String sample = section.substring(start, section.indexOf("```", start));
    String source = Files.readString(Path.of("src/main/java/io/eventgate/example/AppointmentViewsVerticle.java"));
    assertThat(unindented(source)).contains(unindented(sample));
  }

  @Test
  void itLooksForTheClusterWhereTheSystemsProcessesDo() throws IOException {
    assertThat(AppointmentsExample.CLUSTER_PORTS).isEqualTo(Cluster.PORT_COUNT);
    JsonObject shipped = new JsonObject(Files.readString(Path.of("..", "conf", "config.json")));
    AppointmentsExample.CLUSTER_DEFAULTS.forEach((name, value) ->
        assertThat(String.valueOf(shipped.getValue(name))).as(name).isEqualTo(value));
  }

  private static String unindented(String code) {
    return code.lines().map(String::strip).collect(Collectors.joining("\n"));
  }

  /** Appointment 1 of the demo data: Clara's, with Erin, scheduled, with an email reminder an hour before. */
  private static void assertTheDemoAppointment(Map<View, JsonObject> answers, boolean asEmployee) {
    assertThat(answers).containsOnlyKeys(View.values());
    answers.values().forEach(data -> assertThat(data.getString("_id")).isEqualTo(AppointmentsExample.DEMO_APPOINTMENT));

    JsonObject standard = answers.get(View.DEFAULT);
    assertThat(standard.getString("status")).isEqualTo("scheduled");
    assertThat(standard.getString("client_id")).isEqualTo(CLARA_CLIENT_ID);
    assertThat(standard.getInteger("duration_minutes")).isEqualTo(45);
    assertThat(standard.containsKey("notes")).as("notes are for employees only").isEqualTo(asEmployee);

    JsonObject scheduler = answers.get(View.USS_SCHEDULER_VIEW);
    assertThat(scheduler.getString("title")).isEqualTo("Initial Consultation – Clara Client");
    assertThat(scheduler.getString("resource_id")).isEqualTo(ERIN_EMPLOYEE_ID);

    JsonObject availability = answers.get(View.USS_AVAILABILITY_VIEW);
    assertThat(availability.getBoolean("blocks_availability")).isTrue();
    assertThat(availability.containsKey("client_id")).as("nothing about the client").isFalse();

    JsonObject notification = answers.get(View.NOTIFICATION_PARAMETERS);
    assertThat(notification.getJsonObject("to").getString("email")).isEqualTo("clara.client@demo.test");
    assertThat(notification.getJsonObject("channels").getBoolean("email")).isTrue();
  }

  private void assertPrintedEveryView() {
    String text = printed.toString(StandardCharsets.UTF_8);
    for (View view : View.values()) {
      assertThat(text).as(view.wireName()).contains(view.wireName() + ": {");
    }
    assertThat(text).contains("\"title\" : \"Initial Consultation – Clara Client\"");
  }
}
