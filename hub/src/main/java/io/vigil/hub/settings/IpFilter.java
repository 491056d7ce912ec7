package io.vigil.hub.settings;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Allow and deny rules for device connections, checked at CONNECT with the connection's source
 * address. The rules are tried in order and the first that matches decides, as in IoT Hub's IP
 * filter; an address that no rule matches gets {@code defaultAction}.
 */
public record IpFilter(List<IpRule> rules, IpRule.Action defaultAction) {
  /** No rules, everything allowed. */
  public static final IpFilter ALLOW_ALL = new IpFilter(List.of(), IpRule.Action.ALLOW);

  public IpFilter {
    rules = List.copyOf(rules);
    io.vigil.model.Require.present(defaultAction, "defaultAction");
  }

  /**
   * Why a connection from {@code source} is refused, or empty when it is allowed. An unknown
   * source (null) is allowed only by an empty filter whose default is allow.
   */
  public Optional<String> refusal(InetAddress source) {
    if (source == null) {
      return rules.isEmpty() && defaultAction == IpRule.Action.ALLOW
          ? Optional.empty()
          : Optional.of("connection from an unknown address refused by the IP filter");
    }
    for (IpRule rule : rules) {
      if (rule.network().contains(source)) {
        return rule.action() == IpRule.Action.ALLOW
            ? Optional.empty()
            : Optional.of("connection from " + source.getHostAddress() + " refused by the IP filter (rule " + rule + ")");
      }
    }
    return defaultAction == IpRule.Action.ALLOW
        ? Optional.empty()
        : Optional.of("connection from " + source.getHostAddress() + " refused by the IP filter (no rule allows it, default deny)");
  }
}
