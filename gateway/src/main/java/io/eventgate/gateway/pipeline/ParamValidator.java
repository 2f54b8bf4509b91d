package io.eventgate.gateway.pipeline;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.StorableText;
import io.eventgate.common.api.Uuids;
import io.eventgate.gateway.registry.ParamSpec;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Stage 4: checks params against the route's specs, in the order the route lists them, and returns only
 * the declared params (defaults applied, uuids in lower case). Params no spec names are dropped.
 */
public final class ParamValidator {

  // Practical address syntax: a dot-atom local part and a domain of dot-separated DNS labels with a TLD.
  private static final Pattern EMAIL = Pattern.compile(
      "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
          + "@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");

  private ParamValidator() {
  }

  public static JsonObject validate(List<ParamSpec> specs, JsonObject params) {
    JsonObject valid = new JsonObject();
    for (ParamSpec spec : specs) {
      Object value = params.getValue(spec.name());
      if (value == null) {
        if (spec.required()) {
          throw ApiException.missingParam(spec.name());
        }
        if (spec.defaultValue() != null) {
          valid.put(spec.name(), spec.defaultValue());
        }
        continue;
      }
      if (spec.required() && "".equals(value)) {
        throw ApiException.missingParam(spec.name());
      }
      valid.put(spec.name(), check(spec, value));
    }
    return valid;
  }

  private static Object check(ParamSpec spec, Object value) {
    String name = spec.name();
    switch (spec.type()) {
      case BOOLEAN:
        if (!(value instanceof Boolean)) {
          throw ApiException.invalidParam(name, "Param '" + name + "' must be true or false.");
        }
        break;
      case INTEGER:
        if (!(value instanceof Integer || value instanceof Long)) {
          throw ApiException.invalidParam(name, "Param '" + name + "' must be an integer.");
        }
        break;
      case STRING:
        if (!(value instanceof String text)) {
          throw ApiException.invalidParam(name, "Param '" + name + "' must be a string.");
        }
        value = checkString(spec, text);
        break;
      default:
        throw new IllegalStateException("unknown param type " + spec.type());
    }
    if (spec.values() != null && !spec.values().contains(value)) {
      throw ApiException.invalidParam(name, "Param '" + name + "' must be one of: "
          + spec.values().stream().map(String::valueOf).collect(Collectors.joining(", ")) + ".");
    }
    return value;
  }

  private static String checkString(ParamSpec spec, String text) {
    String name = spec.name();
    StorableText.require(name, text);
    if (spec.maxLength() != null && text.codePointCount(0, text.length()) > spec.maxLength()) {
      throw ApiException.invalidParam(name,
          "Param '" + name + "' must be at most " + spec.maxLength() + " characters long.");
    }
    if (spec.format() == ParamSpec.Format.UUID) {
      if (!Uuids.isCanonical(text)) {
        throw ApiException.invalidParam(name, "Param '" + name + "' must be a UUID (8-4-4-4-12 hexadecimal).");
      }
      return text.toLowerCase(Locale.ROOT);
    }
    if (spec.format() == ParamSpec.Format.EMAIL && !EMAIL.matcher(text).matches()) {
      throw ApiException.invalidParam(name, "Param '" + name + "' must be an email address.");
    }
    return text;
  }
}
