package io.vigil.agent.collect.systeminformation;

import java.util.List;

/**
 * The processor model and count, from /proc/cpuinfo and /sys/devices/system/cpu/online.
 *
 * <p>The model's field differs by architecture: {@code model name} on x86 and RISC-V, {@code cpu
 * model} on MIPS, {@code Processor} on older ARM kernels, {@code Hardware} (the SoC) on others;
 * the first present wins. The count is that of online CPUs ({@code 0-3,6}), or else of
 * {@code processor} entries.
 */
final class CpuInfo {
  private static final List<String> MODEL_FIELDS = List.of("model name", "cpu model", "Processor", "Hardware");

  private CpuInfo() {}

  /** The model; null when no known field is present. */
  static String model(List<String> cpuinfo) {
    for (String field : MODEL_FIELDS) {
      for (String line : cpuinfo) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).strip().equals(field)) {
          String value = line.substring(colon + 1).strip();
          if (!value.isEmpty()) {
            return value;
          }
        }
      }
    }
    return null;
  }

  /** The number of {@code processor} entries; 0 when there are none. */
  static int processors(List<String> cpuinfo) {
    int n = 0;
    for (String line : cpuinfo) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equals("processor")) {
        n++;
      }
    }
    return n;
  }

  /**
   * The number of CPUs in a kernel CPU list such as {@code 0-3,6}.
   *
   * @throws IllegalArgumentException naming the file and the list, if it does not parse
   */
  static int count(String list, String file) {
    int n = 0;
    for (String range : list.strip().split(",")) {
      String[] ends = range.split("-", -1);
      try {
        int from = Integer.parseInt(ends[0]);
        int to = ends.length == 2 ? Integer.parseInt(ends[1]) : from;
        if (ends.length > 2 || to < from || from < 0) {
          throw new NumberFormatException();
        }
        n += to - from + 1;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(file + ": bad CPU list '" + list.strip() + "' at '" + range + "'", e);
      }
    }
    return n;
  }
}
