package io.vigil.detect;

import io.vigil.detect.settings.RuleSettings;
import io.vigil.model.Alert;
import io.vigil.model.AlertStatus;
import io.vigil.model.Severity;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.HubOperation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Raises {@code IoT_DeviceSilent} when a device that sent events has sent none for longer than its
 * expected interval, once per silence; the device's next event re-arms it.
 *
 * <p>Time is the runtime's: an event counts at the time the hub received it, and silence is judged
 * by the clock {@link #advance} is given. Hub operations (connects, refused credentials) do not
 * count: they are not the device's telemetry. The interval comes from the rule settings
 * ({@code deviceSilent}: a default and per security group), else {@link #DEFAULT_INTERVAL}; the rule
 * can be switched off like any other by the keys {@value #ALERT_NAME} or {@value #RULE_ID}.
 *
 * <p>State is one entry per device heard from, at most {@code maxDevices}; beyond that the device
 * heard from longest ago is forgotten. A device never heard from since the start is not tracked.
 * Called by one thread at a time (the pipeline's), for every device.
 */
public final class DeviceSilentDetection implements Detection {
  public static final String ALERT_NAME = "IoT_DeviceSilent";
  public static final String RULE_ID = "builtin:device-silent";
  /** The retired product's fixed interval; configurable here. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofHours(72);

  private final Supplier<RuleSettings> settings;
  private final int maxDevices;
  /** Per device, in order of the latest event: oldest first. */
  private final LinkedHashMap<String, Heard> devices = new LinkedHashMap<>(16, 0.75f, true);
  /** No device can be due before this; recomputed by each sweep. */
  private Instant nextSweep = Instant.MIN;
  private RuleSettings sweptWith;

  private static final class Heard {
    Instant last;
    String group;
    boolean reported;
  }

  /**
   * @param settings the rule settings in force, read on every sweep
   * @param maxDevices how many devices to remember at most
   */
  public DeviceSilentDetection(Supplier<RuleSettings> settings, int maxDevices) {
    this.settings = Objects.requireNonNull(settings, "settings");
    if (maxDevices < 1) {
      throw new IllegalArgumentException("maxDevices must be at least 1, was " + maxDevices);
    }
    this.maxDevices = maxDevices;
  }

  @Override
  public void evaluate(DeviceEvent event, Consumer<Alert> alerts) {
    if (event.event() instanceof HubOperation) {
      return;
    }
    Heard h = devices.get(event.deviceId());
    if (h == null) {
      if (devices.size() >= maxDevices) {
        Iterator<Heard> oldest = devices.values().iterator();
        oldest.next();
        oldest.remove();
      }
      h = new Heard();
      devices.put(event.deviceId(), h);
    }
    if (h.last == null || event.received().isAfter(h.last)) {
      h.last = event.received();
    }
    h.group = event.securityGroup();
    h.reported = false;
    Instant due = h.last.plus(interval(settings.get(), h.group));
    if (due.isBefore(nextSweep)) {
      nextSweep = due;
    }
  }

  @Override
  public void advance(Instant now, Consumer<Alert> alerts) {
    RuleSettings s = settings.get();
    if (now.isBefore(nextSweep) && s == sweptWith) {
      return;
    }
    sweptWith = s;
    Instant next = Instant.MAX;
    for (Map.Entry<String, Heard> e : devices.entrySet()) {
      Heard h = e.getValue();
      if (h.reported) {
        continue;
      }
      Duration interval = interval(s, h.group);
      Instant due = h.last.plus(interval);
      if (!now.isBefore(due) && s.enabled(h.group, ALERT_NAME, RULE_ID)) {
        h.reported = true;
        alerts.accept(alert(e.getKey(), h, interval, now));
      } else if (due.isBefore(next)) {
        next = due;
      }
    }
    nextSweep = next;
  }

  /** How many devices are remembered. */
  int tracked() {
    return devices.size();
  }

  private static Duration interval(RuleSettings s, String group) {
    return s.silentAfter(group, DEFAULT_INTERVAL);
  }

  private static Alert alert(String deviceId, Heard h, Duration interval, Instant now) {
    String occurrence = RULE_ID + "|" + deviceId + "|" + h.last;
    Duration silent = Duration.between(h.last, now);
    return new Alert(
        UUID.nameUUIDFromBytes(occurrence.getBytes(StandardCharsets.UTF_8)).toString(),
        ALERT_NAME,
        "Device silent",
        Severity.LOW,
        "Device " + deviceId + " has sent no events for " + human(silent) + ", longer than its expected interval of "
            + human(interval) + ". Its last event arrived at " + h.last + ".",
        "Check that the device is powered and online and that its agent runs (its service and its log). A stopped"
            + " agent on a device that is otherwise up can mean someone disabled monitoring. Set the expected interval per"
            + " security group in the rule settings (deviceSilent).",
        deviceId,
        Map.of("DeviceId", deviceId, "LastSeen", h.last.toString()),
        Map.of("ExpectedInterval", interval.toString(), "SilentFor", silent.toString(), "SecurityGroup", h.group),
        AlertStatus.ACTIVE,
        1,
        h.last,
        now,
        now,
        RULE_ID,
        List.of("DefenseEvasion"),
        List.of("T1562.001"));
  }

  private static String human(Duration d) {
    long s = d.toSeconds();
    return s % 3600 == 0 ? s / 3600 + " h" : s % 60 == 0 ? s / 60 + " min" : s + " s";
  }
}
