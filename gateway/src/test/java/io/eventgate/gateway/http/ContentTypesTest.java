package io.eventgate.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The content-type rule of docs/API.md section 2, through the plain header's shortcut and the full reading. */
class ContentTypesTest {

  @Test
  void jsonInAnyCaseWithAUtf8CharsetOrNoneIsAccepted() {
    for (String header : new String[] {"application/json", "APPLICATION/JSON", "Application/Json",
        "application/json; charset=utf-8", "application/json;charset=UTF-8", " application/json ",
        "application/json;", "application/json; charset=\"utf-8\"", "application/json; foo=bar",
        "application/json ; charset = utf-8"}) {
      assertThat(ContentTypes.isJsonUtf8(header)).as(header).isTrue();
    }
  }

  @Test
  void everythingElseIsRefused() {
    for (String header : new String[] {"", " ", "application/jsonx", "application/json-patch+json",
        "application/jso", "text/json", "application/json; charset=latin1", "application/json; charset=utf-16",
        "application/json; charset", "application/json x", "application/\u0130son"}) {
      assertThat(ContentTypes.isJsonUtf8(header)).as(header).isFalse();
    }
    assertThat(ContentTypes.isJsonUtf8(null)).isFalse();
  }
}
