package io.vigil.agent.collect.peripheral;

import io.vigil.agent.collect.Collector;
import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.model.event.Peripheral;
import io.vigil.model.event.SecurityEvent;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The {@code peripheral} collector: USB devices and network interfaces that were connected or
 * disconnected since the previous call, as {@link Peripheral} events.
 *
 * <p>It diffs /sys/bus/usb/devices and /sys/class/net between calls; the first call learns what is
 * there and reports nothing. A USB device or network interface that appears is CONNECTED, one that
 * disappears DISCONNECTED ({@code Change} = {@code Appeared} / {@code Disappeared}). A network
 * interface whose link comes up or goes down, as when an Ethernet cable is plugged or pulled, is
 * also CONNECTED or DISCONNECTED ({@code Change} = {@code LinkUp} / {@code LinkDown}); a link is
 * up when its operstate is {@code up} or {@code unknown} (interfaces without carrier detection,
 * such as loopback). Polling misses a device plugged and unplugged between two calls.
 *
 * <p>ExtraDetails: for USB {@code BusPort} (the sysfs entry, such as {@code 1-1.2}),
 * {@code Manufacturer}, {@code DeviceClass} (bDeviceClass, hex) and {@code Speed} (Mbit/s) when
 * known; for network interfaces {@code Mac}, {@code OperState} and {@code Virtual} ({@code true}
 * when no hardware device backs it: veth, bridge, tun, loopback). Needs no privileges. Not
 * thread-safe: the agent's collector thread calls it.
 */
public final class PeripheralCollector implements Collector {
  private final CollectorContext ctx;
  private final SysfsDevices sysfs;
  private Map<String, Device> known;

  public PeripheralCollector(CollectorContext ctx) {
    this.ctx = ctx;
    this.sysfs = new SysfsDevices(ctx);
  }

  @Override
  public String name() {
    return "peripheral";
  }

  /**
   * The changes since the previous call, as one event, or nothing.
   *
   * @throws CollectorUnavailableException if neither /sys/class/net nor /sys/bus/usb/devices exists
   *     under the root (a mounted image), or one cannot be listed
   */
  @Override
  public List<SecurityEvent> collect() throws CollectorUnavailableException {
    if (!sysfs.available()) {
      throw new CollectorUnavailableException("no " + sysfs.sources() + ": peripheral data exists only on a running system");
    }
    Map<String, Device> now;
    try {
      now = sysfs.read();
    } catch (UncheckedIOException e) {
      throw new CollectorUnavailableException(e.getMessage(), e.getCause());
    }
    Map<String, Device> before = known;
    known = now;
    if (before == null) {
      return List.of();
    }
    List<Peripheral.Change> changes = new ArrayList<>();
    TreeSet<String> keys = new TreeSet<>(before.keySet());
    keys.addAll(now.keySet());
    for (String key : keys) {
      Device old = before.get(key);
      Device current = now.get(key);
      if (old == null) {
        changes.add(current.toEvent(Device.Change.APPEARED));
      } else if (current == null) {
        changes.add(old.toEvent(Device.Change.DISAPPEARED));
      } else if (old.linked() != current.linked()) {
        changes.add(current.toEvent(current.linked() ? Device.Change.LINK_UP : Device.Change.LINK_DOWN));
      }
    }
    return changes.isEmpty() ? List.of() : List.of(new Peripheral(ctx.header(), changes));
  }
}
