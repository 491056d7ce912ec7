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
 * <p>Time is the runtime's: an event counts at the time the hub received it, and a device has one
 * timer pending, for when it is due (its last event's time plus the interval); silence is judged when
 * the timer fires, at the timer's time, and a timer that comes before the device is due (it spoke
 * since) sets the next one.
 * Hub operations (connects, refused credentials) do not count: they are not the device's telemetry.
 * The interval comes from the rule settings ({@code deviceSilent}: a default and per security group),
 * else {@link #DEFAULT_INTERVAL}; the rule can be switched off like any other by the keys
 * {@value #ALERT_NAME} or {@value #RULE_ID}. A timer that fires before a lengthened interval is over
 * sets a new one; in the embedded runtime a settings change also re-judges every device at once, by
 * the runtime's clock.
 *
 * <p>State is one {@link Heard} per device heard from, in a {@link DeviceState}; a device never heard
 * from since the start is not tracked. Called by one thread at a time for a given device.
 */
public final class DeviceSilentDetection implements Detection {
  public static final String ALERT_NAME = "IoT_DeviceSilent";
  public static final String RULE_ID = "builtin:device-silent";
  /** The retired product's fixed interval; configurable here. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofHours(72);

  private final Supplier<RuleSettings> settings;
  private final DeviceState<Heard> devices;
  private final DeviceTimers timers;
  /** The embedded runtime's state and timers, or null when the runtime keeps them. */
  private final InMemoryDeviceState<Heard> embedded;
  private final TimerQueue queue;
  private RuleSettings sweptWith;

  /**
   * One device's state: plain data.
   *
   * @param last when the hub received its latest event
   * @param group its security group then
   * @param reported whether this silence has been alerted
   * @param timer when its pending timer fires; null when none is pending. One timer per device: a
   *     timer that fires before the device is due sets the next one.
   */
  record Heard(Instant last, String group, boolean reported, Instant timer) {}

  /**
   * A detection for the embedded runtime: it keeps at most {@code maxDevices} devices in memory (beyond
   * that the device heard from longest ago is forgotten) and {@link #advance} fires its timers.
   *
   * @param settings the rule settings in force, read at every event and timer
   * @throws IllegalArgumentException if {@code maxDevices} is below 1
   */
  public DeviceSilentDetection(Supplier<RuleSettings> settings, int maxDevices) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.embedded = new InMemoryDeviceState<>(maxDevices);
    this.queue = new TimerQueue();
    this.devices = embedded;
    this.timers = queue;
  }

  /**
   * A detection for a runtime with keyed state and event-time timers of its own (a stream processor):
   * it calls {@link #onTimer}; {@link #advance} does nothing.
   */
  public DeviceSilentDetection(Supplier<RuleSettings> settings, DeviceStates states, DeviceTimers timers) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.devices = states.state("device-silent", Heard.class);
    this.timers = Objects.requireNonNull(timers, "timers");
    this.embedded = null;
    this.queue = null;
  }

  @Override
  public void evaluate(DeviceEvent event, Consumer<Alert> alerts) {
    if (event.event() instanceof HubOperation) {
      return;
    }
    Heard h = devices.get(event.deviceId());
    Instant last = h == null || event.received().isAfter(h.last()) ? event.received() : h.last();
    Instant timer = h == null ? null : h.timer();
    Instant due = last.plus(interval(settings.get(), event.securityGroup()));
    if (timer == null || timer.isAfter(due)) {
      timer = due;
      timers.register(event.deviceId(), due);
    }
    devices.put(event.deviceId(), new Heard(last, event.securityGroup(), false, timer));
  }

  @Override
  public void onTimer(String deviceId, Instant time, Consumer<Alert> alerts) {
    Heard h = devices.get(deviceId);
    if (h != null && time.equals(h.timer())) {
      devices.put(deviceId, new Heard(h.last(), h.group(), h.reported(), null)); // this device's pending timer fired
    }
    judge(deviceId, settings.get(), time, alerts);
  }

  @Override
  public void advance(Instant now, Consumer<Alert> alerts) {
    if (embedded == null) {
      return;
    }
    RuleSettings s = settings.get();
    if (s != sweptWith) {
      sweptWith = s;
      for (String deviceId : embedded.devices()) {
        judge(deviceId, s, now, alerts);
      }
    }
    queue.fireUpTo(now, (deviceId, time) -> onTimer(deviceId, time, alerts));
  }

  /** Alerts if the device has been silent past its interval by {@code now}, else sets a timer for when it will have been. */
  private void judge(String deviceId, RuleSettings s, Instant now, Consumer<Alert> alerts) {
    Heard h = devices.get(deviceId);
    if (h == null || h.reported()) {
      return;
    }
    Duration interval = interval(s, h.group());
    Instant due = h.last().plus(interval);
    if (now.isBefore(due)) {
      if (h.timer() == null || h.timer().isAfter(due)) {
        devices.put(deviceId, new Heard(h.last(), h.group(), false, due));
        timers.register(deviceId, due);
      }
    } else if (s.enabled(h.group(), ALERT_NAME, RULE_ID)) {
      devices.put(deviceId, new Heard(h.last(), h.group(), true, h.timer()));
      alerts.accept(alert(deviceId, h, interval, now));
    }
  }

  /** How many devices are remembered (embedded runtime). */
  int tracked() {
    return embedded.size();
  }

  /** How many timers wait (embedded runtime). */
  int pendingTimers() {
    return queue.size();
  }

  private static Duration interval(RuleSettings s, String group) {
    return s.silentAfter(group, DEFAULT_INTERVAL);
  }

  private static Alert alert(String deviceId, Heard h, Duration interval, Instant now) {
    String occurrence = RULE_ID + "|" + deviceId + "|" + h.last();
    Duration silent = Duration.between(h.last(), now);
    return new Alert(
        UUID.nameUUIDFromBytes(occurrence.getBytes(StandardCharsets.UTF_8)).toString(),
        ALERT_NAME,
        "Device silent",
        Severity.LOW,
        "Device " + deviceId + " has sent no events for " + human(silent) + ", longer than its expected interval of "
            + human(interval) + ". Its last event arrived at " + h.last() + ".",
        "Check that the device is powered and online and that its agent runs (its service and its log). A stopped"
            + " agent on a device that is otherwise up can mean someone disabled monitoring. Set the expected interval per"
            + " security group in the rule settings (deviceSilent).",
        deviceId,
        Map.of("DeviceId", deviceId, "LastSeen", h.last().toString()),
        Map.of("ExpectedInterval", interval.toString(), "SilentFor", silent.toString(), "SecurityGroup", h.group()),
        AlertStatus.ACTIVE,
        1,
        h.last(),
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
