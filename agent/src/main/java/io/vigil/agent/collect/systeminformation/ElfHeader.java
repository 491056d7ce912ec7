package io.vigil.agent.collect.systeminformation;

/**
 * Reads the architecture an ELF executable was built for from the first 20 bytes of its header:
 * the class (32 or 64 bit) at offset 4, the byte order at 5, and the machine at 18.
 *
 * <p>Names follow {@code uname -m} where the header can tell: {@code x86_64}, {@code aarch64},
 * {@code mipsel}, {@code ppc64le}; 32-bit ARM is {@code arm} and 32-bit x86 {@code x86}, since the
 * header does not name the ARM or x86 generation.
 */
final class ElfHeader {
  static final int LENGTH = 20;

  private ElfHeader() {}

  /**
   * The architecture of the executable whose header is {@code head}.
   *
   * @param file the executable's path, for messages
   * @throws IllegalArgumentException naming the file, the offset and the value, if the header is
   *     short, not ELF, or names a class, byte order or machine this does not know
   */
  static String architecture(byte[] head, String file) {
    if (head.length >= 4 && !(head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F')) {
      throw new IllegalArgumentException(file + ": not an ELF file (starts with " + hex(head, 4) + ")");
    }
    if (head.length < LENGTH) {
      throw new IllegalArgumentException(file + ": truncated ELF header: " + head.length + " bytes, need " + LENGTH);
    }
    int elfClass = head[4];
    if (elfClass != 1 && elfClass != 2) {
      throw new IllegalArgumentException(file + ": bad ELF class " + elfClass + " at offset 4, expected 1 (32-bit) or 2 (64-bit)");
    }
    int data = head[5];
    if (data != 1 && data != 2) {
      throw new IllegalArgumentException(file + ": bad ELF byte order " + data + " at offset 5, expected 1 (little) or 2 (big endian)");
    }
    boolean bits64 = elfClass == 2;
    boolean little = data == 1;
    int machine = little ? (head[18] & 0xff) | (head[19] & 0xff) << 8 : (head[19] & 0xff) | (head[18] & 0xff) << 8;
    return switch (machine) {
      case 2 -> "sparc";
      case 3 -> "x86";
      case 8 -> (bits64 ? "mips64" : "mips") + (little ? "el" : "");
      case 20 -> "ppc";
      case 21 -> little ? "ppc64le" : "ppc64";
      case 22 -> bits64 ? "s390x" : "s390";
      case 40 -> little ? "arm" : "armeb";
      case 42 -> "sh";
      case 43 -> "sparc64";
      case 62 -> "x86_64";
      case 92 -> "or1k";
      case 183 -> little ? "aarch64" : "aarch64_be";
      case 243 -> bits64 ? "riscv64" : "riscv32";
      case 258 -> "loongarch64";
      default -> throw new IllegalArgumentException(file + ": unknown ELF machine " + machine + " at offset 18");
    };
  }

  private static String hex(byte[] b, int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(n, b.length); i++) {
      s.append(i == 0 ? "" : " ").append(String.format("%02x", b[i] & 0xff));
    }
    return s.toString();
  }
}
