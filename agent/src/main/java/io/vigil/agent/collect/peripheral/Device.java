package io.vigil.agent.collect.peripheral;

import io.vigil.model.event.Peripheral;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A USB device or network interface as sysfs shows it now.
 *
 * @param key what tells it apart from others: for USB its port, ids and serial (another device on
 *     the same port is another device); for a network interface its name
 * @param vendorId null when unknown
 * @param productId null when unknown
 * @param serial null when unknown
 * @param details the ExtraDetails of its events, without {@code Change}
 * @param linked for a network interface, whether its link is up (a cable is plugged); always true
 *     for USB
 */
record Device(
    String key,
    Peripheral.DeviceClass deviceClass,
    String name,
    String vendorId,
    String productId,
    String serial,
    Map<String, String> details,
    boolean linked) {

  /** Why a change is reported, in the event's {@code Change} ExtraDetail. */
  enum Change {
    APPEARED("Appeared", Peripheral.Operation.CONNECTED),
    DISAPPEARED("Disappeared", Peripheral.Operation.DISCONNECTED),
    LINK_UP("LinkUp", Peripheral.Operation.CONNECTED),
    LINK_DOWN("LinkDown", Peripheral.Operation.DISCONNECTED);

    private final String text;
    private final Peripheral.Operation operation;

    Change(String text, Peripheral.Operation operation) {
      this.text = text;
      this.operation = operation;
    }
  }

  /** The event item saying that this device {@code change}d. */
  Peripheral.Change toEvent(Change change) {
    Map<String, String> extra = new LinkedHashMap<>(details);
    extra.put("Change", change.text);
    return new Peripheral.Change(change.operation, deviceClass, name, vendorId, productId, serial, extra);
  }
}
