package io.vigil.agent.collect.firewall;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Runs the external tools that print the live ruleset ({@code nft}, {@code iptables-save}).
 *
 * <p>Injectable so that tests can feed captured outputs, or run the tools inside a network
 * namespace. Implementations are called from the collector's thread only.
 */
interface CommandRunner {
  /** Where {@code tool} is installed, or empty when it is not. */
  Optional<String> locate(String tool);

  /**
   * Runs {@code command} (its first element a path from {@link #locate}) to completion.
   *
   * @throws IOException if it cannot be started or does not finish in time; the message says which
   */
  Output run(List<String> command) throws IOException;

  /** What a finished command printed, and its exit code. */
  record Output(int exitCode, String stdout, String stderr) {}

  /** Runs commands as child processes, killing any that runs longer than {@code timeout}. */
  static CommandRunner system(Duration timeout) {
    return new ProcessCommandRunner(timeout);
  }
}
