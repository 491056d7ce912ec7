package io.vigil.agent.collect.network;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the text of one of /proc/net/{tcp,tcp6,udp,udp6}.
 *
 * <p>A line reads {@code sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid
 * timeout inode ...}, addresses as {@code HEX:PORT} in hex (see {@link HexAddress}). The header
 * line and blank lines are skipped; a malformed line is skipped and reported as {@code file:line:
 * why}, so that one odd line never hides the others.
 */
final class ProcNetParser {
  private static final int FIELDS = 10;

  private final String file;
  private final String protocol;
  private final int ipVersion;
  private final ByteOrder order;

  /**
   * @param file the file's path, for messages
   * @param protocol {@code TCP} or {@code UDP}
   * @param ipVersion 4 or 6
   * @param order the byte order of the host that wrote the file
   */
  ProcNetParser(String file, String protocol, int ipVersion, ByteOrder order) {
    this.file = file;
    this.protocol = protocol;
    this.ipVersion = ipVersion;
    this.order = order;
  }

  /** What one file held: its sockets and the lines that could not be read. */
  record Parsed(List<SocketRow> sockets, List<String> problems) {}

  Parsed parse(List<String> lines) {
    List<SocketRow> sockets = new ArrayList<>(lines.size());
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || (i == 0 && line.startsWith("sl "))) {
        continue;
      }
      try {
        sockets.add(parseLine(line));
      } catch (IllegalArgumentException e) {
        problems.add(file + ":" + (i + 1) + ": " + e.getMessage());
      }
    }
    return new Parsed(sockets, problems);
  }

  private SocketRow parseLine(String line) {
    String[] f = line.split("\\s+");
    if (f.length < FIELDS) {
      throw new IllegalArgumentException("expected at least " + FIELDS + " fields, found " + f.length + " in '" + line + "'");
    }
    Endpoint local = endpoint("local", f[1]);
    Endpoint remote = endpoint("remote", f[2]);
    int state = (int) number("state", f[3], 16, 0xFF);
    long uid = number("uid", f[7], 10, 0xFFFF_FFFFL);
    long inode = number("inode", f[9], 10, Long.MAX_VALUE);
    return new SocketRow(protocol, ipVersion, local.address(), local.port(), remote.address(), remote.port(), state, uid, inode);
  }

  private record Endpoint(String address, int port) {}

  private Endpoint endpoint(String what, String field) {
    int colon = field.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(what + " address '" + field + "' is not HEXADDRESS:HEXPORT");
    }
    String hex = field.substring(0, colon);
    int digits = ipVersion == 4 ? 8 : 32;
    if (hex.length() != digits) {
      throw new IllegalArgumentException(
          what + " address '" + hex + "' has " + hex.length() + " hex digits, expected " + digits + " for IPv" + ipVersion);
    }
    String address;
    try {
      address = HexAddress.decode(hex, order);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " " + e.getMessage(), e);
    }
    int port = (int) number(what + " port", field.substring(colon + 1), 16, 0xFFFF);
    return new Endpoint(address, port);
  }

  private static long number(String what, String text, int radix, long max) {
    long value;
    try {
      value = Long.parseLong(text, radix);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " '" + text + "' is not a " + (radix == 16 ? "hex" : "decimal") + " number", e);
    }
    if (value < 0 || value > max) {
      throw new IllegalArgumentException(what + " '" + text + "' is out of range 0.." + max);
    }
    return value;
  }
}
