package io.vigil.agent.collect.baseline;

import java.io.IOException;
import java.util.List;

/**
 * Types {@code file_exists} and {@code file_absent}: whether {@code path} (its last segment may be a
 * {@code *} pattern) exists.
 */
record FilePresence(String path, boolean wanted) implements Probe {
  static FilePresence from(Params p, boolean wanted) throws PolicyException {
    return new FilePresence(p.path("path"), wanted);
  }

  @Override
  public Verdict evaluate(Host host) throws IOException {
    List<String> found = host.glob(path);
    if (wanted) {
      return found.isEmpty() ? Verdict.fail(path + " does not exist") : Verdict.pass();
    }
    return found.isEmpty() ? Verdict.pass() : Verdict.fail(String.join(", ", found) + (found.size() == 1 ? " exists" : " exist"));
  }
}
