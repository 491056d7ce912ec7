package io.vigil.detect.lifecycle;

import io.vigil.model.Alert;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which entities make two occurrences of a rule on a device the same alert. The first line that
 * applies decides:
 *
 * <ol>
 *   <li>{@code DomainName} present (name queries, connections to a named host): the domain;
 *   <li>{@code RemoteIp} present (connections, logins): the remote address;
 *   <li>{@code File} present (file changes): the file;
 *   <li>{@code Process} present (process starts): the process image and the {@code User};
 *   <li>otherwise (correlations, whose entities are their group-by values; other events): every
 *       entity but {@code Device}.
 * </ol>
 *
 * <p>So a miner restarted with a new pid and command line stays one alert, while the same rule
 * against a second remote address opens another.
 */
final class Grouping {
  private Grouping() {}

  /** The grouping entities of {@code alert}, sorted by key. */
  static Map<String, String> of(Alert alert) {
    Map<String, String> e = alert.entities();
    for (List<String> keys : List.of(
        List.of(AlertEntities.DOMAIN_NAME),
        List.of(AlertEntities.REMOTE_IP),
        List.of(AlertEntities.FILE),
        List.of(AlertEntities.PROCESS, AlertEntities.USER))) {
      if (e.containsKey(keys.getFirst())) {
        Map<String, String> out = new TreeMap<>();
        for (String k : keys) {
          out.put(k, e.getOrDefault(k, ""));
        }
        return out;
      }
    }
    Map<String, String> out = new TreeMap<>(e);
    out.remove(AlertEntities.DEVICE);
    return out;
  }
}
