package io.vigil.agent.collect.baseline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a setting's value must be: equal to a value, one of several, none of several, within numeric
 * bounds, free of listed items (for comma lists such as sshd Ciphers), or holding certain mode bits
 * (for umask values).
 *
 * <p>Read from the params {@code equals}, {@code one_of}, {@code not_one_of}, {@code at_least},
 * {@code at_most}, {@code contains_none}, {@code all_bits}, {@code ignore_case} and {@code time}
 * (numbers may carry sshd time units: {@code 1m30s}).
 */
record Expectation(
    List<String> oneOf, List<String> notOneOf, Long atLeast, Long atMost, List<String> containsNone, Integer allBits,
    boolean ignoreCase, boolean time) {

  private static final Pattern TIME_PART = Pattern.compile("(\\d+)([sSmMhHdDwW]?)");

  /** Reads the expectation from {@code params}; at least one kind must be given. */
  static Expectation from(Params params, boolean ignoreCaseByDefault) throws PolicyException {
    List<String> oneOf = new ArrayList<>(params.optStrings("one_of"));
    params.optString("equals").ifPresent(oneOf::add);
    List<String> notOneOf = params.optStrings("not_one_of");
    Long atLeast = params.optLong("at_least").orElse(null);
    Long atMost = params.optLong("at_most").orElse(null);
    List<String> containsNone = params.optStrings("contains_none");
    Integer allBits = params.optMode("all_bits").orElse(null);
    boolean ignoreCase = params.bool("ignore_case", ignoreCaseByDefault);
    boolean time = params.bool("time", false);
    if (oneOf.isEmpty() && notOneOf.isEmpty() && atLeast == null && atMost == null && containsNone.isEmpty() && allBits == null) {
      throw new PolicyException("params need one of equals, one_of, not_one_of, at_least, at_most, contains_none, all_bits");
    }
    return new Expectation(List.copyOf(oneOf), notOneOf, atLeast, atMost, containsNone, allBits, ignoreCase, time);
  }

  /** Why {@code value} does not meet the expectation, or empty if it does. */
  Optional<String> complaint(String value) {
    String v = value.strip();
    if (!oneOf.isEmpty() && oneOf.stream().noneMatch(e -> same(e, v))) {
      return Optional.of(oneOf.size() == 1 ? "expected '" + oneOf.getFirst() + "'" : "expected one of " + quoted(oneOf));
    }
    if (notOneOf.stream().anyMatch(e -> same(e, v))) {
      return Optional.of("expected anything but " + quoted(notOneOf));
    }
    if (atLeast != null || atMost != null) {
      Long n = number(v);
      if (n == null) {
        return Optional.of("expected a number" + bounds());
      }
      if ((atLeast != null && n < atLeast) || (atMost != null && n > atMost)) {
        return Optional.of("expected" + bounds());
      }
    }
    if (!containsNone.isEmpty()) {
      List<String> found = new ArrayList<>();
      for (String item : v.split("[,\\s]+")) {
        String bare = item.startsWith("+") || item.startsWith("^") ? item.substring(1) : item;
        if (containsNone.stream().anyMatch(e -> same(e, bare))) {
          found.add(bare);
        }
      }
      if (!found.isEmpty()) {
        return Optional.of("expected none of " + quoted(containsNone) + "; found " + quoted(found));
      }
    }
    if (allBits != null) {
      if (!v.matches("[0-7]{1,4}") || (Integer.parseInt(v, 8) & allBits) != allBits) {
        return Optional.of("expected a mask with at least the bits " + String.format("%03o", allBits));
      }
    }
    return Optional.empty();
  }

  /** What is expected, for a setting that has no value: {@code expected 'no'}, {@code expected at most 4} ... */
  String describe() {
    List<String> parts = new ArrayList<>();
    if (!oneOf.isEmpty()) {
      parts.add(oneOf.size() == 1 ? "'" + oneOf.getFirst() + "'" : "one of " + quoted(oneOf));
    }
    if (!notOneOf.isEmpty()) {
      parts.add("anything but " + quoted(notOneOf));
    }
    if (atLeast != null || atMost != null) {
      parts.add(bounds().strip());
    }
    if (!containsNone.isEmpty()) {
      parts.add("none of " + quoted(containsNone));
    }
    if (allBits != null) {
      parts.add("a mask with at least the bits " + String.format("%03o", allBits));
    }
    return "expected " + String.join(" and ", parts);
  }

  private String bounds() {
    if (atLeast != null && atMost != null) {
      return " between " + atLeast + " and " + atMost;
    }
    return atLeast != null ? " at least " + atLeast : " at most " + atMost;
  }

  private boolean same(String expected, String value) {
    return ignoreCase ? expected.equalsIgnoreCase(value) : expected.equals(value);
  }

  /** The value as a number: an integer, or with {@code time} a duration such as {@code 1m30s} in seconds. */
  private Long number(String v) {
    if (v.matches("-?\\d{1,18}")) {
      return Long.parseLong(v);
    }
    if (!time || !v.matches("(\\d{1,9}[sSmMhHdDwW]?)+")) {
      return null;
    }
    long total = 0;
    Matcher m = TIME_PART.matcher(v);
    while (m.find()) {
      long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
        case "m" -> 60;
        case "h" -> 3600;
        case "d" -> 86400;
        case "w" -> 604800;
        default -> 1;
      };
      total += Long.parseLong(m.group(1)) * unit;
    }
    return total;
  }

  static String quoted(List<String> values) {
    return "'" + String.join("', '", values) + "'";
  }
}
