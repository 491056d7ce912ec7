package io.vigil.agent.collect.sbom;

import io.vigil.model.event.Sbom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses Alpine's {@code lib/apk/db/installed}: one {@code X:value} line per field, one blank
 * line between packages.
 *
 * <p>Fields read: {@code P} name, {@code V} version, {@code A} architecture, and as ExtraDetails
 * {@code m} {@code Maintainer}, {@code o} {@code Source} (the origin: the source package) and
 * {@code I} {@code InstalledSize} (bytes). The file lists (F, R, a, Z ...) are skipped.
 */
final class ApkDatabaseParser {
  private ApkDatabaseParser() {}

  static Parsed parse(String file, String text) {
    List<Sbom.Package> packages = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Map<Character, String> fields = new LinkedHashMap<>();
    int start = 0;
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int no = i + 1;
      if (line.isEmpty()) {
        if (start > 0) {
          stanza(file, start, fields, packages, problems);
        }
        fields.clear();
        start = 0;
        continue;
      }
      if (start == 0) {
        start = no;
      }
      if (line.length() < 2 || line.charAt(1) != ':' || line.charAt(0) == ' ') {
        problems.add(file + ":" + no + ": expected 'X:value', found '" + ControlFileParser.cut(line) + "'");
        continue;
      }
      fields.putIfAbsent(line.charAt(0), line.substring(2));
    }
    if (start > 0) {
      stanza(file, start, fields, packages, problems);
    }
    return new Parsed(packages, problems);
  }

  private static void stanza(String file, int start, Map<Character, String> f, List<Sbom.Package> out,
      List<String> problems) {
    String where = file + ":" + start + ": ";
    String name = f.get('P');
    if (name == null || name.isEmpty()) {
      problems.add(where + "package without a P: (name) line");
      return;
    }
    String version = f.get('V');
    if (version == null || version.isEmpty()) {
      problems.add(where + "package '" + name + "' has no V: (version) line");
      return;
    }
    Map<String, String> details = new LinkedHashMap<>();
    put(details, "Maintainer", f.get('m'));
    put(details, "Source", f.get('o'));
    String size = f.get('I');
    if (size != null) {
      if (size.matches("\\d{1,18}")) {
        details.put("InstalledSize", size);
      } else {
        problems.add(where + "package '" + name + "' has I: (installed size) '" + size + "', not a number");
      }
    }
    String arch = f.get('A');
    out.add(new Sbom.Package(name, version, arch == null || arch.isEmpty() ? null : arch, "apk", details));
  }

  private static void put(Map<String, String> details, String key, String value) {
    if (value != null && !value.isEmpty()) {
      details.put(key, value);
    }
  }
}
