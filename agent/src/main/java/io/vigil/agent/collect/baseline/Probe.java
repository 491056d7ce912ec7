package io.vigil.agent.collect.baseline;

import java.io.IOException;

/**
 * The test of one check type with its parameters bound, such as "the mode of /etc/shadow is at most
 * 0640". Probes are immutable; one collection round's {@link Host} is passed in.
 */
@FunctionalInterface
interface Probe {
  /**
   * Tests the host.
   *
   * @throws IOException if a source exists but cannot be read; the check then reports an error
   */
  Verdict evaluate(Host host) throws IOException;
}
