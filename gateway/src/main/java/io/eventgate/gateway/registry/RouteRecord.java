package io.eventgate.gateway.registry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A route of the registry: an exact method and path, the service and action it leads to, its params, its
 * rate limits, and its own CORS policy ({@code null}: the registry's default applies).
 */
public record RouteRecord(String method, String path, String service, String action, boolean deployed,
                          Auth auth, boolean sensitiveParams, List<ParamSpec> params, RateLimits rateLimits,
                          CorsPolicy cors, String description) {

  /** A route without rate limits, under the default CORS policy. */
  public RouteRecord(String method, String path, String service, String action, boolean deployed, Auth auth,
      boolean sensitiveParams, List<ParamSpec> params, String description) {
    this(method, path, service, action, deployed, auth, sensitiveParams, params, RateLimits.NONE, null,
        description);
  }

  public static List<ParamSpec> paramsFromJson(JsonArray array) {
    List<ParamSpec> specs = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject json)) {
        throw new InvalidRecordException("params[" + i + "]", "every param spec must be an object");
      }
      ParamSpec spec;
      try {
        spec = ParamSpec.fromJson(json);
      } catch (InvalidRecordException e) {
        throw new InvalidRecordException("params[" + i + "]." + e.field(), e.getMessage());
      }
      if (specs.stream().anyMatch(existing -> existing.name().equals(spec.name()))) {
        throw new InvalidRecordException("params[" + i + "].name", "param '" + spec.name() + "' is declared twice");
      }
      specs.add(spec);
    }
    return List.copyOf(specs);
  }

  public String key() {
    return RegistrySnapshot.key(method, path);
  }
}
