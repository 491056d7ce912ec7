package io.vigil.agent.collect.process;

import io.vigil.model.Require;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * How the process collector captures processes.
 *
 * @param mode which source to use; remote-config key {@code Process_Mode} (Auto, Netlink, Polling)
 * @param pollingInterval how often the polling source lists /proc; remote-config key {@code
 *     Process_PollingInterval}, an ISO 8601 duration such as {@code PT0.1S}
 * @param maxBuffered how many starts and exits wait for collect() before new ones are dropped
 */
public record ProcessSettings(Mode mode, Duration pollingInterval, int maxBuffered) {
  public static final String MODE_KEY = "Process_Mode";
  public static final String POLLING_INTERVAL_KEY = "Process_PollingInterval";
  private static final Duration MIN_INTERVAL = Duration.ofMillis(1);

  /** Which source captures processes. */
  public enum Mode {
    /** The kernel's netlink process connector if it can be opened, else /proc polling. */
    AUTO("Auto"),
    /** Only the netlink process connector: needs root or CAP_NET_ADMIN on kernels before 6.6. */
    NETLINK("Netlink"),
    /** Only /proc polling: no privileges, but misses processes shorter than the interval. */
    POLLING("Polling");

    private final String configValue;

    Mode(String configValue) {
      this.configValue = configValue;
    }

    /** The value in remote configuration: Auto, Netlink or Polling. */
    public String configValue() {
      return configValue;
    }

    /**
     * The mode named {@code value}, ignoring case.
     *
     * @throws IllegalArgumentException naming the key and the value
     */
    public static Mode fromConfig(String value) {
      for (Mode m : values()) {
        if (m.configValue.equalsIgnoreCase(value.strip())) {
          return m;
        }
      }
      throw new IllegalArgumentException(MODE_KEY + " '" + value + "' is not one of "
          + Arrays.stream(values()).map(Mode::configValue).toList());
    }
  }

  public ProcessSettings {
    Require.present(mode, "mode");
    Require.present(pollingInterval, "pollingInterval");
    if (pollingInterval.compareTo(MIN_INTERVAL) < 0) {
      throw new IllegalArgumentException("pollingInterval must be at least 1 ms, was " + pollingInterval);
    }
    if (maxBuffered < 1) {
      throw new IllegalArgumentException("maxBuffered must be positive, was " + maxBuffered);
    }
  }

  /** Auto mode, 100 ms polling, up to 50,000 buffered starts and exits. */
  public static ProcessSettings defaults() {
    return new ProcessSettings(Mode.AUTO, Duration.ofMillis(100), 50_000);
  }

  /**
   * These settings with the remote-config keys {@link #MODE_KEY} and {@link #POLLING_INTERVAL_KEY}
   * from {@code desired} applied; other keys are ignored.
   *
   * @throws IllegalArgumentException naming the key and the value that is not valid
   */
  public ProcessSettings withConfig(Map<String, String> desired) {
    Mode m = desired.containsKey(MODE_KEY) ? Mode.fromConfig(desired.get(MODE_KEY)) : mode;
    Duration interval = pollingInterval;
    String text = desired.get(POLLING_INTERVAL_KEY);
    if (text != null) {
      try {
        interval = Duration.parse(text.strip().toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(POLLING_INTERVAL_KEY + " '" + text
            + "' is not an ISO 8601 duration such as PT0.1S", e);
      }
      if (interval.compareTo(MIN_INTERVAL) < 0) {
        throw new IllegalArgumentException(POLLING_INTERVAL_KEY + " '" + text + "' must be at least 1 ms");
      }
    }
    return new ProcessSettings(m, interval, maxBuffered);
  }
}
