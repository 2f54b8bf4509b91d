package io.eventgate.common.bus;

import io.eventgate.common.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code CALLER_KEY} setting, read once where a process is made (docs/EVENTBUS.md section 7). */
public final class CallerKeys {

  private static final Logger LOG = LoggerFactory.getLogger(CallerKeys.class);
  static final String SETTING = "CALLER_KEY";

  private CallerKeys() {
  }

  /**
   * The process's signer and checker of callers: with the key when set; open (every caller accepted, said
   * once in the log) when not, as separate processes on a developer's machine run with nothing configured.
   */
  public static CallerAssertions from(Settings settings) {
    if (!settings.has(SETTING)) {
      LOG.warn("{} is not set: this process's services accept any caller a sender names on the event bus;"
          + " set the same key on every gateway and service to accept only callers signed with it", SETTING);
      return CallerAssertions.open();
    }
    try {
      return CallerAssertions.withKey(settings.string(SETTING));
    } catch (IllegalArgumentException e) {
      // Said without the key: a startup log must not hold a secret, even a short one.
      throw new IllegalArgumentException(SETTING + " must be at least " + CallerAssertions.MIN_KEY_BYTES
          + " bytes");
    }
  }

  /** {@code settings} with a key made for this run when none is set: for a JVM that signs and checks alone. */
  public static Settings withOwnKey(Settings settings) {
    return settings.has(SETTING) ? settings : settings.with(SETTING, CallerAssertions.randomKey());
  }
}
