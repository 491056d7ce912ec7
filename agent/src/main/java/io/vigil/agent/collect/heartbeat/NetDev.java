package io.vigil.agent.collect.heartbeat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the transmit byte counters of /proc/net/dev: two header lines, then per interface
 * {@code name: rx_bytes rx_packets ... (8 receive fields) tx_bytes tx_packets ...}. The name may
 * touch the first number ({@code eth0:1234}) when the counter is wide.
 */
final class NetDev {
  private static final int TX_BYTES = 8;

  private NetDev() {}

  /**
   * Every interface's transmit bytes, the loopback excepted.
   *
   * @param file the file's path, for messages
   * @throws IllegalArgumentException naming the file and line of a line that is not an interface's counters
   */
  static Map<String, Long> transmitted(List<String> lines, String file) {
    Map<String, Long> out = HashMap.newHashMap(Math.max(4, lines.size()));
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int colon = line.indexOf(':');
      if (line.isBlank() || (i < 2 && line.indexOf('|') >= 0)) {
        continue;
      }
      if (colon <= 0) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected 'interface: counters', found '" + line.strip() + "'");
      }
      String name = line.substring(0, colon).strip();
      String[] fields = line.substring(colon + 1).strip().split("\\s+");
      if (name.isEmpty() || fields.length <= TX_BYTES) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected an interface name and at least " + (TX_BYTES + 1)
            + " counters, found '" + line.strip() + "'");
      }
      if (name.equals("lo")) {
        continue;
      }
      try {
        out.put(name, Long.parseUnsignedLong(fields[TX_BYTES]));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": transmit bytes of " + name + " '" + fields[TX_BYTES]
            + "' is not a counter");
      }
    }
    return out;
  }
}
