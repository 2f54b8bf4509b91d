package io.eventgate.app;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A collector's OTLP/HTTP traces endpoint ({@code POST /v1/traces}, protobuf) on loopback, keeping every span
 * it is sent: what the processes a test starts export, read as a collector would read it.
 */
final class OtlpReceiver implements AutoCloseable {

  /** One exported span, its ids in hex, with the {@code service.name} of the process that sent it. */
  record ReceivedSpan(String service, String name, String kind, String traceId, String spanId, String parentSpanId) {
  }

  private final Vertx vertx = Vertx.vertx();
  private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  OtlpReceiver() {
    server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      if (!request.path().equals("/v1/traces")) {
        request.response().setStatusCode(404).end();
        return;
      }
      try {
        keep(ExportTraceServiceRequest.parseFrom(body.getBytes()));
        request.response().putHeader("Content-Type", "application/x-protobuf")
            .end(Buffer.buffer(ExportTraceServiceResponse.getDefaultInstance().toByteArray()));
      } catch (InvalidProtocolBufferException e) {
        request.response().setStatusCode(400).end();
      }
    })).listen(0, "127.0.0.1").await();
  }

  /** For {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
  String endpoint() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  private void keep(ExportTraceServiceRequest export) {
    for (ResourceSpans resource : export.getResourceSpansList()) {
      String service = resource.getResource().getAttributesList().stream()
          .filter(attribute -> attribute.getKey().equals("service.name"))
          .map(KeyValue::getValue).map(value -> value.getStringValue()).findFirst().orElse(null);
      for (ScopeSpans scope : resource.getScopeSpansList()) {
        for (var span : scope.getSpansList()) {
          spans.add(new ReceivedSpan(service, span.getName(), span.getKind().name(), hex(span.getTraceId()),
              hex(span.getSpanId()), hex(span.getParentSpanId())));
        }
      }
    }
  }

  private static String hex(ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
