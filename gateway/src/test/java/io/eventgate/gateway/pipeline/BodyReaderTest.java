package io.eventgate.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.eventgate.gateway.registry.Auth;
import io.eventgate.gateway.registry.ParamSpec;
import io.eventgate.gateway.registry.RouteRecord;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Stage 3 of the pipeline, in the order of docs/API.md section 2: size, content type, decoding, emptiness. */
class BodyReaderTest {

  private static final String JSON = "application/json";

  private static final RouteRecord WITH_PARAMS = route(false, List.of(
      ParamSpec.fromJson(new JsonObject().put("name", "a").put("type", "integer").put("required", false))));
  private static final RouteRecord NO_PARAMS = route(false, List.of());
  private static final RouteRecord SENSITIVE = route(true, List.of(
      ParamSpec.fromJson(new JsonObject().put("name", "email").put("type", "string").put("required", true))));

  @Nested
  class Size {

    @Test
    void tooLargeIsRefused() {
      assertStatus(reading(WITH_PARAMS, JSON, ReceivedBody.TOO_LARGE), Status.REQUEST_TOO_LARGE);
    }

    @Test
    void tooLargeWinsOverABadContentType() {
      assertStatus(reading(WITH_PARAMS, "text/plain", ReceivedBody.TOO_LARGE), Status.REQUEST_TOO_LARGE);
    }

    @Test
    void tooLargeWinsOverAMissingContentType() {
      assertStatus(reading(SENSITIVE, null, ReceivedBody.TOO_LARGE), Status.REQUEST_TOO_LARGE);
    }
  }

  @Nested
  class ContentType {

    @Test
    void missingContentTypeIsRefused() {
      assertStatus(reading(WITH_PARAMS, null, body("{\"a\":1}")), Status.INVALID_CONTENT_TYPE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "text/plain",
        "application/jsonx",
        "application/json-patch+json",
        "application/json; charset=latin1",
        "application/json; charset=utf-16",
        "text/json",
        "application/x-www-form-urlencoded"
    })
    void otherContentTypesAreRefused(String contentType) {
      assertStatus(reading(WITH_PARAMS, contentType, body("{\"a\":1}")), Status.INVALID_CONTENT_TYPE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "application/json",
        "APPLICATION/JSON",
        "Application/Json",
        "application/json;charset=UTF-8",
        "application/json; charset=utf-8",
        "application/json; charset=\"utf-8\""
    })
    void jsonInUtf8IsAccepted(String contentType) {
      assertThat(BodyReader.read(WITH_PARAMS, contentType, body("{\"a\":1}"))).isEqualTo(new JsonObject().put("a", 1));
    }

    @Test
    void aBadContentTypeWinsOverABadBody() {
      assertStatus(reading(WITH_PARAMS, "text/plain", body("not json")), Status.INVALID_CONTENT_TYPE);
    }

    @Test
    void aBadContentTypeWinsOverAnEmptyBody() {
      assertStatus(reading(WITH_PARAMS, "text/plain", body("")), Status.INVALID_CONTENT_TYPE);
    }
  }

  @Nested
  class Decoding {

    @Test
    void anObjectIsDecoded() {
      JsonObject params = BodyReader.read(WITH_PARAMS, JSON, body("{\"a\":1,\"b\":\"x\",\"c\":[true,null]}"));
      assertThat(params).isEqualTo(new JsonObject("{\"a\":1,\"b\":\"x\",\"c\":[true,null]}"));
    }

    @Test
    void surroundingWhitespaceIsAllowed() {
      assertThat(BodyReader.read(WITH_PARAMS, JSON, body(" \n {\"a\":1} \r\n"))).isEqualTo(new JsonObject().put("a", 1));
    }

    @Test
    void multiByteUtf8IsDecoded() {
      JsonObject params = BodyReader.read(WITH_PARAMS, JSON, body("{\"name\":\"Zo\u00eb \uD83D\uDE00\"}"));
      assertThat(params.getString("name")).isEqualTo("Zo\u00eb \uD83D\uDE00");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{",
        "{\"a\":}",
        "{'a':1}",
        "{a:1}",
        "{\"a\":1,}",
        "not json",
        "{\"a\":1} x",
        "{\"a\":1}{\"b\":2}",
        "{\"a\":1} {}",
        "[1,2]",
        "[]",
        "[{\"a\":1}]",
        "\"a string\"",
        "42",
        "true",
        "null",
        "{\"a\":1}]",
        "{\"a\":1}\u0000",
        "{\"a\":01}",
        "{\"a\":NaN}",
        "{\"a\":1 /* c */}",
        "{\"a\":1,\"a\":2}",
        "{\"a\":1,\"\\u0061\":2}",
        "{\"a\":{\"b\":1,\"b\":1}}"
    })
    void anythingButOneJsonObjectIsInvalid(String text) {
      assertStatus(reading(WITH_PARAMS, JSON, body(text)), Status.INVALID_ENCODED_PARAMS);
    }

    @Test
    void nestingOf32LevelsIsAccepted() {
      String text = nested(32);
      JsonObject params = BodyReader.read(WITH_PARAMS, JSON, body(text));
      assertThat(depth(params)).isEqualTo(32);
    }

    @Test
    void nestingOf33LevelsIsInvalid() {
      assertStatus(reading(WITH_PARAMS, JSON, body(nested(33))), Status.INVALID_ENCODED_PARAMS);
    }

    @Test
    void nestingOf33LevelsThroughArraysIsInvalid() {
      String text = "{\"a\":" + "[".repeat(32) + "1" + "]".repeat(32) + "}";
      assertStatus(reading(WITH_PARAMS, JSON, body(text)), Status.INVALID_ENCODED_PARAMS);
    }

    @Test
    void malformedUtf8InsideAStringIsInvalid() {
      byte[] bytes = concat("{\"a\":\"".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xC3, 0x28},
          "\"}".getBytes(StandardCharsets.US_ASCII));
      assertStatus(reading(WITH_PARAMS, JSON, body(bytes)), Status.INVALID_ENCODED_PARAMS);
    }

    @Test
    void aLone0xFfByteIsInvalid() {
      byte[] bytes = concat("{\"a\":\"".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xFF},
          "\"}".getBytes(StandardCharsets.US_ASCII));
      assertStatus(reading(WITH_PARAMS, JSON, body(bytes)), Status.INVALID_ENCODED_PARAMS);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "C0AF",     // overlong encoding of '/'
        "EDA080",   // a UTF-16 surrogate encoded as UTF-8 (CESU-8)
        "E282",     // a truncated three-byte sequence
        "F4908080", // above U+10FFFF
        "80"        // a lone continuation byte
    })
    void otherNonUtf8SequencesAreInvalid(String hex) {
      byte[] bytes = concat(utf8("{\"a\":\""), HexFormat.of().parseHex(hex), utf8("\"}"));
      assertStatus(reading(WITH_PARAMS, JSON, body(bytes)), Status.INVALID_ENCODED_PARAMS);
    }

    @Test
    void latin1EncodedTextIsInvalid() {
      byte[] bytes = "{\"a\":\"Zo\u00eb\"}".getBytes(StandardCharsets.ISO_8859_1);
      assertStatus(reading(WITH_PARAMS, JSON, body(bytes)), Status.INVALID_ENCODED_PARAMS);
    }

    @Test
    void aLoneByteOutsideAnyStringIsInvalid() {
      assertStatus(reading(WITH_PARAMS, JSON, body(new byte[] {(byte) 0xFF})), Status.INVALID_ENCODED_PARAMS);
    }

    @Test
    void malformedJsonWinsOverEmptiness() {
      assertStatus(reading(WITH_PARAMS, JSON, body("{}x")), Status.INVALID_ENCODED_PARAMS);
    }
  }

  @Nested
  class Emptiness {

    @Test
    void emptyBodyIsNoParamsOnARouteWithSpecs() {
      assertStatus(reading(WITH_PARAMS, JSON, body("")), Status.NO_PARAMS_DECODED);
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "\n", " \t\r\n "})
    void whitespaceOnlyIsNoParamsOnARouteWithSpecs(String text) {
      assertStatus(reading(WITH_PARAMS, JSON, body(text)), Status.NO_PARAMS_DECODED);
    }

    @Test
    void emptyObjectIsNoParamsOnARouteWithSpecs() {
      assertStatus(reading(WITH_PARAMS, JSON, body("{}")), Status.NO_PARAMS_DECODED);
    }

    @Test
    void emptyObjectWithWhitespaceIsNoParamsOnARouteWithSpecs() {
      assertStatus(reading(WITH_PARAMS, JSON, body(" { } ")), Status.NO_PARAMS_DECODED);
    }

    @Test
    void anObjectWithOnlyUndeclaredParamsIsStillDecoded() {
      assertThat(BodyReader.read(WITH_PARAMS, JSON, body("{\"z\":1}"))).isEqualTo(new JsonObject().put("z", 1));
    }

    @Test
    void emptyBodyIsAnEmptyObjectOnARouteWithoutSpecs() {
      assertThat(BodyReader.read(NO_PARAMS, JSON, body("")).fieldNames()).isEmpty();
    }

    @Test
    void emptyObjectIsAnEmptyObjectOnARouteWithoutSpecs() {
      assertThat(BodyReader.read(NO_PARAMS, JSON, body("{}")).fieldNames()).isEmpty();
    }

    @Test
    void aRouteWithoutSpecsStillChecksTheContentType() {
      assertStatus(reading(NO_PARAMS, null, body("")), Status.INVALID_CONTENT_TYPE);
    }

    @Test
    void aRouteWithoutSpecsStillRefusesABadBody() {
      assertStatus(reading(NO_PARAMS, JSON, body("[]")), Status.INVALID_ENCODED_PARAMS);
    }
  }

  @Nested
  class SensitiveParams {

    /** Chosen so that its standard base64 holds a "/" (URL-safe: "_") and needs padding. */
    private final String object = "{\"email\":\"a??>b@c.co\"}";

    @Test
    void theSampleExercisesBothAlphabetsAndPadding() {
      String standard = Base64.getEncoder().encodeToString(utf8(object));
      assertThat(standard).contains("/").endsWith("=");
      assertThat(Base64.getUrlEncoder().encodeToString(utf8(object))).contains("_");
    }

    @Test
    void standardBase64IsDecoded() {
      assertDecoded(Base64.getEncoder().encodeToString(utf8(object)));
    }

    @Test
    void urlSafeBase64IsDecoded() {
      assertDecoded(Base64.getUrlEncoder().encodeToString(utf8(object)));
    }

    @Test
    void standardBase64WithoutPaddingIsDecoded() {
      assertDecoded(Base64.getEncoder().withoutPadding().encodeToString(utf8(object)));
    }

    @Test
    void urlSafeBase64WithoutPaddingIsDecoded() {
      assertDecoded(Base64.getUrlEncoder().withoutPadding().encodeToString(utf8(object)));
    }

    @Test
    void surroundingWhitespaceAndNewlinesAreIgnored() {
      assertDecoded(" \r\n\t" + Base64.getEncoder().encodeToString(utf8(object)) + "\n\n ");
      assertDecoded("\n" + Base64.getUrlEncoder().withoutPadding().encodeToString(utf8(object)) + "\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"!!!", "abc$", "e30=e30=", "{\"email\":\"a@b.co\"}"})
    void invalidBase64IsInvalid(String text) {
      assertStatus(reading(SENSITIVE, JSON, body(text)), Status.INVALID_ENCODED_PARAMS);
    }

    @Test
    void base64OfSomethingOtherThanJsonIsInvalid() {
      assertStatus(reading(SENSITIVE, JSON, body(Base64.getEncoder().encodeToString(utf8("hello world")))),
          Status.INVALID_ENCODED_PARAMS);
    }

    @Test
    void base64OfAJsonArrayIsInvalid() {
      assertStatus(reading(SENSITIVE, JSON, body(Base64.getEncoder().encodeToString(utf8("[1]")))),
          Status.INVALID_ENCODED_PARAMS);
    }

    @Test
    void base64OfBytesThatAreNotUtf8IsInvalid() {
      byte[] bytes = concat(utf8("{\"email\":\""), new byte[] {(byte) 0xC3, 0x28}, utf8("\"}"));
      assertStatus(reading(SENSITIVE, JSON, body(Base64.getEncoder().encodeToString(bytes))),
          Status.INVALID_ENCODED_PARAMS);
    }

    @Test
    void base64OfAnEmptyObjectIsNoParams() {
      assertStatus(reading(SENSITIVE, JSON, body(Base64.getEncoder().encodeToString(utf8("{}")))),
          Status.NO_PARAMS_DECODED);
    }

    @Test
    void anEmptyBodyIsNoParams() {
      assertStatus(reading(SENSITIVE, JSON, body("")), Status.NO_PARAMS_DECODED);
    }

    @Test
    void aBadContentTypeWinsOverBadBase64() {
      assertStatus(reading(SENSITIVE, "text/plain", body("!!!")), Status.INVALID_CONTENT_TYPE);
    }

    private void assertDecoded(String text) {
      assertThat(BodyReader.read(SENSITIVE, JSON, body(text))).isEqualTo(new JsonObject().put("email", "a??>b@c.co"));
    }
  }

  // --- helpers ---

  private static RouteRecord route(boolean sensitiveParams, List<ParamSpec> params) {
    return new RouteRecord("POST", "/api/v1/test", "test", "test", true, Auth.NONE, sensitiveParams, params,
        "a route for tests");
  }

  private static ReceivedBody body(String text) {
    return body(utf8(text));
  }

  private static ReceivedBody body(byte[] bytes) {
    return new ReceivedBody(Buffer.buffer(bytes), false);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    Buffer buffer = Buffer.buffer();
    for (byte[] part : parts) {
      buffer.appendBytes(part);
    }
    return buffer.getBytes();
  }

  /** {"a":{"a":...{"a":1}...}} with {@code levels} objects; the root object is level 1. */
  private static String nested(int levels) {
    JsonObject object = new JsonObject().put("a", 1);
    for (int i = 1; i < levels; i++) {
      object = new JsonObject().put("a", object);
    }
    String text = object.encode();
    assertThat(text.chars().filter(c -> c == '{').count()).isEqualTo(levels);
    return text;
  }

  private static int depth(JsonObject object) {
    int depth = 1;
    Object inner = object.getValue("a");
    while (inner instanceof JsonObject next) {
      depth++;
      inner = next.getValue("a");
    }
    return depth;
  }

  private static ApiException reading(RouteRecord route, String contentType, ReceivedBody body) {
    ApiException e = catchThrowableOfType(ApiException.class, () -> BodyReader.read(route, contentType, body));
    assertThat(e).as("an ApiException is thrown").isNotNull();
    return e;
  }

  private static void assertStatus(ApiException e, Status status) {
    assertThat(e.status()).isEqualTo(status);
    assertThat(e.getMessage()).isNotBlank();
  }
}
