package io.eventgate.appointments;

import java.time.Instant;
import java.time.ZoneId;

/** One appointment with the people and business it involves, as read in one query. */
public record Appointment(
    String id, String businessId, String clientId, String employeeId,
    String serviceName, String status, Instant startsAt, int durationMinutes, ZoneId timezone,
    String locationName, String locationAddress, String notes,
    boolean reminderEmail, boolean reminderSms, Integer reminderMinutesBefore,
    Instant createdAt, Instant updatedAt,
    String clientFirstName, String clientLastName, String clientEmail,
    String employeeFirstName, String employeeLastName) {

  public Instant endsAt() {
    return startsAt.plusSeconds(60L * durationMinutes);
  }

  public String clientName() {
    return clientFirstName + " " + clientLastName;
  }

  public String employeeName() {
    return employeeFirstName + " " + employeeLastName;
  }
}
