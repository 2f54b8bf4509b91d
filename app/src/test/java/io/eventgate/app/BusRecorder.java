package io.eventgate.app;

import io.eventgate.common.bus.ServiceClient;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records, as they leave their sender, the event-bus requests whose {@code request-id} starts with a prefix, and
 * every reply or failure sent back to them. It is an outbound interceptor of the real bus: a request is seen as
 * the gateway (or any {@link ServiceClient}) sends it, and its answer as the service sends it — a failure is
 * the {@link ReplyException} that {@code message.fail(code, text)} puts on the bus. Tests of other classes use
 * other request ids, so what they send is never mixed in.
 */
final class BusRecorder implements AutoCloseable {

  /** One request and what came back to it: a JSON reply, or a {@link ReplyException}; one answer expected. */
  record Exchange(String address, String requestId, MultiMap headers, Object body, List<Object> answers) {

    JsonObject json() {
      return (JsonObject) body;
    }
  }

  private final EventBus bus;
  private final String prefix;
  private final ConcurrentLinkedQueue<Exchange> exchanges = new ConcurrentLinkedQueue<>();
  private final Map<String, Exchange> byReplyAddress = new ConcurrentHashMap<>();
  private final Handler<DeliveryContext<Object>> interceptor = this::see;

  private BusRecorder(EventBus bus, String prefix) {
    this.bus = bus;
    this.prefix = prefix;
  }

  static BusRecorder install(EventBus bus, String prefix) {
    BusRecorder recorder = new BusRecorder(bus, prefix);
    bus.addOutboundInterceptor(recorder.interceptor);
    return recorder;
  }

  /** The requests recorded so far, in the order they were sent. */
  List<Exchange> exchanges() {
    return List.copyOf(exchanges);
  }

  @Override
  public void close() {
    bus.removeOutboundInterceptor(interceptor);
  }

  private void see(DeliveryContext<Object> delivery) {
    try {
      Message<Object> message = delivery.message();
      String requestId = message.headers().get(ServiceClient.REQUEST_ID_HEADER);
      if (requestId != null && requestId.startsWith(prefix) && message.replyAddress() != null) {
        Exchange exchange = new Exchange(message.address(), requestId,
            MultiMap.caseInsensitiveMultiMap().addAll(message.headers()), copy(delivery.body()),
            new CopyOnWriteArrayList<>());
        byReplyAddress.put(message.replyAddress(), exchange);
        exchanges.add(exchange);
        return;
      }
      Exchange asked = byReplyAddress.get(message.address());
      if (asked != null) {
        asked.answers().add(copy(delivery.body()));
      }
    } finally {
      delivery.next();
    }
  }

  /** What was sent, as it was then: the sender may reuse its object. */
  private static Object copy(Object body) {
    return body instanceof JsonObject json ? json.copy() : body;
  }
}
