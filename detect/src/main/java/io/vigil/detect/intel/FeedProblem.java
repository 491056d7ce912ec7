package io.vigil.detect.intel;

import java.util.Objects;

/**
 * An entry of a feed that did not load, and why.
 *
 * @param location where: {@code feed.csv:12} for a CSV line, {@code bundle.json: indicator--…}
 *     for a STIX object, {@code event.json: attribute …} for a MISP attribute, or a JSON pointer
 *     when the entry has no id
 * @param message what was wrong, naming the offending value
 */
public record FeedProblem(String location, String message) {
  public FeedProblem {
    Objects.requireNonNull(location, "location is required");
    Objects.requireNonNull(message, "message is required");
  }

  /** {@code location: message}, for example {@code feed.csv:12: 'not-an-ip' is not an IPv4/IPv6 address or CIDR}. */
  @Override
  public String toString() {
    return location + ": " + message;
  }
}
