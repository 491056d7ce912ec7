package io.vigil.detect.sigma;

/** A rule that cannot be used, with the line the problem is on (0 when it concerns the whole file). */
final class RuleException extends RuntimeException {
  private final int line;

  RuleException(int line, String message) {
    super(message);
    this.line = line;
  }

  int line() {
    return line;
  }
}
