package io.eventgate.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One kept-alive HTTP/1.1 connection on a plain socket, for what an HTTP client library would never do:
 * control exactly when a request is sent on which connection, send broken framing, repeated headers or raw
 * control bytes, see a second response (a smuggled request) and when the server closes the connection.
 */
final class RawHttpConnection implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;

  private RawHttpConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
  }

  static RawHttpConnection open(int port) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    return new RawHttpConnection(socket);
  }

  /** A connection to a listener given by its base URL, e.g. {@code http://127.0.0.1:8080}. */
  static RawHttpConnection open(String baseUrl) throws IOException {
    return open(URI.create(baseUrl).getPort());
  }

  /** Writes raw bytes, one byte per character: a whole request, part of one, or several. */
  RawHttpConnection send(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return this;
  }

  /** Everything the server writes until it falls silent for {@code quietMs} or closes the connection. */
  Received readUntilQuiet(int quietMs) throws IOException {
    socket.setSoTimeout(quietMs);
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
    } finally {
      socket.setSoTimeout(10_000);
    }
    return new Received(bytes.toString(StandardCharsets.UTF_8), closed);
  }

  /** Sends a GET with the given extra header lines (each ending in CRLF) and reads its response. */
  Response get(String path, String headers) throws IOException {
    send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n");
    return read();
  }

  /** Reads one response with a Content-Length body. */
  Response read() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed before a response; got: " + head.toString(StandardCharsets.US_ASCII));
      }
      head.write(b);
    }
    String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
    Map<String, String> headers = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(), lines[i].substring(colon + 1).trim());
    }
    byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
    return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
  }

  /** True when the server has closed the connection (end of stream) within {@code timeoutMs}. */
  boolean closedByServer(int timeoutMs) throws IOException {
    socket.setSoTimeout(timeoutMs);
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    } finally {
      socket.setSoTimeout(10_000);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** Everything received, and whether the server ended the connection. */
  record Received(String text, boolean closed) {

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

  /** A status code, the headers by lower-case name, and the body. */
  record Response(int status, Map<String, String> headers, String body) {

    boolean closesConnection() {
      return "close".equalsIgnoreCase(headers.get("connection"));
    }
  }
}
