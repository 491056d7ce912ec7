package io.vigil.agent.collect.kernelmodule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Parses /proc/modules: one module per line, {@code name size references used-by state address
 * [(taint)]}, where used-by is {@code -} or a comma-terminated list such as {@code nf_nat,xt_nat,}
 * (with {@code [permanent],} for a module that cannot be unloaded).
 *
 * <p>A malformed line is skipped and reported as {@code file:line: why}. Stateless and thread-safe.
 */
final class ProcModulesParser {
  private static final Set<String> STATES = Set.of("Live", "Loading", "Unloading");
  /** Listed among the users of a module that has an init but no exit function, so cannot be unloaded. */
  private static final String PERMANENT = "[permanent]";

  private ProcModulesParser() {}

  /**
   * The modules in {@code text} and the lines that could not be read.
   *
   * @param source the file's name for the error messages
   */
  record Result(List<LoadedModule> modules, List<String> errors) {}

  static Result parse(String text, String source) {
    List<LoadedModule> modules = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      try {
        modules.add(line(line));
      } catch (IllegalArgumentException e) {
        errors.add(source + ":" + (i + 1) + ": " + e.getMessage());
      }
    }
    return new Result(modules, errors);
  }

  private static LoadedModule line(String line) {
    String[] f = line.split("\\s+");
    if (f.length < 6 || f.length > 7) {
      throw new IllegalArgumentException(f.length
          + " fields, expected 6 or 7 (name size references used-by state address [taint]): '" + line + "'");
    }
    long size = number(f[1], "size");
    // A kernel without module unloading prints "-" for both the count and the list.
    int references = f[2].equals("-") ? -1 : (int) Math.min(Integer.MAX_VALUE, number(f[2], "reference count"));
    List<String> used =
        f[3].equals("-") ? List.of() : Arrays.stream(f[3].split(",")).filter(s -> !s.isEmpty()).toList();
    boolean permanent = used.contains(PERMANENT);
    List<String> usedBy = used.stream().filter(s -> !s.equals(PERMANENT)).toList();
    if (!STATES.contains(f[4])) {
      throw new IllegalArgumentException("state '" + f[4] + "' is not Live, Loading or Unloading");
    }
    if (!f[5].startsWith("0x")) {
      throw new IllegalArgumentException("address '" + f[5] + "' is not a hexadecimal 0x... value");
    }
    long address;
    try {
      address = Long.parseUnsignedLong(f[5].substring(2), 16);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("address '" + f[5] + "' is not a hexadecimal 0x... value");
    }
    String taint = null;
    if (f.length == 7) {
      if (!f[6].startsWith("(") || !f[6].endsWith(")") || f[6].length() < 3) {
        throw new IllegalArgumentException("taint '" + f[6] + "' is not in parentheses, such as (OE)");
      }
      taint = f[6].substring(1, f[6].length() - 1);
    }
    return new LoadedModule(f[0], size, references, usedBy, permanent, f[4], address, taint);
  }

  private static long number(String value, String what) {
    try {
      long n = Long.parseLong(value);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below, with the value
    }
    throw new IllegalArgumentException(what + " '" + value + "' is not a non-negative number");
  }
}
