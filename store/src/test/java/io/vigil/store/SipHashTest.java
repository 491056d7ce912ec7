package io.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The reference vectors of SipHash-2-4-128 (vectors_sip128 of the reference code; key 00 01 .. 0f; messages 00 01 .. of each length). */
class SipHashTest {
  private final SipHash sip = new SipHash(0x0706050403020100L, 0x0f0e0d0c0b0a0908L);

  @Test
  void matchesTheReferenceVectorsOfTheTwoWordTag() {
    assertThat(sip.hash128(bytes(0))).containsExactly(0xe6a825ba047f81a3L, 0x930255c71472f66dL);
    assertThat(sip.hash128(bytes(7))).containsExactly(0x53c1dbd8beebf1a1L, 0x3982f01fa64ab8c0L);
    assertThat(sip.hash128(bytes(8))).containsExactly(0x61f55862baa9623bL, 0xb49714f364e2830fL);
    assertThat(sip.hash128(bytes(15))).containsExactly(0x11a8b03399e99354L, 0xd9c3cf970fec087eL);
    assertThat(sip.hash128(bytes(16))).containsExactly(0xbb54b067caa4e26eL, 0x77052385bf1533fdL);
  }

  private static byte[] bytes(int n) {
    byte[] m = new byte[n];
    for (int i = 0; i < n; i++) {
      m[i] = (byte) i;
    }
    return m;
  }
}
