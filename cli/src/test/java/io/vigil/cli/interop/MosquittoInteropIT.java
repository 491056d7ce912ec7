package io.vigil.cli.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.wire.auth.ConnectionString;
import io.vigil.wire.auth.SasToken;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interop with Eclipse Mosquitto's command-line clients ({@code mosquitto_pub} and
 * {@code mosquitto_sub} from Debian's mosquitto-clients), real MQTT clients that no one here wrote,
 * against a real {@code vigil server}: TLS trusting {@code DATA/ca/ca.crt}, IoT-Hub-style SAS
 * credentials, MQTT 3.1.1 and 5, QoS 1. The assertions read mosquitto's {@code -d} packet log, which
 * shows the broker's reason codes.
 */
class MosquittoInteropIT {
  private static final String SECURITY_PROPERTIES = "%24.ifid=urn%3Aazureiot%3ASecurity%3ASecurityAgent%3A1";
  private static final String SAMPLE_EVENT_ID = "\"Id\": \"072f3eca-3db0-45ba-8174-fa383bc93caf\"";

  @TempDir static Path dir;
  static RunningHub hub;
  static ConnectionString device;

  @BeforeAll
  static void start() throws Exception {
    for (String tool : List.of("mosquitto_pub", "mosquitto_sub")) {
      assertThat(onPath(tool)).as("%s on the PATH: install Debian's mosquitto-clients (.ci/run does)", tool).isTrue();
    }
    hub = RunningHub.start(dir);
    device = ConnectionString.parse(hub.createDevice("mosq-1"));
    hub.createDevice("mosq-2");
  }

  @AfterAll
  static void stop() throws Exception {
    if (hub != null) {
      hub.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mqttv311", "mqttv5"})
  void aSampleSecurityMessageIsAcknowledgedOnceStored(String version) throws Exception {
    String eventId = UUID.randomUUID().toString();
    Run pub = mosquitto("mosquitto_pub", version, device, sasToken(device),
        "-q", "1", "-t", securityTopic("mosq-1"), "-f", sample(eventId).toString());

    assertThat(pub.exitCode()).as(pub.output()).isZero();
    assertThat(pub.output()).contains("received CONNACK (0)", "received PUBACK (Mid: 1, RC:0)");
    assertThat(hub.query("SELECT DeviceId, RawEventName, AgentId, EventDetails->>'CommandLine' AS CommandLine "
        + "FROM SecurityIoTRawEvent WHERE EventId = '" + eventId + "'"))
        .isEqualTo("DeviceId,RawEventName,AgentId,CommandLine\nmosq-1,ProcessCreate,072f3eca-3db0-45ba-8174-fa383bc93caf,CMND\n");
    assertThat(hub.query("SELECT DISTINCT Result, Details->>'AuthType' AS AuthType FROM HubOperation "
        + "WHERE DeviceId = 'mosq-1' AND Operation = 'Connect' AND Details->>'MqttVersion' = '" + hubVersion(version) + "'"))
        .isEqualTo("Result,AuthType\nSuccess,SAS\n");
  }

  @Test
  void anInvalidMessageIsRefusedWithItsReasonOverMqtt5() throws Exception {
    ConnectionString bad = ConnectionString.parse(hub.createDevice("mosq-invalid-5"));
    Run pub = mosquitto("mosquitto_pub", "mqttv5", bad, sasToken(bad), "-q", "1", "-t", securityTopic("mosq-invalid-5"),
        "-m", "{\"AgentVersion\": 1}");

    assertThat(pub.output()).contains("received PUBACK (Mid: 1, RC:153)", "Publish 1 failed: Payload format invalid.",
        "/AgentVersion: expected string, got integer");
    assertThat(hub.awaitQuery(rejections("mosq-invalid-5"), answer -> answer.lines().count() > 1))
        .isEqualTo("Result,MqttVersion\nInvalidMessage,V_5\n");
  }

  @Test
  void anInvalidMessageIsAcknowledgedAndRecordedOverMqtt311() throws Exception {
    // An MQTT 3.1.1 PUBACK cannot refuse; a disconnect would make clients resend the message again and again.
    ConnectionString bad = ConnectionString.parse(hub.createDevice("mosq-invalid-311"));
    Run pub = mosquitto("mosquitto_pub", "mqttv311", bad, sasToken(bad), "-q", "1", "-t", securityTopic("mosq-invalid-311"),
        "-m", "{\"AgentVersion\": 1}");

    assertThat(pub.exitCode()).as(pub.output()).isZero();
    assertThat(pub.output()).contains("received PUBACK (Mid: 1, RC:0)");
    assertThat(hub.awaitQuery(rejections("mosq-invalid-311"), answer -> answer.lines().count() > 1))
        .isEqualTo("Result,MqttVersion\nInvalidMessage,V_3_1_1\n");
    assertThat(hub.query("SELECT count(*) AS n FROM SecurityIoTRawEvent WHERE DeviceId = 'mosq-invalid-311'")).isEqualTo("n\n0\n");
  }

  @Test
  void publishingOnAnotherDevicesTopicIsRefusedWithTheReasonOverMqtt5() throws Exception {
    String eventId = UUID.randomUUID().toString();
    Run pub = mosquitto("mosquitto_pub", "mqttv5", device, sasToken(device),
        "-q", "1", "-t", securityTopic("mosq-2"), "-f", sample(eventId).toString());

    assertThat(pub.output()).contains("received PUBACK (Mid: 1, RC:135)", "Publish 1 failed: Not authorized.",
        "device 'mosq-1' may not publish as 'mosq-2'");
    assertThat(hub.query("SELECT count(*) AS n FROM SecurityIoTRawEvent WHERE EventId = '" + eventId + "'")).isEqualTo("n\n0\n");
    assertThat(hub.awaitQuery("SELECT Result, Details->>'Topic' AS Topic FROM HubOperation WHERE DeviceId = 'mosq-1'"
        + " AND Operation = 'AuthorizationDenied' AND Details->>'MqttVersion' = 'V_5'", answer -> answer.lines().count() > 1))
        .isEqualTo("Result,Topic\nPublish," + securityTopic("mosq-2") + "\n");
  }

  @Test
  void publishingOnAnotherDevicesTopicLosesTheConnectionOverMqtt311() throws Exception {
    // As on IoT Hub: MQTT 3.1.1 has no negative PUBACK, so the broker closes the connection.
    String eventId = UUID.randomUUID().toString();
    Run pub = mosquitto("mosquitto_pub", "mqttv311", device, sasToken(device),
        "-q", "1", "-t", securityTopic("mosq-2"), "-f", sample(eventId).toString());

    assertThat(pub.exitCode()).as(pub.output()).isNotZero();
    assertThat(pub.output()).contains("received CONNACK (0)", "Error: The connection was lost.").doesNotContain("received PUBACK");
    assertThat(hub.query("SELECT count(*) AS n FROM SecurityIoTRawEvent WHERE EventId = '" + eventId + "'")).isEqualTo("n\n0\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mqttv311", "mqttv5"})
  void subscribingToAnotherDevicesTopicIsRefused(String version) throws Exception {
    Run sub = mosquitto("mosquitto_sub", version, device, sasToken(device),
        "-q", "1", "-t", "devices/mosq-2/messages/devicebound/#", "-W", "20");

    // 128 is MQTT 3.1.1's failure return code; 135 is MQTT 5's "not authorized".
    assertThat(sub.output()).contains("Subscribed (mid: 1): " + (version.equals("mqttv5") ? 135 : 128),
        "All subscription requests were denied.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mqttv311", "mqttv5"})
  void aDesiredPropertyChangeReachesASubscriber(String version) throws Exception {
    String deviceId = "mosq-twin-" + version;
    ConnectionString twinDevice = ConnectionString.parse(hub.createDevice(deviceId));
    Path log = dir.resolve(deviceId + ".log");
    List<String> command = new ArrayList<>(List.of("stdbuf", "-oL")); // its log line by line, as it happens, not when it exits
    command.addAll(command("mosquitto_sub", version, twinDevice, sasToken(twinDevice),
        "-q", "1", "-v", "-C", "1", "-W", "60", "-t", "$iothub/twin/PATCH/properties/desired/#"));
    Process sub = start(log, command);
    try {
      Instant deadline = Instant.now().plusSeconds(20);
      while (!Files.readString(log).contains("Subscribed (mid: 1): 1")) {
        assertThat(Instant.now()).as("mosquitto_sub subscribed within 20 s; it printed:\n%s", Files.readString(log)).isBefore(deadline);
        Thread.sleep(100);
      }
      hub.setDesired(deviceId, "Process_Mode", "Polling");
      assertThat(sub.waitFor(30, TimeUnit.SECONDS)).as("mosquitto_sub exits after one message; it printed:\n%s", Files.readString(log))
          .isTrue();
      assertThat(sub.exitValue()).as(Files.readString(log)).isZero();
      assertThat(Files.readString(log)).contains("received PUBLISH (d0, q1, r0, m1, '$iothub/twin/PATCH/properties/desired/?$version=2'")
          .contains("\n$iothub/twin/PATCH/properties/desired/?$version=2 {\"Process_Mode\":\"Polling\",\"$version\":2}\n");
    } finally {
      sub.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mqttv311", "mqttv5"})
  void aTokenSignedWithAnotherKeyIsRefusedAndRecorded(String version) throws Exception {
    String deviceId = "mosq-badkey-" + version;
    ConnectionString d = ConnectionString.parse(hub.createDevice(deviceId));
    String forged = SasToken.sign(SasToken.deviceResource(d.hostName(), deviceId), "b3RoZXIta2V5", Instant.now().plusSeconds(600)).toString();
    Run pub = mosquitto("mosquitto_pub", version, d, forged, "-q", "1", "-t", securityTopic(deviceId), "-m", "{}");

    assertThat(pub.exitCode()).as(pub.output()).isNotZero();
    // MQTT 3.1.1 has CONNACK return code 5; MQTT 5 has reason code 135, both "not authorized".
    assertThat(pub.output()).contains(version.equals("mqttv5")
            ? "received CONNACK (135)\n" : "received CONNACK (5)\n")
        .contains(version.equals("mqttv5") ? "Connection error: Not authorized" : "Connection error: Connection Refused: not authorised.")
        .doesNotContain("sending PUBLISH");
    assertThat(hub.awaitQuery("SELECT Operation, Result, Details->>'MqttVersion' AS MqttVersion FROM HubOperation WHERE DeviceId = '"
        + deviceId + "'", answer -> answer.lines().count() > 1))
        .isEqualTo("Operation,Result,MqttVersion\nAuthFailure,InvalidSasSignature," + hubVersion(version) + "\n");
  }

  /** What a mosquitto client printed (stdout and stderr, with {@code -d}'s packet log) and its exit code. */
  private record Run(int exitCode, String output) {}

  /** Runs {@code tool} as {@code client} over TLS to the hub with {@code password}, then {@code args}; at most 30 s. */
  private static Run mosquitto(String tool, String version, ConnectionString client, String password, String... args)
      throws Exception {
    Path log = Files.createTempFile(dir, tool, ".log");
    Process p = start(log, command(tool, version, client, password, args));
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError(tool + " did not finish within 30 s; it printed:\n" + Files.readString(log));
    }
    return new Run(p.exitValue(), Files.readString(log));
  }

  private static List<String> command(String tool, String version, ConnectionString client, String password, String... args) {
    List<String> cmd = new ArrayList<>(List.of(tool, "-d", "-h", hub.hostName(), "-p", Integer.toString(hub.tlsPort()),
        "--cafile", hub.caCertificate().toString(), "-i", client.deviceId(), "-u", hub.userName(client.deviceId()),
        "-P", password, "-V", version));
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static Process start(Path log, List<String> command) throws IOException {
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static String sasToken(ConnectionString client) {
    return RunningHub.sasToken(client);
  }

  private static String securityTopic(String deviceId) {
    return "devices/" + deviceId + "/messages/events/" + SECURITY_PROPERTIES;
  }

  private static String rejections(String deviceId) {
    return "SELECT Result, Details->>'MqttVersion' AS MqttVersion FROM HubOperation "
        + "WHERE DeviceId = '" + deviceId + "' AND Operation = 'MessageRejected'";
  }

  /** The name the hub records for mosquitto's {@code -V} value. */
  private static String hubVersion(String version) {
    return version.equals("mqttv5") ? "V_5" : "V_3_1_1";
  }

  /** The fixture (a valid sample of the security message schema v1.0) in a file, with its event id replaced by {@code eventId}. */
  private static Path sample(String eventId) throws IOException {
    try (InputStream in = MosquittoInteropIT.class.getResourceAsStream("MosquittoInteropIT.json")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(text).contains(SAMPLE_EVENT_ID);
      Path file = Files.createTempFile(dir, "message", ".json");
      Files.writeString(file, text.replace(SAMPLE_EVENT_ID, "\"Id\": \"" + eventId + "\""));
      return file;
    }
  }

  private static boolean onPath(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }
}
