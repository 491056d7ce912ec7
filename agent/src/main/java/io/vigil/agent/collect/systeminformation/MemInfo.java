package io.vigil.agent.collect.systeminformation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses /proc/meminfo, lines such as {@code MemTotal:       16314276 kB}.
 *
 * <p>Values are in kB (the kernel's "kB" is KiB); a few counters (HugePages_Total) have no unit
 * and are kept as they are. A line that does not parse is skipped and reported as
 * {@code file:line: why}.
 */
final class MemInfo {
  private MemInfo() {}

  static Map<String, Long> parse(List<String> lines, String file, List<String> problems) {
    Map<String, Long> values = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      int colon = line.indexOf(':');
      String[] f = colon < 0 ? new String[0] : line.substring(colon + 1).strip().split("\\s+");
      if (colon <= 0 || f.length < 1 || f.length > 2 || (f.length == 2 && !f[1].equals("kB"))) {
        problems.add(file + ":" + (i + 1) + ": expected 'Name: number [kB]', found '" + line + "'");
        continue;
      }
      try {
        values.put(line.substring(0, colon), Long.parseLong(f[0]));
      } catch (NumberFormatException e) {
        problems.add(file + ":" + (i + 1) + ": '" + f[0] + "' is not a number in '" + line + "'");
      }
    }
    return values;
  }
}
