package io.eventgate.gateway.registry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What changes from one registry document to another, record by record: created, changed (before and after),
 * removed, and how many records stay as they are. The defaults are one record, named {@code defaults}.
 */
public record RegistryDiff(List<Entry> created, List<Entry> changed, List<Entry> removed, int unchanged) {

  /** One record of a diff; {@code before} is null when created, {@code after} null when removed. */
  public record Entry(Kind kind, String key, JsonObject before, JsonObject after) {

    JsonObject toJson() {
      JsonObject json = new JsonObject().put("kind", kind.code).put("key", key);
      if (before != null) {
        json.put("before", before);
      }
      if (after != null) {
        json.put("after", after);
      }
      return json;
    }
  }

  /** The kinds of record a registry holds. */
  public enum Kind {
    DEFAULTS("defaults"), SERVICE("service"), ROUTE("route");

    private final String code;

    Kind(String code) {
      this.code = code;
    }
  }

  public static RegistryDiff between(RegistryDocument before, RegistryDocument after) {
    Builder diff = new Builder();
    diff.compare(Kind.DEFAULTS, Map.of("defaults", before.defaults()), Map.of("defaults", after.defaults()));
    diff.compare(Kind.SERVICE, before.services(), after.services());
    diff.compare(Kind.ROUTE, before.routes(), after.routes());
    return new RegistryDiff(List.copyOf(diff.created), List.copyOf(diff.changed), List.copyOf(diff.removed),
        diff.unchanged);
  }

  public boolean isEmpty() {
    return created.isEmpty() && changed.isEmpty() && removed.isEmpty();
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("counts", new JsonObject().put("created", created.size()).put("changed", changed.size())
            .put("removed", removed.size()).put("unchanged", unchanged))
        .put("created", entries(created)).put("changed", entries(changed)).put("removed", entries(removed));
  }

  private static JsonArray entries(List<Entry> entries) {
    JsonArray json = new JsonArray();
    entries.forEach(entry -> json.add(entry.toJson()));
    return json;
  }

  private static final class Builder {
    private final List<Entry> created = new ArrayList<>();
    private final List<Entry> changed = new ArrayList<>();
    private final List<Entry> removed = new ArrayList<>();
    private int unchanged;

    void compare(Kind kind, Map<String, JsonObject> before, Map<String, JsonObject> after) {
      before.forEach((key, old) -> {
        JsonObject now = after.get(key);
        if (now == null) {
          removed.add(new Entry(kind, key, old, null));
        } else if (now.equals(old)) {
          unchanged++;
        } else {
          changed.add(new Entry(kind, key, old, now));
        }
      });
      after.forEach((key, now) -> {
        if (!before.containsKey(key)) {
          created.add(new Entry(kind, key, null, now));
        }
      });
    }
  }
}
