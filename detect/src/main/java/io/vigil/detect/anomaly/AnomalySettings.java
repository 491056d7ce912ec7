package io.vigil.detect.anomaly;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Properties;
import java.util.Set;

/**
 * How the anomaly models learn and when they alert.
 *
 * @param learningPeriod how long, from the hub's receipt of a device's first event, during which its profile is learned and nothing alerts
 * @param peerPercent a new item that at least this share (0-100) of the security group's learned devices have is not alerted
 * @param minPeers the fewest learned devices a group needs before the peer check applies
 * @param historyWindows how many windows a rate's band is computed over (the most recent normal ones): minutes for
 *     counted rates, heartbeat intervals for bytes out
 * @param minHistory the fewest windows a rate needs before its band is judged
 * @param hysteresis windows outside the band before an alarm, and inside it before the alarm clears
 * @param sigmas the band's half-width above the median, in robust standard deviations (1.4826 x MAD)
 * @param minExcess the least excess above the median that counts as outside, in events per minute, so a flat
 *     history (MAD 0) does not alarm at the first extra event; the band also allows half the median
 * @param maxExecutables the most executables a profile holds
 * @param maxEndpoints the most remote endpoints a profile holds; past half of it, new ones are kept as /24 or /64 prefixes
 * @param maxPorts the most listening ports a profile holds
 * @param maxUsers the most login users a profile holds
 * @param minExcessKiB for bytes out, the least excess above the median that counts as outside, in KiB per minute
 */
public record AnomalySettings(
    Duration learningPeriod,
    int peerPercent,
    int minPeers,
    int historyWindows,
    int minHistory,
    int hysteresis,
    double sigmas,
    int minExcess,
    int maxExecutables,
    int maxEndpoints,
    int maxPorts,
    int maxUsers,
    int minExcessKiB) {
  private static final Set<String> KEYS = Set.of("learningPeriod", "peerPercent", "minPeers", "historyWindows", "minHistory",
      "hysteresis", "sigmas", "minExcess", "maxExecutables", "maxEndpoints", "maxPorts", "maxUsers", "minExcessKiB");

  public AnomalySettings {
    if (learningPeriod == null || learningPeriod.isNegative() || learningPeriod.isZero()) {
      throw new IllegalArgumentException("learningPeriod must be a positive duration, was " + learningPeriod);
    }
    range("peerPercent", peerPercent, 1, 100);
    range("minPeers", minPeers, 1, 1_000_000);
    range("historyWindows", historyWindows, 4, 1440);
    range("minHistory", minHistory, 1, historyWindows);
    range("hysteresis", hysteresis, 1, 60);
    if (!(sigmas >= 1 && sigmas <= 100)) {
      throw new IllegalArgumentException("sigmas must be between 1 and 100, was " + sigmas);
    }
    range("minExcess", minExcess, 1, 1_000_000);
    range("maxExecutables", maxExecutables, 1, 65_536);
    range("maxEndpoints", maxEndpoints, 2, 65_536);
    range("maxPorts", maxPorts, 1, 65_536);
    range("maxUsers", maxUsers, 1, 65_536);
    range("minExcessKiB", minExcessKiB, 1, 1 << 30);
  }

  /**
   * 24 h of learning, 50 % of at least 5 peers, a band of 6 robust sigmas over the last 60 windows, k = 3, bytes out
   * alarming only 256 KiB per minute or more above the median.
   */
  public static AnomalySettings defaults() {
    return new AnomalySettings(Duration.ofHours(24), 50, 5, 60, 10, 3, 6.0, 5, 256, 512, 64, 64, 256);
  }

  /** These settings with another learning period. */
  public AnomalySettings withLearningPeriod(Duration period) {
    return new AnomalySettings(period, peerPercent, minPeers, historyWindows, minHistory, hysteresis, sigmas, minExcess,
        maxExecutables, maxEndpoints, maxPorts, maxUsers, minExcessKiB);
  }

  /**
   * The defaults overridden by {@code props} (keys named as the components, durations in ISO-8601 such as {@code PT24H}).
   *
   * @param source where the properties came from, for messages
   * @throws IllegalArgumentException naming the source, the key and the bad value
   */
  public static AnomalySettings parse(Properties props, String source) {
    for (String key : props.stringPropertyNames()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(source + ": unknown key '" + key + "' (known: " + String.join(", ", KEYS.stream().sorted().toList()) + ")");
      }
    }
    AnomalySettings d = defaults();
    try {
      return new AnomalySettings(
          duration(props, source, "learningPeriod", d.learningPeriod),
          integer(props, source, "peerPercent", d.peerPercent),
          integer(props, source, "minPeers", d.minPeers),
          integer(props, source, "historyWindows", d.historyWindows),
          integer(props, source, "minHistory", d.minHistory),
          integer(props, source, "hysteresis", d.hysteresis),
          decimal(props, source, "sigmas", d.sigmas),
          integer(props, source, "minExcess", d.minExcess),
          integer(props, source, "maxExecutables", d.maxExecutables),
          integer(props, source, "maxEndpoints", d.maxEndpoints),
          integer(props, source, "maxPorts", d.maxPorts),
          integer(props, source, "maxUsers", d.maxUsers),
          integer(props, source, "minExcessKiB", d.minExcessKiB));
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(source + ":")) {
        throw e;
      }
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  private static Duration duration(Properties p, String source, String key, Duration fallback) {
    String v = p.getProperty(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Duration.parse(v.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(source + ": " + key + " '" + v + "' is not an ISO-8601 duration such as PT24H");
    }
  }

  private static int integer(Properties p, String source, String key, int fallback) {
    String v = p.getProperty(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(source + ": " + key + " '" + v + "' is not a whole number");
    }
  }

  private static double decimal(Properties p, String source, String key, double fallback) {
    String v = p.getProperty(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(source + ": " + key + " '" + v + "' is not a number");
    }
  }

  private static void range(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
    }
  }
}
