package io.eventgate.appointments;

import io.eventgate.common.db.Database;
import io.eventgate.common.db.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneId;
import java.util.UUID;

/** The appointments SQL: one query for the appointment, its client, employee, and the caller's liaison link. */
public final class AppointmentStore {

  /**
   * The read; public so that the benchmark's baseline server asks PostgreSQL for exactly the same work. Its
   * generic plan (the one a prepared statement settles on after five runs) is primary-key probes only, on
   * connections that price random reads as cached ({@link Database#pipelinedClient}): appointment, client,
   * employee; the liaison link's index probe runs only for a caller with a liaison record.
   */
  public static final String READ =
      "SELECT a.id, a.business_id, a.client_id, a.employee_id, a.service_name, a.status, a.starts_at,"
          + " a.duration_minutes, a.timezone, a.location_name, a.location_address, a.notes,"
          + " a.reminder_email, a.reminder_sms, a.reminder_minutes_before, a.created_at, a.updated_at,"
          + " c.first_name AS client_first_name, c.last_name AS client_last_name, c.email AS client_email,"
          + " e.first_name AS employee_first_name, e.last_name AS employee_last_name,"
          + " $2::uuid IS NOT NULL AND EXISTS (SELECT 1 FROM liaison_clients lc"
          + "         WHERE lc.client_id = a.client_id AND lc.liaison_id = $2::uuid) AS liaison_linked"
          + " FROM appointments a"
          + " JOIN clients c ON c.id = a.client_id"
          + " JOIN employees e ON e.id = a.employee_id"
          + " WHERE a.id = $1";

  private final SqlClient client;

  AppointmentStore(SqlClient client) {
    this.client = client;
  }

  /** The appointment, or {@code null} when none has this id. */
  Future<Found> read(UUID id, UUID liaisonId) {
    return client.preparedQuery(READ).execute(Tuple.of(id, liaisonId)).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row row = rows.iterator().next();
      return new Found(toAppointment(row), row.getBoolean("liaison_linked"));
    });
  }

  private static Appointment toAppointment(Row row) {
    return new Appointment(
        row.getUUID("id").toString(), row.getUUID("business_id").toString(), row.getUUID("client_id").toString(),
        row.getUUID("employee_id").toString(), row.getString("service_name"), row.getString("status"),
        Rows.instant(row, "starts_at"), row.getInteger("duration_minutes"), ZoneId.of(row.getString("timezone")),
        row.getString("location_name"), row.getString("location_address"), row.getString("notes"),
        row.getBoolean("reminder_email"), row.getBoolean("reminder_sms"), row.getInteger("reminder_minutes_before"),
        Rows.instant(row, "created_at"), Rows.instant(row, "updated_at"),
        row.getString("client_first_name"), row.getString("client_last_name"), row.getString("client_email"),
        row.getString("employee_first_name"), row.getString("employee_last_name"));
  }


  /** The appointment, and whether the caller's liaison record is linked to its client. */
  record Found(Appointment appointment, boolean liaisonLinked) {
  }
}
