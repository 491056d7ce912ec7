package io.vigil.agent.collect.sbom;

import io.vigil.model.event.Sbom;
import java.util.List;

/**
 * What one package database gave: its packages, and the lines or stanzas it skipped, each as
 * {@code FILE:LINE: why}.
 */
record Parsed(List<Sbom.Package> packages, List<String> problems) {
  Parsed {
    packages = List.copyOf(packages);
    problems = List.copyOf(problems);
  }
}
