package io.eventgate.gateway.registry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.Set;

/**
 * The whole registry as one document — {@code {"defaults": {...}, "services": [...], "routes": [...]}} — as
 * the export writes it, an import sends it and the history keeps it, read record by record so two documents
 * can be compared ({@link RegistryDiff}) and one applied.
 *
 * <p>Records are held in the form the admin API writes back ({@link RegistryJson#toJson}), so a field left
 * out and the same field written with its default compare equal.
 */
public final class RegistryDocument {

  private static final Set<String> FIELDS = Set.of("defaults", "services", "routes");
  private static final String SERVICES = "services";
  private static final String ROUTES = "routes";

  private final JsonObject defaults;
  private final Map<String, JsonObject> services;
  private final Map<String, JsonObject> routes;

  private RegistryDocument(JsonObject defaults, Map<String, JsonObject> services, Map<String, JsonObject> routes) {
    this.defaults = defaults;
    this.services = Collections.unmodifiableMap(services);
    this.routes = Collections.unmodifiableMap(routes);
  }

  /**
   * A document to apply (an import, a rollback): every record must pass the admin API's rules and no record
   * may appear twice. A broken rule is an {@link InvalidRecordException} whose field says where, e.g. {@code
   * registry.routes[3].params}. A route may name a service the document lacks, as the registry itself may
   * hold one (it answers service-not-found): refusing it would make a registry's own export fail to import;
   * {@link #warnings} names each.
   */
  public static RegistryDocument checked(Object value, String field) {
    if (!(value instanceof JsonObject json)) {
      throw new InvalidRecordException(field, field + " must be an object with defaults, services and routes");
    }
    RegistryJson.onlyFields(field + ".", json, FIELDS);
    Object defaultsJson = json.getValue("defaults");
    JsonObject defaults;
    if (defaultsJson == null) {
      defaults = RegistryDefaults.NONE.toJson();
    } else if (defaultsJson instanceof JsonObject object) {
      defaults = prefixed(field + ".defaults.", () -> RegistryDefaults.fromJson(object).toJson());
    } else {
      throw new InvalidRecordException(field + ".defaults", "defaults must be an object");
    }
    Map<String, JsonObject> services = records(json, field, SERVICES, "service", "name",
        record -> RegistryJson.toJson(RegistryJson.service(text(record, "name"), record)),
        normal -> normal.getString("name"));
    Map<String, JsonObject> routes = records(json, field, ROUTES, "route", "path",
        record -> RegistryJson.toJson(RegistryJson.route(text(record, "method"), text(record, "path"), record)),
        RegistryDocument::routeKey);
    return new RegistryDocument(defaults, services, routes);
  }

  /**
   * A document as the database holds it (the registry now, a version of its history): a record that the
   * rules refuse (changed in SQL past them) is kept as stored, so it still shows in a diff.
   */
  public static RegistryDocument stored(JsonObject json) {
    Object defaultsJson = json.getValue("defaults");
    JsonObject defaults = defaultsJson instanceof JsonObject object
        ? lenient(object, () -> RegistryDefaults.fromJson(object).toJson()) : RegistryDefaults.NONE.toJson();
    Map<String, JsonObject> services = new LinkedHashMap<>();
    for (Object item : json.getJsonArray(SERVICES, new JsonArray())) {
      JsonObject record = (JsonObject) item;
      JsonObject normal = lenient(record, () -> RegistryJson.toJson(RegistryJson.service(record.getString("name"),
          record)));
      services.put(record.getString("name"), normal);
    }
    Map<String, JsonObject> routes = new LinkedHashMap<>();
    for (Object item : json.getJsonArray(ROUTES, new JsonArray())) {
      JsonObject record = (JsonObject) item;
      JsonObject normal = lenient(record, () -> RegistryJson.toJson(RegistryJson.route(record.getString("method"),
          record.getString("path"), record)));
      routes.put(routeKey(record), normal);
    }
    return new RegistryDocument(defaults, services, routes);
  }

  /** {@code POST /api/v1/appointments/read}: how a route is named in a document and its diff. */
  static String routeKey(JsonObject route) {
    return route.getString("method") + " " + route.getString("path");
  }

  /** What an operator should look at before applying: routes whose service the document lacks. */
  public List<String> warnings() {
    List<String> warnings = new ArrayList<>();
    routes.forEach((key, route) -> {
      Object service = route.getValue("service");
      if (!services.containsKey(service)) {
        warnings.add("route " + key + " names service '" + service + "', which the document lacks: it will"
            + " answer service-not-found");
      }
    });
    return warnings;
  }

  public JsonObject defaults() {
    return defaults;
  }

  /** Services by name, in the document's order. */
  public Map<String, JsonObject> services() {
    return services;
  }

  /** Routes by {@link #routeKey}, in the document's order. */
  public Map<String, JsonObject> routes() {
    return routes;
  }

  /**
   * The records of one list of a document to apply, each checked by {@code rule} (which answers its
   * normal form) and keyed by {@code key}; a broken rule or a repeated key is named by where it is.
   */
  private static Map<String, JsonObject> records(JsonObject json, String field, String name, String kind,
      String keyField, Function<JsonObject, JsonObject> rule, Function<JsonObject, String> key) {
    Map<String, JsonObject> records = new LinkedHashMap<>();
    JsonArray list = list(json, field, name);
    for (int i = 0; i < list.size(); i++) {
      String at = field + "." + name + "[" + i + "]";
      JsonObject record = object(list.getValue(i), at, kind);
      JsonObject normal = prefixed(at + ".", () -> rule.apply(record));
      if (records.put(key.apply(normal), normal) != null) {
        throw new InvalidRecordException(at + "." + keyField, kind + " " + key.apply(normal) + " appears twice");
      }
    }
    return records;
  }

  /** A field's text, or null when it is not text: the record's rule then names the field. */
  private static String text(JsonObject record, String field) {
    return record.getValue(field) instanceof String text ? text : null;
  }

  private static JsonArray list(JsonObject json, String field, String name) {
    Object value = json.getValue(name);
    if (!(value instanceof JsonArray array)) {
      throw new InvalidRecordException(field + "." + name, name + " must be a list");
    }
    return array;
  }

  private static JsonObject object(Object value, String at, String kind) {
    if (!(value instanceof JsonObject json)) {
      throw new InvalidRecordException(at, "each of " + kind + "s must be an object");
    }
    return json;
  }

  /** Runs a record rule, naming a broken one by where it is in the document. */
  private static JsonObject prefixed(String prefix, Supplier<JsonObject> rule) {
    try {
      return rule.get();
    } catch (InvalidRecordException e) {
      throw new InvalidRecordException(prefix + e.field(), e.getMessage());
    }
  }

  private static JsonObject lenient(JsonObject stored, Supplier<JsonObject> rule) {
    try {
      return rule.get();
    } catch (InvalidRecordException | ClassCastException e) {
      return stored;
    }
  }
}
