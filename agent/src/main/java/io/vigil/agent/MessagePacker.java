package io.vigil.agent;

import io.vigil.model.event.Events;
import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Packs events into as few messages as fit the hub's size limit, so that the agent does not send
 * many small messages (what the old product flagged as "unutilized messages"). An event too large
 * for one message is split by payload items; a single item too large even alone is dropped and
 * reported. What goes on the wire is the JSON message gzip-compressed, when that is smaller.
 */
final class MessagePacker {
  /** A message and the pending events it carries. */
  record Packed(SecurityMessage message, List<Pending> parts) {}

  /** An item that cannot fit any message. */
  record Oversize(Pending pending, int bytes) {}

  private final SecurityMessageCodec codec;
  private final String agentVersion;
  private final String agentId;
  private final int maxBytes;

  MessagePacker(SecurityMessageCodec codec, String agentVersion, String agentId, int maxBytes) {
    this.codec = codec;
    this.agentVersion = agentVersion;
    this.agentId = agentId;
    this.maxBytes = maxBytes;
  }

  /**
   * Packs {@code events} in order. The size of a message is bounded by the sum of its events'
   * sizes each encoded alone, which is never smaller than the real size.
   */
  List<Packed> pack(List<Pending> events, List<Oversize> oversize) {
    List<Packed> out = new ArrayList<>();
    List<Pending> current = new ArrayList<>();
    long currentBytes = 0;
    for (Pending p : fitting(events, oversize)) {
      int bytes = size(p.event());
      if (!current.isEmpty() && currentBytes + bytes > maxBytes) {
        out.add(packed(current));
        current = new ArrayList<>();
        currentBytes = 0;
      }
      current.add(p);
      currentBytes += bytes;
    }
    if (!current.isEmpty()) {
      out.add(packed(current));
    }
    return out;
  }

  /** The events, with any too large for one message split into halves until each fits. */
  List<Pending> fitting(List<Pending> events, List<Oversize> oversize) {
    List<Pending> out = new ArrayList<>();
    for (Pending p : events) {
      split(p, out, oversize);
    }
    return out;
  }

  private void split(Pending p, List<Pending> out, List<Oversize> oversize) {
    int bytes = size(p.event());
    if (bytes <= maxBytes) {
      out.add(p);
      return;
    }
    int n = p.event().payload().size();
    if (n <= 1) {
      oversize.add(new Oversize(p, bytes));
      return;
    }
    split(new Pending(p.source(), Events.slice(p.event(), 0, n / 2)), out, oversize);
    split(new Pending(p.source(), Events.slice(p.event(), n / 2, n)), out, oversize);
  }

  /**
   * What to send for the JSON message {@code json}: gzip when that is smaller, else {@code json}
   * itself. The hub tells the two apart by gzip's magic number (0x1f 0x8b; JSON starts with a
   * brace) and inflates up to its message limit, which {@link #pack} keeps the JSON under. gzip
   * adds 18 bytes of header and trailer, so a tiny message can be smaller plain; the agent's
   * messages, repetitive JSON, mostly shrink four to ten times.
   */
  static byte[] body(byte[] json) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 4 + 64);
    try (GZIPOutputStream gzip = new GZIPOutputStream(out) {
      {
        // Messages are small and the CPU is the device's: the best ratio costs well under a millisecond per KB.
        def.setLevel(Deflater.BEST_COMPRESSION);
      }
    }) {
      gzip.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.size() < json.length ? out.toByteArray() : json;
  }

  int size(SecurityEvent e) {
    return codec.encode(SecurityMessage.of(agentVersion, agentId, List.of(e))).length;
  }

  private Packed packed(List<Pending> parts) {
    return new Packed(SecurityMessage.of(agentVersion, agentId, parts.stream().map(Pending::event).toList()), List.copyOf(parts));
  }
}
