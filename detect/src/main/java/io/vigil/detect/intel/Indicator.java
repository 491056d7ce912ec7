package io.vigil.detect.intel;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * One threat-intelligence indicator: a value of some type that a source says is malicious.
 *
 * <p>The value is kept in canonical form (see {@link IndicatorType}), so two spellings of one
 * address, domain or URL make equal indicators.
 *
 * @param type what the value is
 * @param value the canonical value, for example {@code 203.0.113.0/24} or {@code evil.example}
 * @param source who says so: a CSV row's source, a STIX identity's name, a MISP organisation, or
 *     else the feed's name
 * @param confidence how sure the source is, 0 to 100
 * @param expires the instant from which the indicator no longer matches; {@link #NEVER} if it does
 *     not expire
 * @param tags free labels (malware family, kind of infrastructure), without duplicates
 */
public record Indicator(IndicatorType type, String value, String source, int confidence, Instant expires, List<String> tags) {
  /** The expiry of an indicator that does not expire. */
  public static final Instant NEVER = Instant.MAX;
  /** The confidence of an indicator whose source gives none. */
  public static final int DEFAULT_CONFIDENCE = 50;

  /**
   * Checks and canonicalises the fields.
   *
   * @throws IllegalArgumentException naming the offending value, for example {@code 'not-an-ip'
   *     is not an IPv4/IPv6 address or CIDR}
   */
  public Indicator {
    Objects.requireNonNull(type, "type is required");
    Objects.requireNonNull(value, "value is required");
    value = type.canonical(value);
    Objects.requireNonNull(source, "source is required");
    source = source.strip();
    if (source.isEmpty()) {
      throw new IllegalArgumentException("source must not be blank");
    }
    if (confidence < 0 || confidence > 100) {
      throw new IllegalArgumentException("confidence must be from 0 to 100, was " + confidence);
    }
    Objects.requireNonNull(expires, "expires is required (Indicator.NEVER if it does not expire)");
    tags = tags == null ? List.of() : clean(tags);
  }

  /** True when the indicator still matches at {@code time}, that is {@code time} is before {@link #expires()}. */
  public boolean activeAt(Instant time) {
    return time.isBefore(expires);
  }

  /** Keeps an already clean immutable list as it is, so that a feed's rows can share one tag list. */
  private static List<String> clean(List<String> tags) {
    boolean clean = true;
    for (int i = 0; i < tags.size() && clean; i++) {
      String tag = Objects.requireNonNull(tags.get(i), "tags must not hold null");
      clean = !tag.isEmpty() && tag.strip().length() == tag.length() && tags.indexOf(tag) == i;
    }
    if (clean) {
      return List.copyOf(tags);
    }
    LinkedHashSet<String> distinct = new LinkedHashSet<>();
    for (String tag : tags) {
      String t = tag.strip();
      if (!t.isEmpty()) {
        distinct.add(t);
      }
    }
    return List.copyOf(distinct);
  }
}
