package io.vigil.agent.collect.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WaitStatusTest {
  @Test
  void normalExit() {
    WaitStatus s = new WaitStatus(7 << 8);
    assertThat(s.signaled()).isFalse();
    assertThat(s.exitCode()).isEqualTo(7);
    assertThat(s.exitStatus()).isEqualTo(7);
    assertThat(new WaitStatus(255 << 8).exitStatus()).isEqualTo(255);
    assertThat(new WaitStatus(0).exitStatus()).isZero();
  }

  @Test
  void killedBySignal() {
    WaitStatus s = new WaitStatus(15);
    assertThat(s.signaled()).isTrue();
    assertThat(s.signal()).isEqualTo(15);
    assertThat(s.coreDumped()).isFalse();
    assertThat(s.exitCode()).isZero();
    assertThat(s.exitStatus()).isEqualTo(143);
  }

  @Test
  void coreDump() {
    WaitStatus s = new WaitStatus(0x80 | 11);
    assertThat(s.signal()).isEqualTo(11);
    assertThat(s.coreDumped()).isTrue();
    assertThat(s.exitStatus()).isEqualTo(139);
  }
}
