package io.eventgate.gateway.users;

import io.eventgate.common.db.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/** The SQL of the users service. */
final class UserStore {

  private static final String FIND_BY_EMAIL =
      "SELECT id, email, password_hash, first_name, last_name FROM users WHERE lower(email) = lower($1)";
  private static final String INSERT_CLIENT =
      "INSERT INTO clients (id, user_id, first_name, last_name, email, phone)"
          + " SELECT $1, u.id, $3, $4, u.email, $5 FROM users u WHERE u.id = $2"
          + " ON CONFLICT (user_id) DO NOTHING RETURNING id, first_name, last_name, email, phone, created_at";

  private final Pool pool;

  UserStore(Pool pool) {
    this.pool = pool;
  }

  /** The user with this email (any case) and its password hash, or {@code null}. */
  Future<UserRow> findByEmail(String email) {
    return pool.preparedQuery(FIND_BY_EMAIL).execute(Tuple.of(email)).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row row = rows.iterator().next();
      return new UserRow(row.getUUID("id"), row.getString("email"), row.getString("password_hash"),
          row.getString("first_name"), row.getString("last_name"));
    });
  }

  /** Creates the user's client record; {@code null} when the user already has one. */
  Future<JsonObject> insertClient(UUID userId, String firstName, String lastName, String phone) {
    return pool.preparedQuery(INSERT_CLIENT)
        .execute(Tuple.of(UUID.randomUUID(), userId, firstName, lastName, phone))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row row = rows.iterator().next();
          return new JsonObject()
              .put("_id", row.getUUID("id").toString())
              .put("user_id", userId.toString())
              .put("first_name", row.getString("first_name"))
              .put("last_name", row.getString("last_name"))
              .put("email", row.getString("email"))
              .put("phone", row.getString("phone"))
              .put("created_at", Rows.instant(row, "created_at").toString());
        });
  }

  record UserRow(UUID id, String email, String passwordHash, String firstName, String lastName) {

    JsonObject toJson() {
      return new JsonObject().put("_id", id.toString()).put("email", email).put("first_name", firstName)
          .put("last_name", lastName);
    }
  }
}
