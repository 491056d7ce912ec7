package io.vigil.bench.ingest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.function.IntFunction;

/**
 * Many MQTT 3.1.1 device connections on one selector thread: a load generator that costs the
 * machine little besides the bytes, so that the broker under test gets the CPU. Each connection
 * keeps up to {@code window} QoS 1 publishes in flight and records each PUBACK's latency.
 *
 * <p>Not a general client: CONNECT (user name and password), PUBLISH QoS 1, PUBACK, PINGREQ.
 */
final class MqttLoad implements AutoCloseable {
  private static final int SENT_SLOTS = 1024;
  /** One device's connection. */
  static final class Conn {
    final int index;
    final SocketChannel channel;
    final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    /** Send times by packet id modulo its length: more than that many in flight would mix them up. */
    final long[] sentAt = new long[SENT_SLOTS];
    /** Small at first (CONNACK and PUBACKs are 4 bytes); doubled when a packet does not fit. */
    ByteBuffer in = ByteBuffer.allocate(256);
    boolean connected;
    int inFlight;
    int nextId = 1;
    long nextPublishAt;

    Conn(int index, SocketChannel channel) {
      this.index = index;
      this.channel = channel;
    }
  }

  /** What a connection publishes next: its topic and body. */
  interface Source {
    String topic(int device);

    byte[] body(int device);
  }

  private final Selector selector = Selector.open();
  private final Conn[] conns;
  private final Source source;
  private final int window;
  private final long intervalNanos;
  final Latencies latencies = new Latencies();
  /** Acknowledgements of publishes sent before this (System.nanoTime) are counted but not timed: a warm-up's backlog. */
  long measureFrom = Long.MIN_VALUE;
  long acked;
  long refused;
  /** Connections that failed or were dropped, and were opened again. */
  long reconnects;
  int connectedCount;
  private static final int MAX_HANDSHAKES = 500;
  private final IntFunction<byte[]> connect;
  private final InetSocketAddress broker;
  private final ArrayDeque<Integer> retry = new ArrayDeque<>();
  private int nextToOpen;
  private int handshaking;

  /**
   * @param connect the CONNECT packet of device {@code i}
   * @param window publishes in flight per connection
   * @param intervalNanos the least time between two publishes of one connection (0: as fast as the window allows)
   */
  MqttLoad(InetSocketAddress broker, int devices, IntFunction<byte[]> connect, Source source, int window, long intervalNanos)
      throws IOException {
    this.conns = new Conn[devices];
    this.source = source;
    this.window = window;
    this.intervalNanos = intervalNanos;
    this.connect = connect;
    this.broker = broker;
  }

  /**
   * Opens connections until {@value #MAX_HANDSHAKES} are between TCP connect and CONNACK: a storm of
   * thousands of SYNs at once overflows the broker's accept backlog, and the kernel then retries
   * them for minutes. A connection that failed (refused at TCP level or dropped) is opened again.
   */
  private void openConnections() throws IOException {
    while (handshaking < MAX_HANDSHAKES && (nextToOpen < conns.length || !retry.isEmpty())) {
      int i = retry.isEmpty() ? nextToOpen++ : retry.poll();
      SocketChannel ch = SocketChannel.open();
      ch.configureBlocking(false);
      ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
      ch.connect(broker);
      Conn c = new Conn(i, ch);
      c.out.add(ByteBuffer.wrap(connect.apply(i)));
      conns[i] = c;
      ch.register(selector, SelectionKey.OP_CONNECT, c);
      handshaking++;
    }
  }

  /**
   * Runs the loop until {@code deadlineNanos} (System.nanoTime). A connection publishes again as
   * soon as a PUBACK frees a place in its window, writing straight to the socket (the selector
   * watches for writability only while a write is incomplete); every 20 ms the loop also visits
   * every connection, for paced publishing, new connections and pings.
   */
  void runUntil(long deadlineNanos) throws IOException {
    long lastPing = System.nanoTime();
    long lastScan = 0;
    while (System.nanoTime() < deadlineNanos) {
      openConnections();
      selector.select(5);
      Iterator<SelectionKey> it = selector.selectedKeys().iterator();
      while (it.hasNext()) {
        SelectionKey k = it.next();
        it.remove();
        Conn c = (Conn) k.attachment();
        try {
          if (k.isConnectable() && c.channel.finishConnect()) {
            k.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
          }
          if (k.isValid() && k.isReadable()) {
            read(c);
            refill(c, System.nanoTime(), false);
          }
          if (k.isValid() && k.isWritable()) {
            flush(c, k);
          }
        } catch (IOException e) {
          dropped(c, k);
        }
      }
      long now = System.nanoTime();
      if (now - lastScan < 20_000_000L) {
        continue; // visiting thousands of connections every few ms would only burn CPU
      }
      lastScan = now;
      boolean ping = now - lastPing > 30_000_000_000L;
      for (Conn c : conns) {
        if (c != null) {
          try {
            refill(c, now, ping);
          } catch (IOException e) {
            dropped(c, c.channel.keyFor(selector));
          }
        }
      }
      if (ping) {
        lastPing = now;
      }
    }
  }

  /** Queues the publishes the connection's window and pace allow (and a ping if asked), and writes them. */
  private void refill(Conn c, long now, boolean ping) throws IOException {
    if (!c.connected) {
      return;
    }
    boolean queued = false;
    while (c.inFlight < window && now >= c.nextPublishAt) {
      c.out.add(publish(c, now));
      c.nextPublishAt = intervalNanos == 0 ? 0 : now + intervalNanos;
      queued = true;
    }
    if (ping) {
      c.out.add(ByteBuffer.wrap(new byte[] {(byte) 0xC0, 0}));
      queued = true;
    }
    SelectionKey k = c.channel.keyFor(selector);
    if (queued && k != null && k.isValid() && (k.interestOps() & SelectionKey.OP_WRITE) == 0) {
      flush(c, k);
    }
  }

  /** A connection that failed or was dropped: closed, and queued to be opened again. */
  private void dropped(Conn c, SelectionKey k) throws IOException {
    if (k != null) {
      k.cancel();
    }
    c.channel.close();
    if (c.connected) {
      c.connected = false;
      connectedCount--;
    } else {
      handshaking--;
    }
    reconnects++;
    retry.add(c.index);
  }

  private ByteBuffer publish(Conn c, long now) {
    byte[] topic = source.topic(c.index).getBytes(StandardCharsets.UTF_8);
    byte[] body = source.body(c.index);
    int id = c.nextId;
    c.nextId = c.nextId == 65535 ? 1 : c.nextId + 1;
    c.sentAt[id % SENT_SLOTS] = now;
    c.inFlight++;
    int remaining = 2 + topic.length + 2 + body.length;
    ByteBuffer b = ByteBuffer.allocate(5 + remaining);
    b.put((byte) 0x32);
    putLength(b, remaining);
    b.putShort((short) topic.length).put(topic).putShort((short) id).put(body);
    return b.flip();
  }

  /** Writes what is queued; watches for writability only while some is left. */
  private void flush(Conn c, SelectionKey k) throws IOException {
    while (!c.out.isEmpty()) {
      ByteBuffer b = c.out.peek();
      c.channel.write(b);
      if (b.hasRemaining()) {
        k.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        return;
      }
      c.out.poll();
    }
    if (k.interestOps() != SelectionKey.OP_READ) {
      k.interestOps(SelectionKey.OP_READ);
    }
  }

  private void read(Conn c) throws IOException {
    if (!c.in.hasRemaining()) {
      c.in = ByteBuffer.allocate(c.in.capacity() * 2).put(c.in.flip());
    }
    if (c.channel.read(c.in) < 0) {
      throw new IOException("closed by the broker");
    }
    c.in.flip();
    while (c.in.remaining() >= 2) {
      c.in.mark();
      int type = c.in.get() & 0xff;
      int length = readLength(c.in);
      if (length < 0 || c.in.remaining() < length) {
        c.in.reset();
        break;
      }
      int end = c.in.position() + length;
      switch (type >> 4) {
        case 2 -> { // CONNACK
          c.in.get();
          handshaking--;
          if (c.in.get() == 0) {
            c.connected = true;
            connectedCount++;
            // Spread the devices' first publishes over one interval, as a real fleet's would be.
            c.nextPublishAt = intervalNanos == 0 ? 0 : System.nanoTime() + intervalNanos * c.index / conns.length;
          } else {
            refused++;
          }
        }
        case 4 -> { // PUBACK
          int id = c.in.getShort() & 0xffff;
          long sent = c.sentAt[id % SENT_SLOTS];
          if (sent >= measureFrom) {
            latencies.add(System.nanoTime() - sent);
          }
          c.inFlight--;
          acked++;
        }
        default -> { }
      }
      c.in.position(end);
    }
    c.in.compact();
  }

  private static void putLength(ByteBuffer b, int length) {
    do {
      int digit = length % 128;
      length /= 128;
      b.put((byte) (length > 0 ? digit | 0x80 : digit));
    } while (length > 0);
  }

  /** The remaining length at the buffer's position, or -1 if it is not all there yet. */
  private static int readLength(ByteBuffer b) {
    int value = 0;
    for (int shift = 0; shift < 28; shift += 7) {
      if (!b.hasRemaining()) {
        return -1;
      }
      int digit = b.get() & 0xff;
      value |= (digit & 0x7f) << shift;
      if ((digit & 0x80) == 0) {
        return value;
      }
    }
    return -1;
  }

  /** The CONNECT of an IoT-Hub-style device: client id and user name from its id, a SAS token valid for two hours as password. */
  static byte[] deviceConnect(String hostName, String deviceId, String key) {
    String sas = io.vigil.wire.auth.SasToken.sign(io.vigil.wire.auth.SasToken.deviceResource(hostName, deviceId), key,
        java.time.Instant.now().plus(java.time.Duration.ofHours(2))).toString();
    return connectPacket(deviceId, hostName + "/" + deviceId + "/?api-version=2021-04-12", sas);
  }

  /** An MQTT 3.1.1 CONNECT with clean session, keep-alive 60 s, user name and password. */
  static byte[] connectPacket(String clientId, String user, String password) {
    byte[][] fields = {clientId.getBytes(StandardCharsets.UTF_8), user.getBytes(StandardCharsets.UTF_8),
        password.getBytes(StandardCharsets.UTF_8)};
    int remaining = 10 + Arrays.stream(fields).mapToInt(f -> 2 + f.length).sum();
    ByteBuffer b = ByteBuffer.allocate(5 + remaining);
    b.put((byte) 0x10);
    putLength(b, remaining);
    b.putShort((short) 4).put("MQTT".getBytes(StandardCharsets.US_ASCII)).put((byte) 4).put((byte) 0xC2).putShort((short) 60);
    for (byte[] f : fields) {
      b.putShort((short) f.length).put(f);
    }
    return Arrays.copyOf(b.array(), b.position());
  }

  /** Connections whose CONNACK accepted them. */
  int connected() {
    return connectedCount;
  }

  @Override
  public void close() throws IOException {
    for (Conn c : conns) {
      if (c != null) {
        c.channel.close();
      }
    }
    selector.close();
  }

  /** Ack latencies, in a log-scaled histogram (1 µs to about 70 s, 1 % resolution). */
  static final class Latencies {
    private final long[] counts = new long[2000];
    private long total;

    void add(long nanos) {
      double micros = Math.max(1, nanos / 1000.0);
      int bucket = (int) Math.min(counts.length - 1, Math.log(micros) / Math.log(1.01));
      counts[bucket]++;
      total++;
    }

    /** The {@code q} quantile in milliseconds. */
    double quantileMillis(double q) {
      long target = (long) Math.ceil(q * total);
      long seen = 0;
      for (int i = 0; i < counts.length; i++) {
        seen += counts[i];
        if (seen >= target && seen > 0) {
          return Math.pow(1.01, i + 1) / 1000.0;
        }
      }
      return Double.NaN;
    }

    void reset() {
      Arrays.fill(counts, 0);
      total = 0;
    }
  }
}
