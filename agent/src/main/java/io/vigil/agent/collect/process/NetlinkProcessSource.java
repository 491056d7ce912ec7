package io.vigil.agent.collect.process;

import io.vigil.agent.collect.LibC;

import io.vigil.agent.collect.CollectorContext;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Process starts and exits as the kernel reports them through its netlink process connector: every
 * exec and every exit, however short-lived the process, with the exit status.
 *
 * <p>A daemon thread ({@code vigil-process-netlink}) reads the socket; on an exec it reads the
 * process's details from /proc at once, before a short-lived process is gone. What it finds goes
 * to the {@link ChangeBuffer}. Works in the initial pid and user namespace only; kernels before
 * 6.6 also need root or CAP_NET_ADMIN (later ones let any user subscribe).
 */
final class NetlinkProcessSource implements ChangeSource {
  static final String SOURCE = "Netlink";
  private static final int RECEIVE_TIMEOUT_MILLIS = 100;
  private static final long ACK_TIMEOUT_MILLIS = 2000;

  private final NetlinkSocket socket;
  private final ProcEventHandler handler;
  private final int nonce = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE - 1);
  private final CountDownLatch acknowledged = new CountDownLatch(1);
  private final AtomicLong overruns = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private final Thread reader;
  private volatile int ackError;
  private volatile boolean running = true;
  private volatile String failure;
  private volatile String scheduling;
  private boolean closed;

  private NetlinkProcessSource(CollectorContext ctx, ChangeBuffer buffer, NetlinkSocket socket) {
    this.socket = socket;
    this.handler = new ProcEventHandler(new ProcReader(ctx.root()), buffer, ctx.clock());
    this.reader = Thread.ofPlatform().name("vigil-process-netlink").daemon().unstarted(this::run);
  }

  /**
   * Opens the socket, starts the reader and subscribes; returns once the kernel has acknowledged.
   *
   * @throws NetlinkException saying why process events cannot be had: no permission, no connector
   *     in this kernel, no acknowledgement (a container outside the initial namespaces)
   */
  static NetlinkProcessSource open(CollectorContext ctx, ChangeBuffer buffer) throws NetlinkException {
    NetlinkProcessSource source = new NetlinkProcessSource(ctx, buffer, NetlinkSocket.open(RECEIVE_TIMEOUT_MILLIS));
    source.reader.start();
    try {
      source.socket.subscribe(NetlinkSocket.PROC_CN_MCAST_LISTEN, source.nonce);
      if (!source.acknowledged.await(ACK_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
        throw new NetlinkException("the kernel did not acknowledge the process connector subscription within "
            + ACK_TIMEOUT_MILLIS + " ms (it ignores processes outside the initial pid and user namespaces)", null);
      }
      if (source.failure != null) {
        throw new NetlinkException(source.failure, null);
      }
      if (source.ackError != 0) {
        throw new NetlinkException("subscribe to the process connector", source.ackError,
            LibC.strerror(source.ackError));
      }
      return source;
    } catch (NetlinkException e) {
      source.close();
      throw e;
    } catch (InterruptedException e) {
      source.close();
      Thread.currentThread().interrupt();
      throw new NetlinkException("interrupted while subscribing to the process connector", e);
    }
  }

  @Override
  public ProcessCollector.Source kind() {
    return ProcessCollector.Source.NETLINK;
  }

  @Override
  public Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public long kernelOverruns() {
    return overruns.get();
  }

  @Override
  public long malformedMessages() {
    return malformed.get();
  }

  @Override
  public Optional<String> readerScheduling() {
    return Optional.ofNullable(scheduling);
  }

  private void run() {
    try {
      scheduling = ReaderScheduling.raiseCurrentThread();
      while (running) {
        OptionalInt length;
        try {
          length = socket.receive();
        } catch (NetlinkException e) {
          if (e.errno() == NetlinkSocket.ENOBUFS) {
            overruns.incrementAndGet(); // the kernel dropped events; the socket stays usable
            continue;
          }
          throw e;
        }
        if (length.isEmpty()) {
          continue;
        }
        List<ProcEvent> events;
        try {
          events = ProcEventParser.parse(socket.received(length.getAsInt()));
        } catch (ProcEventFormatException e) {
          malformed.incrementAndGet(); // counted in the collector's statistics; the next datagram stands alone
          continue;
        }
        for (ProcEvent event : events) {
          handle(event);
        }
      }
    } catch (NetlinkException | RuntimeException e) {
      failure = "the process connector reader stopped: " + e.getMessage();
      acknowledged.countDown();
    }
  }

  private void handle(ProcEvent event) {
    if (event instanceof ProcEvent.Ack a) {
      if (a.ack() == nonce + 1) {
        ackError = a.error();
        try {
          handler.rememberExisting();
        } catch (IOException e) {
          failure = "cannot list the running processes in /proc: " + e.getMessage();
          running = false;
        }
        acknowledged.countDown();
      }
    } else {
      handler.handle(event);
    }
  }

  /** Stops the reader, unsubscribes and closes the socket; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    running = false;
    if (Thread.currentThread() != reader && reader.isAlive()) {
      try {
        reader.join(Duration.ofMillis(RECEIVE_TIMEOUT_MILLIS * 50L));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (reader.isAlive()) {
      // The reader may still be in recv() writing into the socket's buffer: leak both rather than free them under it.
      failure = "the process connector reader did not stop within " + RECEIVE_TIMEOUT_MILLIS * 50 + " ms";
      return;
    }
    try {
      socket.subscribe(NetlinkSocket.PROC_CN_MCAST_IGNORE, nonce);
    } catch (NetlinkException e) {
      // Kernels before 6.6 keep counting this listener and keep producing events; nothing else breaks.
      failure = "unsubscribing from the process connector failed: " + e.getMessage();
    }
    socket.close();
  }
}
