package io.vigil.hub.settings;

import java.util.List;

/** Settings that were refused, with every problem located by its JSON pointer ({@code /ipFilter/rules/0/cidr: ...}). */
public final class SettingsException extends IllegalArgumentException {
  private final List<String> problems;

  SettingsException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem, {@code POINTER: what is wrong}. */
  public List<String> problems() {
    return problems;
  }
}
