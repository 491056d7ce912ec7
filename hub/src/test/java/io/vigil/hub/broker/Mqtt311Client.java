package io.vigil.hub.broker;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal MQTT 3.1.1 client on a plain socket, for tests (Paho's 3.1.1 client is not a dependency):
 * CONNECT, SUBSCRIBE, PUBLISH at QoS 0 or 1, and the PUBLISHes the broker sends, acknowledged.
 */
final class Mqtt311Client implements AutoCloseable {
  /** A PUBLISH from the broker. */
  record Message(String topic, String payload) {}

  private final Socket socket;
  private final OutputStream out;
  private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
  private final BlockingQueue<int[]> acks = new LinkedBlockingQueue<>();
  private int nextPacketId = 1;
  private volatile boolean closedByBroker;

  /** What the reader puts among the acknowledgements once the broker closed the connection. */
  private static final int[] CLOSED = {-1, 0};

  private Mqtt311Client(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
  }

  /**
   * Connects with a clean session and returns once the broker accepted.
   *
   * @throws IOException if the broker refused, with the CONNACK return code
   */
  static Mqtt311Client connect(int port, String clientId, String userName, String password) throws IOException {
    Mqtt311Client c = new Mqtt311Client(new Socket("127.0.0.1", port));
    c.socket.setSoTimeout(10_000);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    string(body, "MQTT");
    body.write(4); // protocol level 4: MQTT 3.1.1
    body.write(0xC2); // user name, password, clean session
    body.write(0);
    body.write(60); // keep alive
    string(body, clientId);
    string(body, userName);
    string(body, password);
    c.send(0x10, body.toByteArray());
    DataInputStream in = new DataInputStream(c.socket.getInputStream());
    int type = in.readUnsignedByte();
    int length = remainingLength(in);
    byte[] connack = in.readNBytes(length);
    if (type != 0x20 || length != 2 || connack[1] != 0) {
      c.close();
      throw new IOException("CONNECT refused: packet 0x" + Integer.toHexString(type) + ", return code " + (length == 2 ? connack[1] : -1));
    }
    c.socket.setSoTimeout(0);
    Thread.ofVirtual().name("mqtt311-" + clientId).start(() -> c.read(in));
    return c;
  }

  /** Subscribes and returns the granted QoS. */
  int subscribe(String filter, int qos) throws IOException, InterruptedException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int id = packetId(body);
    string(body, filter);
    body.write(qos);
    send(0x82, body.toByteArray());
    int[] ack = awaitAck(id);
    return ack[1];
  }

  /** Publishes; at QoS 1 returns once the PUBACK arrived. */
  void publish(String topic, String payload, int qos) throws IOException, InterruptedException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    string(body, topic);
    int id = qos > 0 ? packetId(body) : 0;
    body.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
    send(0x30 | (qos << 1), body.toByteArray());
    if (qos > 0) {
      awaitAck(id);
    }
  }

  /** The next PUBLISH from the broker, or null if none came within {@code wait}. */
  Message receive(Duration wait) throws InterruptedException {
    return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  private int[] awaitAck(int id) throws InterruptedException, IOException {
    int[] ack = acks.poll(10, TimeUnit.SECONDS);
    if (ack == null || ack[0] != id) {
      throw new IOException("no acknowledgement for packet " + id + (closedByBroker ? " (the broker closed the connection)" : ""));
    }
    return ack;
  }

  private void read(DataInputStream in) {
    try {
      while (true) {
        int header = in.readUnsignedByte();
        byte[] body = in.readNBytes(remainingLength(in));
        switch (header >> 4) {
          case 3 -> { // PUBLISH
            int qos = (header >> 1) & 3;
            int topicLength = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
            String topic = new String(body, 2, topicLength, StandardCharsets.UTF_8);
            int at = 2 + topicLength;
            if (qos > 0) {
              send(0x40, new byte[] {body[at], body[at + 1]});
              at += 2;
            }
            received.add(new Message(topic, new String(body, at, body.length - at, StandardCharsets.UTF_8)));
          }
          case 4 -> acks.add(new int[] {((body[0] & 0xFF) << 8) | (body[1] & 0xFF), 0}); // PUBACK
          case 9 -> acks.add(new int[] {((body[0] & 0xFF) << 8) | (body[1] & 0xFF), body[2]}); // SUBACK
          default -> { }
        }
      }
    } catch (EOFException e) {
      // the broker closed the connection: acks stop arriving and awaitAck says so at once
      closedByBroker = true;
      acks.add(CLOSED);
    } catch (IOException e) {
      if (!socket.isClosed()) {
        throw new java.io.UncheckedIOException("MQTT 3.1.1 test client read failed", e);
      }
    }
  }

  private int packetId(ByteArrayOutputStream body) {
    int id = nextPacketId++;
    body.write(id >> 8);
    body.write(id & 0xFF);
    return id;
  }

  private synchronized void send(int header, byte[] body) throws IOException {
    ByteArrayOutputStream packet = new ByteArrayOutputStream();
    packet.write(header);
    int length = body.length;
    do {
      int digit = length % 128;
      length /= 128;
      packet.write(length > 0 ? digit | 0x80 : digit);
    } while (length > 0);
    packet.writeBytes(body);
    out.write(packet.toByteArray());
    out.flush();
  }

  private static int remainingLength(DataInputStream in) throws IOException {
    int value = 0;
    int multiplier = 1;
    int digit;
    do {
      digit = in.readUnsignedByte();
      value += (digit & 0x7F) * multiplier;
      multiplier *= 128;
    } while ((digit & 0x80) != 0);
    return value;
  }

  private static void string(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.write(b.length >> 8);
    out.write(b.length & 0xFF);
    out.writeBytes(b);
  }

  /** Closes the TCP connection without a DISCONNECT, as a device that loses power or network. */
  void drop() throws IOException {
    socket.close();
  }

  @Override
  public void close() throws IOException {
    try {
      send(0xE0, new byte[0]); // DISCONNECT
    } catch (IOException e) {
      // already closed by the broker; closing the socket below is all that is left to do
    }
    socket.close();
  }
}
