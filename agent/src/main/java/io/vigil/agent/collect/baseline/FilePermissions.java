package io.vigil.agent.collect.baseline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Type {@code file_permissions}: each file matching {@code path} has a mode of at most {@code
 * max_mode} (no bit beyond it), and its owner and group are among {@code owner} and {@code group}
 * (names, resolved through the target's own passwd and group files). {@code missing} says what a
 * missing file means: {@code skip} (the default), {@code pass} or {@code fail}.
 */
record FilePermissions(String path, Integer maxMode, List<String> owners, List<String> groups, String missing)
    implements Probe {
  static FilePermissions from(Params p) throws PolicyException {
    String path = p.path("path");
    Integer max = p.optMode("max_mode").orElse(null);
    List<String> owners = p.optStrings("owner");
    List<String> groups = p.optStrings("group");
    String missing = p.optString("missing").orElse("skip");
    if (!List.of("skip", "pass", "fail").contains(missing)) {
      throw new PolicyException("params.missing '" + missing + "' is not one of skip, pass, fail");
    }
    if (max == null && owners.isEmpty() && groups.isEmpty()) {
      throw new PolicyException("params need at least one of max_mode, owner, group");
    }
    return new FilePermissions(path, max, owners, groups, missing);
  }

  @Override
  public Verdict evaluate(Host host) throws IOException {
    List<String> files = host.glob(path);
    if (files.isEmpty()) {
      return switch (missing) {
        case "pass" -> Verdict.pass();
        case "fail" -> Verdict.fail(path + " does not exist");
        default -> Verdict.skip(path + " does not exist");
      };
    }
    Accounts accounts = host.accounts();
    List<String> findings = new ArrayList<>();
    for (String file : files) {
      Map<String, Object> attrs = Files.readAttributes(host.resolve(file), "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
      int mode = (Integer) attrs.get("mode") & 07777;
      int uid = (Integer) attrs.get("uid");
      int gid = (Integer) attrs.get("gid");
      if (maxMode != null && (mode & ~maxMode) != 0) {
        findings.add(file + " has mode " + String.format("%04o", mode) + "; expected at most " + String.format("%04o", maxMode));
      }
      if (!owners.isEmpty() && owners.stream().map(accounts::uid).noneMatch(Optional.of(uid)::equals)) {
        findings.add(file + " is owned by user " + accounts.userName(uid) + "; expected " + String.join(" or ", owners));
      }
      if (!groups.isEmpty() && groups.stream().map(accounts::gid).noneMatch(Optional.of(gid)::equals)) {
        findings.add(file + " is owned by group " + accounts.groupName(gid) + "; expected " + String.join(" or ", groups));
      }
    }
    return Verdict.failIfAny(findings);
  }
}
