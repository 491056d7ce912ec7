package io.vigil.agent.collect.baseline;

import java.util.List;

/**
 * The checks a policy file defines, and the problems that kept some of its entries from loading.
 *
 * @param source the file's name, as used in problems
 */
record Policy(String source, List<CheckSpec> checks, List<Problem> problems) {
  Policy {
    checks = List.copyOf(checks);
    problems = List.copyOf(problems);
  }

  /**
   * One entry that could not be loaded.
   *
   * @param checkId the entry's id; null when it could not be read
   * @param group the entry's group; null when it could not be read
   * @param message what is wrong, with the file, line (and column for JSON syntax) and field
   */
  record Problem(String checkId, String group, String message) {}
}
