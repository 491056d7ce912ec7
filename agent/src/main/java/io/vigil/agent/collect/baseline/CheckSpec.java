package io.vigil.agent.collect.baseline;

import io.vigil.model.event.OSBaseline.CheckSeverity;
import java.util.List;

/**
 * One check of a policy: what it is about, and the probe that tests it.
 *
 * @param id stable id such as {@code VB-SSH-001}
 * @param group such as {@code ssh}, {@code filesystem}
 * @param cis the CIS recommendation it corresponds to; null when none
 * @param requiresPackages the check applies only if one of these dpkg packages is installed (empty: always)
 * @param requiresPath the check applies only if this path exists; null when unconditional
 * @param line where the check starts in its policy file
 */
record CheckSpec(
    String id, String group, String title, String rationale, String remediation, CheckSeverity severity, String cis,
    List<String> requiresPackages, String requiresPath, String type, Probe probe, int line) {
  CheckSpec {
    requiresPackages = List.copyOf(requiresPackages);
  }
}
