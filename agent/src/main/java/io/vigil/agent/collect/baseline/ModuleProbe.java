package io.vigil.agent.collect.baseline;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Type {@code module_disabled}: kernel module {@code module} cannot be loaded. It passes when the
 * kernel does not have the module at all, or when modprobe configuration replaces its loading by
 * {@code /bin/true} or {@code /bin/false} ({@code install MODULE /bin/false}); on the live system it
 * also must not be loaded now.
 */
record ModuleProbe(String module) implements Probe {
  static ModuleProbe from(Params p) throws PolicyException {
    String module = p.string("module");
    if (!module.matches("[A-Za-z0-9_-]+")) {
      throw new PolicyException("params.module '" + module + "' is not a module name");
    }
    return new ModuleProbe(module);
  }

  @Override
  public Verdict evaluate(Host host) throws IOException {
    Modprobe modprobe = host.modprobe();
    List<String> findings = new ArrayList<>();
    if (modprobe.loaded(module).orElse(false)) {
      findings.add(module + " is loaded now (/proc/modules)");
    }
    if (findings.isEmpty() && !modprobe.available(module).orElse(true)) {
      return Verdict.pass(); // this kernel cannot load it at all
    }
    Optional<Modprobe.Install> install = modprobe.install(module);
    if (install.isEmpty()) {
      findings.add("no 'install " + module + " /bin/false' in /etc/modprobe.d/*.conf"
          + (modprobe.blacklisted(module) ? " (a blacklist line alone still lets it load on demand)" : ""));
    } else if (!install.get().command().matches("(/usr)?/bin/(true|false)")) {
      findings.add("'install " + module + " " + install.get().command() + "' (" + install.get().where()
          + ") does not stop it loading; expected /bin/true or /bin/false");
    }
    return Verdict.failIfAny(findings);
  }
}
