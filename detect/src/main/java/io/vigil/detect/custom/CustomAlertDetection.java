package io.vigil.detect.custom;

import io.vigil.detect.Detection;
import io.vigil.model.Alert;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.HubOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * range rule applies to its group. State: the open windows of at most {@code maxDevices} devices;
 * beyond that the device heard from longest ago is forgotten. Called by one thread at a time.
 */
public final class CustomAlertDetection implements Detection {
  /** How long past its end a quiet device's window waits for late events before it is decided. */
  public static final Duration DEFAULT_LATENESS = Duration.ofMinutes(1);

  private final LiveCustomAlerts rules;
  private final MessageCounts counts;
  private final long lateness;
  private final int maxDevices;
  /** Per device with open windows, in order of the latest event: oldest first. */
  private final LinkedHashMap<String, DeviceWindows> devices = new LinkedHashMap<>(16, 0.75f, true);
  /** No window can be due before this. */
  private long nextDue = Long.MAX_VALUE;
  private CompiledAlerts sweptWith;

  /**
   * @param rules the rules in force, read at every event and sweep
   * @param counts the non-security telemetry per device and protocol; {@link MessageCounts#none()} when not known
   * @param lateness how long past its end a quiet device's window is decided
   * @param maxDevices how many devices' windows to keep at most
   */
  public CustomAlertDetection(LiveCustomAlerts rules, MessageCounts counts, Duration lateness, int maxDevices) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.counts = Objects.requireNonNull(counts, "counts");
    if (lateness.isNegative()) {
      throw new IllegalArgumentException("lateness must not be negative, was " + lateness);
    }
    this.lateness = lateness.toMillis();
    if (maxDevices < 1) {
      throw new IllegalArgumentException("maxDevices must be at least 1, was " + maxDevices);
    }
    this.maxDevices = maxDevices;
  }

  @Override
  public void evaluate(DeviceEvent event, Consumer<Alert> alerts) {
    CompiledAlerts.Group group = rules.compiled().group(event.securityGroup());
    if (group != null) {
      ListChecks.check(event, group, alerts);
    }
    List<CustomAlertRule> ranges = group == null ? List.of() : group.ranges();
    DeviceWindows device = devices.get(event.deviceId());
    if (device == null && ranges.isEmpty()) {
      return;
    }
    long at = event.event().header().timestampUtc().toEpochMilli();
    if (device == null) {
      device = track(event.deviceId());
    }
    device.sync(event.securityGroup(), ranges, at);
    if (device.isEmpty()) {
      devices.remove(event.deviceId());
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
    nextDue = Math.min(nextDue, device.due(lateness));
  }

  @Override
  public void advance(Instant now, Consumer<Alert> alerts) {
    CompiledAlerts compiled = rules.compiled();
    long clock = now.toEpochMilli();
    if (clock < nextDue && compiled == sweptWith) {
      return;
    }
    sweptWith = compiled;
    long next = Long.MAX_VALUE;
    for (Iterator<Map.Entry<String, DeviceWindows>> it = devices.entrySet().iterator(); it.hasNext(); ) {
      DeviceWindows device = it.next().getValue();
      CompiledAlerts.Group group = compiled.group(device.group);
      device.sync(device.group, group == null ? List.of() : group.ranges(), clock);
      if (device.isEmpty()) {
        it.remove();
        continue;
      }
      next = Math.min(next, device.advance(clock, lateness, now, alerts));
    }
    nextDue = next;
  }

  /** How many devices have open windows. */
  int tracked() {
    return devices.size();
  }

  private DeviceWindows track(String deviceId) {
    if (devices.size() >= maxDevices) {
      Iterator<DeviceWindows> oldest = devices.values().iterator();
      oldest.next();
      oldest.remove();
    }
    DeviceWindows d = new DeviceWindows(deviceId, counts);
    devices.put(deviceId, d);
    return d;
  }
}
