package io.vigil.wire;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** gzip bodies (RFC 1952), inflated with a bound so that a small body cannot expand without limit. */
final class Gzip {
  private Gzip() {}

  /** True when {@code body} starts with the gzip magic number, 0x1f 0x8b. */
  static boolean isGzip(byte[] body) {
    return body.length >= 2 && body[0] == (byte) 0x1f && body[1] == (byte) 0x8b;
  }

  /**
   * The inflated body.
   *
   * @throws WireException when it is not valid gzip, or inflates to more than {@code maxBytes}
   */
  static byte[] inflate(byte[] body, int maxBytes) throws WireException {
    byte[] inflated;
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      // One byte past the limit is enough to know the limit is broken; nothing more is inflated.
      inflated = in.readNBytes(maxBytes == Integer.MAX_VALUE ? maxBytes : maxBytes + 1);
    } catch (IOException e) {
      throw WireException.of("", "not a valid gzip body: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }
    if (inflated.length > maxBytes) {
      throw WireException.of("", "gzip body inflates to more than " + maxBytes + " bytes; the limit is " + maxBytes);
    }
    return inflated;
  }

  static byte[] deflate(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }
}
