package io.vigil.wire;

import io.vigil.wire.WireException.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the violations of one message as decoding walks it. Not thread-safe; one per decode.
 */
final class Violations {
  private final List<Violation> found = new ArrayList<>();
  private boolean overflowed;

  /**
   * Records a violation.
   *
   * @throws Full when this one is past {@link WireException#MAX_VIOLATIONS}; the caller stops
   *     decoding and reports what it has
   */
  void add(Pointer at, String reason) {
    if (found.size() == WireException.MAX_VIOLATIONS) {
      overflowed = true;
      throw new Full();
    }
    found.add(new Violation(at.toString(), reason));
  }

  int count() {
    return found.size();
  }

  WireException toException() {
    return new WireException(found, overflowed);
  }

  /** Thrown once enough violations are known; decoding the rest would only add noise. */
  static final class Full extends RuntimeException {
    Full() {
      super("too many violations", null, false, false);
    }
  }
}
