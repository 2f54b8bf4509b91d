package io.eventgate.appointments;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The four views of docs/API.md section 6, as pure functions of appointment, viewer and time. */
class AppointmentViewsTest {

  private static final String ID = "a0000000-0000-4000-8000-000000000001";
  private static final String BUSINESS_ID = "b0000000-0000-4000-8000-000000000001";
  private static final String CLIENT_ID = "c0000000-0000-4000-8000-000000000001";
  private static final String EMPLOYEE_ID = "e0000000-0000-4000-8000-000000000001";
  private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
  /** 2:30 PM CST on Tuesday, March 3, 2026. */
  private static final Instant START = Instant.parse("2026-03-03T20:30:00Z");
  private static final Instant BEFORE = Instant.parse("2026-03-01T12:00:00Z");
  private static final Instant AFTER = Instant.parse("2026-03-05T12:00:00Z");
  private static final String NOTES = "Internal: prefers mornings.";

  @Test
  void theFourViewsAreListedInContractOrder() {
    assertThat(AppointmentViews.VIEWS.keySet())
        .containsExactly("default", "uss_scheduler_view", "uss_availability_view", "notification_parameters");
  }

  @Nested
  class DefaultView {

    @Test
    void employeeSeesEveryKeyIncludingNotes() {
      assertThat(shape("default", Viewer.EMPLOYEE).fieldNames()).containsExactlyInAnyOrder(
          "_id", "business_id", "client_id", "employee_id", "service_name", "status", "starts_at", "ends_at",
          "duration_minutes", "timezone", "location", "notes", "reminders", "created_at", "updated_at");
    }

    @ParameterizedTest
    @EnumSource(value = Viewer.class, names = {"CLIENT", "LIAISON"})
    void clientsAndLiaisonsNeverSeeNotes(Viewer viewer) {
      JsonObject data = shape("default", viewer);
      assertThat(data.fieldNames()).containsExactlyInAnyOrder(
          "_id", "business_id", "client_id", "employee_id", "service_name", "status", "starts_at", "ends_at",
          "duration_minutes", "timezone", "location", "reminders", "created_at", "updated_at");
      assertThat(data.encode()).doesNotContain(NOTES);
    }

    @ParameterizedTest
    @EnumSource(Viewer.class)
    void nestedObjectsHaveTheirKeys(Viewer viewer) {
      JsonObject data = shape("default", viewer);
      assertThat(data.getJsonObject("location").fieldNames()).containsExactlyInAnyOrder("name", "address");
      assertThat(data.getJsonObject("reminders").fieldNames())
          .containsExactlyInAnyOrder("email", "sms", "minutes_before");
    }

    @Test
    void valuesAreTheAppointments() {
      JsonObject data = shape("default", Viewer.EMPLOYEE);
      assertThat(data.getString("_id")).isEqualTo(ID);
      assertThat(data.getString("business_id")).isEqualTo(BUSINESS_ID);
      assertThat(data.getString("client_id")).isEqualTo(CLIENT_ID);
      assertThat(data.getString("employee_id")).isEqualTo(EMPLOYEE_ID);
      assertThat(data.getString("service_name")).isEqualTo("Consultation");
      assertThat(data.getString("status")).isEqualTo("scheduled");
      assertThat(data.getInteger("duration_minutes")).isEqualTo(45);
      assertThat(data.getString("timezone")).isEqualTo("America/Chicago");
      assertThat(data.getJsonObject("location"))
          .isEqualTo(new JsonObject().put("name", "Plano Demo Clinic").put("address", "100 Main St, Plano, TX"));
      assertThat(data.getString("notes")).isEqualTo(NOTES);
      assertThat(data.getJsonObject("reminders"))
          .isEqualTo(new JsonObject().put("email", true).put("sms", false).put("minutes_before", 60));
    }

    @Test
    void timesAreUtcWithZ() {
      JsonObject data = shape("default", Viewer.CLIENT);
      assertThat(data.getString("starts_at")).isEqualTo("2026-03-03T20:30:00Z");
      assertThat(data.getString("ends_at")).isEqualTo("2026-03-03T21:15:00Z");
      assertThat(data.getString("created_at")).isEqualTo("2026-02-01T09:00:00Z");
      assertThat(data.getString("updated_at")).isEqualTo("2026-02-02T10:15:30Z");
    }
  }

  @Nested
  class SchedulerView {

    @ParameterizedTest
    @EnumSource(Viewer.class)
    void everyViewerGetsTheSameKeys(Viewer viewer) {
      JsonObject data = shape("uss_scheduler_view", viewer);
      assertThat(data.fieldNames()).containsExactlyInAnyOrder("_id", "title", "start", "end", "timezone", "status",
          "resource_id", "client", "employee", "location_name", "editable");
      assertThat(data.getJsonObject("client").fieldNames()).containsExactlyInAnyOrder("_id", "name");
      assertThat(data.getJsonObject("employee").fieldNames()).containsExactlyInAnyOrder("_id", "name");
      assertThat(data.encode()).doesNotContain(NOTES);
    }

    @Test
    void valuesAreTheAppointments() {
      JsonObject data = shape("uss_scheduler_view", Viewer.EMPLOYEE);
      assertThat(data.getString("_id")).isEqualTo(ID);
      assertThat(data.getString("title")).isEqualTo("Consultation \u2013 Clara Client");
      assertThat(data.getString("timezone")).isEqualTo("America/Chicago");
      assertThat(data.getString("status")).isEqualTo("scheduled");
      assertThat(data.getString("resource_id")).isEqualTo(EMPLOYEE_ID);
      assertThat(data.getJsonObject("client"))
          .isEqualTo(new JsonObject().put("_id", CLIENT_ID).put("name", "Clara Client"));
      assertThat(data.getJsonObject("employee"))
          .isEqualTo(new JsonObject().put("_id", EMPLOYEE_ID).put("name", "Erin Employee"));
      assertThat(data.getString("location_name")).isEqualTo("Plano Demo Clinic");
    }

    @Test
    void startAndEndAreLocalWithOffset() {
      JsonObject data = shape("uss_scheduler_view", Viewer.CLIENT);
      assertThat(data.getString("start")).isEqualTo("2026-03-03T14:30:00-06:00");
      assertThat(data.getString("end")).isEqualTo("2026-03-03T15:15:00-06:00");
    }

    @Test
    void summerTimeHasTheDaylightOffset() {
      Appointment july = appointment("scheduled", Instant.parse("2026-07-14T19:30:00Z"));
      JsonObject data = AppointmentViews.VIEWS.get("uss_scheduler_view").shape(july, Viewer.CLIENT, BEFORE);
      assertThat(data.getString("start")).isEqualTo("2026-07-14T14:30:00-05:00");
      assertThat(data.getString("end")).isEqualTo("2026-07-14T15:15:00-05:00");
    }

    @Test
    void anAppointmentAcrossTheDstChangeEndsInTheNewOffset() {
      // 2026-03-08 02:00 CST becomes 03:00 CDT; 01:30 CST plus 60 minutes is 03:30 CDT.
      Appointment night = new Appointment(ID, BUSINESS_ID, CLIENT_ID, EMPLOYEE_ID, "Consultation", "scheduled",
          Instant.parse("2026-03-08T07:30:00Z"), 60, CHICAGO, "Plano Demo Clinic", "100 Main St, Plano, TX", NOTES,
          true, false, 60, Instant.parse("2026-02-01T09:00:00Z"), Instant.parse("2026-02-02T10:15:30Z"),
          "Clara", "Client", "clara.client@demo.test", "Erin", "Employee");
      JsonObject data = AppointmentViews.VIEWS.get("uss_scheduler_view").shape(night, Viewer.EMPLOYEE, BEFORE);
      assertThat(data.getString("start")).isEqualTo("2026-03-08T01:30:00-06:00");
      assertThat(data.getString("end")).isEqualTo("2026-03-08T03:30:00-05:00");
    }

    @ParameterizedTest
    @ValueSource(strings = {"scheduled", "confirmed"})
    void openStatusesInTheFutureAreEditable(String status) {
      assertThat(editable(status, BEFORE)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"scheduled", "confirmed"})
    void openStatusesInThePastAreNotEditable(String status) {
      assertThat(editable(status, AFTER)).isFalse();
    }

    @Test
    void anAppointmentStartingNowIsNotEditable() {
      assertThat(editable("scheduled", START)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cancelled", "completed", "no_show"})
    void closedStatusesAreNeverEditable(String status) {
      assertThat(editable(status, BEFORE)).isFalse();
      assertThat(editable(status, AFTER)).isFalse();
    }

    private boolean editable(String status, Instant now) {
      return AppointmentViews.VIEWS.get("uss_scheduler_view")
          .shape(appointment(status, START), Viewer.EMPLOYEE, now).getBoolean("editable");
    }
  }

  @Nested
  class AvailabilityView {

    @ParameterizedTest
    @EnumSource(Viewer.class)
    void everyViewerGetsTheSameKeys(Viewer viewer) {
      assertThat(shape("uss_availability_view", viewer).fieldNames()).containsExactlyInAnyOrder(
          "_id", "employee_id", "start", "end", "timezone", "blocks_availability");
    }

    @ParameterizedTest
    @EnumSource(Viewer.class)
    void nothingAboutTheClient(Viewer viewer) {
      JsonObject data = shape("uss_availability_view", viewer);
      assertThat(data.fieldNames()).noneMatch(key -> key.contains("client"));
      assertThat(data.encode()).doesNotContain(CLIENT_ID, "Clara", "Client", "clara.client@demo.test", NOTES);
    }

    @Test
    void valuesAreTheAppointments() {
      JsonObject data = shape("uss_availability_view", Viewer.EMPLOYEE);
      assertThat(data.getString("_id")).isEqualTo(ID);
      assertThat(data.getString("employee_id")).isEqualTo(EMPLOYEE_ID);
      assertThat(data.getString("start")).isEqualTo("2026-03-03T14:30:00-06:00");
      assertThat(data.getString("end")).isEqualTo("2026-03-03T15:15:00-06:00");
      assertThat(data.getString("timezone")).isEqualTo("America/Chicago");
    }

    @Test
    void summerTimeHasTheDaylightOffset() {
      Appointment july = appointment("scheduled", Instant.parse("2026-07-14T19:30:00Z"));
      JsonObject data = AppointmentViews.VIEWS.get("uss_availability_view").shape(july, Viewer.EMPLOYEE, BEFORE);
      assertThat(data.getString("start")).isEqualTo("2026-07-14T14:30:00-05:00");
      assertThat(data.getString("end")).isEqualTo("2026-07-14T15:15:00-05:00");
    }

    @ParameterizedTest
    @ValueSource(strings = {"scheduled", "confirmed", "completed"})
    void otherStatusesBlockAvailability(String status) {
      assertThat(blocks(status)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cancelled", "no_show"})
    void cancelledAndNoShowFreeTheSlot(String status) {
      assertThat(blocks(status)).isFalse();
    }

    private boolean blocks(String status) {
      return AppointmentViews.VIEWS.get("uss_availability_view")
          .shape(appointment(status, START), Viewer.EMPLOYEE, BEFORE).getBoolean("blocks_availability");
    }
  }

  @Nested
  class NotificationParameters {

    @ParameterizedTest
    @EnumSource(Viewer.class)
    void everyViewerGetsTheSameKeys(Viewer viewer) {
      JsonObject data = shape("notification_parameters", viewer);
      assertThat(data.fieldNames()).containsExactlyInAnyOrder("_id", "to", "channels", "send_at", "merge_vars");
      assertThat(data.getJsonObject("to").fieldNames()).containsExactlyInAnyOrder("email", "name");
      assertThat(data.getJsonObject("channels").fieldNames()).containsExactlyInAnyOrder("email", "sms");
      assertThat(data.getJsonObject("merge_vars").fieldNames()).containsExactlyInAnyOrder(
          "client_first_name", "client_name", "employee_name", "service_name", "appointment_date",
          "appointment_time", "timezone", "location_name", "location_address", "duration_minutes", "status");
      assertThat(data.encode()).doesNotContain(NOTES);
    }

    @Test
    void theRecipientIsTheClient() {
      JsonObject data = shape("notification_parameters", Viewer.EMPLOYEE);
      assertThat(data.getString("_id")).isEqualTo(ID);
      assertThat(data.getJsonObject("to"))
          .isEqualTo(new JsonObject().put("email", "clara.client@demo.test").put("name", "Clara Client"));
      assertThat(data.getJsonObject("channels")).isEqualTo(new JsonObject().put("email", true).put("sms", false));
    }

    @Test
    void sendAtIsStartMinusMinutesBeforeInUtc() {
      assertThat(shape("notification_parameters", Viewer.EMPLOYEE).getString("send_at"))
          .isEqualTo("2026-03-03T19:30:00Z");
    }

    @Test
    void mergeVarsAreWrittenForPeopleInTheAppointmentsTimezone() {
      JsonObject vars = shape("notification_parameters", Viewer.CLIENT).getJsonObject("merge_vars");
      assertThat(vars).isEqualTo(new JsonObject()
          .put("client_first_name", "Clara")
          .put("client_name", "Clara Client")
          .put("employee_name", "Erin Employee")
          .put("service_name", "Consultation")
          .put("appointment_date", "Tuesday, March 3, 2026")
          .put("appointment_time", "2:30 PM")
          .put("timezone", "America/Chicago")
          .put("location_name", "Plano Demo Clinic")
          .put("location_address", "100 Main St, Plano, TX")
          .put("duration_minutes", 45)
          .put("status", "scheduled"));
    }

    @Test
    void theLocalDateIsUsedWhenUtcIsAlreadyTheNextDay() {
      // 2026-03-04T03:00Z is 9:00 PM on Tuesday, March 3 in Chicago.
      Appointment evening = appointment("scheduled", Instant.parse("2026-03-04T03:00:00Z"));
      JsonObject vars = AppointmentViews.VIEWS.get("notification_parameters")
          .shape(evening, Viewer.EMPLOYEE, BEFORE).getJsonObject("merge_vars");
      assertThat(vars.getString("appointment_date")).isEqualTo("Tuesday, March 3, 2026");
      assertThat(vars.getString("appointment_time")).isEqualTo("9:00 PM");
    }

    @Test
    void morningTimesAreWrittenWithAm() {
      Appointment morning = appointment("scheduled", Instant.parse("2026-07-14T14:05:00Z"));
      JsonObject vars = AppointmentViews.VIEWS.get("notification_parameters")
          .shape(morning, Viewer.EMPLOYEE, BEFORE).getJsonObject("merge_vars");
      assertThat(vars.getString("appointment_date")).isEqualTo("Tuesday, July 14, 2026");
      assertThat(vars.getString("appointment_time")).isEqualTo("9:05 AM");
    }
  }

  // --- helpers ---

  private static JsonObject shape(String view, Viewer viewer) {
    JsonObject data = AppointmentViews.VIEWS.get(view).shape(appointment("scheduled", START), viewer, BEFORE);
    assertThat(data.getString("_id")).isEqualTo(ID);
    return data;
  }

  /** Clara Client's 45-minute consultation with Erin Employee in Chicago; email reminder 60 minutes before. */
  private static Appointment appointment(String status, Instant startsAt) {
    return new Appointment(ID, BUSINESS_ID, CLIENT_ID, EMPLOYEE_ID, "Consultation", status, startsAt, 45, CHICAGO,
        "Plano Demo Clinic", "100 Main St, Plano, TX", NOTES, true, false, 60,
        Instant.parse("2026-02-01T09:00:00Z"), Instant.parse("2026-02-02T10:15:30Z"),
        "Clara", "Client", "clara.client@demo.test", "Erin", "Employee");
  }
}
