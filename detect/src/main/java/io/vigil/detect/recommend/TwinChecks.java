package io.vigil.detect.recommend;

import io.vigil.model.Severity;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The twin recommendations' checks, on the agent configuration keys of the device twin (see the
 * module README for the list and its thresholds). Pure functions of a {@link TwinView}.
 */
final class TwinChecks {
  /** Collectors whose events every detection relies on: switched off, the device is blind to them. */
  static final List<String> ESSENTIAL = List.of("Process", "Network", "Login");
  /** Snapshot collectors: their messages are large and not urgent. */
  static final List<String> SNAPSHOTS = List.of("ListeningPorts", "LocalUsers", "SystemInformation", "Firewall", "Baseline", "Sbom");
  /** Collectors whose repeated events aggregation collapses. */
  static final List<String> AGGREGATING = List.of("Process", "Network");
  static final Duration MIN_HIGH = Duration.ofSeconds(1);
  static final Duration MIN_MEDIUM = Duration.ofMinutes(1);
  static final Duration MIN_LOW = Duration.ofMinutes(5);
  static final Duration MIN_SNAPSHOT_INTERVAL = Duration.ofMinutes(1);
  static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
  static final String PRIORITY_INTERVALS = "CollectorsCore_PriorityIntervals";

  private TwinChecks() {}

  /** The configuration in force: what the agent reported applying, else the desired properties. */
  static Map<String, Object> configuration(TwinView twin) {
    return twin.reported().get("configuration") instanceof Map<?, ?> reported ? cast(reported) : twin.desired();
  }

  /** {@code IoT_TwinConfigurationNotOptimal}: one finding per key whose value is wasteful or leaves the device blind. */
  static List<Finding> notOptimal(TwinView twin) {
    Map<String, Object> config = configuration(twin);
    List<Finding> out = new ArrayList<>();
    for (String c : ESSENTIAL) {
      if (isTrue(config.get(c + "_Disabled"))) {
        out.add(finding(c + "_Disabled", Severity.MEDIUM, config, "switches the " + c + " collector off: the device is blind to its"
            + " events and the rules that need them cannot fire", "false (or remove it)"));
      }
    }
    for (String c : AGGREGATING) {
      Object v = config.get(c + "_Aggregation_Enabled");
      if (v != null && isFalse(v)) {
        out.add(finding(c + "_Aggregation_Enabled", Severity.LOW, config, "turns aggregation off: every repeated " + c.toLowerCase(Locale.ROOT)
            + " event is sent on its own", "true (or remove it)"));
      }
    }
    for (String c : SNAPSHOTS) {
      if ("high".equalsIgnoreCase(text(config.get(c + "_MessageFrequency")))) {
        out.add(finding(c + "_MessageFrequency", Severity.LOW, config, "sends the " + c + " snapshots, which are large and not urgent,"
            + " at high priority, each in a message of its own", "Low (or remove it)"));
      }
      Duration d = duration(config.get(c + "_Interval"), Duration.ofSeconds(1));
      if (d != null && d.compareTo(MIN_SNAPSHOT_INTERVAL) < 0) {
        out.add(finding(c + "_Interval", Severity.LOW, config, "takes a " + c + " snapshot more often than once a minute", "PT1H or longer"));
      }
    }
    config.forEach((key, value) -> {
      if (key.endsWith("_Interval") && !key.endsWith("_Aggregation_Interval") && !SNAPSHOTS.contains(key.substring(0, key.length() - 9))) {
        Duration d = duration(value, Duration.ofSeconds(1));
        if (d != null && d.compareTo(MIN_INTERVAL) < 0) {
          out.add(finding(key, Severity.LOW, config, "polls more often than once a second", "PT1S or longer"));
        }
      }
    });
    List<Duration> p = priorityIntervals(config.get(PRIORITY_INTERVALS));
    if (p != null && (p.get(0).compareTo(MIN_HIGH) < 0 || p.get(1).compareTo(MIN_MEDIUM) < 0 || p.get(2).compareTo(MIN_LOW) < 0)) {
      out.add(finding(PRIORITY_INTERVALS, Severity.LOW, config, "sends events almost as soon as they happen (High under " + MIN_HIGH.toSeconds()
          + " s, Medium under " + MIN_MEDIUM.toMinutes() + " min or Low under " + MIN_LOW.toMinutes() + " min): many small messages",
          "'PT2S,PT5M,PT30M' (the default) or longer"));
    }
    return out;
  }

  /**
   * {@code IoT_TwinConfigurationConflict}: one finding per desired key the agent refused
   * ({@code latest_invalid_fields}) or did not apply as given (its reported {@code configuration}
   * holds another value, or none). Null while the agent has not acknowledged the current desired
   * version ({@code latest_desired_version}), when nothing can be said yet.
   */
  static List<Finding> conflicts(TwinView twin) {
    Map<String, Object> reported = twin.reported();
    if (!(reported.get("latest_desired_version") instanceof Number acked) || acked.longValue() != twin.desiredVersion()) {
      return null;
    }
    List<String> invalid = strings(reported.get("latest_invalid_fields"));
    List<String> errors = strings(reported.get("latest_errors"));
    Map<String, Object> applied = reported.get("configuration") instanceof Map<?, ?> m ? cast(m) : Map.of();
    List<Finding> out = new ArrayList<>();
    for (String key : invalid) {
      String error = errors.stream().filter(e -> e.startsWith(key + ":")).findFirst().orElse(key + ": refused by the agent");
      out.add(conflict(twin, key, "refused it: " + error, Map.of("Error", error)));
    }
    twin.desired().forEach((key, value) -> {
      if (!invalid.contains(key) && !sameJson(value, applied.get(key))) {
        String inForce = applied.containsKey(key) ? String.valueOf(applied.get(key)) : "nothing";
        out.add(conflict(twin, key, "acknowledged it but reports " + inForce + " in force for it", Map.of("Reported", inForce)));
      }
    });
    return out;
  }

  private static Finding conflict(TwinView twin, String key, String what, Map<String, String> extra) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("Key", key);
    data.put("Desired", String.valueOf(twin.desired().get(key)));
    data.put("DesiredVersion", Long.toString(twin.desiredVersion()));
    data.putAll(extra);
    return new Finding(RecommendationKind.TWIN_CONFIGURATION_CONFLICT, key, Severity.MEDIUM,
        "The desired property " + key + " = " + twin.desired().get(key) + " (version " + twin.desiredVersion() + ") is not in force: the"
            + " agent " + what + ".", data);
  }

  private static Finding finding(String key, Severity severity, Map<String, Object> config, String why, String suggested) {
    return new Finding(RecommendationKind.TWIN_CONFIGURATION_NOT_OPTIMAL, key, severity,
        key + " = " + config.get(key) + " " + why + ". Suggested: " + suggested + ".",
        Map.of("Key", key, "Value", String.valueOf(config.get(key)), "Suggested", suggested));
  }

  /** Numbers and numeric strings compare by value ({@code 5} and {@code "5"} alike); the rest as JSON values. */
  private static boolean sameJson(Object a, Object b) {
    if (Objects.equals(a, b)) {
      return true;
    }
    if (a == null || b == null || a instanceof Map || b instanceof Map || a instanceof List || b instanceof List) {
      return false;
    }
    return String.valueOf(a).equalsIgnoreCase(String.valueOf(b));
  }

  private static boolean isTrue(Object v) {
    return Boolean.TRUE.equals(v) || "true".equalsIgnoreCase(text(v));
  }

  private static boolean isFalse(Object v) {
    return Boolean.FALSE.equals(v) || "false".equalsIgnoreCase(text(v));
  }

  private static String text(Object v) {
    return v instanceof String s ? s.strip() : null;
  }

  /** {@code v} as the agent reads a duration (ISO 8601, or a number of {@code unit}s); null when it is not one. */
  static Duration duration(Object v, Duration unit) {
    try {
      if (v instanceof Number n) {
        return Duration.ofNanos(Math.round(n.doubleValue() * unit.toNanos()));
      }
      if (v instanceof String s && !s.isBlank()) {
        String t = s.strip().toUpperCase(Locale.ROOT);
        return t.startsWith("P") ? Duration.parse(t) : Duration.ofNanos(Math.round(Double.parseDouble(t) * unit.toNanos()));
      }
    } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
      return null; // not a duration: the agent refuses it, which the conflict check reports
    }
    return null;
  }

  /** High, Medium and Low as the agent reads them ("30,120,1440" in minutes, ISO items, or an array); null when not three. */
  private static List<Duration> priorityIntervals(Object v) {
    List<?> items = v instanceof List<?> l ? l : v instanceof String s ? List.of(s.split(",", -1)) : null;
    if (items == null || items.size() != 3) {
      return null;
    }
    List<Duration> out = new ArrayList<>();
    for (Object item : items) {
      Duration d = duration(item, Duration.ofMinutes(1));
      if (d == null) {
        return null;
      }
      out.add(d);
    }
    return out;
  }

  private static List<String> strings(Object v) {
    List<String> out = new ArrayList<>();
    if (v instanceof List<?> l) {
      l.forEach(x -> out.add(String.valueOf(x)));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }
}
