package io.vigil.hub.twin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.model.Device;

/**
 * A device's twin, as in IoT Hub: the desired properties the back end sets and the reported
 * properties the device sets, each with its own version.
 */
public record Twin(String deviceId, TwinProperties desired, TwinProperties reported) {
  /** The two sides of a twin. */
  public enum Side {
    DESIRED("desired"),
    REPORTED("reported");

    private final String jsonName;

    Side(String jsonName) {
      this.jsonName = jsonName;
    }

    /** The side's field name in twin JSON. */
    public String jsonName() {
      return jsonName;
    }
  }

  public Twin {
    Device.requireValidId(deviceId);
    java.util.Objects.requireNonNull(desired, "desired");
    java.util.Objects.requireNonNull(reported, "reported");
  }

  /** A new device's twin: no properties, both sides at version 1. */
  public static Twin initial(String deviceId) {
    return new Twin(deviceId, TwinProperties.empty(), TwinProperties.empty());
  }

  /** One side. */
  public TwinProperties side(Side side) {
    return side == Side.DESIRED ? desired : reported;
  }

  /** This twin with {@code side} replaced. */
  public Twin with(Side side, TwinProperties properties) {
    return side == Side.DESIRED ? new Twin(deviceId, properties, reported) : new Twin(deviceId, desired, properties);
  }

  /** What a device gets for {@code $iothub/twin/GET}: {@code {"desired":{...,"$version":N},"reported":{...,"$version":M}}}. */
  public ObjectNode toDeviceJson() {
    ObjectNode out = TwinJson.MAPPER.createObjectNode();
    out.set("desired", desired.toJson());
    out.set("reported", reported.toJson());
    return out;
  }

  /** The API's and the store's form: {@link #toDeviceJson()} plus {@code "deviceId"}, first. */
  public ObjectNode toJson() {
    ObjectNode out = TwinJson.MAPPER.createObjectNode().put("deviceId", deviceId);
    out.setAll(toDeviceJson());
    return out;
  }
}
