package io.vigil.store;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The events a workspace stored recently, by 128-bit fingerprint of (DeviceId, EventId), so that an
 * agent's retry of a message whose acknowledgement was lost is recognised without an index that
 * grows forever.
 *
 * <p>The window: two generations of fingerprints; the current one is retired (and the one before it
 * forgotten) once it holds {@code generationIds} events or spans {@code generationSpan} of receipt
 * time ({@code TimeGenerated}, the hub's clock, so downtime does not count). So the events of at
 * least the last {@code generationSpan} or the last {@code generationIds} events, whichever is
 * less, are always known. Memory: at most 2 x {@code generationIds} fingerprints of 32 bytes
 * each (slots at most half full), 64 MB at the defaults.
 *
 * <p>Fingerprints are SipHash-2-4's 128-bit tags, under a random key made with the window (the window is
 * rebuilt at start-up, so it need not last), of the device id, a zero byte and the event id. A
 * new event is taken for a stored one only on a 128-bit match, by chance about 3 x 10^-21 over a
 * trillion events looked up with two million held. On purpose it would take the key, which never
 * leaves the process; a device that makes its own ids collide only loses its own events. (It was
 * MD5, almost half of the time spent in the window.)
 *
 * <p>Thread-safe: {@link #fingerprint} needs no lock; batches {@link #claim} and {@link #settle}
 * their events; the other methods are for one thread (start-up, tests).
 */
final class RecentEvents {
  /** The keyed hash of the 128 bits; its key is random for each window and never leaves it. */
  private final SipHash sip;

  /** Receipt time a generation spans at most: {@value #SPAN_MINUTES} minutes. */
  static final int SPAN_MINUTES = 10;

  /** Events a generation holds at most. */
  static final int GENERATION_IDS = 1_000_000;

  private final int generationIds;
  private final Duration generationSpan;
  /** The fingerprints each batch in flight claimed: see {@link #claim}. */
  private final List<Generation> claims = new ArrayList<>();
  private Generation current;
  private Generation previous;

  RecentEvents() {
    this(GENERATION_IDS, Duration.ofMinutes(SPAN_MINUTES));
  }

  RecentEvents(int generationIds, Duration generationSpan) {
    if (generationIds < 1) {
      throw new IllegalArgumentException("a generation of recent events must hold at least 1 id, was " + generationIds);
    }
    this.generationIds = generationIds;
    this.generationSpan = generationSpan;
    SecureRandom random = new SecureRandom();
    this.sip = new SipHash(random.nextLong(), random.nextLong());
    this.current = new Generation(null);
    this.previous = new Generation(null);
  }

  /** A fingerprint of one event; compare with {@link #contains} and record with {@link #add}. */
  record Fingerprint(long high, long low) {}

  Fingerprint fingerprint(String deviceId, String eventId) {
    byte[] m = (deviceId + '\0' + eventId).getBytes(StandardCharsets.UTF_8);
    long[] tag = sip.hash128(m);
    long h = tag[0];
    long l = tag[1];
    return new Fingerprint(h, l == 0 && h == 0 ? 1 : l); // (0, 0) marks an empty slot
  }

  /**
   * The events of one batch that it claimed, see {@link #claim}.
   *
   * @param fresh per fingerprint claimed, in order: true if it is new and now claimed by this batch
   */
  record Claim(boolean[] fresh, Generation held) {}

  /**
   * Claims the events of one batch about to be stored: for each fingerprint, in order, true if it
   * is new (neither held, nor claimed earlier in the batch) and now claimed. Waits while another
   * batch holds a claim on one of them, so that of two concurrent copies of an event exactly one is
   * stored, and the other is recognised only once the first is committed (or, if the first
   * fails, is stored itself). Every claim must be {@linkplain #settle settled}.
   */
  synchronized Claim claim(List<Fingerprint> prints) throws InterruptedException {
    while (anyClaimed(prints)) {
      wait();
    }
    boolean[] fresh = new boolean[prints.size()];
    Generation held = new Generation(null);
    for (int i = 0; i < fresh.length; i++) {
      Fingerprint f = prints.get(i);
      fresh[i] = !contains(f) && !held.contains(f.high, f.low);
      if (fresh[i]) {
        held.add(f.high, f.low);
      }
    }
    claims.add(held);
    return new Claim(fresh, held);
  }

  /** Whether a batch in flight claimed one of {@code prints}: a few batches at most, one per writer thread. */
  private boolean anyClaimed(List<Fingerprint> prints) {
    for (Generation held : claims) {
      for (Fingerprint f : prints) {
        if (held.contains(f.high, f.low)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Ends the claims of a batch: records the claimed events received at the times given (when
   * {@code stored}, i.e. committed) and releases the claims.
   */
  synchronized void settle(List<Fingerprint> prints, Claim claim, List<Instant> received, boolean stored) {
    claims.remove(claim.held());
    if (stored) {
      boolean[] fresh = claim.fresh();
      for (int i = 0; i < fresh.length; i++) {
        if (fresh[i]) {
          add(prints.get(i), received.get(i));
        }
      }
    }
    notifyAll();
  }

  boolean contains(Fingerprint f) {
    return current.contains(f.high, f.low) || previous.contains(f.high, f.low);
  }

  /** Records a stored event, received at {@code received}; retires the current generation first when it is full or old. */
  void add(Fingerprint f, Instant received) {
    if (current.size >= generationIds || current.start != null && Duration.between(current.start, received).compareTo(generationSpan) >= 0) {
      previous = current;
      current = new Generation(received);
    } else if (current.start == null) {
      current.start = received;
    }
    current.add(f.high, f.low);
  }

  /** Fingerprints held, both generations. */
  long size() {
    return (long) current.size + previous.size;
  }

  /** An open-addressing set of 128-bit values (linear probing), growing to keep at most half its slots full. */
  static final class Generation {
    private Instant start;
    private long[] slots = new long[2 * 64];
    private int size;

    Generation(Instant start) {
      this.start = start;
    }

    boolean contains(long high, long low) {
      int mask = slots.length / 2 - 1;
      for (int i = slot(high, low, mask); ; i = (i + 1) & mask) {
        long h = slots[2 * i];
        long l = slots[2 * i + 1];
        if (h == 0 && l == 0) {
          return false;
        }
        if (h == high && l == low) {
          return true;
        }
      }
    }

    void add(long high, long low) {
      if (2 * (size + 1) > slots.length / 2) {
        grow();
      }
      if (insert(slots, high, low)) {
        size++;
      }
    }

    private void grow() {
      long[] bigger = new long[slots.length * 2];
      for (int i = 0; i < slots.length; i += 2) {
        if (slots[i] != 0 || slots[i + 1] != 0) {
          insert(bigger, slots[i], slots[i + 1]);
        }
      }
      slots = bigger;
    }

    private static boolean insert(long[] table, long high, long low) {
      int mask = table.length / 2 - 1;
      for (int i = slot(high, low, mask); ; i = (i + 1) & mask) {
        long h = table[2 * i];
        long l = table[2 * i + 1];
        if (h == 0 && l == 0) {
          table[2 * i] = high;
          table[2 * i + 1] = low;
          return true;
        }
        if (h == high && l == low) {
          return false;
        }
      }
    }

    private static int slot(long high, long low, int mask) {
      return (int) (high ^ low >>> 17) & mask;
    }
  }
}
