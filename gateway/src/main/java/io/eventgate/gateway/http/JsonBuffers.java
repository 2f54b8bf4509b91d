package io.eventgate.gateway.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.EncodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Encodes a response body straight into the buffer that is written. {@link JsonObject#toBuffer()} goes
 * through jackson-databind's {@code ObjectMapper} (a serializer lookup per map, per value) into a byte array
 * that {@code Buffer.buffer(byte[])} then copies again; here Vert.x's own streaming encoder writes the same
 * bytes, in the same key order, through one generator into the one buffer.
 */
public final class JsonBuffers {

  private static final JsonFactory FACTORY = new JsonFactory();
  /** Room for a typical envelope, so the buffer rarely grows while it is written. */
  private static final int INITIAL_SIZE = 1024;

  private JsonBuffers() {
  }

  public static Buffer encode(JsonObject json) {
    Buffer buffer = Buffer.buffer(INITIAL_SIZE);
    try (JsonGenerator generator = FACTORY.createGenerator(new Appender(buffer))) {
      JacksonCodec.encodeJson(json, generator);
    } catch (IOException e) {
      throw new EncodeException("the response could not be encoded: " + e.getMessage(), e);
    }
    return buffer;
  }

  /** The generator flushes its own byte buffer here: one copy, into the response's buffer. */
  private static final class Appender extends OutputStream {

    private final Buffer buffer;

    Appender(Buffer buffer) {
      this.buffer = buffer;
    }

    @Override
    public void write(int b) {
      buffer.appendByte((byte) b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      buffer.appendBytes(bytes, offset, length);
    }
  }
}
