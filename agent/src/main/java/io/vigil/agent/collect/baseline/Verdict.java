package io.vigil.agent.collect.baseline;

import java.util.List;

/**
 * What one check found.
 *
 * @param detail the precise finding of a failure, the reason of a skip or error; empty for a pass
 */
record Verdict(Outcome outcome, String detail) {
  private static final Verdict PASS = new Verdict(Outcome.PASS, "");

  static Verdict pass() {
    return PASS;
  }

  static Verdict fail(String finding) {
    return new Verdict(Outcome.FAIL, finding);
  }

  static Verdict skip(String reason) {
    return new Verdict(Outcome.SKIP, reason);
  }

  static Verdict error(String reason) {
    return new Verdict(Outcome.ERROR, reason);
  }

  /** Pass when {@code findings} is empty, else a failure listing them. */
  static Verdict failIfAny(List<String> findings) {
    return findings.isEmpty() ? PASS : fail(String.join("; ", findings));
  }
}
