package io.vigil.agent.collect.baseline;

import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.agent.collect.firewall.FirewallCollector;
import io.vigil.model.event.FirewallConfiguration;
import io.vigil.model.event.SecurityEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The firewall as the {@code firewall} collector sees it (the live ruleset, or an image's saved
 * rules), or why it could not be read.
 *
 * @param items the normalized rules and policies; empty when unavailable
 * @param unavailable why no ruleset could be read; null when it could
 */
record FirewallView(List<FirewallConfiguration.Rule> items, String unavailable) {
  static FirewallView read(CollectorContext ctx) {
    try (FirewallCollector collector = new FirewallCollector(ctx)) {
      List<FirewallConfiguration.Rule> items = new ArrayList<>();
      for (SecurityEvent e : collector.collect()) {
        if (e instanceof FirewallConfiguration f) {
          items.addAll(f.payload());
        }
      }
      return new FirewallView(items, null);
    } catch (CollectorUnavailableException e) {
      return new FirewallView(List.of(), e.getMessage());
    }
  }
}
