package io.vigil.agent.transport;

import java.util.Arrays;

/**
 * The MQTT protocol version the agent speaks to the hub. Only the chosen version's client classes
 * are loaded.
 */
public enum MqttVersion {
  /** MQTT 5: the hub's refusals come with a reason code and reason string. */
  V5("5"),
  /** MQTT 3.1.1, for brokers and gateways that do not speak 5: a refused message is only counted by the hub. */
  V3_1_1("3.1.1");

  private final String configValue;

  MqttVersion(String configValue) {
    this.configValue = configValue;
  }

  /** The value in the configuration file and on the command line: {@code 5} or {@code 3.1.1}. */
  public String configValue() {
    return configValue;
  }

  /**
   * The version named {@code value}: {@code 5} (also {@code 5.0}) or {@code 3.1.1}.
   *
   * @param where what gave the value, for the message: {@code --mqtt-version}, say
   * @throws IllegalArgumentException naming where, the value and the versions known
   */
  public static MqttVersion parse(String value, String where) {
    String v = value == null ? "" : value.strip();
    return switch (v) {
      case "5", "5.0" -> V5;
      case "3.1.1" -> V3_1_1;
      default -> throw new IllegalArgumentException(where + " '" + value + "' is not an MQTT version the agent speaks; use one of "
          + Arrays.stream(values()).map(MqttVersion::configValue).toList());
    };
  }
}
