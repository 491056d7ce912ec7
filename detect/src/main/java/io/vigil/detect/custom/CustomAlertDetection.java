package io.vigil.detect.custom;

import io.vigil.detect.Detection;
import io.vigil.detect.DeviceState;
import io.vigil.detect.DeviceStates;
import io.vigil.detect.DeviceTimers;
import io.vigil.detect.InMemoryDeviceState;
import io.vigil.detect.TimerQueue;
import io.vigil.model.Alert;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.HubOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Raises the custom alerts of each device's security group ({@link LiveCustomAlerts}):
 *
 * <ul>
 *   <li>a list rule at once, for each event item whose value an allow-list does not hold or a
 *       deny-list holds (see {@link CustomAlertType#what()});
 *   <li>a range rule when a window closes with a count below its min or above its max. Windows are
 *       per device, tumbling, aligned to the epoch, in event time (the hub's receive time for hub
 *       operations). A window is decided at the device's first event after it, or, for a quiet device,
 *       once the runtime's clock is {@code lateness} past its end. An event older than the open window
 *       counts in it.
 * </ul>
 *
 * <p>The rules are read once per event (one volatile read), so a change applies to the next event.
 * Switching a range rule off drops its open window; a device is tracked from its first event after a
 * range rule applies to its group. State: each device's open windows ({@link DeviceWindows.State}) in
 * a {@link DeviceState}, and a timer for when the earliest comes due. In the embedded runtime a rule
 * change also brings every device's windows in line at once, by the runtime's clock. Called by one
 * thread at a time for a given device.
 */
public final class CustomAlertDetection implements Detection {
  /** How long past its end a quiet device's window waits for late events before it is decided. */
  public static final Duration DEFAULT_LATENESS = Duration.ofMinutes(1);

  private final LiveCustomAlerts rules;
  private final MessageCounts counts;
  private final long lateness;
  private final DeviceState<DeviceWindows.State> devices;
  private final DeviceTimers timers;
  /** The embedded runtime's state and timers, or null when the runtime keeps them. */
  private final InMemoryDeviceState<DeviceWindows.State> embedded;
  private final TimerQueue queue;
  private CompiledAlerts sweptWith;

  /**
   * A detection for the embedded runtime: it keeps the windows of at most {@code maxDevices} devices in
   * memory (beyond that the device used longest ago is forgotten) and {@link #advance} fires its timers.
   *
   * @param rules the rules in force, read at every event and timer
   * @param counts the non-security telemetry per device and protocol; {@link MessageCounts#none()} when not known
   * @param lateness how long past its end a quiet device's window is decided
   * @param maxDevices how many devices' windows to keep at most
   */
  public CustomAlertDetection(LiveCustomAlerts rules, MessageCounts counts, Duration lateness, int maxDevices) {
    this(rules, counts, lateness, new InMemoryDeviceState<>(maxDevices), new TimerQueue(), true);
  }

  /**
   * A detection for a runtime with keyed state and event-time timers of its own (a stream processor):
   * it calls {@link #onTimer}; {@link #advance} does nothing.
   */
  public CustomAlertDetection(LiveCustomAlerts rules, MessageCounts counts, Duration lateness, DeviceStates states,
      DeviceTimers timers) {
    this(rules, counts, lateness, states.state("custom-alert-windows", DeviceWindows.State.class), timers, false);
  }

  private CustomAlertDetection(LiveCustomAlerts rules, MessageCounts counts, Duration lateness,
      DeviceState<DeviceWindows.State> devices, DeviceTimers timers, boolean embedded) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.counts = Objects.requireNonNull(counts, "counts");
    if (lateness.isNegative()) {
      throw new IllegalArgumentException("lateness must not be negative, was " + lateness);
    }
    this.lateness = lateness.toMillis();
    this.devices = devices;
    this.timers = Objects.requireNonNull(timers, "timers");
    this.embedded = embedded ? (InMemoryDeviceState<DeviceWindows.State>) devices : null;
    this.queue = embedded ? (TimerQueue) timers : null;
  }

  @Override
  public void evaluate(DeviceEvent event, Consumer<Alert> alerts) {
    CompiledAlerts.Group group = rules.compiled().group(event.securityGroup());
    if (group != null) {
      ListChecks.check(event, group, alerts);
    }
    List<CustomAlertRule> ranges = group == null ? List.of() : group.ranges();
    DeviceWindows.State saved = devices.get(event.deviceId());
    if (saved == null && ranges.isEmpty()) {
      return;
    }
    long at = event.event().header().timestampUtc().toEpochMilli();
    DeviceWindows device = DeviceWindows.load(event.deviceId(), counts, saved);
    device.sync(event.securityGroup(), ranges, at);
    if (device.isEmpty()) {
      if (saved != null) {
        devices.remove(event.deviceId());
      }
      return;
    }
    device.roll(at, event.received(), alerts);
    boolean securityMessage = !(event.event() instanceof HubOperation);
    if (securityMessage && device.newMessage(event.received(), event.agentId())) {
      // A message whose protocol is not known (made outside the hub) counts as MQTT, the agent's own.
      device.add(MessageCounts.HTTPS.equals(event.protocol()) ? CustomAlertType.HTTP_D2C : CustomAlertType.MQTT_D2C, 1);
    }
    for (CustomAlertRule r : ranges) {
      device.add(r.type(), RangeCounts.of(r.type(), event));
    }
    save(event.deviceId(), device);
  }

  @Override
  public void onTimer(String deviceId, Instant time, Consumer<Alert> alerts) {
    decide(deviceId, rules.compiled(), time, alerts);
  }

  @Override
  public void advance(Instant now, Consumer<Alert> alerts) {
    if (queue == null) {
      return;
    }
    CompiledAlerts compiled = rules.compiled();
    if (compiled != sweptWith) {
      sweptWith = compiled;
      for (String deviceId : embedded.devices()) {
        decide(deviceId, compiled, now, alerts);
      }
    }
    queue.fireUpTo(now, (deviceId, time) -> onTimer(deviceId, time, alerts));
  }

  /** How many devices have open windows (embedded runtime). */
  int tracked() {
    return embedded.size();
  }

  /** How many timers wait (embedded runtime). */
  int pendingTimers() {
    return queue.size();
  }

  /** Brings the device's windows in line with the rules and decides those that ended {@code lateness} before {@code now}. */
  private void decide(String deviceId, CompiledAlerts compiled, Instant now, Consumer<Alert> alerts) {
    DeviceWindows.State saved = devices.get(deviceId);
    if (saved == null) {
      return;
    }
    long clock = now.toEpochMilli();
    DeviceWindows device = DeviceWindows.load(deviceId, counts, saved);
    CompiledAlerts.Group group = compiled.group(device.group);
    device.sync(device.group, group == null ? List.of() : group.ranges(), clock);
    if (device.isEmpty()) {
      devices.remove(deviceId);
      return;
    }
    device.advance(clock, lateness, now, alerts);
    save(deviceId, device);
  }

  /** Stores the device's windows, and sets a timer for the earliest one's due time unless one is set for it already. */
  private void save(String deviceId, DeviceWindows device) {
    long due = device.due(lateness);
    devices.put(deviceId, device.state(due));
    if (due != device.timer) {
      timers.register(deviceId, Instant.ofEpochMilli(due));
    }
  }
}
