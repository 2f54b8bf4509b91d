package io.eventgate.bench;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Whether one answer to a read is right: a 200 with {@code action-successful}, the appointment asked for,
 * and, from the gateway, exactly the keys its view has for this kind of caller (docs/API.md, section 6).
 * The baseline answers the row as it is: only its id is checked.
 */
final class AnswerCheck {

  private static final Set<String> DEFAULT_VIEW = Set.of("_id", "business_id", "client_id", "employee_id",
      "service_name", "status", "starts_at", "ends_at", "duration_minutes", "timezone", "location", "reminders",
      "created_at", "updated_at");
  private static final Map<String, Set<String>> VIEW_KEYS = Map.of(
      "default", DEFAULT_VIEW,
      "uss_scheduler_view", Set.of("_id", "title", "start", "end", "timezone", "status", "resource_id", "client",
          "employee", "location_name", "editable"),
      "uss_availability_view", Set.of("_id", "employee_id", "start", "end", "timezone", "blocks_availability"),
      "notification_parameters", Set.of("_id", "to", "channels", "send_at", "merge_vars"));

  private AnswerCheck() {
  }

  /** One line of a request file: token, appointment id, view, caller's kind. */
  record Line(String token, String id, String view, String kind) {

    static Line parse(String line) {
      String[] f = line.split("\t");
      return new Line(f[0], f[1], f[2], f.length > 3 ? f[3] : Workload.CLIENT);
    }

    String body() {
      return "{\"_id\":\"" + id + "\",\"view\":\"" + view + "\"}";
    }
  }

  static List<Line> lines(List<String> file) {
    return file.stream().map(Line::parse).toList();
  }

  /** What is wrong with this answer, or null when it is right. */
  static String problem(Line asked, int code, JsonObject body, boolean gateway) {
    if (code != 200 || body == null || !"action-successful".equals(body.getString("status"))) {
      return "HTTP " + code + " " + (body == null ? "without a JSON body" : body.getString("status"));
    }
    Object data = body.getValue("data");
    if (!(data instanceof JsonObject appointment)) {
      return "no data object";
    }
    String id = appointment.getValue(gateway ? "_id" : "id") instanceof String s ? s : null;
    if (!asked.id().equals(id)) {
      return "data for " + id + " instead of " + asked.id();
    }
    if (gateway) {
      Set<String> expected = expectedKeys(asked);
      if (!appointment.fieldNames().equals(expected)) {
        return "view " + asked.view() + " for a " + asked.kind() + " has keys " + appointment.fieldNames()
            + ", not " + expected;
      }
    }
    return null;
  }

  private static Set<String> expectedKeys(Line asked) {
    Set<String> keys = VIEW_KEYS.get(asked.view());
    // Only employees see the internal notes.
    return asked.view().equals("default") && asked.kind().equals(Workload.EMPLOYEE)
        ? Stream.concat(keys.stream(), Stream.of("notes")).collect(Collectors.toSet()) : keys;
  }
}
