package io.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The reference vectors of SipHash-2-4 (key 00 01 .. 0f; messages 00 01 .. of each length). */
class SipHashTest {
  private final SipHash sip = new SipHash(0x0706050403020100L, 0x0f0e0d0c0b0a0908L);

  @Test
  void matchesTheReferenceVectors() {
    assertThat(sip.hash(bytes(0))).isEqualTo(0x726fdb47dd0e0e31L);
    assertThat(sip.hash(bytes(8))).isEqualTo(0x93f5f5799a932462L);
    assertThat(sip.hash(bytes(15))).isEqualTo(0xa129ca6149be45e5L);
    assertThat(sip.hash(bytes(63))).isEqualTo(0x958a324ceb064572L);
  }

  private static byte[] bytes(int n) {
    byte[] m = new byte[n];
    for (int i = 0; i < n; i++) {
      m[i] = (byte) i;
    }
    return m;
  }
}
