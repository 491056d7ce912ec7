package io.vigil.detect.anomaly;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.EOFException;
import java.io.IOException;

/**
 * Writes and reads device profiles in a compact binary form, for a runtime's snapshots: a header
 * ({@code VGAP}, version), then per device its id and profile, then an end mark. Version 2 adds the
 * bytes-out rate after the message rate; version 1 snapshots are still read (their profiles start
 * bytes out with an empty history). Sets are written
 * as their 64-bit item hashes and rates as their recent windows, so a typical profile takes about
 * 1 KB. Reading checks every count against a bound and reports what and where it failed.
 */
public final class ProfileCodec {
  private static final int MAGIC = 0x56474150; // "VGAP"
  private static final int VERSION = 2;
  private static final int OLDEST = 1;
  private static final int MAX_ITEMS = 1 << 16;
  private static final int MAX_WINDOWS = 1440;

  /** Receives each profile read. */
  @FunctionalInterface
  public interface Sink {
    void accept(String deviceId, DeviceProfile profile);
  }

  private ProfileCodec() {}

  public static void writeHeader(DataOutput out) throws IOException {
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
  }

  public static void write(DataOutput out, String deviceId, DeviceProfile p) throws IOException {
    out.writeBoolean(true);
    out.writeUTF(deviceId);
    out.writeLong(p.firstSeen);
    out.writeLong(p.learnedAt);
    out.writeUTF(p.group);
    out.writeLong(p.lastReceived);
    for (int k = 0; k < p.learned.length; k++) {
      out.writeLong(p.overflow[k]);
      writeSet(out, p.learned[k]);
      writeSet(out, p.added[k]);
    }
    writeRate(out, p.connections);
    writeRate(out, p.messages);
    writeRate(out, p.bytesOut);
    out.writeLong(p.bytesOut.since);
  }

  public static void writeEnd(DataOutput out) throws IOException {
    out.writeBoolean(false);
  }

  /**
   * Reads a whole snapshot.
   *
   * @param historyWindows the rate history length now configured; longer saved histories keep their latest windows
   * @param source names the snapshot in messages, for example its file
   * @return how many profiles were read
   * @throws IOException when it is not a snapshot or is cut short or corrupt, naming the source and the device
   */
  public static int read(DataInput in, int historyWindows, String source, Sink sink) throws IOException {
    int magic;
    try {
      magic = in.readInt();
    } catch (EOFException e) {
      throw new IOException(source + ": empty, not a profile snapshot", e);
    }
    if (magic != MAGIC) {
      throw new IOException(source + ": not a profile snapshot (starts with 0x" + Integer.toHexString(magic) + ")");
    }
    int version = in.readInt();
    if (version < OLDEST || version > VERSION) {
      throw new IOException(source + ": snapshot version " + version + " is not supported (expected " + OLDEST + " to "
          + VERSION + ")");
    }
    int n = 0;
    String device = null;
    try {
      while (in.readBoolean()) {
        device = in.readUTF();
        DeviceProfile p = new DeviceProfile(in.readLong(), historyWindows);
        p.learnedAt = in.readLong();
        p.group = in.readUTF();
        p.lastReceived = in.readLong();
        for (int k = 0; k < p.learned.length; k++) {
          p.overflow[k] = in.readLong();
          readSet(in, p.learned[k], source, device, Kind.values()[k]);
          readSet(in, p.added[k], source, device, Kind.values()[k]);
        }
        readRate(in, p.connections, source, device);
        readRate(in, p.messages, source, device);
        if (version >= 2) {
          readRate(in, p.bytesOut, source, device);
          p.bytesOut.since = in.readLong();
        }
        sink.accept(device, p);
        n++;
      }
    } catch (EOFException e) {
      throw new IOException(source + ": cut short after " + n + " profiles" + (device == null ? "" : " (in or after device '"
          + device + "')"), e);
    }
    return n;
  }

  private static void writeSet(DataOutput out, ItemSet set) throws IOException {
    out.writeInt(set.size());
    for (int i = 0; i < set.size(); i++) {
      out.writeLong(set.get(i));
    }
  }

  private static void readSet(DataInput in, ItemSet set, String source, String device, Kind kind) throws IOException {
    int size = in.readInt();
    if (size < 0 || size > MAX_ITEMS) {
      throw new IOException(source + ": device '" + device + "': " + kind.name().toLowerCase(java.util.Locale.ROOT)
          + " set of " + size + " items is outside 0.." + MAX_ITEMS);
    }
    for (int i = 0; i < size; i++) {
      set.add(in.readLong());
    }
  }

  private static void writeRate(DataOutput out, RateWindow r) throws IOException {
    out.writeLong(r.minute);
    out.writeInt(r.count);
    out.writeInt(r.outside);
    out.writeInt(r.inside);
    out.writeBoolean(r.alarmed);
    out.writeLong(r.late);
    int[] h = r.chronological();
    out.writeShort(h.length);
    for (int c : h) {
      out.writeInt(c);
    }
  }

  private static void readRate(DataInput in, RateWindow r, String source, String device) throws IOException {
    r.minute = in.readLong();
    r.count = in.readInt();
    r.outside = in.readInt();
    r.inside = in.readInt();
    r.alarmed = in.readBoolean();
    r.late = in.readLong();
    int size = in.readUnsignedShort();
    if (size > MAX_WINDOWS) {
      throw new IOException(source + ": device '" + device + "': rate history of " + size + " windows is over " + MAX_WINDOWS);
    }
    for (int i = 0; i < size; i++) {
      r.push(in.readInt());
    }
  }
}
