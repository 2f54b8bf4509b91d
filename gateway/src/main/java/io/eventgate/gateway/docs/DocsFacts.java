package io.eventgate.gateway.docs;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the API docs state that the registry does not hold, handed in by whoever wires the gateway, so the
 * docs read no service's code: the body limit in force, and which service actions send email (and so may
 * answer {@code mandrill-email-failed}) or answer {@code rate-limited} themselves, each with its limit in
 * words as the service states it. Actions are named {@code "service action"}, the service as routes name it.
 */
public record DocsFacts(int bodyLimitBytes, Set<String> emailSendingActions, Map<String, String> throttledActions) {

  public DocsFacts {
    emailSendingActions = Set.copyOf(emailSendingActions);
    throttledActions = Map.copyOf(throttledActions);
  }

  /** {@code actions} of one service, each as {@code "service action"}. */
  public static Set<String> actions(String service, Set<String> actions) {
    return actions.stream().map(action -> service + ' ' + action).collect(Collectors.toUnmodifiableSet());
  }
}
