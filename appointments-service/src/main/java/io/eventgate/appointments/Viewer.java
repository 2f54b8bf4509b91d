package io.eventgate.appointments;

import io.eventgate.common.bus.Caller;

/** How the caller relates to an appointment, which decides whether they may read it and what they see. */
public enum Viewer {
  EMPLOYEE, CLIENT, LIAISON;

  /**
   * The visibility rule of docs/API.md section 6: an employee of the appointment's business, the client of
   * the appointment, or a liaison linked to that client; {@code null} for anybody else.
   */
  public static Viewer of(Caller caller, Appointment appointment, boolean liaisonLinked) {
    if (caller.employeeId() != null && appointment.businessId().equals(caller.businessId())) {
      return EMPLOYEE;
    }
    if (appointment.clientId().equals(caller.clientId())) {
      return CLIENT;
    }
    if (caller.liaisonId() != null && liaisonLinked) {
      return LIAISON;
    }
    return null;
  }

  /** Internal notes are for the business's staff only. */
  public boolean seesNotes() {
    return this == EMPLOYEE;
  }
}
