package io.eventgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class AnswerCheckTest {

  private static final String ID = "a1000000-0000-4000-8000-000000000007";

  private static JsonObject defaultView(boolean notes) {
    JsonObject data = new JsonObject().put("_id", ID).put("business_id", "b").put("client_id", "c")
        .put("employee_id", "e").put("service_name", "s").put("status", "scheduled").put("starts_at", "t")
        .put("ends_at", "t").put("duration_minutes", 30).put("timezone", "UTC")
        .put("location", new JsonObject()).put("reminders", new JsonObject()).put("created_at", "t")
        .put("updated_at", "t");
    if (notes) {
      data.put("notes", null);
    }
    return new JsonObject().put("status", "action-successful").put("data", data);
  }

  private static AnswerCheck.Line line(String kind) {
    return new AnswerCheck.Line("token", ID, "default", kind);
  }

  @Test
  void theViewsKeysForTheCallersKindAreRight() {
    assertThat(AnswerCheck.problem(line(Workload.CLIENT), 200, defaultView(false), true)).isNull();
    assertThat(AnswerCheck.problem(line(Workload.EMPLOYEE), 200, defaultView(true), true)).isNull();
  }

  @Test
  void notesShownToAClientOrHiddenFromAnEmployeeAreWrong() {
    assertThat(AnswerCheck.problem(line(Workload.CLIENT), 200, defaultView(true), true)).contains("keys");
    assertThat(AnswerCheck.problem(line(Workload.LIAISON), 200, defaultView(true), true)).contains("keys");
    assertThat(AnswerCheck.problem(line(Workload.EMPLOYEE), 200, defaultView(false), true)).contains("keys");
  }

  @Test
  void anotherAppointmentIsWrongEvenWhenSuccessful() {
    JsonObject answer = defaultView(false);
    answer.getJsonObject("data").put("_id", "a1000000-0000-4000-8000-000000000008");
    assertThat(AnswerCheck.problem(line(Workload.CLIENT), 200, answer, true)).contains("instead of " + ID);
  }

  @Test
  void aFailureOrAnAnswerWithoutDataIsWrong() {
    assertThat(AnswerCheck.problem(line(Workload.CLIENT), 401,
        new JsonObject().put("status", "invalid-token"), true)).contains("401");
    assertThat(AnswerCheck.problem(line(Workload.CLIENT), 200, null, true)).isNotNull();
    assertThat(AnswerCheck.problem(line(Workload.CLIENT), 200,
        new JsonObject().put("status", "action-successful"), true)).contains("no data");
  }

  @Test
  void theBaselinesRowIsCheckedByItsIdOnly() {
    JsonObject row = new JsonObject().put("status", "action-successful")
        .put("data", new JsonObject().put("id", ID).put("notes", "anything"));
    assertThat(AnswerCheck.problem(line(Workload.CLIENT), 200, row, false)).isNull();
    row.getJsonObject("data").put("id", "a1000000-0000-4000-8000-000000000009");
    assertThat(AnswerCheck.problem(line(Workload.CLIENT), 200, row, false)).isNotNull();
  }

  @Test
  void aLineOfTheRequestFileReadsWithOrWithoutTheCallersKind() {
    assertThat(AnswerCheck.Line.parse("t\t" + ID + "\tdefault\temployee"))
        .isEqualTo(new AnswerCheck.Line("t", ID, "default", Workload.EMPLOYEE));
    assertThat(AnswerCheck.Line.parse("t\t" + ID + "\tdefault").kind()).isEqualTo(Workload.CLIENT);
    assertThat(line(Workload.CLIENT).body()).isEqualTo("{\"_id\":\"" + ID + "\",\"view\":\"default\"}");
  }
}
