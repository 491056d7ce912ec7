package io.vigil.agent.collect.firewall;

/** A ruleset source that cannot be read at all; the message says where and why. */
final class FirewallParseException extends Exception {
  private static final long serialVersionUID = 1L;

  FirewallParseException(String message) {
    super(message);
  }
}
