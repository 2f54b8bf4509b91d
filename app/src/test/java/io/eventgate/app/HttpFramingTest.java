package io.eventgate.app;

import static io.eventgate.app.TestSystem.APPOINTMENT_1;
import static io.eventgate.app.TestSystem.CLARA;
import static io.eventgate.app.TestSystem.LOGOUT;
import static io.eventgate.app.TestSystem.READ;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTP/1.1 framing as RFC 9112 reads it, and headers that must come once. A request whose end has two
 * readings — one for a proxy in front, another for the gateway — is how requests are smuggled, so each is
 * refused at once in the envelope and its connection closed; nothing waits for a timeout.
 */
class HttpFramingTest {

  private static final TestSystem SYSTEM = TestSystem.get();
  private static final String BODY = "{\"_id\":\"" + APPOINTMENT_1 + "\"}";
  /** Long enough for any answer on this machine, far below the body timeout a hanging request would meet. */
  private static final int QUIET_MS = 1_500;
  private static String token;

  @BeforeAll
  static void logIn() {
    token = SYSTEM.token(CLARA);
  }

  private static String head(String extraHeaders) {
    return "POST " + READ + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + "Authorization: Bearer " + token + "\r\n" + extraHeaders;
  }

  /** A whole second request, as a smuggler would hide it in the first one's body. */
  private static String smuggled() {
    return "POST " + LOGOUT + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + "Authorization: Bearer " + token + "\r\nContent-Length: 0\r\n\r\n";
  }

  private static RawHttpConnection.Received exchange(String request) throws IOException {
    try (RawHttpConnection http = RawHttpConnection.open(SYSTEM.baseUrl())) {
      return http.send(request).readUntilQuiet(QUIET_MS);
    }
  }

  private static void assertRefusedAndClosed(RawHttpConnection.Received reply) {
    assertThat(reply.text()).as(reply.text()).startsWith("HTTP/1.1 400 ");
    assertThat(reply.hasStatus("invalid-encoded-params")).as(reply.text()).isTrue();
    assertThat(reply.responses()).as("one answer, no second request served: " + reply.text()).isEqualTo(1);
    assertThat(reply.closed()).as("the connection is closed after the answer").isTrue();
  }

  @Test
  void anUnknownTransferCodingIsRefusedAndItsBodyNeverRunAsARequest() throws Exception {
    String inner = smuggled();
    for (String coding : new String[] {"xchunked", "chunked, identity", "identity", "gzip, chunked", "chunked, chunked",
        "chunked;x=1", "", "\u000bchunked"}) {
      RawHttpConnection.Received reply = exchange(head("Transfer-Encoding: " + coding + "\r\n\r\n") + inner);
      assertRefusedAndClosed(reply);
    }
    // The session the smuggled logout named is still alive.
    assertThat(SYSTEM.read(token, APPOINTMENT_1, null).status()).isEqualTo("action-successful");
  }

  @Test
  void aChunkedBodyThatIsNotChunkedCodingEndsTheConnectionAndRunsNothing() throws Exception {
    // Netty fails the connection on a bad chunk: no answer can follow, and nothing after it is read.
    RawHttpConnection.Received reply = exchange(head("Transfer-Encoding: chunked\r\n\r\n") + smuggled());
    assertThat(reply.closed()).isTrue();
    assertThat(reply.hasStatus("action-successful")).as(reply.text()).isFalse();
    assertThat(SYSTEM.read(token, APPOINTMENT_1, null).status()).isEqualTo("action-successful");
  }

  @Test
  void transferEncodingTwiceIsRefused() throws Exception {
    assertRefusedAndClosed(exchange(head("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n")
        + Integer.toHexString(BODY.length()) + "\r\n" + BODY + "\r\n0\r\n\r\n"));
  }

  @Test
  void contentLengthAndTransferEncodingTogetherAreRefused() throws Exception {
    String chunked = Integer.toHexString(BODY.length()) + "\r\n" + BODY + "\r\n0\r\n\r\n";
    assertRefusedAndClosed(exchange(head("Content-Length: " + chunked.length()
        + "\r\nTransfer-Encoding: chunked\r\n\r\n") + chunked));
    assertRefusedAndClosed(exchange(head("Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n") + chunked));
  }

  @Test
  void aTransferCodingInHttp10IsRefused() throws Exception {
    String request = head("Transfer-Encoding: chunked\r\n\r\n").replace(" HTTP/1.1\r\n", " HTTP/1.0\r\n")
        + Integer.toHexString(BODY.length()) + "\r\n" + BODY + "\r\n0\r\n\r\n";
    RawHttpConnection.Received reply = exchange(request);
    assertThat(reply.hasStatus("invalid-encoded-params")).as(reply.text()).isTrue();
    assertThat(reply.closed()).isTrue();
  }

  @Test
  void contentLengthsThatDisagreeOrAreNotNumbersAreRefused() throws Exception {
    for (String lengths : new String[] {"Content-Length: 27\r\nContent-Length: 28\r\n", "Content-Length: 27, 28\r\n",
        "Content-Length: +27\r\n", "Content-Length: -1\r\n", "Content-Length: 0x1b\r\n",
        "Content-Length: 99999999999999999999\r\n"}) {
      RawHttpConnection.Received reply = exchange(head(lengths + "\r\n") + BODY);
      assertThat(reply.text()).as(lengths).startsWith("HTTP/1.1 400 ");
      assertThat(reply.hasStatus("invalid-encoded-params")).as(reply.text()).isTrue();
      assertThat(reply.closed()).as(lengths).isTrue();
    }
  }

  @Test
  void aRequestWithoutOneHostIsRefused() throws Exception {
    String request = head("Content-Length: " + BODY.length() + "\r\n\r\n") + BODY;
    assertRefusedAndClosed(exchange(request.replace("Host: localhost\r\n", "")));
    assertRefusedAndClosed(exchange(request.replace("Host: localhost\r\n", "Host: localhost\r\nHost: evil\r\n")));
  }

  @Test
  void whitespaceBeforeAHeaderColonIsRefused() throws Exception {
    RawHttpConnection.Received reply = exchange(head("Transfer-Encoding : chunked\r\nContent-Length: " + BODY.length()
        + "\r\n\r\n") + BODY);
    assertThat(reply.text()).startsWith("HTTP/1.1 400 ");
    assertThat(reply.closed()).isTrue();
  }

  @Test
  void aWellFramedChunkedBodyIsServedAndTheConnectionKept() throws Exception {
    try (RawHttpConnection http = RawHttpConnection.open(SYSTEM.baseUrl())) {
      RawHttpConnection.Received reply = http.send(head("Transfer-Encoding: Chunked\r\n\r\n")
          + Integer.toHexString(BODY.length()) + "\r\n" + BODY + "\r\n0\r\n\r\n").readUntilQuiet(QUIET_MS);
      assertThat(reply.hasStatus("action-successful")).as(reply.text()).isTrue();
      assertThat(reply.closed()).isFalse();
    }
  }

  @Test
  void twoAuthorizationHeadersAreAnInvalidToken() throws Exception {
    // The right token and a wrong one: served as neither.
    RawHttpConnection.Received reply = exchange(head("Authorization: Bearer not-a-token\r\nContent-Length: " + BODY.length()
        + "\r\n\r\n") + BODY);
    assertThat(reply.text()).startsWith("HTTP/1.1 401 ");
    assertThat(reply.hasStatus("invalid-token")).as(reply.text()).isTrue();
    reply = exchange(head("Authorization: Bearer " + token + "\r\nContent-Length: " + BODY.length() + "\r\n\r\n") + BODY);
    assertThat(reply.hasStatus("invalid-token")).as(reply.text()).isTrue();
  }

  @Test
  void twoContentTypeHeadersAreAnInvalidContentType() throws Exception {
    RawHttpConnection.Received reply = exchange(head("Content-Type: application/json\r\nContent-Length: " + BODY.length()
        + "\r\n\r\n") + BODY);
    assertThat(reply.text()).startsWith("HTTP/1.1 400 ");
    assertThat(reply.hasStatus("invalid-content-type")).as(reply.text()).isTrue();
  }

  @Test
  void theAdminListenerRefusesTwoAuthorizationHeaders() throws Exception {
    try (RawHttpConnection http = RawHttpConnection.open(SYSTEM.app().adminUrl())) {
      RawHttpConnection.Received reply = http.send("GET /admin/services HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
          + TestSystem.ADMIN_TOKEN + "\r\nAuthorization: Bearer wrong-token-wrong-token\r\n\r\n").readUntilQuiet(QUIET_MS);
      assertThat(reply.text()).startsWith("HTTP/1.1 401 ");
      assertThat(reply.hasStatus("invalid-token")).as(reply.text()).isTrue();
    }
  }

  @Test
  void theAdminListenerRefusesAmbiguousFraming() throws Exception {
    try (RawHttpConnection http = RawHttpConnection.open(SYSTEM.app().adminUrl())) {
      RawHttpConnection.Received reply = http.send("PUT /admin/services/framing HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
          + TestSystem.ADMIN_TOKEN + "\r\nContent-Type: application/json\r\nTransfer-Encoding: xchunked\r\n\r\n"
          + "GET /admin/services HTTP/1.1\r\nHost: localhost\r\n\r\n").readUntilQuiet(QUIET_MS);
      assertRefusedAndClosed(reply);
    }
  }

  @Test
  void continueIsGrantedOnlyOnceTheTokenIsCheckedAndTheLengthIsWithinTheLimit() throws Exception {
    // A valid request: 100 Continue, then the body, then the answer.
    try (RawHttpConnection http = RawHttpConnection.open(SYSTEM.baseUrl())) {
      RawHttpConnection.Received interim = http.send(head("Expect: 100-continue\r\nContent-Length: " + BODY.length() + "\r\n\r\n"))
          .readUntilQuiet(QUIET_MS);
      assertThat(interim.text()).startsWith("HTTP/1.1 100 Continue");
      RawHttpConnection.Received reply = http.send(BODY).readUntilQuiet(QUIET_MS);
      assertThat(reply.hasStatus("action-successful")).as(reply.text()).isTrue();
    }
    // No token: the final answer at once, never an invitation to upload, and the connection ends.
    RawHttpConnection.Received noToken = exchange(head("Expect: 100-continue\r\nContent-Length: " + BODY.length() + "\r\n\r\n")
        .replace("Authorization: Bearer " + token + "\r\n", ""));
    assertThat(noToken.text()).startsWith("HTTP/1.1 401 ").doesNotContain("100 Continue");
    assertThat(noToken.hasStatus("invalid-token")).isTrue();
    assertThat(noToken.closed()).isTrue();
    // Announcing more than the limit: request-too-large at once.
    RawHttpConnection.Received tooLarge = exchange(head("Expect: 100-continue\r\nContent-Length: " + (TestSystem.BODY_LIMIT + 1)
        + "\r\n\r\n"));
    assertThat(tooLarge.text()).startsWith("HTTP/1.1 413 ").doesNotContain("100 Continue");
    assertThat(tooLarge.hasStatus("request-too-large")).isTrue();
    assertThat(tooLarge.closed()).isTrue();
  }
}
