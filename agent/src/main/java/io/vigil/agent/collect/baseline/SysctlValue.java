package io.vigil.agent.collect.baseline;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Type {@code sysctl}: kernel parameter {@code key} meets the expectation (see {@link Expectation}),
 * both as configured for boot ({@link SysctlSettings}) and, on the live system, as in force now in
 * {@code /proc/sys}. On an image, a parameter that is not configured takes the kernel's {@code
 * default} when the policy gives one, else fails.
 */
record SysctlValue(String key, Expectation expect, String kernelDefault) implements Probe {
  static SysctlValue from(Params p) throws PolicyException {
    String key = p.string("key");
    if (!key.matches("[a-z0-9_]+([./][A-Za-z0-9_*-]+)+")) {
      throw new PolicyException("params.key '" + key + "' is not a kernel parameter name such as net.ipv4.ip_forward");
    }
    Expectation expect = Expectation.from(p, false);
    return new SysctlValue(key, expect, p.optString("default").orElse(null));
  }

  @Override
  public Verdict evaluate(Host host) throws IOException {
    SysctlSettings settings = host.sysctl();
    List<String> findings = new ArrayList<>();
    if (host.live()) {
      Optional<String> now = settings.runtime(key);
      if (now.isEmpty()) {
        return Verdict.skip("the kernel has no parameter " + key + " (no " + SysctlSettings.procPath(key) + ")");
      }
      expect.complaint(now.get()).ifPresent(c ->
          findings.add(key + " is '" + now.get() + "' now (" + SysctlSettings.procPath(key) + "); " + c));
    }
    Optional<SysctlSettings.Setting> configured = settings.configured(key);
    if (configured.isPresent()) {
      String v = configured.get().value();
      expect.complaint(v).ifPresent(c -> findings.add(key + " = " + v + " in " + configured.get().where() + "; " + c));
    } else if (!host.live()) {
      String notSet = key + " is not set in " + SysctlSettings.SYSCTL_CONF + " or /etc/sysctl.d";
      if (kernelDefault == null) {
        findings.add(notSet + "; " + expect.describe());
      } else {
        expect.complaint(kernelDefault).ifPresent(c ->
            findings.add(notSet + ", so it is '" + kernelDefault + "' (the kernel default); " + c));
      }
    }
    return Verdict.failIfAny(findings);
  }
}
