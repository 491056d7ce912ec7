package io.vigil.detect.sigma;

/**
 * Why a rule could not be loaded, and where.
 *
 * @param source the file (or the name given for a text) the rule came from
 * @param line the 1-based line of the offending construct; 0 when the problem concerns the whole file
 * @param message what is wrong, naming the construct
 */
public record RuleProblem(String source, int line, String message) {
  /** {@code source:line: message}, or {@code source: message} without a line. */
  @Override
  public String toString() {
    return line > 0 ? source + ":" + line + ": " + message : source + ": " + message;
  }
}
