package io.eventgate.app;

import static io.eventgate.app.StatusCatalogTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.testkit.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Faults operators must see become notifications, readable on the admin listener; the client sees only
 * the catalog status. The admin listener refuses anybody without the admin token.
 */
class NotificationsTest {

  private static final String BEARER = "Bearer " + TestSystem.ADMIN_TOKEN;

  private final TestSystem system = TestSystem.get();

  @Test
  void aCrashInsideAServiceIsANotificationWithItsDetailWhileTheClientSeesOnlyTheStatus() throws Exception {
    Answer answer = system.post(TestRegistry.CRASH, "{}", null);
    assertStatus(answer, 500, "application-crash");
    assertThat(answer.text()).doesNotContain("IllegalStateException", "db-7");

    JsonObject notification = awaitNotification(answer.header("X-Request-Id"));
    assertThat(notification.getString("status")).isEqualTo("application-crash");
    assertThat(notification.getString("route")).isEqualTo("POST " + TestRegistry.CRASH);
    assertThat(notification.getString("detail")).contains("IllegalStateException", TestRegistry.SECRET_DETAIL);
    assertThat(notification.getString("first_seen_at")).isNotBlank();
  }

  @Test
  void theSameFaultRepeatedWithinAMinuteIsCountedOnOneNotification() throws Exception {
    String last = null;
    for (int i = 0; i < 20; i++) {
      last = system.post(TestRegistry.BROKEN, "{}", null).header("X-Request-Id");
    }
    JsonObject notification = awaitNotification(last);
    long rows = (long) system.queryValue("SELECT count(*) FROM notifications WHERE route = ?",
        "POST " + TestRegistry.BROKEN);
    long total = (long) system.queryValue("SELECT sum(count) FROM notifications WHERE route = ?",
        "POST " + TestRegistry.BROKEN);
    assertThat(rows).as("one row a minute per fault").isLessThanOrEqualTo(2);
    assertThat(total).isGreaterThanOrEqualTo(20);
    assertThat(notification.getInteger("count")).isGreaterThan(1);
  }

  @Test
  void ordinaryAnswersAreNotNotifications() throws Exception {
    Answer answer = system.post(TestRegistry.UNAVAILABLE, "{}", null);
    assertStatus(answer, 503, "service-unavailable");
    Thread.sleep(1_500);
    assertThat(find(answer.header("X-Request-Id"))).isNull();
  }

  @Test
  void notificationsAreListedNewestFirstAndPaged() {
    Answer page = system.admin("/admin/notifications?page=1", BEARER);
    assertStatus(page, 200, "action-successful");
    assertThat(page.data().getInteger("page")).isEqualTo(1);
    JsonArray list = page.data().getJsonArray("notifications");
    for (int i = 1; i < list.size(); i++) {
      assertThat(list.getJsonObject(i - 1).getString("last_seen_at"))
          .isGreaterThanOrEqualTo(list.getJsonObject(i).getString("last_seen_at"));
    }
    assertThat(system.admin("/admin/notifications?page=999", BEARER).data().getJsonArray("notifications"))
        .isEmpty();
    for (String bad : new String[] {"0", "-1", "x", "1.5", "99999999999"}) {
      Answer answer = system.admin("/admin/notifications?page=" + bad, BEARER);
      assertStatus(answer, 400, "invalid-param");
      assertThat(answer.param()).isEqualTo("page");
    }
  }

  @Test
  void theAdminListenerRefusesAMissingOrWrongToken() {
    for (String authorization : new String[] {null, "", "Bearer", "Bearer wrong-token", "Basic " + TestSystem.ADMIN_TOKEN,
        "Bearer " + TestSystem.ADMIN_TOKEN + "x", BEARER.toLowerCase()}) {
      Answer answer = system.admin("/admin/notifications", authorization);
      assertStatus(answer, 401, "invalid-token");
      assertThat(answer.json().containsKey("data")).isFalse();
    }
    assertStatus(system.admin("/admin/anything", null), 401, "invalid-token");
    assertStatus(system.admin("/admin/anything", BEARER), 500, "route-non-existent");
  }

  /** The notification whose first or last request is this one, waiting for the once-a-second flush. */
  JsonObject awaitNotification(String requestId) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject found = find(requestId);
      if (found != null) {
        return found;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no notification for request " + requestId);
  }

  private JsonObject find(String requestId) {
    JsonArray list = system.admin("/admin/notifications", BEARER).data().getJsonArray("notifications");
    for (int i = 0; i < list.size(); i++) {
      JsonObject notification = list.getJsonObject(i);
      if (requestId.equals(notification.getString("request_id"))
          || requestId.equals(notification.getString("last_request_id"))) {
        return notification;
      }
    }
    return null;
  }
}
