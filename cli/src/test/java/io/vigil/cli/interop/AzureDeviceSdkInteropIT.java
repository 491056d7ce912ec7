package io.vigil.cli.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubStatusCode;
import com.microsoft.azure.sdk.iot.device.Message;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;
import com.microsoft.azure.sdk.iot.device.twin.ReportedPropertiesUpdateResponse;
import com.microsoft.azure.sdk.iot.device.twin.Twin;
import com.microsoft.azure.sdk.iot.device.twin.TwinCollection;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with the Azure IoT device SDK for Java ({@code com.microsoft.azure.sdk.iot:iot-device-client}),
 * a real IoT-Hub client that no one here wrote, over MQTT (3.1.1) and TLS, and over HTTPS, against a real
 * {@code vigil server}.
 *
 * <p>The SDK is given the device's connection string as {@code vigil device create} prints it and an
 * {@code SSLContext} that trusts Vigil's CA. It always dials {@code HostName:8883} and accepts a
 * proxy only over WebSockets, which Vigil does not serve; so the hub's TLS listener takes port 8883
 * on a random address of 127.0.0.0/8, which is also the host name: the SDK refuses a host name
 * without a dot ("did not include a valid IoT Hub name as its prefix"), so not Vigil's default
 * {@code localhost}, and an IPv4 literal needs no DNS query.
 */
class AzureDeviceSdkInteropIT {
  private static final String DEVICE = "azure-sdk-1";
  private static final int IOT_HUB_MQTT_PORT = 8883;
  private static final int IOT_HUB_HTTPS_PORT = 443;
  /** How long each SDK call may wait for the hub: without it, some wait forever. */
  private static final int SDK_TIMEOUT_MILLIS = 30_000;
  /** How long one attempt of a twin call may wait (see {@link #twinCall}). */
  private static final int TWIN_TIMEOUT_MILLIS = 10_000;

  @TempDir Path dir;

  @Test
  void sdkSendsAStoredSecurityMessageReadsItsTwinAndReceivesADesiredChange() throws Exception {
    String address = randomLoopbackAddress();
    try (RunningHub hub = RunningHub.start(dir, address, address, IOT_HUB_MQTT_PORT)) {
      // As printed, with Vigil's own keys for its plain loopback listener, which the SDK ignores: it always uses TLS on 8883.
      String connectionString = hub.createDevice(DEVICE);
      assertThat(connectionString).startsWith("HostName=" + address + ";DeviceId=" + DEVICE + ";SharedAccessKey=").endsWith(";Tls=false");
      ClientOptions options = ClientOptions.builder().sslContext(trusting(hub.caCertificate())).build();
      DeviceClient client = new DeviceClient(connectionString, IotHubClientProtocol.MQTT, options);
      client.open(false);
      try {
        String eventId = UUID.randomUUID().toString();
        Message message = new Message(sample(eventId));
        message.setAsSecurityMessage();
        message.setContentType("application/json");
        message.setContentEncoding("utf-8");
        client.sendEvent(message, SDK_TIMEOUT_MILLIS); // returns once the hub acknowledged it
        assertThat(hub.query("SELECT DeviceId, RawEventName, EventDetails->>'UserName' AS UserName FROM SecurityIoTRawEvent "
            + "WHERE EventId = '" + eventId + "'"))
            .as("acknowledged only once stored").isEqualTo("DeviceId,RawEventName,UserName\n" + DEVICE + ",Login,USER$\n");

        // An MQTT 3.1.1 PUBACK cannot refuse: the hub acknowledges an invalid message and records the
        // refusal. Were the SDK disconnected instead, it would reconnect and resend it again and again.
        Message invalid = new Message("{\"AgentVersion\": 1}");
        invalid.setAsSecurityMessage();
        client.sendEvent(invalid, SDK_TIMEOUT_MILLIS);

        BlockingQueue<Twin> desiredChanges = new LinkedBlockingQueue<>();
        client.subscribeToDesiredProperties((twin, context) -> desiredChanges.add(twin), null, SDK_TIMEOUT_MILLIS);
        Twin twin = twinCall(client::getTwin);
        assertThat(twin.getDesiredProperties()).isEmpty();
        assertThat(twin.getDesiredProperties().getVersion()).isEqualTo(1);
        assertThat(twin.getReportedProperties()).isEmpty();

        hub.setDesired(DEVICE, "Process_Mode", "Polling");
        Twin change = desiredChanges.poll(30, TimeUnit.SECONDS);
        assertThat(change).as("a desired-property change in the SDK's callback within 30 s").isNotNull();
        assertThat(change.getDesiredProperties()).containsExactly(Map.entry("Process_Mode", "Polling"));
        assertThat(change.getDesiredProperties().getVersion()).isEqualTo(2);

        ReportedPropertiesUpdateResponse reported =
            twinCall(timeout -> client.updateReportedProperties(new TwinCollection(Map.of("latest_state", "ok")), timeout));
        Twin after = twinCall(client::getTwin);
        assertThat(after.getDesiredProperties()).containsExactly(Map.entry("Process_Mode", "Polling"));
        assertThat(after.getReportedProperties()).containsExactly(Map.entry("latest_state", "ok"));
        assertThat(reported.getVersion()).as("the version the hub answered").isEqualTo(after.getReportedProperties().getVersion())
            .isGreaterThanOrEqualTo(2);
      } finally {
        client.close();
      }

      // One connection throughout: the invalid message did not cost a reconnect.
      String connections = """
          Operation,Result,MqttVersion,n
          Connect,Success,V_3_1_1,1
          MessageRejected,InvalidMessage,V_3_1_1,1
          """;
      hub.awaitQuery("SELECT Operation, Result, Details->>'MqttVersion' AS MqttVersion, count(*) AS n FROM HubOperation "
          + "WHERE DeviceId = '" + DEVICE + "' AND Operation IN ('Connect', 'MessageRejected') GROUP BY ALL ORDER BY Operation",
          connections::equals);
      String twinOperations = """
          Operation,Result
          TwinDesiredUpdate,Success
          TwinGet,Success
          TwinReportedUpdate,Success
          """;
      hub.awaitQuery("SELECT DISTINCT Operation, Result FROM HubOperation WHERE DeviceId = '" + DEVICE + "' AND Operation LIKE 'Twin%' "
          + "ORDER BY Operation", twinOperations::equals);
    }
  }

  /**
   * The SDK's HTTPS transport posts to IoT Hub's device REST API on {@code HostName:443}, so the
   * hub's HTTPS listener takes port 443 on a random loopback address (the tests run as root).
   */
  @Test
  void sdkSendsAStoredSecurityMessageOverHttpsAndAnInvalidOneIsRefusedAsBadFormat() throws Exception {
    String address = randomLoopbackAddress();
    try (RunningHub hub = RunningHub.start(dir, address, address, RunningHub.freePort(), IOT_HUB_HTTPS_PORT)) {
      String connectionString = hub.createDevice(DEVICE);
      ClientOptions options = ClientOptions.builder().sslContext(trusting(hub.caCertificate())).build();
      DeviceClient client = new DeviceClient(connectionString, IotHubClientProtocol.HTTPS, options);
      client.open(false);
      try {
        String eventId = UUID.randomUUID().toString();
        Message message = new Message(sample(eventId));
        message.setAsSecurityMessage();
        message.setProperty("site", "plant-7"); // sent as the header iothub-app-site
        client.sendEvent(message, SDK_TIMEOUT_MILLIS); // returns once the hub answered 204
        assertThat(hub.query("SELECT DeviceId, RawEventName FROM SecurityIoTRawEvent WHERE EventId = '" + eventId + "'"))
            .as("answered only once stored").isEqualTo("DeviceId,RawEventName\n" + DEVICE + ",Login\n");

        Message invalid = new Message("{\"AgentVersion\": 1}");
        invalid.setAsSecurityMessage();
        assertThatThrownBy(() -> client.sendEvent(invalid, SDK_TIMEOUT_MILLIS))
            .isInstanceOfSatisfying(IotHubClientException.class, e -> assertThat(e.getStatusCode()).isEqualTo(IotHubStatusCode.BAD_FORMAT));

        Message telemetry = new Message("{\"temperature\": 21}");
        client.sendEvent(telemetry, SDK_TIMEOUT_MILLIS);
      } finally {
        client.close();
      }
      hub.awaitQuery("SELECT Operation, Result, Protocol FROM HubOperation WHERE DeviceId = '" + DEVICE + "'",
          "Operation,Result,Protocol\nMessageRejected,InvalidMessage,HTTPS\n"::equals);
      assertThat(hub.query("SELECT count(*) AS n FROM SecurityIoTRawEvent WHERE DeviceId = '" + DEVICE + "'")).isEqualTo("n\n1\n");
    }
  }

  /** One of the SDK's blocking twin calls, given its timeout. */
  @FunctionalInterface
  private interface TwinCall<T> {
    T call(int timeoutMillis) throws Exception;
  }

  /**
   * Makes a blocking twin call, again after a timeout, three times at most. The SDK (2.5.0) sometimes
   * loses a twin response it did receive, and the call then times out: its IotHubTransport queues the
   * response for its receive thread before it looks up the request's callback, which that thread may
   * have removed by then (Azure/azure-iot-sdk-java#1803, open; likelier on a busy machine).
   */
  private static <T> T twinCall(TwinCall<T> call) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.call(TWIN_TIMEOUT_MILLIS);
      } catch (IotHubClientException e) {
        if (attempt == 3 || e.getStatusCode() != IotHubStatusCode.DEVICE_OPERATION_TIMED_OUT) {
          throw e;
        }
      }
    }
  }

  /** The fixture (a valid sample of the security message schema v1.0) with its event id replaced by {@code eventId}. */
  private static byte[] sample(String eventId) throws Exception {
    try (InputStream in = AzureDeviceSdkInteropIT.class.getResourceAsStream("AzureDeviceSdkInteropIT.json")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(text).contains("\"Id\": \"072f3eca-3db0-45ba-8174-fa383bc93caf\"");
      return text.replace("\"Id\": \"072f3eca-3db0-45ba-8174-fa383bc93caf\"", "\"Id\": \"" + eventId + "\"").getBytes(StandardCharsets.UTF_8);
    }
  }

  /**
   * An address in 127.0.0.0/8 other than the usual 127.0.0.1 and 127.0.1.1, so that port 8883 is
   * most likely free on it: Linux routes the whole block to the loopback interface.
   */
  private static String randomLoopbackAddress() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return "127." + random.nextInt(100, 255) + "." + random.nextInt(0, 256) + "." + random.nextInt(1, 255);
  }

  /** A TLS context that trusts only {@code caCertificate}. */
  private static SSLContext trusting(Path caCertificate) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(caCertificate)) {
      trust.setCertificateEntry("vigil-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }
}
