package io.eventgate.gateway.registry;

/** A service of the registry: the event-bus address its verticles consume, and how long to wait for them. */
public record ServiceRecord(String name, String address, boolean deployed, int timeoutMs, String description) {
}
