package io.vigil.store;

/**
 * SipHash-2-4 (Aumasson and Bernstein, 2012) with its 128-bit output: a keyed hash, fast on short
 * input, that an attacker who does not know the key cannot make collide on purpose. Immutable and thread-safe.
 */
final class SipHash {
  private final long k0;
  private final long k1;

  /** @param k0 the key's first 8 bytes, little-endian; @param k1 its last 8 */
  SipHash(long k0, long k1) {
    this.k0 = k0;
    this.k1 = k1;
  }

  /**
   * The 128-bit tag of {@code m}: SipHash-2-4 with 16 bytes of output, one pass over the message
   * (two 64-bit hashes under different keys would take two).
   *
   * @return the tag's first 8 bytes and its last 8, each little-endian
   */
  long[] hash128(byte[] m) {
    long[] v = {k0 ^ 0x736f6d6570736575L, k1 ^ 0x646f72616e646f6dL ^ 0xee, k0 ^ 0x6c7967656e657261L, k1 ^ 0x7465646279746573L};
    int whole = m.length & ~7;
    for (int i = 0; i < whole; i += 8) {
      compress(v, word(m, i, 8));
    }
    compress(v, (long) (m.length & 0xff) << 56 | word(m, whole, m.length - whole));
    v[2] ^= 0xee;
    rounds(v, 4);
    long first = v[0] ^ v[1] ^ v[2] ^ v[3];
    v[1] ^= 0xdd;
    rounds(v, 4);
    return new long[] {first, v[0] ^ v[1] ^ v[2] ^ v[3]};
  }

  private static void compress(long[] v, long word) {
    v[3] ^= word;
    rounds(v, 2);
    v[0] ^= word;
  }

  private static void rounds(long[] v, int n) {
    long v0 = v[0];
    long v1 = v[1];
    long v2 = v[2];
    long v3 = v[3];
    for (int r = 0; r < n; r++) {
      v0 += v1;
      v1 = Long.rotateLeft(v1, 13) ^ v0;
      v0 = Long.rotateLeft(v0, 32);
      v2 += v3;
      v3 = Long.rotateLeft(v3, 16) ^ v2;
      v0 += v3;
      v3 = Long.rotateLeft(v3, 21) ^ v0;
      v2 += v1;
      v1 = Long.rotateLeft(v1, 17) ^ v2;
      v2 = Long.rotateLeft(v2, 32);
    }
    v[0] = v0;
    v[1] = v1;
    v[2] = v2;
    v[3] = v3;
  }

  /** {@code n} (0 to 8) bytes of {@code m} from {@code at}, little-endian. */
  private static long word(byte[] m, int at, int n) {
    long w = 0;
    for (int i = n - 1; i >= 0; i--) {
      w = w << 8 | (m[at + i] & 0xffL);
    }
    return w;
  }
}
