package io.eventgate.gateway.metrics;

import io.eventgate.common.api.Status;

/**
 * What one route (or the whole process) answered in one interval of the traffic view: only these few
 * numbers are kept per point, never the histogram they came from.
 *
 * @param requests     answers counted (a client that left before its answer included)
 * @param clientErrors answers with an HTTP status from 400 to 499
 * @param serverErrors answers with an HTTP status of 500 or more
 * @param p99Ms        the interval's 99th-percentile latency in milliseconds, or {@code null} without requests
 */
record IntervalFigures(long requests, long clientErrors, long serverErrors, Double p99Ms) {

  static final double PERCENTILE = 0.99;

  /** The figures of one interval, added up timer by timer. */
  static final class Tally {

    private long requests;
    private long clientErrors;
    private long serverErrors;
    private IntervalLatencies latencies;

    /**
     * Adds one timer's interval.
     *
     * @param status the timer's {@code status} tag: a code of the status catalog, which fixes its HTTP
     *               status, or a name the metrics give an answer outside the envelope (an {@code OPTIONS}
     *               answer, a client that left first), which is no error
     */
    void add(String status, IntervalLatencies interval) {
      long count = interval.count();
      if (count == 0) {
        return;
      }
      requests += count;
      Status known = Status.fromCode(status);
      int http = known == null ? 0 : known.httpStatus();
      if (http >= 500) {
        serverErrors += count;
      } else if (http >= 400) {
        clientErrors += count;
      }
      if (latencies == null) {
        latencies = IntervalLatencies.empty(interval.boundsMs());
      }
      latencies.add(interval);
    }

    IntervalFigures figures() {
      return new IntervalFigures(requests, clientErrors, serverErrors,
          latencies == null ? null : latencies.percentileMs(PERCENTILE));
    }
  }
}
