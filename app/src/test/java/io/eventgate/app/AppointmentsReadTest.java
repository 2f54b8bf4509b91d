package io.eventgate.app;

import static io.eventgate.app.StatusCatalogTest.assertStatus;
import static io.eventgate.app.TestSystem.APPOINTMENT_1;
import static io.eventgate.app.TestSystem.APPOINTMENT_2;
import static io.eventgate.app.TestSystem.APPOINTMENT_3;
import static io.eventgate.app.TestSystem.CLARA;
import static io.eventgate.app.TestSystem.COLIN;
import static io.eventgate.app.TestSystem.ERIN;
import static io.eventgate.app.TestSystem.LIAM;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.testkit.Answer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /api/v1/appointments/read} through HTTP: the views for each role and who may read what. */
class AppointmentsReadTest {

  private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
  private static final String[] DEFAULT_KEYS = {"_id", "business_id", "client_id", "employee_id", "service_name",
      "status", "starts_at", "ends_at", "duration_minutes", "timezone", "location", "reminders", "created_at",
      "updated_at"};
  private static final String[] SCHEDULER_KEYS = {"_id", "title", "start", "end", "timezone", "status",
      "resource_id", "client", "employee", "location_name", "editable"};
  private static final String[] AVAILABILITY_KEYS = {"_id", "employee_id", "start", "end", "timezone",
      "blocks_availability"};
  private static final String[] NOTIFICATION_KEYS = {"_id", "to", "channels", "send_at", "merge_vars"};
  private static final String[] MERGE_VAR_KEYS = {"client_first_name", "client_name", "employee_name",
      "service_name", "appointment_date", "appointment_time", "timezone", "location_name", "location_address",
      "duration_minutes", "status"};

  private static final TestSystem SYSTEM = TestSystem.get();
  private static String clara;
  private static String colin;
  private static String erin;
  private static String liam;

  @BeforeAll
  static void logIn() {
    clara = SYSTEM.token(CLARA);
    colin = SYSTEM.token(COLIN);
    erin = SYSTEM.token(ERIN);
    liam = SYSTEM.token(LIAM);
  }

  @Test
  void theDefaultViewIsTheDefault() {
    assertThat(read(clara, APPOINTMENT_1, null)).isEqualTo(read(clara, APPOINTMENT_1, "default"));
  }

  @Test
  void defaultViewKeysForEachRole() {
    assertThat(read(erin, APPOINTMENT_1, "default").fieldNames())
        .containsExactlyInAnyOrder(with(DEFAULT_KEYS, "notes"));
    assertThat(read(clara, APPOINTMENT_1, "default").fieldNames()).containsExactlyInAnyOrder(DEFAULT_KEYS);
    assertThat(read(liam, APPOINTMENT_1, "default").fieldNames()).containsExactlyInAnyOrder(DEFAULT_KEYS);
  }

  @Test
  void notesAreForEmployeesOnly() {
    assertThat(read(erin, APPOINTMENT_3, "default").getString("notes")).isEqualTo("Follow-up in six weeks.");
    assertThat(read(clara, APPOINTMENT_3, "default").containsKey("notes")).isFalse();
    assertThat(read(liam, APPOINTMENT_3, "default").containsKey("notes")).isFalse();
    for (String view : new String[] {"uss_scheduler_view", "uss_availability_view", "notification_parameters"}) {
      assertThat(read(erin, APPOINTMENT_3, view).encode()).doesNotContain("Follow-up in six weeks.");
    }
  }

  @Test
  void otherViewsHaveTheSameKeysForEveryRole() {
    for (String token : new String[] {erin, clara, liam}) {
      assertThat(read(token, APPOINTMENT_1, "uss_scheduler_view").fieldNames())
          .containsExactlyInAnyOrder(SCHEDULER_KEYS);
      assertThat(read(token, APPOINTMENT_1, "uss_availability_view").fieldNames())
          .containsExactlyInAnyOrder(AVAILABILITY_KEYS);
      JsonObject notification = read(token, APPOINTMENT_1, "notification_parameters");
      assertThat(notification.fieldNames()).containsExactlyInAnyOrder(NOTIFICATION_KEYS);
      assertThat(notification.getJsonObject("merge_vars").fieldNames()).containsExactlyInAnyOrder(MERGE_VAR_KEYS);
    }
  }

  @Test
  void defaultViewValuesOfTheDemoAppointment() {
    JsonObject data = read(clara, APPOINTMENT_1, "default");
    ZonedDateTime start = demoStart(2, LocalTime.of(14, 30));
    assertThat(data.getString("_id")).isEqualTo(APPOINTMENT_1);
    assertThat(data.getString("business_id")).isEqualTo("b0000000-0000-4000-8000-000000000001");
    assertThat(data.getString("status")).isEqualTo("scheduled");
    assertThat(data.getString("starts_at")).isEqualTo(start.toInstant().toString()).endsWith("Z");
    assertThat(data.getString("ends_at")).isEqualTo(start.plusMinutes(45).toInstant().toString());
    assertThat(data.getInteger("duration_minutes")).isEqualTo(45);
    assertThat(data.getString("timezone")).isEqualTo("America/Chicago");
    assertThat(data.getJsonObject("location").fieldNames()).containsExactlyInAnyOrder("name", "address");
    assertThat(data.getJsonObject("reminders"))
        .isEqualTo(new JsonObject().put("email", true).put("sms", false).put("minutes_before", 60));
    assertThat(Instant.parse(data.getString("created_at"))).isBefore(Instant.now().plusSeconds(1));
  }

  @Test
  void schedulerViewIsInLocalTimeAndEditableOnlyForUpcomingOpenAppointments() {
    JsonObject data = read(erin, APPOINTMENT_1, "uss_scheduler_view");
    ZonedDateTime start = demoStart(2, LocalTime.of(14, 30));
    assertThat(data.getString("title")).isEqualTo("Initial Consultation \u2013 Clara Client");
    assertThat(data.getString("start")).isEqualTo(
        DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(start));
    assertThat(data.getString("end")).startsWith(start.toLocalDate() + "T15:15:00");
    assertThat(data.getString("resource_id")).isEqualTo("e0000000-0000-4000-8000-000000000001");
    assertThat(data.getJsonObject("client")).isEqualTo(
        new JsonObject().put("_id", "c0000000-0000-4000-8000-000000000001").put("name", "Clara Client"));
    assertThat(data.getJsonObject("employee").getString("name")).isEqualTo("Erin Employee");
    assertThat(data.getBoolean("editable")).isTrue();
    assertThat(read(erin, APPOINTMENT_2, "uss_scheduler_view").getBoolean("editable")).isFalse();
    assertThat(read(erin, APPOINTMENT_3, "uss_scheduler_view").getBoolean("editable")).isFalse();
  }

  @Test
  void availabilityViewSaysNothingAboutTheClient() {
    JsonObject data = read(erin, APPOINTMENT_1, "uss_availability_view");
    assertThat(data.encode()).doesNotContain("Clara", "c0000000-0000-4000-8000-000000000001");
    assertThat(data.getBoolean("blocks_availability")).isTrue();
    assertThat(read(erin, APPOINTMENT_2, "uss_availability_view").getBoolean("blocks_availability")).isFalse();
    assertThat(read(erin, APPOINTMENT_3, "uss_availability_view").getBoolean("blocks_availability")).isTrue();
  }

  @Test
  void notificationParametersAreWrittenForPeopleInTheAppointmentsTimezone() {
    JsonObject data = read(clara, APPOINTMENT_1, "notification_parameters");
    ZonedDateTime start = demoStart(2, LocalTime.of(14, 30));
    assertThat(data.getJsonObject("to"))
        .isEqualTo(new JsonObject().put("email", "clara.client@demo.test").put("name", "Clara Client"));
    assertThat(data.getJsonObject("channels")).isEqualTo(new JsonObject().put("email", true).put("sms", false));
    assertThat(data.getString("send_at")).isEqualTo(start.minusMinutes(60).toInstant().toString());
    JsonObject vars = data.getJsonObject("merge_vars");
    assertThat(vars.getString("appointment_date")).isEqualTo(
        start.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US) + ", "
            + start.getMonth().getDisplayName(TextStyle.FULL, Locale.US) + " "
            + start.getDayOfMonth() + ", " + start.getYear());
    assertThat(vars.getString("appointment_time")).isEqualTo("2:30 PM");
    assertThat(vars.getString("client_first_name")).isEqualTo("Clara");
    assertThat(vars.getString("employee_name")).isEqualTo("Erin Employee");
    assertThat(vars.getInteger("duration_minutes")).isEqualTo(45);
  }

  @Test
  void anEmployeeOfTheBusinessReadsEveryAppointmentOfIt() {
    for (String id : new String[] {APPOINTMENT_1, APPOINTMENT_2, APPOINTMENT_3}) {
      assertThat(read(erin, id, null).getString("_id")).isEqualTo(id);
    }
  }

  @Test
  void aClientReadsOnlyTheirOwnAppointments() {
    assertThat(read(clara, APPOINTMENT_3, null).getString("_id")).isEqualTo(APPOINTMENT_3);
    assertThat(read(colin, APPOINTMENT_2, null).getString("_id")).isEqualTo(APPOINTMENT_2);
    assertHiddenLikeMissing(SYSTEM.read(clara, APPOINTMENT_2, null));
    assertHiddenLikeMissing(SYSTEM.read(colin, APPOINTMENT_1, null));
  }

  @Test
  void aLiaisonReadsTheAppointmentsOfLinkedClientsOnly() {
    assertThat(read(liam, APPOINTMENT_1, null).getString("_id")).isEqualTo(APPOINTMENT_1);
    assertThat(read(liam, APPOINTMENT_3, null).getString("_id")).isEqualTo(APPOINTMENT_3);
    assertHiddenLikeMissing(SYSTEM.read(liam, APPOINTMENT_2, null));
  }

  @Test
  void anAppointmentThatDoesNotExistAndOneThatIsHiddenGetTheSameAnswer() {
    Answer missing = SYSTEM.read(clara, "a0000000-0000-4000-8000-00000000ffff", null);
    Answer hidden = SYSTEM.read(clara, APPOINTMENT_2, null);
    assertHiddenLikeMissing(missing);
    assertThat(hidden.json().getString("message")).isEqualTo(missing.json().getString("message"));
  }

  @Test
  void anUpperCaseUuidReadsTheSameAppointment() {
    assertThat(read(clara, APPOINTMENT_1.toUpperCase(Locale.ROOT), null).getString("_id")).isEqualTo(APPOINTMENT_1);
  }

  @Test
  void anUnknownViewIsAnInvalidParam() {
    Answer answer = SYSTEM.read(clara, APPOINTMENT_1, "Default");
    assertStatus(answer, 400, "invalid-param");
    assertThat(answer.param()).isEqualTo("view");
  }

  private static void assertHiddenLikeMissing(Answer answer) {
    assertStatus(answer, 400, "invalid-param");
    assertThat(answer.param()).isEqualTo("_id");
    assertThat(answer.json().containsKey("data")).isFalse();
  }

  private static JsonObject read(String token, String id, String view) {
    Answer answer = SYSTEM.read(token, id, view);
    assertStatus(answer, 200, "action-successful");
    return answer.data();
  }

  /** When a demo appointment starts: days after the start-up date in Chicago, at a local time. */
  private static ZonedDateTime demoStart(int days, LocalTime time) {
    return LocalDate.now(CHICAGO).plusDays(days).atTime(time).atZone(CHICAGO);
  }

  private static String[] with(String[] keys, String extra) {
    String[] all = Arrays.copyOf(keys, keys.length + 1);
    all[keys.length] = extra;
    return all;
  }
}
