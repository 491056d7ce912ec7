package io.vigil.wire;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A message that was refused, with every reason found (up to {@value #MAX_VIOLATIONS}).
 *
 * <p>{@link #getMessage()} holds one {@code "<pointer>: <reason>"} line per violation, the root
 * pointer written as {@code ""}.
 */
public final class WireException extends Exception {
  /** Decoding stops collecting once it has found this many violations. */
  public static final int MAX_VIOLATIONS = 50;

  private final List<Violation> violations;

  WireException(List<Violation> violations, boolean truncated) {
    super(describe(violations, truncated));
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("a WireException needs at least one violation");
    }
    this.violations = List.copyOf(violations);
  }

  /** A refusal for one reason. */
  static WireException of(String pointer, String reason) {
    return new WireException(List.of(new Violation(pointer, reason)), false);
  }

  /** The violations in the order they were found; never empty. */
  public List<Violation> violations() {
    return violations;
  }

  private static String describe(List<Violation> violations, boolean truncated) {
    String lines = violations.stream().map(Violation::toString).collect(Collectors.joining("\n"));
    return truncated ? lines + "\n(stopped after " + MAX_VIOLATIONS + " violations)" : lines;
  }

  /**
   * One thing wrong with a message.
   *
   * @param pointer where, as an RFC 6901 JSON pointer into the message: {@code ""} for the whole
   *     message, {@code /Events/0/Payload/0/RemotePort} for a field
   * @param reason what is wrong, naming the offending value where there is one
   */
  public record Violation(String pointer, String reason) implements Serializable {
    public Violation {
      Objects.requireNonNull(pointer, "pointer");
      Objects.requireNonNull(reason, "reason");
    }

    /** {@code "<pointer>: <reason>"}, the root pointer written as {@code ""}. */
    @Override
    public String toString() {
      return (pointer.isEmpty() ? "\"\"" : pointer) + ": " + reason;
    }
  }
}
