package io.vigil.agent.collect.baseline;

/** How a check came out: passed, failed, not applicable here (skipped), or could not run (error). */
enum Outcome {
  PASS("Pass"),
  FAIL("Fail"),
  SKIP("Skip"),
  ERROR("Error");

  private final String shown;

  Outcome(String shown) {
    this.shown = shown;
  }

  /** The name in the {@code Outcome} ExtraDetail: {@code Pass}, {@code Fail}, {@code Skip}, {@code Error}. */
  String shown() {
    return shown;
  }
}
