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
