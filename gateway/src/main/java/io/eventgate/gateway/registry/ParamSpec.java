package io.eventgate.gateway.registry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One declared param of a route (docs/API.md section 4). Built only through {@link #fromJson}, which
 * refuses a spec that could not be applied, naming the field at fault.
 */
public record ParamSpec(String name, Type type, boolean required, Integer maxLength, Format format,
                        List<Object> values, Object defaultValue) {

  public enum Type { STRING, INTEGER, BOOLEAN }

  public enum Format { UUID, EMAIL }

  private static final Set<String> FIELDS =
      Set.of("name", "type", "required", "max_length", "format", "values", "default");

  public static ParamSpec fromJson(JsonObject json) {
    for (String field : json.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw new InvalidRecordException(field, "unknown field '" + field + "' in a param spec");
      }
    }
    String name = json.getValue("name") instanceof String s && !s.isBlank() ? s : null;
    if (name == null) {
      throw new InvalidRecordException("name", "a param spec needs a non-empty name");
    }
    RegistryJson.storable("name", name);
    Type type = enumValue(Type.class, json.getValue("type"), "type", name);
    if (type == null) {
      throw new InvalidRecordException("type", "param '" + name + "' needs a type: string, integer or boolean");
    }
    boolean required = booleanField(json, "required", name);
    Integer maxLength = null;
    if (json.getValue("max_length") != null) {
      if (type != Type.STRING || !(json.getValue("max_length") instanceof Integer length) || length < 1) {
        throw new InvalidRecordException("max_length", "max_length of '" + name + "' must be a positive integer on a string");
      }
      maxLength = length;
    }
    Format format = enumValue(Format.class, json.getValue("format"), "format", name);
    if (format != null && type != Type.STRING) {
      throw new InvalidRecordException("format", "format of '" + name + "' applies to strings only");
    }
    List<Object> values = null;
    if (json.getValue("values") != null) {
      if (!(json.getValue("values") instanceof JsonArray array) || array.isEmpty()) {
        throw new InvalidRecordException("values", "values of '" + name + "' must be a non-empty list");
      }
      for (Object value : array) {
        if (!matchesType(type, value)) {
          throw new InvalidRecordException("values", "values of '" + name + "' must all be of type " + lower(type));
        }
        if (value instanceof String text) {
          RegistryJson.storable("values", text);
        }
      }
      values = List.copyOf(array.getList());
    }
    Object defaultValue = json.getValue("default");
    if (defaultValue != null) {
      if (required) {
        throw new InvalidRecordException("default", "required param '" + name + "' cannot have a default");
      }
      if (!matchesType(type, defaultValue) || (values != null && !values.contains(defaultValue))) {
        throw new InvalidRecordException("default", "default of '" + name + "' is not a valid value");
      }
      if (defaultValue instanceof String text) {
        RegistryJson.storable("default", text);
      }
    }
    return new ParamSpec(name, type, required, maxLength, format, values, defaultValue);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("name", name).put("type", lower(type)).put("required", required);
    if (maxLength != null) {
      json.put("max_length", maxLength);
    }
    if (format != null) {
      json.put("format", lower(format));
    }
    if (values != null) {
      json.put("values", new JsonArray(values));
    }
    if (defaultValue != null) {
      json.put("default", defaultValue);
    }
    return json;
  }

  private static boolean matchesType(Type type, Object value) {
    return switch (type) {
      case STRING -> value instanceof String;
      case INTEGER -> value instanceof Integer || value instanceof Long;
      case BOOLEAN -> value instanceof Boolean;
    };
  }

  private static boolean booleanField(JsonObject json, String field, String name) {
    Object value = json.getValue(field);
    if (value == null) {
      return false;
    }
    if (!(value instanceof Boolean b)) {
      throw new InvalidRecordException(field, field + " of '" + name + "' must be true or false");
    }
    return b;
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, Object value, String field, String name) {
    if (value == null) {
      return null;
    }
    for (E constant : type.getEnumConstants()) {
      if (lower(constant).equals(value)) {
        return constant;
      }
    }
    throw new InvalidRecordException(field, field + " of '" + name + "' has an unknown value");
  }

  static String lower(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }
}
