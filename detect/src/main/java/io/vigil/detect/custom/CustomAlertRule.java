package io.vigil.detect.custom;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One custom alert rule of a security group: a list (allow or deny) of values, or a range of counts
 * over a tumbling window. Immutable. {@link CustomAlertsJson} reads it with JSON-pointer messages;
 * the checks here guard other callers.
 *
 * @param type what the rule checks or counts; a supported type
 * @param list for a list type, whether the values are allowed or denied; null for a range type
 * @param enabled false switches the rule off without losing it
 * @param values for a list type, the values (at least one); empty for a range type
 * @param min for a range type, the least count that is fine; 0 for a list type
 * @param max for a range type, the greatest count that is fine, at least {@code min}; 0 for a list type
 * @param window for a range type, the window's length; null for a list type
 */
public record CustomAlertRule(
    CustomAlertType type, ListMode list, boolean enabled, List<String> values, long min, long max, Duration window) {
  /** The shortest window: the pipeline decides windows about once a second. */
  public static final Duration MIN_WINDOW = Duration.ofSeconds(10);
  /** The longest window. */
  public static final Duration MAX_WINDOW = Duration.ofDays(7);
  /** The most values one list may hold. */
  public static final int MAX_VALUES = 10_000;

  /** Whether a list's values are the only ones allowed, or the ones not allowed. */
  public enum ListMode {
    ALLOW,
    DENY;

    /** {@code allow} or {@code deny}, as the JSON says it. */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public CustomAlertRule {
    Objects.requireNonNull(type, "type");
    if (!type.supported()) {
      throw new IllegalArgumentException(type.alertName() + " is not supported: " + type.unsupportedReason());
    }
    values = List.copyOf(values);
    if (type.isList()) {
      Objects.requireNonNull(list, type.alertName() + " needs list: allow or deny");
      if (values.isEmpty() || values.size() > MAX_VALUES) {
        throw new IllegalArgumentException(type.alertName() + " needs 1 to " + MAX_VALUES + " values, had " + values.size());
      }
    } else {
      if (list != null || !values.isEmpty()) {
        throw new IllegalArgumentException(type.alertName() + " is a range rule: it takes min, max and window, not a list");
      }
      if (min < 0 || max < min) {
        throw new IllegalArgumentException(type.alertName() + " needs 0 <= min <= max, had min " + min + " and max " + max);
      }
      Objects.requireNonNull(window, type.alertName() + " needs a window");
      if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0) {
        throw new IllegalArgumentException(type.alertName() + " needs a window from " + MIN_WINDOW + " to " + MAX_WINDOW + ", had " + window);
      }
    }
  }

  /** An allow-list or deny-list rule. */
  public static CustomAlertRule list(CustomAlertType type, ListMode list, boolean enabled, List<String> values) {
    return new CustomAlertRule(type, list, enabled, values, 0, 0, null);
  }

  /** A range rule. */
  public static CustomAlertRule range(CustomAlertType type, boolean enabled, long min, long max, Duration window) {
    return new CustomAlertRule(type, null, enabled, List.of(), min, max, window);
  }

  /** The rule id on its alerts: {@code custom:GROUP/TYPE} (with {@code /allow} or {@code /deny} for a list). */
  public String ruleId(String group) {
    return "custom:" + group + "/" + type.alertName() + (list == null ? "" : "/" + list.wireName());
  }
}
