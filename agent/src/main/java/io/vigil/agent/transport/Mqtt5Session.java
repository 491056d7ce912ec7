package io.vigil.agent.transport;

import java.util.Arrays;
import java.util.function.BiConsumer;
import javax.net.SocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A {@link BrokerSession} over MQTT 5 (Paho mqttv5): the hub's refusals carry a reason code and string. */
final class Mqtt5Session implements BrokerSession {
  /** CONNACK reason codes of refused credentials: bad user name or password, not authorized. */
  private static final int BAD_CREDENTIALS = 0x86;
  private static final int NOT_AUTHORIZED = 0x87;

  private final MqttAsyncClient client;

  private Mqtt5Session(MqttAsyncClient client) {
    this.client = client;
  }

  static Mqtt5Session open(String uri, String clientId, BiConsumer<String, byte[]> arrived) throws TransportException {
    try {
      MqttAsyncClient client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
      client.setCallback(new Callback(arrived));
      return new Mqtt5Session(client);
    } catch (MqttException e) {
      throw new TransportException(BrokerSession.describe(e, e.getReasonCode()), false, e);
    }
  }

  @Override
  public void connect(String userName, byte[] password, SocketFactory sockets, boolean verifyHostName) throws TransportException {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setUserName(userName);
    if (password != null) {
      options.setPassword(password);
    }
    options.setCleanStart(true);
    options.setAutomaticReconnect(false);
    options.setConnectionTimeout(CONNECT_TIMEOUT_SECONDS);
    options.setKeepAliveInterval(KEEP_ALIVE_SECONDS);
    if (sockets != null) {
      options.setSocketFactory(sockets);
    }
    options.setHttpsHostnameVerificationEnabled(verifyHostName);
    try {
      client.connect(options).waitForCompletion(TIMEOUT_MS);
    } catch (MqttException e) {
      // Refused credentials, or a hub whose certificate is not trusted: retrying cannot help.
      boolean refused = e.getReasonCode() == BAD_CREDENTIALS || e.getReasonCode() == NOT_AUTHORIZED
          || BrokerSession.untrusted(e) || BrokerSession.proxyCredentials(e);
      throw new TransportException(BrokerSession.describe(e, e.getReasonCode()), !refused, e);
    }
  }

  @Override
  public void subscribe(String... topics) throws TransportException {
    int[] qos = new int[topics.length];
    Arrays.fill(qos, 1);
    try {
      IMqttToken token = client.subscribe(topics, qos);
      token.waitForCompletion(TIMEOUT_MS);
      int[] codes = token.getReasonCodes();
      if (codes != null && Arrays.stream(codes).anyMatch(c -> c >= 0x80)) {
        throw new TransportException("the hub refused the subscription to " + Arrays.toString(topics) + " (reason codes "
            + Arrays.toString(codes) + ")", true, null);
      }
    } catch (MqttException e) {
      throw new TransportException(BrokerSession.describe(e, e.getReasonCode()), true, e);
    }
  }

  @Override
  public void publish(String topic, byte[] payload) throws TransportException {
    try {
      IMqttToken token = client.publish(topic, new MqttMessage(payload, 1, false, new MqttProperties()));
      token.waitForCompletion(TIMEOUT_MS);
      int[] codes = token.getReasonCodes();
      if (codes != null && Arrays.stream(codes).anyMatch(c -> c >= 0x80)) {
        MqttProperties props = token.getResponseProperties();
        String reason = props == null || props.getReasonString() == null ? "" : ": " + props.getReasonString();
        int refusal = Arrays.stream(codes).filter(c -> c >= 0x80).findFirst().orElse(codes[0]);
        throw new TransportException("hub refused the message (reason code 0x" + Integer.toHexString(refusal) + ")" + reason,
            BrokerSession.retryable(refusal), null);
      }
    } catch (MqttException e) {
      throw new TransportException(BrokerSession.describe(e, e.getReasonCode()), true, e);
    }
  }

  @Override
  public boolean isConnected() {
    return client.isConnected();
  }

  @Override
  public void close() {
    try {
      if (client.isConnected()) {
        client.disconnect().waitForCompletion(2_000);
      }
      client.close();
    } catch (MqttException e) {
      // Closing a broken connection: nothing more to do, the next connect starts afresh.
    }
  }

  /** Hands what arrives to the transport; the rest is reported through the failing call. */
  private record Callback(BiConsumer<String, byte[]> arrived) implements MqttCallback {
    @Override
    public void messageArrived(String topic, MqttMessage message) {
      arrived.accept(topic, message.getPayload());
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
      // isConnected() turns false; the agent reconnects when it next sends.
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      // Reported through the failing publish or connect.
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
      // Publishes wait for their tokens instead.
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
      // The transport subscribes and asks for the twin itself.
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
      // No enhanced authentication.
    }
  }
}
