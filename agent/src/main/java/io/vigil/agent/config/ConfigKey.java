package io.vigil.agent.config;

import io.vigil.agent.spool.Priority;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One configuration key: its name, how a JSON value (from the local file or the twin's desired
 * properties) becomes a setting, and which collector must restart when it changes.
 *
 * <p>Values arrive as {@link io.vigil.agent.collect.JsonValues} reads them: String, Boolean, Long,
 * Double, List, Map. Each parser accepts the natural JSON type and the string form the old agent's
 * twin used ({@code "True"}, {@code "30,120,1440"}), and refuses anything else with a message that
 * names the value and what was expected.
 *
 * @param name the key, such as {@code Process_Mode}
 * @param restarts the spec name of the collector that restarts when the value changes, or null when
 *     the change applies without a restart
 * @param localOnly true for keys only the local file may set (the connection string): the twin must
 *     not be able to point a device at another hub
 * @param parse the JSON value to the setting; throws IllegalArgumentException saying why not
 */
public record ConfigKey(String name, String restarts, boolean localOnly, Function<Object, Object> parse) {
  /** Durations: ISO 8601 ({@code PT5S}) or a number of seconds. */
  static ConfigKey durationKey(String name, String restarts) {
    return new ConfigKey(name, restarts, false, ConfigKey::positiveDuration);
  }

  static ConfigKey boolKey(String name, String restarts) {
    return new ConfigKey(name, restarts, false, ConfigKey::bool);
  }

  static ConfigKey frequency(String name) {
    return new ConfigKey(name, null, false, ConfigKey::priority);
  }

  /** A list of strings: a JSON array, or one string of comma-separated items. */
  static ConfigKey list(String name, String restarts) {
    return new ConfigKey(name, restarts, false, ConfigKey::stringList);
  }

  static boolean bool(Object v) {
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s);
    }
    throw new IllegalArgumentException(show(v) + " is not true or false");
  }

  static Priority priority(Object v) {
    if (v instanceof String s) {
      for (Priority p : Priority.values()) {
        if (p.name().equalsIgnoreCase(s.strip())) {
          return p;
        }
      }
    }
    throw new IllegalArgumentException(show(v) + " is not High, Medium or Low");
  }

  static Duration positiveDuration(Object v) {
    Duration d = duration(v, Duration.ofSeconds(1));
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(show(v) + " must be a positive duration");
    }
    return d;
  }

  /**
   * {@code v} as a duration: an ISO 8601 string such as {@code PT30S}, or a number of {@code unit}s.
   */
  static Duration duration(Object v, Duration unit) {
    if (v instanceof Long n) {
      return unit.multipliedBy(n);
    }
    if (v instanceof Double d && Double.isFinite(d) && Math.abs(d) < 1e9) {
      return Duration.ofNanos(Math.round(d * unit.toNanos()));
    }
    if (v instanceof String s) {
      String text = s.strip().toUpperCase(Locale.ROOT);
      try {
        return Duration.parse(text);
      } catch (DateTimeParseException e) {
        try {
          return duration(Double.parseDouble(text), unit);
        } catch (NumberFormatException notNumber) {
          // fall through to the message below
        }
      }
    }
    String units = unit.equals(Duration.ofMinutes(1)) ? "minutes" : "seconds";
    throw new IllegalArgumentException(show(v) + " is not a duration (ISO 8601 such as PT30S, or a number of " + units + ")");
  }

  static List<String> stringList(Object v) {
    List<String> out = new ArrayList<>();
    if (v instanceof String s) {
      for (String item : s.split(",")) {
        if (!item.isBlank()) {
          out.add(item.strip());
        }
      }
      return List.copyOf(out);
    }
    if (v instanceof List<?> items) {
      for (Object item : items) {
        if (!(item instanceof String s)) {
          throw new IllegalArgumentException("item " + show(item) + " of " + show(v) + " is not a string");
        }
        if (!s.isBlank()) {
          out.add(s.strip());
        }
      }
      return List.copyOf(out);
    }
    throw new IllegalArgumentException(show(v) + " is not a list (a JSON array of strings, or a comma-separated string)");
  }

  static long wholeNumber(Object v) {
    if (v instanceof Long n) {
      return n;
    }
    if (v instanceof String s) {
      try {
        return Long.parseLong(s.strip());
      } catch (NumberFormatException e) {
        // the message below
      }
    }
    throw new IllegalArgumentException(show(v) + " is not a whole number");
  }

  /** A value as it appears in a message: strings quoted, other JSON values as they are. */
  static String show(Object v) {
    if (v instanceof String s) {
      return "'" + s + "'";
    }
    if (v instanceof List<?> || v instanceof java.util.Map<?, ?>) {
      String text = String.valueOf(v);
      return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }
    return String.valueOf(v);
  }
}
