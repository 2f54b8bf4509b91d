package io.eventgate.gateway.admin;

import io.eventgate.common.api.ApiException;
import io.eventgate.gateway.admin.AdminCaller.Role;
import io.eventgate.gateway.registry.RegistryChange;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /admin/credentials}, checked: a name under {@link #NAME_RULE} that is not
 * one of {@link #RESERVED_NAMES}, and a role code.
 */
record NewCredential(String name, Role role) {

  /** Lower-case letters, digits, '.', '_' and '-': safe in a URL path, a log line and a shell. */
  static final String NAME_RULE = "1-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit";
  private static final int MAX_NAME = 64;
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0," + (MAX_NAME - 1) + "}");
  private static final Set<String> FIELDS = Set.of("name", "role");
  /** Names the registry's history gives authors that are not credentials: a credential may not pose as them. */
  static final Set<String> RESERVED_NAMES = Set.of(AdminCaller.ADMIN_TOKEN_NAME, RegistryChange.SEED.author(),
      RegistryChange.MIGRATION_AUTHOR);

  static NewCredential fromJson(JsonObject body) {
    for (String field : body.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw ApiException.invalidParam(field, "Unknown field: a credential has only a name and a role.");
      }
    }
    String name = required(body, "name");
    if (!isName(name)) {
      throw ApiException.invalidParam("name", "Param 'name' must be " + NAME_RULE + ".");
    }
    if (RESERVED_NAMES.contains(name)) {
      throw ApiException.invalidParam("name", "The name '" + name + "' is taken by the gateway itself; choose"
          + " another.");
    }
    Role role = role(required(body, "role"));
    if (role == null) {
      throw ApiException.invalidParam("role", "Param 'role' must be " + roles() + ".");
    }
    return new NewCredential(name, role);
  }

  /** Whether a credential could have this name: a name that fails this never reaches a query. */
  static boolean isName(String name) {
    return name != null && name.length() <= MAX_NAME && NAME.matcher(name).matches();
  }

  /** The role with this code, or {@code null}. */
  static Role role(String code) {
    for (Role role : Role.values()) {
      if (role.code().equals(code)) {
        return role;
      }
    }
    return null;
  }

  private static String roles() {
    return Role.READ_ONLY.code() + " or " + Role.READ_WRITE.code();
  }

  private static String required(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null || "".equals(value)) {
      throw ApiException.missingParam(field);
    }
    if (!(value instanceof String text)) {
      throw ApiException.invalidParam(field, "Param '" + field + "' must be a string.");
    }
    return text;
  }
}
