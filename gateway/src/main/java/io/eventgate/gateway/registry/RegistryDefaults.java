package io.eventgate.gateway.registry;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * What the registry sets for every route that does not set it itself (docs/API.md section 4): today, the
 * CORS policy.
 */
public record RegistryDefaults(CorsPolicy cors) {

  public static final RegistryDefaults NONE = new RegistryDefaults(CorsPolicy.NONE);
  private static final Set<String> FIELDS = Set.of("cors");

  /** Reads the defaults record (the seed's {@code defaults}, the admin API's body); a field left out is none. */
  public static RegistryDefaults fromJson(JsonObject json) {
    RegistryJson.onlyFields("", json, FIELDS);
    Object cors = json.getValue("cors");
    return new RegistryDefaults(cors == null ? CorsPolicy.NONE : CorsPolicy.fromJson("cors", cors));
  }

  public JsonObject toJson() {
    return new JsonObject().put("cors", cors.toJson());
  }
}
