package io.vigil.agent.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.PriorityQueue;

/**
 * A bounded, crash-safe FIFO queue of opaque records on disk, kept until the hub acknowledges them.
 * When it is full, the oldest records of the lowest priority go first, but never for a record of
 * a lower priority: that one is dropped itself. Every drop is counted per priority.
 *
 * <p>Each priority has its own chain of segment files under {@code dir/high}, {@code dir/medium}
 * and {@code dir/low}; seqs are global and increasing, so {@link #peek} merges the chains in seq
 * order. Records leave a chain only at its head, so the durable state beyond the segments is one
 * "removed up to" seq per priority (the file {@code removed}). Delivery is at-least-once: a crash
 * between the hub's acknowledgement and {@link #acknowledge} replays those records.
 *
 * <p>Thread-safe: every method is synchronized, meant for one appending thread and one sending
 * thread. Appends fsync before they return.
 */
public final class DiskSpool implements AutoCloseable {
  /** A pending record: its seq, its priority and its bytes. */
  public record Entry(long seq, Priority priority, byte[] record) {}

  /** Counters of one priority: appended and dropped since open, pending now (framed bytes). */
  public record PriorityStats(long appended, long dropped, long pendingRecords, long pendingBytes) {}

  /** The counters of every priority. */
  public record Stats(Map<Priority, PriorityStats> byPriority) {
    public Stats {
      byPriority = Map.copyOf(byPriority);
    }

    public PriorityStats of(Priority priority) {
      return byPriority.get(priority);
    }
  }

  private static final Priority[] PRIORITIES = Priority.values();

  private SpoolSettings settings;
  private final FileChannel lockChannel;
  private final RemovedFile removedFile;
  private final EnumMap<Priority, Lane> lanes;
  private final long[] removed;
  private final long[] appended = new long[PRIORITIES.length];
  private final long[] dropped = new long[PRIORITIES.length];
  private final List<String> problems;
  private long nextSeq;
  private boolean closed;

  private DiskSpool(SpoolSettings settings, FileChannel lockChannel, RemovedFile removedFile,
      EnumMap<Priority, Lane> lanes, long[] removed, List<String> problems, long nextSeq) {
    this.settings = settings;
    this.lockChannel = lockChannel;
    this.removedFile = removedFile;
    this.lanes = lanes;
    this.removed = removed;
    this.problems = problems;
    this.nextSeq = nextSeq;
  }

  /**
   * Opens the spool in {@code dir}, creating it if needed, and recovers what a crash left: corrupt
   * and torn records are skipped and listed in {@link #recoveryProblems()}. If the pending records
   * exceed {@code settings.maxBytes()} (a lowered cap), the lowest-priority oldest are dropped.
   *
   * @throws IOException if the directory cannot be read or written, or another process has it open
   */
  public static DiskSpool open(Path dir, SpoolSettings settings) throws IOException {
    Files.createDirectories(dir);
    FileChannel lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    try {
      FileLock lock;
      try {
        lock = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new IOException("spool " + dir + " is already open (lock held on " + dir.resolve("lock") + ")");
      }
      List<String> problems = new ArrayList<>();
      RemovedFile removedFile = RemovedFile.open(dir, problems);
      long[] removed = removedFile.positions();
      EnumMap<Priority, Lane> lanes = new EnumMap<>(Priority.class);
      try {
        long lastSeq = 0;
        for (Priority p : PRIORITIES) {
          Lane lane = Lane.open(dir.resolve(p.name().toLowerCase(Locale.ROOT)), p,
              settings.segmentBytes(), problems);
          lanes.put(p, lane);
          lastSeq = Math.max(lastSeq, Math.max(lane.lastSeq(), removed[p.ordinal()]));
          lane.removeUpTo(removed[p.ordinal()]);
          lane.deleteSegmentsUpTo(removed[p.ordinal()]);
        }
        DiskSpool spool = new DiskSpool(settings, lockChannel, removedFile, lanes, removed,
            List.copyOf(problems), lastSeq + 1);
        synchronized (spool) {
          spool.makeRoom(0, Priority.HIGH);
        }
        return spool;
      } catch (IOException | RuntimeException e) {
        List<AutoCloseable> opened = new ArrayList<>(lanes.values());
        opened.add(removedFile);
        for (AutoCloseable c : opened) {
          try {
            c.close();
          } catch (Exception closing) {
            e.addSuppressed(closing);
          }
        }
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      lockChannel.close();
      throw e;
    }
  }

  /**
   * Appends {@code record} durably (fsync) and returns its seq. If the cap would be exceeded,
   * first drops the oldest records of the lowest priority, then of the next, up to the record's
   * own priority, and counts them; records of a higher priority are never dropped for it. If even
   * that would not make room, the record itself is dropped instead, counted, and nothing else is.
   *
   * @return the record's seq, or empty if it was dropped for lack of room (counted)
   * @throws IllegalArgumentException if the record alone exceeds the cap (it is counted as dropped)
   * @throws IOException if it cannot be written (then it is not in the spool) or forced (then it
   *     is pending but may not survive a crash of the machine)
   */
  public synchronized OptionalLong append(Priority priority, byte[] record) throws IOException {
    return appendAll(priority, List.of(record));
  }

  /**
   * Appends {@code records} in order with one fsync for all of them, and returns the seq of the
   * first appended; the others appended follow it one by one (a record dropped for lack of room
   * takes no seq). Makes room, or drops, as {@link #append} does, record by record.
   *
   * @return the seq of the first record appended, or empty if every one was dropped for lack of room
   * @throws IllegalArgumentException if one record alone exceeds the cap; then none is appended
   *     and that one is counted as dropped
   * @throws IOException if they cannot be written; then a prefix of them may be in the spool
   */
  public synchronized OptionalLong appendAll(Priority priority, List<byte[]> records) throws IOException {
    ensureOpen();
    for (byte[] record : records) {
      long framed = RecordFormat.framedSize(record.length);
      if (framed > settings.maxBytes()) {
        dropped[priority.ordinal()]++;
        throw new IllegalArgumentException("a " + priority + " record of " + record.length
            + " bytes (" + framed + " framed) exceeds the spool cap of " + settings.maxBytes()
            + " bytes; dropped");
      }
    }
    OptionalLong first = OptionalLong.empty();
    Lane lane = lanes.get(priority);
    for (byte[] record : records) {
      long framed = RecordFormat.framedSize(record.length);
      if (pendingBytes() - evictable(priority) + framed > settings.maxBytes()) {
        dropped[priority.ordinal()]++; // only higher priorities would make room: the newcomer goes
        continue;
      }
      makeRoom(framed, priority);
      lane.append(nextSeq, record);
      if (first.isEmpty()) {
        first = OptionalLong.of(nextSeq);
      }
      nextSeq++;
      appended[priority.ordinal()]++;
    }
    if (first.isPresent()) {
      lane.force();
    }
    return first;
  }

  /**
   * Changes the cap. A lower cap than what is pending drops the oldest records, lowest priority
   * first, at once, and counts them.
   *
   * @throws IOException if the drops cannot be recorded
   */
  public synchronized void setMaxBytes(long maxBytes) throws IOException {
    ensureOpen();
    settings = new SpoolSettings(maxBytes, settings.segmentBytes());
    makeRoom(0, Priority.HIGH);
  }

  /** The pending bytes of {@code priority} and the priorities below it: what making room for it may drop. */
  private long evictable(Priority priority) {
    long sum = 0;
    for (int i = PRIORITIES.length - 1; i >= priority.ordinal(); i--) {
      sum += lanes.get(PRIORITIES[i]).pendingBytes();
    }
    return sum;
  }

  /**
   * Drops head records, lowest priority first and none above {@code upTo}, until {@code framed}
   * more bytes fit the cap or nothing more may be dropped.
   */
  private void makeRoom(long framed, Priority upTo) throws IOException {
    boolean any = false;
    for (int i = PRIORITIES.length - 1; i >= upTo.ordinal() && pendingBytes() + framed > settings.maxBytes(); i--) {
      Lane lane = lanes.get(PRIORITIES[i]);
      while (lane.head() != null && pendingBytes() + framed > settings.maxBytes()) {
        removed[i] = lane.head().seq();
        lane.removeUpTo(removed[i]);
        dropped[i]++;
        any = true;
      }
    }
    if (any) {
      persistRemoved();
    }
  }

  /**
   * The oldest pending records in seq order, without removing them: at most {@code maxRecords},
   * and at most {@code maxBytes} of payload unless the first record alone is larger (it is then
   * returned alone, so that the sender always makes progress).
   */
  public synchronized List<Entry> peek(int maxRecords, long maxBytes) throws IOException {
    ensureOpen();
    PriorityQueue<Cursor> heads = new PriorityQueue<>(Comparator.comparingLong(c -> c.ref.seq()));
    for (Priority p : PRIORITIES) {
      Iterator<Lane.Ref> it = lanes.get(p).iterator();
      if (it.hasNext()) {
        heads.add(new Cursor(p, it, it.next()));
      }
    }
    List<Entry> out = new ArrayList<>();
    long bytes = 0;
    while (out.size() < maxRecords && !heads.isEmpty()) {
      Cursor c = heads.poll();
      if (!out.isEmpty() && bytes + c.ref.length() > maxBytes) {
        break;
      }
      Lane lane = lanes.get(c.priority);
      out.add(new Entry(c.ref.seq(), c.priority, lane.read(c.ref)));
      bytes += c.ref.length();
      if (c.rest.hasNext()) {
        heads.add(new Cursor(c.priority, c.rest, c.rest.next()));
      }
    }
    return out;
  }

  private record Cursor(Priority priority, Iterator<Lane.Ref> rest, Lane.Ref ref) {}

  /**
   * Removes every pending record with a seq up to {@code seq}, durably, and deletes the segment
   * files that no longer hold a pending record.
   *
   * @throws IllegalArgumentException if {@code seq} was never handed out by {@link #append}
   */
  public synchronized void acknowledge(long seq) throws IOException {
    ensureOpen();
    if (seq >= nextSeq) {
      throw new IllegalArgumentException("cannot acknowledge up to seq " + seq
          + ": the last appended seq is " + (nextSeq - 1));
    }
    boolean changed = false;
    for (Priority p : PRIORITIES) {
      if (removed[p.ordinal()] < seq) {
        removed[p.ordinal()] = seq;
        lanes.get(p).removeUpTo(seq);
        changed = true;
      }
    }
    if (changed) {
      persistRemoved();
    }
  }

  /** Makes the removed positions durable, then deletes the segments they cover. */
  private void persistRemoved() throws IOException {
    removedFile.write(removed);
    for (Priority p : PRIORITIES) {
      lanes.get(p).deleteSegmentsUpTo(removed[p.ordinal()]);
    }
  }

  /** The counters per priority. */
  public synchronized Stats stats() {
    Map<Priority, PriorityStats> by = new EnumMap<>(Priority.class);
    for (Priority p : PRIORITIES) {
      Lane lane = lanes.get(p);
      by.put(p, new PriorityStats(appended[p.ordinal()], dropped[p.ordinal()],
          lane.pendingRecords(), lane.pendingBytes()));
    }
    return new Stats(by);
  }

  /** What recovery at open found and skipped: one line per problem, naming file and byte offset. */
  public List<String> recoveryProblems() {
    return problems;
  }

  private long pendingBytes() {
    long sum = 0;
    for (Lane lane : lanes.values()) {
      sum += lane.pendingBytes();
    }
    return sum;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the spool is closed");
    }
  }

  /** Closes the files and releases the directory lock; pending records stay on disk. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try (lockChannel; removedFile) {
      for (Lane lane : lanes.values()) {
        lane.close();
      }
    }
  }
}
