package io.vigil.hub.settings;

import io.vigil.model.Require;

/**
 * One rule of the IP filter: connections from addresses in {@code network} are allowed or denied.
 *
 * @param name a label shown in refusals, may be empty
 */
public record IpRule(String name, Action action, Cidr network) {
  /** What a rule does with a matching connection. */
  public enum Action {
    ALLOW, DENY;

    String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public IpRule {
    name = name == null ? "" : name;
    Require.present(action, "action");
    Require.present(network, "network");
  }

  @Override
  public String toString() {
    return action.wireName() + " " + network + (name.isEmpty() ? "" : " (" + name + ")");
  }
}
