package io.vigil.agent.transport;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.BiConsumer;
import javax.net.SocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A {@link BrokerSession} over MQTT 3.1.1 (Paho mqttv3). The protocol has no reason codes on a
 * PUBACK: a message the hub refuses is acknowledged all the same, and the hub records why as a
 * hub operation.
 */
final class Mqtt3Session implements BrokerSession {
  /** CONNACK return codes of refused credentials: bad user name or password, not authorized. */
  private static final int BAD_CREDENTIALS = MqttException.REASON_CODE_FAILED_AUTHENTICATION;
  private static final int NOT_AUTHORIZED = MqttException.REASON_CODE_NOT_AUTHORIZED;
  /** The SUBACK's granted QoS for a refused subscription. */
  private static final int SUBSCRIPTION_FAILED = 0x80;

  private final MqttAsyncClient client;

  private Mqtt3Session(MqttAsyncClient client) {
    this.client = client;
  }

  static Mqtt3Session open(String uri, String clientId, BiConsumer<String, byte[]> arrived) throws TransportException {
    try {
      MqttAsyncClient client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
      client.setCallback(new Callback(arrived));
      return new Mqtt3Session(client);
    } catch (MqttException e) {
      throw new TransportException(BrokerSession.describe(e, e.getReasonCode()), false, e);
    }
  }

  @Override
  public void connect(String userName, byte[] password, SocketFactory sockets, boolean verifyHostName) throws TransportException {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setUserName(userName);
    if (password != null) {
      options.setPassword(new String(password, StandardCharsets.UTF_8).toCharArray());
    }
    options.setCleanSession(true);
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
      int[] granted = token.getGrantedQos();
      if (granted != null && Arrays.stream(granted).anyMatch(q -> q == SUBSCRIPTION_FAILED)) {
        throw new TransportException("the hub refused the subscription to " + Arrays.toString(topics) + " (granted QoS "
            + Arrays.toString(granted) + ")", true, null);
      }
    } catch (MqttException e) {
      throw new TransportException(BrokerSession.describe(e, e.getReasonCode()), true, e);
    }
  }

  @Override
  public void publish(String topic, byte[] payload) throws TransportException {
    MqttMessage message = new MqttMessage(payload);
    message.setQos(1);
    message.setRetained(false);
    try {
      client.publish(topic, message).waitForCompletion(TIMEOUT_MS);
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
    public void connectionLost(Throwable cause) {
      // isConnected() turns false; the agent reconnects when it next sends.
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
      // Publishes wait for their tokens instead.
    }
  }
}
