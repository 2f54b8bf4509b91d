package io.eventgate.appointments;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.common.bus.Caller;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Who may read an appointment (docs/API.md section 6); {@code null} means invalid-param on {@code _id}. */
class ViewerTest {

  private static final String BUSINESS_ID = "b0000000-0000-4000-8000-000000000001";
  private static final String OTHER_BUSINESS_ID = "b0000000-0000-4000-8000-000000000002";
  private static final String CLIENT_ID = "c0000000-0000-4000-8000-000000000001";
  private static final String OTHER_CLIENT_ID = "c0000000-0000-4000-8000-000000000002";
  private static final String EMPLOYEE_ID = "e0000000-0000-4000-8000-000000000001";
  private static final String LIAISON_ID = "l0000000-0000-4000-8000-000000000001";
  private static final Appointment APPOINTMENT = appointment();

  @Test
  void employeeOfTheBusinessIsAnEmployeeViewer() {
    assertThat(Viewer.of(employee(BUSINESS_ID), APPOINTMENT, false)).isEqualTo(Viewer.EMPLOYEE);
  }

  @Test
  void anotherEmployeeOfTheBusinessIsAnEmployeeViewerToo() {
    Caller colleague = new Caller("u9", "s9", null, "e0000000-0000-4000-8000-000000000009", null, BUSINESS_ID);
    assertThat(Viewer.of(colleague, APPOINTMENT, false)).isEqualTo(Viewer.EMPLOYEE);
  }

  @Test
  void employeeOfAnotherBusinessMayNotSee() {
    assertThat(Viewer.of(employee(OTHER_BUSINESS_ID), APPOINTMENT, false)).isNull();
  }

  @Test
  void aBusinessIdWithoutAnEmployeeRecordIsNotEnough() {
    Caller notEmployee = new Caller("u1", "s1", null, null, null, BUSINESS_ID);
    assertThat(Viewer.of(notEmployee, APPOINTMENT, false)).isNull();
  }

  @Test
  void theAppointmentsClientIsAClientViewer() {
    assertThat(Viewer.of(client(CLIENT_ID), APPOINTMENT, false)).isEqualTo(Viewer.CLIENT);
  }

  @Test
  void anotherClientMayNotSee() {
    assertThat(Viewer.of(client(OTHER_CLIENT_ID), APPOINTMENT, false)).isNull();
  }

  @Test
  void aLinkedLiaisonIsALiaisonViewer() {
    assertThat(Viewer.of(liaison(), APPOINTMENT, true)).isEqualTo(Viewer.LIAISON);
  }

  @Test
  void anUnlinkedLiaisonMayNotSee() {
    assertThat(Viewer.of(liaison(), APPOINTMENT, false)).isNull();
  }

  @Test
  void aLinkWithoutALiaisonRecordIsNotEnough() {
    assertThat(Viewer.of(client(OTHER_CLIENT_ID), APPOINTMENT, true)).isNull();
  }

  @Test
  void anonymousMayNotSee() {
    assertThat(Viewer.of(Caller.ANONYMOUS, APPOINTMENT, false)).isNull();
    assertThat(Viewer.of(Caller.ANONYMOUS, APPOINTMENT, true)).isNull();
  }

  @Test
  void onlyEmployeesSeeNotes() {
    assertThat(Viewer.EMPLOYEE.seesNotes()).isTrue();
    assertThat(Viewer.CLIENT.seesNotes()).isFalse();
    assertThat(Viewer.LIAISON.seesNotes()).isFalse();
  }

  // --- helpers ---

  private static Caller employee(String businessId) {
    return new Caller("u3", "s3", null, EMPLOYEE_ID, null, businessId);
  }

  private static Caller client(String clientId) {
    return new Caller("u1", "s1", clientId, null, null, null);
  }

  private static Caller liaison() {
    return new Caller("u4", "s4", null, null, LIAISON_ID, null);
  }

  private static Appointment appointment() {
    return new Appointment("a0000000-0000-4000-8000-000000000001", BUSINESS_ID, CLIENT_ID, EMPLOYEE_ID,
        "Consultation", "scheduled", Instant.parse("2026-03-03T20:30:00Z"), 45, ZoneId.of("America/Chicago"),
        "Plano Demo Clinic", "100 Main St, Plano, TX", "Internal notes.", true, false, 60,
        Instant.parse("2026-02-01T09:00:00Z"), Instant.parse("2026-02-02T10:15:30Z"),
        "Clara", "Client", "clara.client@demo.test", "Erin", "Employee");
  }
}
