package io.vigil.server;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal MQTT 5 device on a plain socket, for tests: it subscribes to one filter at QoS 1 and
 * answers every PUBLISH with a PUBACK of reason code 0x80 (unspecified error), which Paho cannot send.
 */
final class Mqtt5RejectingDevice implements AutoCloseable {
  private final Socket socket;
  private final OutputStream out;
  private final BlockingQueue<String> topics = new LinkedBlockingQueue<>();
  private final BlockingQueue<byte[]> subacks = new LinkedBlockingQueue<>();

  private Mqtt5RejectingDevice(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
  }

  /** Connects (clean start) and returns once the broker accepted, or throws with the CONNACK reason code. */
  static Mqtt5RejectingDevice connect(int port, String clientId, String userName, String password) throws IOException {
    Mqtt5RejectingDevice d = new Mqtt5RejectingDevice(new Socket("127.0.0.1", port));
    d.socket.setSoTimeout(10_000);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    string(body, "MQTT");
    body.write(5); // protocol version 5
    body.write(0xC2); // user name, password, clean start
    body.write(0);
    body.write(60); // keep alive
    body.write(0); // no properties
    string(body, clientId);
    string(body, userName);
    string(body, password);
    d.send(0x10, body.toByteArray());
    DataInputStream in = new DataInputStream(d.socket.getInputStream());
    int type = in.readUnsignedByte();
    byte[] connack = in.readNBytes(remainingLength(in));
    if (type != 0x20 || connack.length < 2 || connack[1] != 0) {
      d.socket.close();
      throw new IOException("CONNECT refused: packet 0x" + Integer.toHexString(type) + ", reason code " + (connack.length > 1 ? connack[1] : -1));
    }
    d.socket.setSoTimeout(0);
    Thread.ofVirtual().name("mqtt5-rejecting-" + clientId).start(() -> d.read(in));
    return d;
  }

  /** Subscribes at QoS 1 and returns the SUBACK's reason code. */
  int subscribe(String filter) throws IOException, InterruptedException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(0);
    body.write(1); // packet id 1
    body.write(0); // no properties
    string(body, filter);
    body.write(1); // QoS 1
    send(0x82, body.toByteArray());
    byte[] suback = subacks.poll(10, TimeUnit.SECONDS);
    if (suback == null) {
      throw new IOException("no SUBACK for " + filter);
    }
    return suback[suback.length - 1] & 0xFF;
  }

  /** The topic of the next PUBLISH received (and rejected), or null if none came within 10 s. */
  String next() throws InterruptedException {
    return topics.poll(10, TimeUnit.SECONDS);
  }

  private void read(DataInputStream in) {
    try {
      while (true) {
        int header = in.readUnsignedByte();
        byte[] body = in.readNBytes(remainingLength(in));
        switch (header >> 4) {
          case 3 -> { // PUBLISH: reject at QoS 1
            int topicLength = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
            String topic = new String(body, 2, topicLength, StandardCharsets.UTF_8);
            if (((header >> 1) & 3) > 0) {
              send(0x40, new byte[] {body[2 + topicLength], body[3 + topicLength], (byte) 0x80, 0});
            }
            topics.add(topic);
          }
          case 9 -> subacks.add(body);
          default -> { }
        }
      }
    } catch (IOException e) {
      // connection closed: the test sees no further messages
    }
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

  @Override
  public void close() throws IOException {
    try {
      send(0xE0, new byte[] {0, 0}); // DISCONNECT, normal
    } catch (IOException e) {
      // already closed by the broker
    }
    socket.close();
  }
}
