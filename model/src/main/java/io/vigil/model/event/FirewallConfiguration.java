package io.vigil.model.event;

import io.vigil.model.Require;
import io.vigil.model.WireName;
import java.util.List;
import java.util.Map;

/** A snapshot of the firewall's chains and rules. */
public record FirewallConfiguration(EventHeader header, List<Rule> payload) implements SecurityEvent {
  public FirewallConfiguration {
    payload = Payloads.of(EventKind.FIREWALL_CONFIGURATION, header, payload);
  }

  @Override
  public EventKind kind() {
    return EventKind.FIREWALL_CONFIGURATION;
  }

  /** What a rule does with matching traffic; OTHER carries its details in extraDetails. */
  public enum Action implements WireName {
    ALLOW,
    DENY,
    OTHER
  }

  /** One rule or chain policy. Every field but {@code enabled} and {@code action} may be null. */
  public record Rule(
      Long priority,
      Direction direction,
      String chainName,
      String application,
      boolean enabled,
      Action action,
      String sourceAddress,
      String sourcePort,
      String destinationAddress,
      String destinationPort,
      String protocol,
      Map<String, String> extraDetails) {
    public Rule {
      Require.present(action, "Action");
      extraDetails = Require.copy(extraDetails, "ExtraDetails");
    }
  }
}
