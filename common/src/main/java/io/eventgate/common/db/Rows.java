package io.eventgate.common.db;

import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Reading the platform's column types from a row, the same way in every store. */
public final class Rows {

  private Rows() {
  }

  /** A {@code timestamptz} column as an instant, or {@code null}. */
  public static Instant instant(Row row, String column) {
    return instant(row.getOffsetDateTime(column));
  }

  /** A {@code timestamptz} column, by its position, as an instant, or {@code null}. */
  public static Instant instant(Row row, int column) {
    return instant(row.getOffsetDateTime(column));
  }

  private static Instant instant(OffsetDateTime value) {
    return value == null ? null : value.toInstant();
  }
}
