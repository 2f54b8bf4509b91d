package io.eventgate.appointments;

import static io.eventgate.appointments.AppointmentStore.ReadColumn.*;

import io.eventgate.common.db.Database;
import io.eventgate.common.db.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
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

  /**
   * {@link #READ}'s columns in its SELECT order, so a row is read by position: looking a column up by name
   * hashes the name on every read, a few percent of the event loop. Each constant is its column's label in
   * upper case (PipelinedReadTest compares them with the labels PostgreSQL returns for READ).
   */
  public enum ReadColumn {
    ID, BUSINESS_ID, CLIENT_ID, EMPLOYEE_ID, SERVICE_NAME, STATUS, STARTS_AT,
    DURATION_MINUTES, TIMEZONE, LOCATION_NAME, LOCATION_ADDRESS, NOTES,
    REMINDER_EMAIL, REMINDER_SMS, REMINDER_MINUTES_BEFORE, CREATED_AT, UPDATED_AT,
    CLIENT_FIRST_NAME, CLIENT_LAST_NAME, CLIENT_EMAIL,
    EMPLOYEE_FIRST_NAME, EMPLOYEE_LAST_NAME,
    LIAISON_LINKED;

    /** The column's position in a row of {@link #READ}. */
    public int index() {
      return ordinal();
    }
  }

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
      return new Found(toAppointment(row), row.getBoolean(LIAISON_LINKED.index()));
    });
  }

  private static Appointment toAppointment(Row row) {
    return new Appointment(
        row.getUUID(ID.index()).toString(), row.getUUID(BUSINESS_ID.index()).toString(),
        row.getUUID(CLIENT_ID.index()).toString(), row.getUUID(EMPLOYEE_ID.index()).toString(),
        row.getString(SERVICE_NAME.index()), row.getString(STATUS.index()),
        Rows.instant(row, STARTS_AT.index()), row.getInteger(DURATION_MINUTES.index()),
        ZoneIds.of(row.getString(TIMEZONE.index())),
        row.getString(LOCATION_NAME.index()), row.getString(LOCATION_ADDRESS.index()), row.getString(NOTES.index()),
        row.getBoolean(REMINDER_EMAIL.index()), row.getBoolean(REMINDER_SMS.index()),
        row.getInteger(REMINDER_MINUTES_BEFORE.index()),
        Rows.instant(row, CREATED_AT.index()), Rows.instant(row, UPDATED_AT.index()),
        row.getString(CLIENT_FIRST_NAME.index()), row.getString(CLIENT_LAST_NAME.index()),
        row.getString(CLIENT_EMAIL.index()),
        row.getString(EMPLOYEE_FIRST_NAME.index()), row.getString(EMPLOYEE_LAST_NAME.index()));
  }

  /** The appointment, and whether the caller's liaison record is linked to its client. */
  record Found(Appointment appointment, boolean liaisonLinked) {
  }
}
