package io.vigil.agent.collect.sdk;

import io.vigil.agent.collect.Collector;
import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import io.vigil.wire.WireException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Events that device applications send through the Vigil SDK: a Unix domain socket on which each
 * request is a 4-byte big-endian length and a security message (schema v1.0 JSON, or gzip), and
 * each reply one line, {@code OK <events>} or {@code ERR <reason>}. Accepted events share the
 * agent's queue and connection like any collector's.
 *
 * <p>The socket file is created with mode 0660, so only its owner and group (the agent's) may
 * write. A connection thread per client (virtual threads); {@link #collect()} drains what arrived.
 */
public final class SdkCollector implements Collector {
  /** The default socket path. */
  public static final Path DEFAULT_SOCKET = Path.of("/run/vigil/agent.sock");

  private final Path socket;
  private final SecurityMessageCodec codec = new SecurityMessageCodec();
  private final BlockingQueue<SecurityEvent> received;
  private ServerSocketChannel server;
  private volatile String failure;

  /**
   * @param socket where to listen; its parent directory is created if missing
   * @param capacity events held until the agent collects them; a client is refused beyond it
   */
  public SdkCollector(Path socket, int capacity) {
    this.socket = socket;
    this.received = new ArrayBlockingQueue<>(capacity);
  }

  @Override
  public String name() {
    return "sdk";
  }

  @Override
  public List<SecurityEvent> collect() throws CollectorUnavailableException {
    if (server == null && failure == null) {
      start();
    }
    if (failure != null) {
      throw new CollectorUnavailableException(failure);
    }
    List<SecurityEvent> out = new ArrayList<>();
    received.drainTo(out);
    return out;
  }

  private void start() {
    try {
      Files.createDirectories(socket.toAbsolutePath().getParent());
      if (Files.exists(socket)) {
        if (listening(socket)) {
          failure = "another process already listens on " + socket + "; give this agent its own --sdk-socket";
          return;
        }
        Files.delete(socket); // a stale socket file from a previous run
      }
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(socket));
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
    } catch (IOException | UnsupportedOperationException e) {
      failure = "cannot listen on " + socket + ": " + e.getMessage();
      return;
    }
    Thread.ofPlatform().name("vigil-sdk-accept").daemon().start(this::accept);
  }

  private static boolean listening(Path socket) {
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      probe.connect(UnixDomainSocketAddress.of(socket));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void accept() {
    while (server.isOpen()) {
      try {
        SocketChannel client = server.accept();
        Thread.ofVirtual().name("vigil-sdk-client").start(() -> serve(client));
      } catch (IOException e) {
        if (server.isOpen()) {
          failure = "accepting on " + socket + " failed: " + e.getMessage();
        }
        return;
      }
    }
  }

  private void serve(SocketChannel client) {
    try (client; InputStream raw = Channels.newInputStream(client); OutputStream out = Channels.newOutputStream(client)) {
      DataInputStream in = new DataInputStream(raw);
      while (true) {
        int length;
        try {
          length = in.readInt();
        } catch (EOFException e) {
          return; // the client is done
        }
        String reply = handle(in, length);
        out.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        if (reply.startsWith("ERR frame")) {
          return; // the stream is out of step: close it
        }
      }
    } catch (IOException e) {
      // The client went away mid-request: nothing was accepted from that request.
    }
  }

  private String handle(DataInputStream in, int length) throws IOException {
    int limit = codec.limits().maxMessageBytes();
    if (length < 0 || length > limit) {
      return "ERR frame: length " + length + " is not between 0 and " + limit;
    }
    byte[] body = in.readNBytes(length);
    if (body.length < length) {
      throw new EOFException("truncated request");
    }
    SecurityMessage message;
    try {
      message = codec.decode(body);
    } catch (WireException e) {
      return "ERR " + e.getMessage().replace('\n', ';');
    }
    if (received.remainingCapacity() < message.events().size()) {
      return "ERR busy: the agent holds " + received.size() + " events not yet collected; retry later";
    }
    received.addAll(message.events());
    return "OK " + message.events().size();
  }

  @Override
  public void close() {
    try {
      if (server != null) {
        server.close();
        Files.deleteIfExists(socket); // only a socket this collector bound: never another agent's
      }
    } catch (IOException e) {
      // Closing at shutdown: a leftover socket file is removed at the next start.
    }
  }
}
