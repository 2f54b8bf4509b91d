package io.eventgate.testkit;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpHeaders;

/** One HTTP answer of the gateway: its code, headers and envelope. */
public record Answer(int code, HttpHeaders headers, String text) {

  public JsonObject json() {
    return new JsonObject(text);
  }

  public String status() {
    return json().getString("status");
  }

  public String param() {
    return json().getString("param");
  }

  public JsonObject data() {
    return json().getJsonObject("data");
  }

  public String header(String name) {
    return headers.firstValue(name).orElse(null);
  }

  @Override
  public String toString() {
    return code + " " + text;
  }
}
