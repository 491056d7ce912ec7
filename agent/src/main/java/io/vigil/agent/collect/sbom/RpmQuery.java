package io.vigil.agent.collect.sbom;

import io.vigil.agent.collect.CommandRunner;
import io.vigil.model.event.Sbom;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lists the packages of the rpm database by running {@code rpm -qa} with a tab-separated query
 * format, on a live root only (the binary reads the running system's database).
 *
 * <p>The version is {@code [EPOCH:]VERSION-RELEASE}. ExtraDetails: {@code Vendor}, {@code Source}
 * (the source rpm), {@code Maintainer} (the packager) and {@code InstalledSize} (bytes).
 */
final class RpmQuery {
  static final List<String> COMMAND = List.of("rpm", "-qa", "--queryformat",
      "%{NAME}\\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\\t%{ARCH}\\t%|VENDOR?{%{VENDOR}}:{}|"
          + "\\t%|SOURCERPM?{%{SOURCERPM}}:{}|\\t%{SIZE}\\t%|PACKAGER?{%{PACKAGER}}:{}|\\n");
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final CommandRunner runner;

  RpmQuery(CommandRunner runner) {
    this.runner = runner;
  }

  /** Runs the query. */
  Parsed query() throws IOException, InterruptedException {
    return parse(runner.run(COMMAND, TIMEOUT));
  }

  static Parsed parse(String output) {
    List<Sbom.Package> packages = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    String[] lines = output.split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isEmpty()) {
        continue;
      }
      String[] f = lines[i].split("\t", -1);
      String where = "rpm -qa output:" + (i + 1) + ": ";
      if (f.length != 7) {
        problems.add(where + "expected 7 tab-separated fields, found " + f.length);
        continue;
      }
      if (f[0].isEmpty()) {
        problems.add(where + "empty package name");
        continue;
      }
      Map<String, String> details = new LinkedHashMap<>();
      put(details, "Vendor", f[3]);
      put(details, "Source", f[4]);
      if (f[5].matches("\\d{1,18}")) {
        details.put("InstalledSize", f[5]);
      }
      put(details, "Maintainer", f[6]);
      String arch = f[2].isEmpty() || f[2].equals("(none)") ? null : f[2];
      packages.add(new Sbom.Package(f[0], f[1], arch, "rpm", details));
    }
    return new Parsed(packages, problems);
  }

  private static void put(Map<String, String> details, String key, String value) {
    if (!value.isEmpty() && !value.equals("(none)")) {
      details.put(key, value);
    }
  }
}
