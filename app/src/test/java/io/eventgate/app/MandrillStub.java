package io.eventgate.app;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real local HTTP server standing in for Mandrill's {@code /messages/send.json}, whose answer each test
 * chooses; it can also be stopped to make the connection refused.
 */
final class MandrillStub {

  enum Mode { SENT, HTTP_500, NO_ANSWER, REJECTED }

  private final Vertx vertx = Vertx.vertx();
  private final int port;
  private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.SENT);
  private final AtomicReference<JsonObject> lastRequest = new AtomicReference<>();
  private HttpServer server;

  MandrillStub(int port) {
    this.port = port;
  }

  String url() {
    return "http://127.0.0.1:" + port + "/api/1.0";
  }

  void mode(Mode next) {
    mode.set(next);
  }

  JsonObject lastRequest() {
    return lastRequest.get();
  }

  synchronized void start() throws Exception {
    server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      if (!request.path().equals("/api/1.0/messages/send.json")) {
        request.response().setStatusCode(404).end();
        return;
      }
      JsonObject sent = body.toJsonObject();
      lastRequest.set(sent);
      String to = sent.getJsonObject("message").getJsonArray("to").getJsonObject(0).getString("email");
      switch (mode.get()) {
        case SENT -> answer(request.response(), 200, new JsonArray().add(new JsonObject().put("email", to)
            .put("status", "sent").put("_id", "stub-1").put("reject_reason", (String) null)).encode());
        case REJECTED -> answer(request.response(), 200, new JsonArray().add(new JsonObject().put("email", to)
            .put("status", "rejected").put("reject_reason", "hard-bounce")).encode());
        case HTTP_500 -> answer(request.response(), 500,
            "{\"status\":\"error\",\"code\":-1,\"name\":\"GeneralError\",\"message\":\"stub failure\"}");
        case NO_ANSWER -> { }
        default -> throw new IllegalStateException();
      }
    })).listen(port, "127.0.0.1").await();
  }

  synchronized void stop() throws Exception {
    server.close().await();
  }

  private static void answer(io.vertx.core.http.HttpServerResponse response, int code, String body) {
    response.setStatusCode(code).putHeader("Content-Type", "application/json").end(body);
  }
}
