package io.eventgate.app;

import static io.eventgate.app.StatusCatalogTest.assertStatus;
import static io.eventgate.app.TestSystem.APPOINTMENT_1;
import static io.eventgate.app.TestSystem.CLARA;
import static io.eventgate.app.TestSystem.LOGIN;
import static io.eventgate.app.TestSystem.READ;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.testkit.Answer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bodies a careless or hostile client may send: each gets a clear catalog answer and changes nothing. */
class HostileBodiesTest {

  private static final TestSystem SYSTEM = TestSystem.get();
  private static final String VALID = "{\"_id\":\"" + APPOINTMENT_1 + "\"}";
  private static String token;

  @BeforeAll
  static void logIn() {
    token = SYSTEM.token(CLARA);
  }

  @Test
  void contentTypesOtherThanJsonAreRefused() {
    for (String type : new String[] {null, "", "text/plain", "application/jsonx", "application/json-patch+json",
        "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "json", "application/json; charset=latin1",
        "application/json; charset=utf-16", "application/json;charset=utf8"}) {
      Answer answer = SYSTEM.post(READ, type, VALID.getBytes(StandardCharsets.UTF_8), token);
      assertStatus(answer, 400, "invalid-content-type");
    }
  }

  @Test
  void jsonContentTypesAreAcceptedWhateverTheirCase() {
    for (String type : new String[] {"application/json", "Application/JSON", "application/json; charset=utf-8",
        "application/json;charset=UTF-8", "application/json; charset=\"utf-8\""}) {
      assertStatus(SYSTEM.post(READ, type, VALID.getBytes(StandardCharsets.UTF_8), token), 200, "action-successful");
    }
  }

  @Test
  void emptyBodiesAndEmptyObjectsDecodeToNoParams() {
    for (String body : new String[] {"", "   ", "\n", "{}", " { } "}) {
      assertStatus(SYSTEM.post(READ, body, token), 400, "no-params-decoded");
    }
  }

  @Test
  void bodiesThatAreNotOneJsonObjectAreRefused() {
    for (String body : new String[] {"[]", "[" + VALID + "]", "\"text\"", "42", "null", "true", "{", "{\"_id\":}",
        "{'_id':'x'}", "{\"_id\":\"x\",}", VALID + " trailing", VALID + VALID, "{\"_id\":NaN}",
        "{\"_id\":\"x\" /* comment */}", "\uFEFF" + VALID}) {
      assertStatus(SYSTEM.post(READ, body, token), 400, "invalid-encoded-params");
    }
  }

  @Test
  void aKeyGivenTwiceIsRefused() {
    String body = "{\"_id\":\"" + APPOINTMENT_1 + "\",\"_id\":\"a0000000-0000-4000-8000-000000000002\"}";
    assertStatus(SYSTEM.post(READ, body, token), 400, "invalid-encoded-params");
  }

  @Test
  void nestingDeeperThan32LevelsIsRefused() {
    assertStatus(SYSTEM.post(READ, nested(32), token), 400, "missing-param");
    assertStatus(SYSTEM.post(READ, nested(33), token), 400, "invalid-encoded-params");
    assertStatus(SYSTEM.post(READ, "{\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}", token), 400,
        "invalid-encoded-params");
  }

  @Test
  void bytesThatAreNotUtf8AreRefused() {
    byte[][] bodies = {
        {'{', '"', '_', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
        {'{', '"', 'x', '"', ':', '"', (byte) 0xFF, '"', '}'},
        {'{', '"', 'x', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'},
        {'{', '"', 'x', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'},
    };
    for (byte[] body : bodies) {
      assertStatus(SYSTEM.post(READ, "application/json", body, token), 400, "invalid-encoded-params");
    }
  }

  @Test
  void aBodyOverTheLimitIsRefusedAndOneAtTheLimitIsRead() {
    String padding = "x".repeat(TestSystem.BODY_LIMIT - VALID.length() - "{\"pad\":\"\",".length() + 1);
    String atLimit = "{\"pad\":\"" + padding + "\"," + VALID.substring(1);
    assertThat(atLimit.length()).isEqualTo(TestSystem.BODY_LIMIT);
    assertStatus(SYSTEM.post(READ, atLimit, token), 200, "action-successful");
    assertStatus(SYSTEM.post(READ, atLimit.replace("{\"pad\":\"", "{\"pad\":\"x"), token), 413, "request-too-large");
  }

  @Test
  void aChunkedBodyOverTheLimitIsRefusedWithoutBeingRead() throws Exception {
    try (Socket socket = rawConnection()) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST " + READ + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Authorization: Bearer " + token + "\r\nTransfer-Encoding: chunked\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = "x".repeat(16 * 1024).getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 5; i++) {
        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(chunk);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.flush();
      String response = readResponse(socket.getInputStream());
      assertThat(response).startsWith("HTTP/1.1 413").contains("\"status\":\"request-too-large\"");
    }
  }

  @Test
  void aBodyThatDoesNotArriveWholeInTimeClosesTheConnection() throws Exception {
    try (Socket socket = rawConnection()) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST " + READ + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Authorization: Bearer " + token + "\r\nContent-Length: 100\r\n\r\n{\"_id\":").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long start = System.nanoTime();
      // The server closes the connection: read() ends (-1) instead of waiting for ever.
      int read = socket.getInputStream().read();
      long waited = (System.nanoTime() - start) / 1_000_000;
      assertThat(read).isEqualTo(-1);
      assertThat(waited).isGreaterThanOrEqualTo(TestSystem.BODY_TIMEOUT_MS - 500).isLessThan(8_000);
    }
  }

  @Test
  void aRequestLineTooLongForTheServerStillGetsTheEnvelope() throws Exception {
    try (Socket socket = rawConnection()) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String response = readResponse(socket.getInputStream());
      assertThat(response).contains(" 413 ").contains("\"status\":\"request-too-large\"")
          .containsIgnoringCase("x-request-id:");
    }
  }

  @Test
  void sensitiveRoutesTakeBase64InEitherAlphabetWithOrWithoutPadding() {
    String json = "{\"email\":\"" + CLARA + "\",\"password\":\"" + TestSystem.PASSWORD + "\"}";
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    for (String body : new String[] {
        Base64.getEncoder().encodeToString(bytes),
        Base64.getEncoder().withoutPadding().encodeToString(bytes),
        Base64.getUrlEncoder().encodeToString(bytes),
        "  \n" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "\r\n "}) {
      assertStatus(SYSTEM.post(LOGIN, body, null), 200, "action-successful");
    }
  }

  @Test
  void sensitiveRoutesRefuseWhatIsNotBase64OfAJsonObject() {
    for (String body : new String[] {"!!!", "abc$", "eyJ=a", b64("not json"), b64("[1,2]"), b64("{\"a\":1} x")}) {
      assertStatus(SYSTEM.post(LOGIN, body, null), 400, "invalid-encoded-params");
    }
    assertStatus(SYSTEM.post(LOGIN, b64("{}"), null), 400, "no-params-decoded");
    assertStatus(SYSTEM.post(LOGIN, "", null), 400, "no-params-decoded");
  }

  @Test
  void paramsNoSpecNamesAreDroppedAndTheRestForwardedValidated() {
    JsonObject body = new JsonObject().put("name", "abc").put("id", "A0000000-0000-4000-8000-00000000000F")
        .put("extra", "dropped").put("kind", "b").put("flag", null);
    Answer answer = SYSTEM.post(TestRegistry.ECHO, body, null);
    assertStatus(answer, 200, "action-successful");
    assertThat(answer.data().getJsonObject("params")).isEqualTo(new JsonObject().put("name", "abc").put("count", 3)
        .put("id", "a0000000-0000-4000-8000-00000000000f").put("kind", "b"));
    assertThat(answer.data().getJsonObject("caller").fieldNames()).containsExactlyInAnyOrder("user_id",
        "session_id", "client_id", "employee_id", "liaison_id", "business_id");
    assertThat(answer.data().getString("request_id")).isEqualTo(answer.header("X-Request-Id"));
  }

  @Test
  void hostileBodiesChangeNothing() {
    Object sessions = SYSTEM.queryValue("SELECT count(*) FROM sessions");
    for (String body : new String[] {"{\"email\":\"x' OR 1=1 --@a.io\",\"password\":\"x\"}",
        "{\"email\":\"" + CLARA + "\",\"password\":\"' OR '1'='1\"}"}) {
      Answer answer = SYSTEM.post(LOGIN, b64(body), null);
      assertThat(answer.status()).isIn("invalid-param");
    }
    assertThat(SYSTEM.queryValue("SELECT count(*) FROM sessions")).isEqualTo(sessions);
  }

  /** A plain socket to the gateway, for what an HTTP client library would not send. */
  private static Socket rawConnection() throws Exception {
    URI uri = URI.create(SYSTEM.baseUrl());
    Socket socket = new Socket(uri.getHost(), uri.getPort());
    socket.setSoTimeout(10_000);
    return socket;
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** An object nested {@code depth} levels deep, counting the outermost object as level 1. */
  private static String nested(int depth) {
    return "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
  }

  private static String readResponse(InputStream in) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    int n;
    while ((n = in.read(buffer)) > 0) {
      bytes.write(buffer, 0, n);
      String text = bytes.toString(StandardCharsets.UTF_8);
      if (text.contains("\"request_id\"") && text.endsWith("}")) {
        break;
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
