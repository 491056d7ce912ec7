package io.vigil.agent.collect.sbom;

import io.vigil.model.event.Sbom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a dpkg or opkg {@code status} file: stanzas of {@code Field: value} lines (continuation
 * lines start with a space or tab) separated by blank lines.
 *
 * <p>A package counts when the third word of its {@code Status} is {@code installed}, whatever the
 * wanted state: {@code install ok installed}, {@code hold ok installed} (a held package) and
 * opkg's {@code install user installed} all are installed. Stanzas in other states
 * ({@code config-files}, {@code not-installed}, {@code half-installed} ...) are left out without
 * a problem.
 *
 * <p>ExtraDetails: {@code Maintainer}, {@code Source} (as written, with its version in parentheses
 * when it differs), {@code Vendor} (the {@code Origin} field), {@code InstalledSize} (in bytes:
 * dpkg's figure is KiB and is multiplied by 1024, opkg's is bytes already) and {@code Status} when
 * it is not {@code install ok installed}.
 */
final class ControlFileParser {
  private ControlFileParser() {}

  /**
   * Parses {@code text}.
   *
   * @param file the device path for messages, such as {@code /var/lib/dpkg/status}
   * @param manager {@code dpkg} or {@code opkg}
   */
  static Parsed parse(String file, String manager, String text) {
    List<Sbom.Package> packages = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Map<String, String> fields = new LinkedHashMap<>();
    String last = null;
    int start = 0;
    boolean broken = false;
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      int no = i + 1;
      if (line.isBlank()) {
        if (start > 0 && !broken) {
          stanza(file, manager, start, fields, packages, problems);
        }
        fields.clear();
        last = null;
        start = 0;
        broken = false;
        continue;
      }
      if (start == 0) {
        start = no;
      }
      if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        if (last == null) {
          problems.add(file + ":" + no + ": continuation line outside a field");
        } else {
          fields.merge(last, "\n" + line.strip(), String::concat);
        }
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || line.substring(0, colon).contains(" ")) {
        problems.add(file + ":" + no + ": expected 'Field: value' or a continuation line, found '" + cut(line) + "'");
        last = null;
        continue;
      }
      last = line.substring(0, colon);
      if (fields.putIfAbsent(last, line.substring(colon + 1).strip()) != null && !broken) {
        problems.add(file + ":" + no + ": field '" + last + "' repeated in one stanza (a missing blank line?): "
            + "the stanza from line " + start + " is skipped");
        broken = true;
      }
    }
    if (start > 0 && !broken) {
      stanza(file, manager, start, fields, packages, problems);
    }
    return new Parsed(packages, problems);
  }

  private static void stanza(String file, String manager, int start, Map<String, String> f, List<Sbom.Package> out,
      List<String> problems) {
    String where = file + ":" + start + ": ";
    String name = f.get("Package");
    if (name == null || name.isEmpty()) {
      problems.add(where + "stanza without a Package field");
      return;
    }
    String status = f.get("Status");
    if (status == null) {
      problems.add(where + "package '" + name + "' has no Status field");
      return;
    }
    String[] words = status.split("\\s+");
    if (words.length != 3) {
      problems.add(where + "package '" + name + "' has Status '" + status + "', expected three words");
      return;
    }
    if (!words[2].equals("installed")) {
      return;
    }
    String version = f.get("Version");
    if (version == null || version.isEmpty()) {
      problems.add(where + "package '" + name + "' has no Version field");
      return;
    }
    Map<String, String> details = new LinkedHashMap<>();
    copy(f, "Maintainer", details, "Maintainer");
    copy(f, "Source", details, "Source");
    copy(f, "Origin", details, "Vendor");
    String size = f.get("Installed-Size");
    if (size != null) {
      if (size.matches("\\d{1,15}")) {
        long n = Long.parseLong(size);
        details.put("InstalledSize", Long.toString(manager.equals("dpkg") ? n * 1024 : n));
      } else {
        problems.add(where + "package '" + name + "' has Installed-Size '" + size + "', not a number");
      }
    }
    if (!status.equals("install ok installed")) {
      details.put("Status", status);
    }
    String arch = f.get("Architecture");
    out.add(new Sbom.Package(name, version, arch == null || arch.isEmpty() ? null : arch, manager, details));
  }

  private static void copy(Map<String, String> from, String field, Map<String, String> to, String key) {
    String v = from.get(field);
    if (v != null && !v.isEmpty()) {
      to.put(key, v);
    }
  }

  static String cut(String line) {
    return line.length() <= 80 ? line : line.substring(0, 80) + "...";
  }
}
