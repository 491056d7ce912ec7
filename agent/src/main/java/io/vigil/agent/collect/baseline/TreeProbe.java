package io.vigil.agent.collect.baseline;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Types over file-tree scans of {@code dirs}:
 *
 * <ul>
 *   <li>{@code world_writable}: no world-writable file, nor world-writable directory without the
 *       sticky bit.
 *   <li>{@code setid_files}: every set-user-id (or, with {@code kind} {@code setgid}, set-group-id;
 *       {@code any} for both) executable is in {@code allowed}. Allowed entries are paths where
 *       {@code *} stands for any one path segment, and {@code /usr/bin/x} also allows {@code /bin/x}
 *       (systems without a merged /usr).
 * </ul>
 */
record TreeProbe(List<String> dirs, String kind, List<Pattern> allowed) implements Probe {
  private static final int SHOWN = 10;

  static TreeProbe worldWritable(Params p) throws PolicyException {
    return new TreeProbe(dirs(p), "world-writable", List.of());
  }

  static TreeProbe setid(Params p) throws PolicyException {
    List<String> dirs = dirs(p);
    String kind = p.optString("kind").orElse("setuid");
    if (!List.of("setuid", "setgid", "any").contains(kind)) {
      throw new PolicyException("params.kind '" + kind + "' is not one of setuid, setgid, any");
    }
    List<Pattern> allowed = new ArrayList<>();
    for (String a : p.optStrings("allowed")) {
      if (!a.startsWith("/")) {
        throw new PolicyException("params.allowed '" + a + "' must be an absolute path");
      }
      allowed.add(Pattern.compile(Pattern.quote(bare(a)).replace("*", "\\E[^/]*\\Q")));
    }
    return new TreeProbe(dirs, kind, allowed);
  }

  private static List<String> dirs(Params p) throws PolicyException {
    List<String> dirs = p.strings("dirs");
    for (String d : dirs) {
      if (!d.startsWith("/") || d.equals("/")) {
        throw new PolicyException("params.dirs '" + d + "' must be an absolute path below /");
      }
    }
    return dirs;
  }

  @Override
  public Verdict evaluate(Host host) throws IOException {
    List<TreeScan.Entry> found = new ArrayList<>();
    boolean any = false;
    long unreadable = 0;
    for (String dir : dirs) {
      TreeScan scan = host.scan(dir);
      any |= scan.scanned();
      unreadable += scan.unreadable().size();
      switch (kind) {
        case "world-writable" -> found.addAll(scan.worldWritable());
        case "setuid" -> found.addAll(scan.setuid());
        case "setgid" -> found.addAll(scan.setgid());
        default -> {
          found.addAll(scan.setuid());
          scan.setgid().stream().filter(e -> !found.contains(e)).forEach(found::add);
        }
      }
    }
    if (!any) {
      return Verdict.skip("none of " + String.join(", ", dirs) + " exists");
    }
    List<TreeScan.Entry> unexpected = found.stream()
        .filter(e -> allowed.stream().noneMatch(a -> a.matcher(bare(e.path())).matches()))
        .sorted(Comparator.comparing(TreeScan.Entry::path)).toList(); // directory order is arbitrary
    if (unexpected.isEmpty()) {
      return Verdict.pass();
    }
    String what = kind.equals("world-writable") ? "world-writable " + (unexpected.size() == 1 ? "entry" : "entries")
        : "unexpected " + (kind.equals("any") ? "setuid/setgid" : kind) + (unexpected.size() == 1 ? " file" : " files");
    List<String> shown = unexpected.stream().limit(SHOWN).map(TreeScan.Entry::shown).toList();
    return Verdict.fail(unexpected.size() + " " + what + ": " + String.join(", ", shown)
        + (unexpected.size() > SHOWN ? ", and " + (unexpected.size() - SHOWN) + " more" : "")
        + (unreadable > 0 ? " (" + unreadable + " entries could not be read)" : ""));
  }

  /** A path with a leading /usr removed, so that /usr/bin/x and /bin/x compare equal. */
  private static String bare(String path) {
    return path.startsWith("/usr/") ? path.substring(4) : path;
  }
}
