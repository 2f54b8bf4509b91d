package io.eventgate.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One plain socket to a listener, for what an HTTP client library would never send: broken framing, repeated
 * headers, raw control bytes. Reads everything the server writes until it closes the connection or falls
 * silent, so a test sees a second response (smuggling) and whether the connection was closed.
 */
final class RawHttp implements AutoCloseable {

  private final Socket socket;

  RawHttp(String baseUrl) throws IOException {
    URI uri = URI.create(baseUrl);
    socket = new Socket(uri.getHost(), uri.getPort());
  }

  RawHttp send(String text) throws IOException {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  RawHttp send(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
    return this;
  }

  /** What the server wrote within {@code quietMs} of silence, and whether it then closed the connection. */
  Reply read(int quietMs) throws IOException {
    socket.setSoTimeout(quietMs);
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    boolean closed = false;
    try {
      int n;
      while ((n = in.read(buffer)) > 0) {
        bytes.write(buffer, 0, n);
      }
      closed = n < 0;
    } catch (SocketTimeoutException silent) {
      // the server is keeping the connection open
    } catch (IOException reset) {
      closed = true;
    }
    return new Reply(bytes.toString(StandardCharsets.UTF_8), closed);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** Everything received, and whether the server ended the connection. */
  record Reply(String text, boolean closed) {

    /** How many HTTP responses the text holds (interim 1xx ones included). */
    int responses() {
      int count = 0;
      for (int i = text.indexOf("HTTP/1."); i >= 0; i = text.indexOf("HTTP/1.", i + 1)) {
        count++;
      }
      return count;
    }

    boolean hasStatus(String status) {
      return text.contains("\"status\":\"" + status + "\"");
    }
  }
}
