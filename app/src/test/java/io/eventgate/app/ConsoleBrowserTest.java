package io.eventgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.testkit.Answer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The operator console ({@code /console}, docs/OPERATIONS.md "The console") in a real headless Chromium: an
 * operator logs in, sees the notification of a failing registration appear, undeploys a route and sees the API
 * answer {@code route-not-found}, finds the change in the history and rolls it back; a read-only credential
 * sees the same and can change nothing. Each tab's screenshot is written to {@code docs/console/}, so the
 * pictures in the docs are the console as it is.
 */
class ConsoleBrowserTest {

  private static final TestSystem SYSTEM = TestSystem.get();
  private static final Duration WAIT = Duration.ofSeconds(20);
  /** Three points of the traffic view, one per 10 s, and some room. */
  private static final Duration TRAFFIC_WAIT = Duration.ofSeconds(45);
  private static final Path SCREENSHOTS = Path.of("..", "docs", "console");
  private static final String REGISTER = "/api/v1/users/client_register";

  private static WebDriver browser;

  @BeforeAll
  static void start() {
    browser = Chromium.start();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    SYSTEM.mandrill().mode(MandrillStub.Mode.SENT);
  }

  @Test
  void theConsoleIsServedWithAStrictPolicyAndNoTokenInItsPage() {
    Answer page = SYSTEM.send(HttpRequest.newBuilder(URI.create(SYSTEM.app().adminUrl() + "/console")).GET());
    assertThat(page.code()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'").contains("script-src 'self'")
        .contains("frame-ancestors 'none'").doesNotContain("unsafe");
    assertThat(page.header("Cache-Control")).isEqualTo("no-store");
    assertThat(page.text()).doesNotContain(TestSystem.ADMIN_TOKEN).doesNotContain("<script>");
    // Only the page's own files are served without a token.
    assertThat(SYSTEM.admin("/console/other.js", null).status()).isEqualTo("invalid-token");
  }

  @Test
  void anOperatorSeesANotificationUndeploysARouteAndRollsItBack() throws Exception {
    String path = "/test/console/" + UUID.randomUUID();
    Answer created = SYSTEM.admin("PUT", "/admin/routes/POST" + path, new JsonObject().put("service", "test-echo")
        .put("action", "echo").put("auth", "none"));
    assertThat(created.code()).isEqualTo(200);
    try {
      operate(path, created.data().getLong("version"));
    } finally {
      SYSTEM.update("DELETE FROM routes WHERE method = 'POST' AND path = ?", path);
    }
  }

  /** What an operator does, from the version that created the route at {@code path}. */
  private void operate(String path, long deployed) throws Exception {
    awaitApi(path, "action-successful");

    logIn(TestSystem.ADMIN_TOKEN);
    assertThat(text(By.id("who"))).isEqualTo("admin · read-write");

    // A registration whose welcome email fails: its notification appears without reloading the page.
    SYSTEM.mandrill().mode(MandrillStub.Mode.HTTP_500);
    String email = SYSTEM.newUser("console");
    Answer failed = SYSTEM.postSensitive(REGISTER, new JsonObject().put("first_name", "Con").put("last_name", "Sole"),
        SYSTEM.token(email));
    SYSTEM.mandrill().mode(MandrillStub.Mode.SENT);
    assertThat(failed.status()).isEqualTo("mandrill-email-failed");
    String requestId = failed.json().getString("request_id");
    await("the notification of " + requestId, () -> browser.findElements(By.cssSelector(
        "#notifications tr[data-status='mandrill-email-failed'] td")).stream()
        .anyMatch(cell -> cell.getText().equals(requestId)));
    browser.findElement(By.cssSelector("#notifications tr[data-status='mandrill-email-failed'] button")).click();
    await("the notification's detail", () -> text(By.id("notification-detail")).contains(requestId));
    assertThat(text(By.id("notification-detail"))).contains("HTTP 500");
    screenshot("notifications");

    // Undeploy the route with its toggle: the API answers route-not-found.
    tab("registry");
    By toggle = By.cssSelector("#routes tr[data-route='POST " + path + "'] button.toggle");
    await("the route's toggle", () -> !browser.findElements(toggle).isEmpty());
    // An edit the rules refuse: the validator's answer is shown under the editor, and nothing changes.
    browser.findElement(By.cssSelector("#routes tr[data-route='POST " + path + "'] button:not(.toggle)")).click();
    await("the editor", () -> browser.findElement(By.id("editor")).isDisplayed());
    WebElement editor = browser.findElement(By.id("editor-json"));
    editor.clear();
    editor.sendKeys("{\"service\": \"test-echo\", \"action\": \"echo\", \"auth\": \"sometimes\"}");
    browser.findElement(By.id("editor-save")).click();
    await("the validator's answer", () -> text(By.id("editor-error")).startsWith("auth: "));
    browser.findElement(By.id("editor-cancel")).click();
    awaitApi(path, "action-successful");
    screenshot("routes-and-services");
    assertThat(browser.findElement(toggle).getText()).isEqualTo("deployed");
    browser.findElement(toggle).click();
    await("the toggle to show undeployed", () -> browser.findElement(toggle).getText().equals("undeployed"));
    awaitApi(path, "route-not-found");

    // The change is the newest version; rolling back to the one before it deploys the route again.
    tab("history");
    By newest = By.cssSelector("#versions tbody tr:first-child");
    await("the history", () -> browser.findElement(newest).getText().contains("undeployed from the console"));
    assertThat(browser.findElement(newest).getText()).contains("admin");
    long undeployed = Long.parseLong(browser.findElement(newest).getAttribute("data-version"));
    browser.findElement(By.cssSelector("#versions tr[data-version='" + deployed + "'] button")).click();
    await("version " + deployed, () -> text(By.id("version-title")).equals("Version " + deployed));
    browser.findElement(By.id("rollback")).click();
    await("the confirmation", () -> browser.findElement(By.id("rollback-confirm")).isDisplayed());
    screenshot("history");
    browser.findElement(By.id("rollback-yes")).click();
    await("the rollback's version", () -> text(By.id("version-title")).equals("Version " + (undeployed + 1)));
    assertThat(text(By.id("version-summary"))).contains("rollback to version " + deployed)
        .contains("1 changed");
    awaitApi(path, "action-successful");

    tab("cluster");
    await("the cluster view", () -> !browser.findElements(By.cssSelector("#gateways tr[data-gateway]")).isEmpty());
    screenshot("cluster");
    SYSTEM.post(TestRegistry.ECHO, new JsonObject().put("name", "x"), null);
    tab("traffic");
    // Points come every 10 s: wait for a line of three, so the picture shows lines.
    await("the traffic charts", () -> browser.findElements(By.cssSelector("#charts .chart polyline")).stream()
        .anyMatch(line -> line.getAttribute("points").split(" ").length > 2), TRAFFIC_WAIT);
    screenshot("traffic");
    assertNoScriptErrors();
  }

  @Test
  void aReadOnlyCredentialSeesEverythingAndCanChangeNothing() {
    Answer created = SYSTEM.admin("POST", "/admin/credentials", new JsonObject()
        .put("name", "console-viewer-" + UUID.randomUUID().toString().substring(0, 8)).put("role", "read-only"));
    assertThat(created.code()).as(created.toString()).isEqualTo(200);
    logIn(created.data().getJsonObject("credential").getString("token"));
    assertThat(text(By.id("who"))).endsWith("read-only");

    tab("registry");
    By toggles = By.cssSelector("#routes button.toggle");
    await("the routes", () -> !browser.findElements(toggles).isEmpty());
    assertThat(browser.findElements(toggles)).isNotEmpty().allMatch(toggle -> !toggle.isEnabled());
    assertThat(browser.findElements(By.cssSelector("#services button.write"))).isNotEmpty()
        .allMatch(b -> !b.isEnabled());

    tab("history");
    By view = By.cssSelector("#versions tbody tr:first-child button");
    await("the history", () -> !browser.findElements(view).isEmpty());
    browser.findElement(view).click();
    await("a version", () -> browser.findElement(By.id("version")).isDisplayed());
    assertThat(browser.findElement(By.id("rollback")).isEnabled()).isFalse();
    assertNoScriptErrors();
  }

  @Test
  void aWrongTokenIsRefusedOnTheLoginForm() {
    browser.get(SYSTEM.app().adminUrl() + "/console");
    ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
    browser.navigate().refresh();
    browser.findElement(By.id("token")).sendKeys("not-a-credential");
    browser.findElement(By.id("open")).click();
    await("the refusal", () -> text(By.id("login-error")).contains("not an admin credential"));
    assertThat(browser.findElement(By.id("console")).isDisplayed()).isFalse();
    Object stored = ((JavascriptExecutor) browser).executeScript("return sessionStorage.length");
    assertThat(stored).isEqualTo(0L);
  }

  private static void logIn(String token) {
    browser.get(SYSTEM.app().adminUrl() + "/console");
    ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
    browser.navigate().refresh();
    browser.findElement(By.id("token")).sendKeys(token);
    browser.findElement(By.id("open")).click();
    await("the console", () -> browser.findElement(By.id("console")).isDisplayed());
    assertThat(browser.getCurrentUrl()).doesNotContain(token);
  }

  private static void tab(String name) {
    browser.findElement(By.id("tab-" + name)).click();
    await("the " + name + " tab", () -> browser.findElement(By.id("panel-" + name)).isDisplayed());
  }

  private static String text(By by) {
    return browser.findElement(by).getText();
  }

  /** The script's own report of failures: the status line is not an error. */
  private static void assertNoScriptErrors() {
    WebElement message = browser.findElement(By.id("message"));
    assertThat(message.getAttribute("class")).as(message.getText()).doesNotContain("error");
  }

  private static void awaitApi(String path, String status) {
    await(path + " to answer " + status, () -> status.equals(SYSTEM.post(path, new JsonObject().put("x", 1), null)
        .status()));
  }

  private static void await(String what, Supplier<Boolean> condition) {
    await(what, condition, WAIT);
  }

  private static void await(String what, Supplier<Boolean> condition, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (condition.get()) {
          return;
        }
      } catch (RuntimeException e) {
        last = e; // the element is being replaced by a refresh
      }
      TestSystem.sleep(100);
    }
    throw new AssertionError("waited " + wait.toSeconds() + " s for " + what, last);
  }

  private static void screenshot(String name) throws IOException {
    ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
    Files.createDirectories(SCREENSHOTS);
    Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }
}
