package io.vigil.detect.intel;

/**
 * An indicator that matched a value of an event.
 *
 * @param indicator the indicator
 * @param field where in the event the value was, for example {@code RemoteAddress} or {@code
 *     CommandLine URL host}
 * @param observed the value as the event had it, for example {@code a.evil.example} for the
 *     indicator {@code evil.example}
 */
record IntelMatch(Indicator indicator, String field, String observed) {
  /** How the match reads in an alert: {@code domain evil.example from 'Feed' (confidence 80, tags: c2)}. */
  String describe() {
    Indicator i = indicator;
    String tags = i.tags().isEmpty() ? "" : ", tags: " + String.join(", ", i.tags());
    String expires = i.expires().equals(Indicator.NEVER) ? "" : ", expires " + i.expires();
    return i.type().feedName() + " " + i.value() + " from '" + i.source() + "' (confidence " + i.confidence() + tags + expires + ")";
  }
}
