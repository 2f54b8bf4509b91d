package io.eventgate.gateway.ratelimit;

import io.eventgate.common.api.ApiException;
import java.util.List;

/**
 * What the limits checked at one step said: the quotas met (sent as headers on the answer, whatever it is)
 * and, when one was exceeded, the {@code rate-limited} answer with its {@code Retry-After}.
 */
public record Verdict(List<Quota> quotas, ApiException refusal) {

  public static final Verdict NONE = new Verdict(List.of(), null);

  public boolean refused() {
    return refusal != null;
  }
}
