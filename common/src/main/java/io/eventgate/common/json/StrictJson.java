package io.eventgate.common.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Parses untrusted JSON (request bodies, token segments) once, strictly: UTF-8 only, one JSON value with nothing after it, no key twice, at
 * most 32 levels of nesting. Jackson does the parsing; this class only sets it up that way.
 */
public final class StrictJson {

  public static final int MAX_DEPTH = 32;

  private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
      .build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private StrictJson() {
  }

  /** Decodes bytes as UTF-8, refusing malformed sequences instead of replacing them. */
  public static String utf8(byte[] bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }

  /** The object the text holds, or {@code null} when it holds valid JSON that is not an object. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(String text) throws JsonProcessingException {
    Object value = MAPPER.readValue(text, Object.class);
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
  }
}
