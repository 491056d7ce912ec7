package io.vigil.agent.collect.systeminformation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ElfHeaderTest {
  /** The first 20 bytes of an ELF header: magic, class, byte order, version, padding, type, machine. */
  private static byte[] header(int elfClass, int data, int machine) {
    byte[] h = new byte[ElfHeader.LENGTH];
    h[0] = 0x7f;
    h[1] = 'E';
    h[2] = 'L';
    h[3] = 'F';
    h[4] = (byte) elfClass;
    h[5] = (byte) data;
    h[6] = 1;
    boolean little = data == 1;
    h[little ? 18 : 19] = (byte) machine;
    h[little ? 19 : 18] = (byte) (machine >> 8);
    return h;
  }

  @ParameterizedTest
  @CsvSource({
    "2, 1, 62, x86_64",
    "1, 1, 3, x86",
    "2, 1, 183, aarch64",
    "2, 2, 183, aarch64_be",
    "1, 1, 40, arm",
    "1, 2, 40, armeb",
    "1, 2, 8, mips",
    "1, 1, 8, mipsel",
    "2, 2, 8, mips64",
    "2, 1, 8, mips64el",
    "1, 2, 20, ppc",
    "2, 2, 21, ppc64",
    "2, 1, 21, ppc64le",
    "2, 1, 243, riscv64",
    "1, 1, 243, riscv32",
    "2, 2, 22, s390x",
    "2, 1, 258, loongarch64",
  })
  void namesTheMachine(int elfClass, int data, int machine, String name) {
    assertThat(ElfHeader.architecture(header(elfClass, data, machine), "/bin/sh")).isEqualTo(name);
  }

  @Test
  void refusesAScript() {
    assertThatIllegalArgumentException().isThrownBy(() -> ElfHeader.architecture("#!/bin/sh\necho".getBytes(), "/img/bin/sh"))
        .withMessage("/img/bin/sh: not an ELF file (starts with 23 21 2f 62)");
  }

  @Test
  void refusesATruncatedHeader() {
    assertThatIllegalArgumentException().isThrownBy(() -> ElfHeader.architecture(Arrays.copyOf(header(2, 1, 62), 18), "/bin/sh"))
        .withMessage("/bin/sh: truncated ELF header: 18 bytes, need 20");
    assertThatIllegalArgumentException().isThrownBy(() -> ElfHeader.architecture(new byte[0], "/bin/sh"))
        .withMessage("/bin/sh: truncated ELF header: 0 bytes, need 20");
  }

  @Test
  void refusesABadClassByteOrderOrMachine() {
    assertThatIllegalArgumentException().isThrownBy(() -> ElfHeader.architecture(header(3, 1, 62), "/bin/sh"))
        .withMessage("/bin/sh: bad ELF class 3 at offset 4, expected 1 (32-bit) or 2 (64-bit)");
    assertThatIllegalArgumentException().isThrownBy(() -> ElfHeader.architecture(header(2, 0, 62), "/bin/sh"))
        .withMessage("/bin/sh: bad ELF byte order 0 at offset 5, expected 1 (little) or 2 (big endian)");
    assertThatIllegalArgumentException().isThrownBy(() -> ElfHeader.architecture(header(2, 2, 0x1234), "/bin/sh"))
        .withMessage("/bin/sh: unknown ELF machine 4660 at offset 18");
  }
}
