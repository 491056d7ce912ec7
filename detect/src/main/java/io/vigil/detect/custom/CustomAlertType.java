package io.vigil.detect.custom;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The custom alert types of the retired product's catalogue, by their names there: four kinds of
 * list (each an allow-list or a deny-list) and the range rules. The types that count something
 * Vigil has no such thing as (AMQP, cloud-to-device messages over HTTPS, direct methods, file uploads,
 * queue purges) are known but refused, with the reason, so that no one configures an alert that can never
 * fire.
 */
public enum CustomAlertType {
  CONNECTION_TO_IP("ConnectionToIpNotAllowed", Values.IP, "Outbound connection to an IP address that is not allowed",
      "outbound connections (Direction Out) by their remote address"),
  CONNECTION_FROM_IP("ConnectionFromIpNotAllowed", Values.IP, "Inbound connection from an IP address that is not allowed",
      "inbound connections (Direction In) by their remote address"),
  LOCAL_USER("LocalUserNotAllowed", Values.TEXT, "Login by a local user who is not allowed",
      "successful logins on the device (not logouts) by their user name (or user id when the name is not known)"),
  PROCESS("ProcessNotAllowed", Values.TEXT, "Process that is not allowed was started",
      "started processes by their executable path"),
  ACTIVE_CONNECTIONS("ActiveConnectionsNotInAllowedRange", Values.RANGE, "Number of connections not in the allowed range",
      "connections the device opened or accepted (ConnectionCreate items, both directions)"),
  FAILED_LOCAL_LOGINS("FailedLocalLoginsNotInAllowedRange", Values.RANGE, "Number of failed local logins not in the allowed range",
      "failed login attempts on the device (Login items with Result Fail), local and remote (SSH) alike"),
  MQTT_D2C("MqttD2CMessagesNotInAllowedRange", Values.RANGE, "Number of device-to-cloud MQTT messages not in the allowed range",
      "the device's other telemetry over MQTT (the hub's counts), plus its security messages over MQTT, one per message"),
  HTTP_D2C("HttpD2CMessagesNotInAllowedRange", Values.RANGE, "Number of device-to-cloud HTTPS messages not in the allowed range",
      "the device's other telemetry over HTTPS (the hub's counts), plus its security messages over HTTPS, one per message"),
  TWIN_UPDATES("TwinUpdatesNotInAllowedRange", Values.RANGE, "Number of twin updates not in the allowed range",
      "successful twin updates: reported properties from the device and desired properties set through the API"
          + " (hub operations TwinReportedUpdate and TwinDesiredUpdate with Result Success)"),
  UNAUTHORIZED_OPERATIONS("UnauthorizedOperationsNotInAllowedRange", Values.RANGE,
      "Number of unauthorized operations not in the allowed range",
      "refused connections and refused publishes or subscriptions (hub operations AuthFailure and AuthorizationDenied)"),
  AMQP_D2C("AmqpD2CMessagesNotInAllowedRange", "Vigil has no AMQP endpoint"),
  AMQP_C2D("AmqpC2DMessagesNotInAllowedRange", "Vigil has no AMQP endpoint"),
  AMQP_C2D_REJECTED("AmqpC2DRejectedMessagesNotInAllowedRange", "Vigil has no AMQP endpoint"),
  MQTT_C2D("MqttC2DMessagesNotInAllowedRange", Values.RANGE, "Number of cloud-to-device MQTT messages not in the allowed range",
      "cloud-to-device messages the hub sent the device over MQTT (POST /api/v1/devices/{id}/messages/devicebound; the hub's counts)"),
  MQTT_C2D_REJECTED("MqttC2DRejectedMessagesNotInAllowedRange", Values.RANGE,
      "Number of rejected cloud-to-device MQTT messages not in the allowed range",
      "cloud-to-device MQTT messages the device rejected (MQTT 5 PUBACK with a reason code of 0x80 or more) or that could not"
          + " be delivered (the device had not subscribed to its devicebound topic); the hub's counts"),
  HTTP_C2D("HttpC2DMessagesNotInAllowedRange", Reasons.NO_HTTP_C2D),
  HTTP_C2D_REJECTED("HttpC2DRejectedMessagesNotInAllowedRange", Reasons.NO_HTTP_C2D),
  DIRECT_METHOD_INVOKES("DirectMethodInvokesNotInAllowedRange", "Vigil has no direct methods"),
  FILE_UPLOADS("FileUploadsNotInAllowedRange", "Vigil has no file uploads"),
  QUEUE_PURGES("QueuePurgesNotInAllowedRange", "Vigil has no cloud-to-device queue to purge");

  /** What a rule of the type holds. */
  public enum Values {
    /** A list of IP addresses and CIDR networks. */
    IP,
    /** A list of strings, with {@code *} wildcards. */
    TEXT,
    /** A range (min, max) over a window. */
    RANGE
  }

  private static final class Reasons {
    static final String NO_HTTP_C2D = "Vigil's HTTPS endpoint does not deliver cloud-to-device messages (they go over MQTT:"
        + " use MqttC2DMessagesNotInAllowedRange)";
  }

  private final String alertName;
  private final Values valueKind;
  private final String displayName;
  private final String what;
  private final String unsupported;

  CustomAlertType(String alertName, Values values, String displayName, String what) {
    this.alertName = alertName;
    this.valueKind = values;
    this.displayName = displayName;
    this.what = what;
    this.unsupported = null;
  }

  CustomAlertType(String alertName, String unsupported) {
    this.alertName = alertName;
    this.valueKind = Values.RANGE;
    this.displayName = alertName;
    this.what = "";
    this.unsupported = unsupported;
  }

  /** The type named {@code alertName} exactly (as in the catalogue), if any. */
  public static Optional<CustomAlertType> byName(String alertName) {
    return Arrays.stream(values()).filter(t -> t.alertName.equals(alertName)).findFirst();
  }

  /** The names of the types Vigil supports, for messages. */
  public static String supportedNames() {
    return Arrays.stream(values()).filter(CustomAlertType::supported).map(CustomAlertType::alertName).collect(Collectors.joining(", "));
  }

  /** The type's name, which is also the AlertName of its alerts: {@code ProcessNotAllowed}. */
  public String alertName() {
    return alertName;
  }

  public Values valueKind() {
    return valueKind;
  }

  public boolean isList() {
    return valueKind != Values.RANGE;
  }

  public String displayName() {
    return displayName;
  }

  /** What a list rule checks or a range rule counts, for descriptions and the API. */
  public String what() {
    return what;
  }

  public boolean supported() {
    return unsupported == null;
  }

  /** Why Vigil refuses the type; empty when it is supported. */
  public String unsupportedReason() {
    return unsupported == null ? "" : unsupported;
  }
}
