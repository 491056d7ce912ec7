package io.vigil.agent.collect.baseline;

import java.io.IOException;
import java.util.List;

/**
 * Types {@code package_absent} (none of {@code packages} is installed) and {@code
 * package_installed} (at least one is), per the dpkg status database. Without one, the check does not
 * apply and is skipped.
 */
record PackageProbe(List<String> packages, boolean wanted) implements Probe {
  static PackageProbe from(Params p, boolean wanted) throws PolicyException {
    return new PackageProbe(p.strings("packages"), wanted);
  }

  @Override
  public Verdict evaluate(Host host) throws IOException {
    Dpkg dpkg = host.dpkg();
    if (!dpkg.present()) {
      return Verdict.skip("no " + Dpkg.STATUS + ": not a dpkg-based system");
    }
    List<String> installed = packages.stream().filter(dpkg::installed).toList();
    if (wanted) {
      if (!installed.isEmpty()) {
        return Verdict.pass();
      }
      return Verdict.fail(packages.size() == 1 ? packages.getFirst() + " is not installed"
          : "none of " + Expectation.quoted(packages) + " is installed");
    }
    return installed.isEmpty() ? Verdict.pass()
        : Verdict.fail(String.join(", ", installed) + (installed.size() == 1 ? " is" : " are") + " installed (" + Dpkg.STATUS + ")");
  }
}
