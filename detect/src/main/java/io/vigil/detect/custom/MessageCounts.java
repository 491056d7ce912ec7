package io.vigil.detect.custom;

/**
 * How many telemetry messages other than security messages each device sent, per protocol: what the
 * message range rules add to the security messages the pipeline sees; and how many cloud-to-device
 * messages the hub sent each device and how many it rejected, which the C2D range rules count alone. The hub keeps such counts in
 * memory; wiring them is one lambda over its counters.
 *
 * <p>Implementations are thread-safe and cheap: the detection reads a device's count when one of its
 * message windows opens and when it closes.
 */
@FunctionalInterface
public interface MessageCounts {
  /** The protocol names, as the hub records them. */
  String MQTT = "MQTT";
  String HTTPS = "HTTPS";

  /**
   * The messages {@code deviceId} sent over {@code protocol} since the count began (it only grows);
   * negative when this source does not count them.
   */
  long sent(String deviceId, String protocol);

  /**
   * The cloud-to-device messages the hub sent {@code deviceId} over {@code protocol} since the count
   * began (it only grows); negative when this source does not count them (the default).
   */
  default long cloudToDevice(String deviceId, String protocol) {
    return -1;
  }

  /**
   * The cloud-to-device messages {@code deviceId} rejected over {@code protocol} (or that could not be
   * delivered to it) since the count began; negative when this source does not count them (the default).
   */
  default long cloudToDeviceRejected(String deviceId, String protocol) {
    return -1;
  }

  /** No counts: the MQTT rule counts security messages only, and the HTTPS rule never fires. */
  static MessageCounts none() {
    return NoMessageCounts.NONE;
  }

  /** The source that counts nothing. */
  enum NoMessageCounts implements MessageCounts {
    NONE;

    @Override
    public long sent(String deviceId, String protocol) {
      return -1;
    }
  }
}
