package io.vigil.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Argument checks shared by the compact constructors of the domain records.
 *
 * <p>Every failure is an {@link IllegalArgumentException} (or {@link NullPointerException} for a
 * missing value) whose message names the field and the offending value.
 */
public final class Require {
  private Require() {}

  /** Returns {@code value}, or throws if it is null. */
  public static <T> T present(T value, String field) {
    return Objects.requireNonNull(value, () -> field + " is required");
  }

  /** Returns {@code value}, or throws if it is null, empty or only white space. */
  public static String text(String value, String field) {
    present(value, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
    return value;
  }

  /**
   * The ASCII characters of {@code allowed} as a lookup table for {@link #consistsOf}, with
   * {@code A-Z}, {@code a-z} and {@code 0-9} standing for their ranges. For the ids checked on every
   * event, where a regular expression costs more than the rest of the check.
   */
  public static boolean[] asciiSet(String allowed) {
    boolean[] set = new boolean[128];
    for (int i = 0; i < allowed.length(); i++) {
      char c = allowed.charAt(i);
      if (i + 2 < allowed.length() && allowed.charAt(i + 1) == '-' && Character.isLetterOrDigit(c)) {
        for (char r = c; r <= allowed.charAt(i + 2); r++) {
          set[r] = true;
        }
        i += 2;
      } else {
        set[c] = true;
      }
    }
    return set;
  }

  /** True if {@code value} has 1 to {@code maxLength} characters, each in {@code set} (see {@link #asciiSet}). */
  public static boolean consistsOf(String value, boolean[] set, int maxLength) {
    int n = value.length();
    if (n == 0 || n > maxLength) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c >= 128 || !set[c]) {
        return false;
      }
    }
    return true;
  }

  /** Returns {@code value}, or throws if it is negative. */
  public static long nonNegative(long value, String field) {
    if (value < 0) {
      throw new IllegalArgumentException(field + " must not be negative, was " + value);
    }
    return value;
  }

  /** An immutable copy of {@code map}; null becomes empty. Null keys or values are refused. */
  public static Map<String, String> copy(Map<String, String> map, String field) {
    if (map == null) {
      return Map.of();
    }
    map.forEach((k, v) -> {
      if (k == null || v == null) {
        throw new IllegalArgumentException(field + " must not hold null keys or values: " + k + "=" + v);
      }
    });
    return Map.copyOf(map);
  }

  /** An immutable copy of {@code list}; null becomes empty. Null elements are refused. */
  public static <T> List<T> copy(List<T> list, String field) {
    if (list == null) {
      return List.of();
    }
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) == null) {
        throw new IllegalArgumentException(field + "[" + i + "] must not be null");
      }
    }
    return List.copyOf(list);
  }
}
