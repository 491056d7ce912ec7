package io.vigil.sdk;

import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import io.vigil.wire.auth.DeviceTopics;
import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Sends a device application's own security events to the Vigil agent on this device, over the
 * agent's Unix domain socket, so that they share the agent's queue and hub connection.
 *
 * <pre>{@code
 * try (SecurityEventSender sender = SecurityEventSender.connect(Path.of("/run/vigil/agent.sock"), "door-controller")) {
 *   sender.send(List.of(new Login(EventHeader.at(Instant.now(), ZoneOffset.UTC), List.of(attempt))));
 * }
 * }</pre>
 *
 * <p>Events are validated here (the model's records) and again by the agent, which answers with
 * the reason when it refuses them. Not thread-safe: one sender per thread, or synchronise.
 */
public final class SecurityEventSender implements AutoCloseable {
  private final SocketChannel channel;
  private final DataOutputStream out;
  private final BufferedReader in;
  private final String agentId;
  private final String application;
  private final SecurityMessageCodec codec = new SecurityMessageCodec();

  private SecurityEventSender(SocketChannel channel, String application) {
    this.channel = channel;
    this.out = new DataOutputStream(Channels.newOutputStream(channel));
    this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
    this.application = application;
    this.agentId = UUID.nameUUIDFromBytes(("vigil-sdk|" + application).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /**
   * Connects to the agent's socket.
   *
   * @param application a name for the sending application; it becomes the messages' AgentVersion prefix
   * @throws IOException if no agent listens there (the message names the socket)
   */
  public static SecurityEventSender connect(Path socket, String application) throws IOException {
    Objects.requireNonNull(application, "application");
    try {
      SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      channel.connect(UnixDomainSocketAddress.of(socket));
      return new SecurityEventSender(channel, application);
    } catch (IOException e) {
      throw new IOException("no Vigil agent listening on " + socket + ": " + e.getMessage(), e);
    }
  }

  /**
   * Sends {@code events} in one message and waits for the agent's answer.
   *
   * @return how many events the agent accepted
   * @throws SdkException with the agent's reason if it refused them
   * @throws IOException if the agent went away
   */
  public int send(List<SecurityEvent> events) throws IOException {
    return send(codec.encode(SecurityMessage.of("sdk:" + application, agentId, events)));
  }

  /** Sends an already encoded message; for tests and for relaying. */
  int send(byte[] message) throws IOException {
    out.writeInt(message.length);
    out.write(message);
    out.flush();
    String reply = in.readLine();
    if (reply == null) {
      throw new IOException("the agent closed the connection without answering");
    }
    if (reply.startsWith("OK ")) {
      return Integer.parseInt(reply.substring(3).trim());
    }
    throw new SdkException(reply.startsWith("ERR ") ? reply.substring(4) : reply);
  }

  /**
   * Direct mode, for applications with their own IoT-Hub-style MQTT connection: the payload to
   * publish (QoS 1) on {@link #directTopic}.
   */
  public static byte[] directPayload(String application, List<SecurityEvent> events) {
    String agentId = UUID.nameUUIDFromBytes(("vigil-sdk|" + application).getBytes(StandardCharsets.UTF_8)).toString();
    return new SecurityMessageCodec().encode(SecurityMessage.of("sdk:" + application, agentId, events));
  }

  /** Direct mode: the topic, with the {@code $.ifid} property that marks a security message. */
  public static String directTopic(String deviceId) {
    return DeviceTopics.securityTelemetry(deviceId);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
