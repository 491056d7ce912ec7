package io.vigil.agent.collect.baseline;

/** A policy entry that cannot be used as written; the message names the field and the value. */
final class PolicyException extends Exception {
  private static final long serialVersionUID = 1L;

  PolicyException(String message) {
    super(message);
  }
}
