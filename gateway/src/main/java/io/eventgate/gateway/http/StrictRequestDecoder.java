package io.eventgate.gateway.http;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.Http1xServerConnection;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import java.util.List;

/**
 * Vert.x's HTTP/1.x request decoder, refusing what RFC 9112 lets a server refuse and what lets a proxy in
 * front and this gateway disagree about where a request ends (request smuggling): a transfer coding other
 * than exactly {@code chunked} (section 6.1; Netty would read {@code xchunked} as no body, and the body as
 * the next request), a transfer coding in HTTP/1.0, both {@code Transfer-Encoding} and {@code Content-Length}
 * (section 6.3; Netty would drop the length silently), and not exactly one {@code Host} (section 3.2).
 * Netty's own rules refuse the rest (bad or repeated lengths, whitespace before a colon, bad chunks).
 *
 * <p>A refused request is thrown out the way Netty throws out what it cannot parse: every byte after it on
 * the connection is discarded, the server's invalid-request handler answers, and the connection closes.
 * This reaches into Vert.x's implementation, which offers no public hook for the decoder; it is installed
 * on each new connection, before its first byte is decoded (Vert.x calls the connection handler while it
 * builds the connection's pipeline).
 */
public final class StrictRequestDecoder extends VertxHttpRequestDecoder {

  private static final String DECODER = "httpDecoder";

  private StrictRequestDecoder(HttpServerOptions options) {
    super(options);
  }

  /** Puts this decoder in place of Vert.x's on an HTTP/1.x connection; HTTP/2 ones frame their own messages. */
  public static void install(HttpConnection connection, HttpServerOptions options) {
    if (connection instanceof Http1xServerConnection http1) {
      ChannelPipeline pipeline = http1.channelHandlerContext().pipeline();
      if (!(pipeline.get(DECODER) instanceof VertxHttpRequestDecoder)) {
        throw new IllegalStateException("Vert.x no longer names its HTTP/1.x decoder " + DECODER);
      }
      pipeline.replace(DECODER, DECODER, new StrictRequestDecoder(options));
    }
  }

  /** Called by Netty once a request's headers are read and before its body is: the one place to refuse it. */
  @Override
  protected boolean isContentAlwaysEmpty(HttpMessage message) {
    HttpHeaders headers = message.headers();
    List<String> codings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
    if (!codings.isEmpty()) {
      if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
        throw new FramingException("Send Content-Length or Transfer-Encoding, not both.");
      }
      if (message.protocolVersion() != HttpVersion.HTTP_1_1 || codings.size() != 1
          || !codings.get(0).trim().equalsIgnoreCase("chunked")) {
        throw new FramingException("The only transfer coding accepted is chunked.");
      }
    }
    if (message.protocolVersion() == HttpVersion.HTTP_1_1 && headers.getAll(HttpHeaderNames.HOST).size() != 1) {
      throw new FramingException("Send exactly one Host header.");
    }
    return super.isContentAlwaysEmpty(message);
  }

  /** A request whose framing has more than one reading; its message is safe to show the client. */
  static final class FramingException extends IllegalArgumentException {

    FramingException(String message) {
      super(message, null);
    }
  }
}
