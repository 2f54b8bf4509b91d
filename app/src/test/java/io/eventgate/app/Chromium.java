package io.eventgate.app;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium, driven by its chromedriver, for the tests of what a browser does. Without
 * {@code chromium} and {@code chromium-driver} installed, the calling test class is skipped — unless
 * {@code EVENTGATE_REQUIRE_CHROMIUM=true} (set by {@code .ci/run}, which installs them), when it fails.
 */
final class Chromium {

  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  private Chromium() {
  }

  /** Skips the calling tests when Chromium is missing and not required. */
  static void assumeInstalled() {
    if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
      if ("true".equals(System.getenv("EVENTGATE_REQUIRE_CHROMIUM"))) {
        throw new IllegalStateException("EVENTGATE_REQUIRE_CHROMIUM is set but chromium or chromedriver is missing");
      }
      Assumptions.assumeTrue(false, "Debian's chromium and chromium-driver are not installed (.ci/run installs them)");
    }
  }

  /** A new headless browser with a window of a fixed size (so screenshots are comparable); quit it when done. */
  static WebDriver start() {
    assumeInstalled();
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM)
        .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--no-first-run", "--disable-extensions", "--window-size=1280,900", "--hide-scrollbars");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }
}
