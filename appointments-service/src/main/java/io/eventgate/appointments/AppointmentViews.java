package io.eventgate.appointments;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The four views of docs/API.md section 6, each a pure function of the appointment, who is looking, and
 * the current time. No I/O here, so every view is tested without a database.
 */
public final class AppointmentViews {

  /** A view: shapes one appointment for one viewer. */
  @FunctionalInterface
  public interface View {
    JsonObject shape(Appointment appointment, Viewer viewer, Instant now);
  }

  /** The views by name, in the order the contract lists them. */
  public static final Map<String, View> VIEWS;

  static {
    Map<String, View> views = new LinkedHashMap<>();
    views.put("default", AppointmentViews::defaultView);
    views.put("uss_scheduler_view", AppointmentViews::schedulerView);
    views.put("uss_availability_view", AppointmentViews::availabilityView);
    views.put("notification_parameters", AppointmentViews::notificationParameters);
    VIEWS = Collections.unmodifiableMap(views);
  }

  private static final Set<String> EDITABLE_STATUSES = Set.of("scheduled", "confirmed");
  private static final Set<String> FREEING_STATUSES = Set.of("cancelled", "no_show");
  private static final DateTimeFormatter LOCAL_WITH_OFFSET = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
  private static final DateTimeFormatter PEOPLE_DATE = DateTimeFormatter.ofPattern("EEEE, MMMM d, yyyy", Locale.US);
  private static final DateTimeFormatter PEOPLE_TIME = DateTimeFormatter.ofPattern("h:mm a", Locale.US);

  private AppointmentViews() {
  }

  public static JsonObject defaultView(Appointment a, Viewer viewer, Instant now) {
    JsonObject json = objectOf(15)
        .put("_id", a.id())
        .put("business_id", a.businessId())
        .put("client_id", a.clientId())
        .put("employee_id", a.employeeId())
        .put("service_name", a.serviceName())
        .put("status", a.status())
        .put("starts_at", utc(a.startsAt()))
        .put("ends_at", utc(a.endsAt()))
        .put("duration_minutes", a.durationMinutes())
        .put("timezone", a.timezone().getId())
        .put("location", new JsonObject().put("name", a.locationName()).put("address", a.locationAddress()));
    if (viewer.seesNotes()) {
      json.put("notes", a.notes());
    }
    return json
        .put("reminders", new JsonObject()
            .put("email", a.reminderEmail())
            .put("sms", a.reminderSms())
            .put("minutes_before", a.reminderMinutesBefore()))
        .put("created_at", utc(a.createdAt()))
        .put("updated_at", utc(a.updatedAt()));
  }

  public static JsonObject schedulerView(Appointment a, Viewer viewer, Instant now) {
    return new JsonObject()
        .put("_id", a.id())
        .put("title", a.serviceName() + " \u2013 " + a.clientName())
        .put("start", local(a, a.startsAt()))
        .put("end", local(a, a.endsAt()))
        .put("timezone", a.timezone().getId())
        .put("status", a.status())
        .put("resource_id", a.employeeId())
        .put("client", new JsonObject().put("_id", a.clientId()).put("name", a.clientName()))
        .put("employee", new JsonObject().put("_id", a.employeeId()).put("name", a.employeeName()))
        .put("location_name", a.locationName())
        .put("editable", EDITABLE_STATUSES.contains(a.status()) && a.startsAt().isAfter(now));
  }

  public static JsonObject availabilityView(Appointment a, Viewer viewer, Instant now) {
    return new JsonObject()
        .put("_id", a.id())
        .put("employee_id", a.employeeId())
        .put("start", local(a, a.startsAt()))
        .put("end", local(a, a.endsAt()))
        .put("timezone", a.timezone().getId())
        .put("blocks_availability", !FREEING_STATUSES.contains(a.status()));
  }

  public static JsonObject notificationParameters(Appointment a, Viewer viewer, Instant now) {
    Integer minutesBefore = a.reminderMinutesBefore();
    ZonedDateTime start = a.startsAt().atZone(a.timezone());
    return new JsonObject()
        .put("_id", a.id())
        .put("to", new JsonObject().put("email", a.clientEmail()).put("name", a.clientName()))
        .put("channels", new JsonObject().put("email", a.reminderEmail()).put("sms", a.reminderSms()))
        .put("send_at", minutesBefore == null ? null : utc(a.startsAt().minusSeconds(60L * minutesBefore)))
        .put("merge_vars", new JsonObject()
            .put("client_first_name", a.clientFirstName())
            .put("client_name", a.clientName())
            .put("employee_name", a.employeeName())
            .put("service_name", a.serviceName())
            .put("appointment_date", PEOPLE_DATE.format(start))
            .put("appointment_time", PEOPLE_TIME.format(start))
            .put("timezone", a.timezone().getId())
            .put("location_name", a.locationName())
            .put("location_address", a.locationAddress())
            .put("duration_minutes", a.durationMinutes())
            .put("status", a.status()));
  }

  /**
   * An empty object with room for {@code keys} keys: a {@code new JsonObject()} holds 12 before its table is
   * doubled and every key rehashed. Key order is still the order of insertion.
   */
  private static JsonObject objectOf(int keys) {
    return new JsonObject(new LinkedHashMap<>(keys * 4 / 3 + 1));
  }

  /** ISO-8601 in UTC with {@code Z}, to the millisecond at most. */
  static String utc(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS).toString();
  }

  /** ISO-8601 local time with its offset in the appointment's timezone, seconds always written. */
  static String local(Appointment a, Instant instant) {
    return LOCAL_WITH_OFFSET.format(instant.atZone(a.timezone()));
  }
}
