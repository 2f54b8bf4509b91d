package io.eventgate.gateway.email;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Sends through Mandrill's HTTP API: {@code POST {MANDRILL_URL}/messages/send.json} with the key in the
 * body, as Mandrill documents it. A send fails on no connection, no answer within the timeout, an HTTP
 * error, or a recipient Mandrill reports {@code rejected} or {@code invalid}.
 */
final class MandrillMailer implements Mailer {

  private static final Set<String> ACCEPTED = Set.of("sent", "queued", "scheduled");
  private static final int MAX_ANSWER = 300;

  private final WebClient client;
  private final String sendUrl;
  private final String key;
  private final String fromEmail;
  private final String fromName;
  private final int timeoutMs;

  private MandrillMailer(WebClient client, String sendUrl, String key, String fromEmail, String fromName,
      int timeoutMs) {
    this.client = client;
    this.sendUrl = sendUrl;
    this.key = key;
    this.fromEmail = fromEmail;
    this.fromName = fromName;
    this.timeoutMs = timeoutMs;
  }

  static MandrillMailer create(Vertx vertx, MandrillOptions options) {
    String base = options.url().replaceAll("/+$", "");
    WebClient client = WebClient.create(vertx, new WebClientOptions()
        .setConnectTimeout(options.timeoutMs())
        .setUserAgent("eventgate"));
    return new MandrillMailer(client, base + "/messages/send.json", options.key(), options.fromEmail(),
        options.fromName(), options.timeoutMs());
  }

  @Override
  public Future<Void> send(Email email) {
    JsonObject body = new JsonObject()
        .put("key", key)
        .put("message", new JsonObject()
            .put("subject", email.subject())
            .put("text", email.text())
            .put("from_email", fromEmail)
            .put("from_name", fromName)
            .put("to", new JsonArray().add(new JsonObject()
                .put("email", email.toEmail()).put("name", email.toName()).put("type", "to"))));
    return client.postAbs(sendUrl)
        .timeout(timeoutMs)
        .sendJsonObject(body)
        .recover(e -> Future.failedFuture(failed(e instanceof TimeoutException
            ? "Mandrill did not answer within " + timeoutMs + " ms"
            : "Mandrill could not be reached: " + ApiException.describe(e))))
        .compose(this::checkAnswer);
  }

  private Future<Void> checkAnswer(HttpResponse<Buffer> response) {
    String text = response.bodyAsString();
    if (response.statusCode() != 200) {
      return Future.failedFuture(failed("Mandrill answered HTTP " + response.statusCode() + ": " + shorten(text)));
    }
    try {
      JsonArray results = new JsonArray(text);
      for (int i = 0; i < results.size(); i++) {
        JsonObject result = results.getJsonObject(i);
        if (!ACCEPTED.contains(result.getString("status"))) {
          return Future.failedFuture(failed("Mandrill did not accept recipient " + result.getString("email")
              + ": status " + result.getString("status") + ", reason " + result.getString("reject_reason")));
        }
      }
      return results.isEmpty() ? Future.failedFuture(failed("Mandrill accepted no recipient"))
          : Future.succeededFuture();
    } catch (RuntimeException e) {
      return Future.failedFuture(failed("Mandrill answered something that is not its JSON: " + shorten(text)));
    }
  }

  private static ApiException failed(String detail) {
    return ApiException.withDetail(Status.MANDRILL_EMAIL_FAILED,
        "The action was done, but its email could not be sent; there is no need to repeat it.", detail);
  }

  private static String shorten(String text) {
    if (text == null) {
      return "";
    }
    return text.length() <= MAX_ANSWER ? text : text.substring(0, MAX_ANSWER) + "...";
  }
}
