package io.vigil.agent.collect.baseline;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Type {@code account_rule}: one rule over the local accounts, named by {@code rule}: {@code
 * empty_password}, {@code uid0_only_root}, {@code shadowed}, {@code no_legacy_plus}, {@code
 * unique_uids}, {@code unique_gids}, {@code unique_user_names}, {@code unique_group_names}, {@code
 * root_gid0}, {@code system_accounts_nologin}, {@code shadow_group_empty}, {@code well_formed}.
 */
record AccountProbe(String rule) implements Probe {
  static final List<String> RULES = List.of("empty_password", "uid0_only_root", "shadowed", "no_legacy_plus", "unique_uids",
      "unique_gids", "unique_user_names", "unique_group_names", "root_gid0", "system_accounts_nologin", "shadow_group_empty",
      "well_formed");
  private static final Set<String> NO_LOGIN = Set.of("/usr/sbin/nologin", "/sbin/nologin", "/bin/false", "/usr/bin/false");
  private static final Set<String> SPECIAL = Set.of("root", "sync", "shutdown", "halt");

  static AccountProbe from(Params p) throws PolicyException {
    String rule = p.string("rule");
    if (!RULES.contains(rule)) {
      throw new PolicyException("params.rule '" + rule + "' is not one of " + String.join(", ", RULES));
    }
    return new AccountProbe(rule);
  }

  @Override
  public Verdict evaluate(Host host) throws IOException {
    Accounts a = host.accounts();
    if (a.users().isEmpty()) {
      return Verdict.error("no accounts in " + Accounts.PASSWD);
    }
    List<String> findings = new ArrayList<>();
    switch (rule) {
      case "empty_password" -> {
        for (Accounts.Entry e : a.shadowPresent() ? a.shadow() : a.users()) {
          if (e.field(1).isEmpty() && !e.name().startsWith("+")) {
            findings.add(e.name() + " has an empty password (" + e.where() + ")");
          }
        }
      }
      case "uid0_only_root" -> a.users().stream().filter(e -> e.field(2).equals("0") && !e.name().equals("root"))
          .forEach(e -> findings.add(e.name() + " has uid 0 (" + e.where() + ")"));
      case "shadowed" -> a.users().stream().filter(e -> !e.name().startsWith("+") && !e.field(1).equals("x"))
          .forEach(e -> findings.add(e.name() + " has no 'x' password field (" + e.where() + "): its hash is not in " + Accounts.SHADOW));
      case "no_legacy_plus" -> List.of(a.users(), a.shadow(), a.groups()).forEach(list -> list.stream()
          .filter(e -> e.name().startsWith("+")).forEach(e -> findings.add("legacy '+' entry at " + e.where())));
      case "unique_uids" -> duplicates(a.users(), 2, "uid", findings);
      case "unique_gids" -> duplicates(a.groups(), 2, "gid", findings);
      case "unique_user_names" -> duplicates(a.users(), 0, "user name", findings);
      case "unique_group_names" -> duplicates(a.groups(), 0, "group name", findings);
      case "root_gid0" -> a.users().stream().filter(e -> e.name().equals("root") && !e.field(3).equals("0"))
          .forEach(e -> findings.add("root's primary group is " + e.field(3) + " (" + e.where() + "); expected 0"));
      case "system_accounts_nologin" -> {
        for (Accounts.Entry e : a.users()) {
          boolean system = e.field(2).matches("\\d{1,3}") && !SPECIAL.contains(e.name());
          if (system && !NO_LOGIN.contains(e.field(6))) {
            findings.add(e.name() + " (uid " + e.field(2) + ") has shell " + e.field(6) + " (" + e.where() + ")");
          }
        }
      }
      case "shadow_group_empty" -> {
        for (Accounts.Entry g : a.groups()) {
          if (g.name().equals("shadow")) {
            if (!g.field(3).isBlank()) {
              findings.add("group shadow has members " + g.field(3) + " (" + g.where() + ")");
            }
            a.users().stream().filter(u -> u.field(3).equals(g.field(2)))
                .forEach(u -> findings.add(u.name() + " has shadow as primary group (" + u.where() + ")"));
          }
        }
      }
      default -> a.malformed().forEach(w -> findings.add("malformed line " + w));
    }
    return Verdict.failIfAny(findings);
  }

  private static void duplicates(List<Accounts.Entry> entries, int field, String what, List<String> findings) {
    Map<String, List<String>> by = new LinkedHashMap<>();
    for (Accounts.Entry e : entries) {
      if (!e.name().startsWith("+") && !e.name().startsWith("-")) {
        by.computeIfAbsent(e.field(field), k -> new ArrayList<>()).add(e.where());
      }
    }
    by.forEach((value, where) -> {
      if (where.size() > 1) {
        findings.add(what + " " + value + " appears " + where.size() + " times (" + String.join(", ", where) + ")");
      }
    });
  }
}
