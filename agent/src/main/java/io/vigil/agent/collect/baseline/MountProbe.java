package io.vigil.agent.collect.baseline;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Types {@code mount_option} and {@code separate_partition}, on {@code mount} (a mount point).
 *
 * <p>{@code mount_option}: the mount has every one of {@code options}; a point that is not a
 * separate mount is skipped, unless {@code implicit} names the options the system mounts it with
 * anyway (such as systemd's {@code nodev,nosuid} for {@code /dev/shm}). {@code separate_partition}:
 * the point is a mount of its own.
 */
record MountProbe(String mount, List<String> options, List<String> implicit) implements Probe {
  static MountProbe option(Params p) throws PolicyException {
    return new MountProbe(p.path("mount"), p.strings("options"), p.optStrings("implicit"));
  }

  static MountProbe separate(Params p) throws PolicyException {
    return new MountProbe(p.path("mount"), List.of(), List.of());
  }

  @Override
  public Verdict evaluate(Host host) throws IOException {
    Mounts mounts = host.mounts();
    Optional<Mounts.Mount> m = mounts.at(host, mount);
    if (options.isEmpty()) {
      return m.isPresent() ? Verdict.pass() : Verdict.fail(mount + " is not a separate mount (" + mounts.source() + ")");
    }
    List<String> have;
    String where;
    if (m.isPresent()) {
      have = m.get().options();
      where = m.get().where() + ": " + String.join(",", have);
    } else if (!implicit.isEmpty()) {
      have = implicit;
      where = "no entry in " + mounts.source() + "; mounted by the system with " + String.join(",", implicit);
    } else {
      return Verdict.skip(mount + " is not a separate mount (" + mounts.source() + ")");
    }
    List<String> lacking = options.stream().filter(o -> !have.contains(o)).toList();
    return lacking.isEmpty() ? Verdict.pass()
        : Verdict.fail(mount + " is mounted without " + String.join(", ", lacking) + " (" + where + ")");
  }
}
