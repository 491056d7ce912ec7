package io.vigil.agent.collect.baseline;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Types {@code service_disabled} and {@code service_enabled}, over systemd {@code units}.
 *
 * <p>A unit is enabled when a {@code *.wants/UNIT} or {@code *.requires/UNIT} link exists under
 * {@code /etc/systemd/system}, and it is not masked (a link to {@code /dev/null}). {@code
 * service_disabled} passes at once when none of its {@code packages} is installed (dpkg), and also
 * fails on an uncommented {@code /etc/inetd.conf} line that starts one of the {@code inetd} services.
 * {@code service_enabled} passes when any of the units is enabled.
 */
record ServiceProbe(List<String> units, List<String> packages, List<String> inetd, boolean wanted) implements Probe {
  static final String UNITS = "/etc/systemd/system";
  static final String INETD = "/etc/inetd.conf";

  static ServiceProbe disabled(Params p) throws PolicyException {
    List<String> units = p.optStrings("units");
    List<String> inetd = p.optStrings("inetd");
    if (units.isEmpty() && inetd.isEmpty()) {
      throw new PolicyException("params need units, inetd or both");
    }
    return new ServiceProbe(units, p.optStrings("packages"), inetd, false);
  }

  static ServiceProbe enabled(Params p) throws PolicyException {
    return new ServiceProbe(p.strings("units"), List.of(), List.of(), true);
  }

  @Override
  public Verdict evaluate(Host host) throws IOException {
    List<String> links = new ArrayList<>();
    for (String unit : units) {
      links.addAll(enabledLinks(host, unit));
    }
    if (wanted) {
      return links.isEmpty()
          ? Verdict.fail(String.join(", ", units) + (units.size() == 1 ? " is" : " are") + " not enabled (no link under "
              + UNITS + "/*.wants)")
          : Verdict.pass();
    }
    Dpkg dpkg = host.dpkg();
    if (!packages.isEmpty() && dpkg.present() && packages.stream().noneMatch(dpkg::installed)) {
      return Verdict.pass();
    }
    List<String> findings = new ArrayList<>();
    links.forEach(l -> findings.add(l.substring(l.lastIndexOf('/') + 1) + " is enabled (" + l + ")"));
    if (!inetd.isEmpty()) {
      String[] lines = host.read(INETD).orElse("").split("\n");
      for (int i = 0; i < lines.length; i++) {
        String[] f = lines[i].strip().split("\\s+");
        if (!f[0].startsWith("#") && inetd.contains(f[0])) {
          findings.add(INETD + ":" + (i + 1) + " starts " + f[0]);
        }
      }
    }
    return Verdict.failIfAny(findings);
  }

  /** The links that enable {@code unit}; none when it is masked. */
  static List<String> enabledLinks(Host host, String unit) throws IOException {
    String own = UNITS + "/" + unit;
    if (Files.isSymbolicLink(host.path(own)) && Files.readSymbolicLink(host.path(own)).toString().equals("/dev/null")) {
      return List.of();
    }
    List<String> links = new ArrayList<>();
    for (String pattern : List.of(UNITS + "/*.wants", UNITS + "/*.requires")) {
      for (String dir : host.glob(pattern)) {
        if (host.exists(dir + "/" + unit)) {
          links.add(dir + "/" + unit);
        }
      }
    }
    return links;
  }
}
