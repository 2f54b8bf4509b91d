package io.eventgate.gateway.metrics;

import java.time.Instant;
import java.util.Map;

/**
 * One interval of the traffic view.
 *
 * @param at      when the interval ended
 * @param seconds how long it was: {@link TrafficView#INTERVAL}, but for the first after start-up and one after the
 *                process stalled
 * @param totals  the whole process
 * @param routes  per route key, only the routes that answered something in the interval
 */
record TrafficPoint(Instant at, double seconds, IntervalFigures totals, Map<String, IntervalFigures> routes) {
}
