package io.vigil.agent.collect.localusers;

import io.vigil.agent.collect.Collector;
import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.model.event.LocalUsers;
import io.vigil.model.event.SecurityEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code local_users} collector (periodic): every account of {@code etc/passwd} with its
 * primary and supplementary groups from {@code etc/group}, and what {@code etc/shadow} says about
 * its password when shadow is readable (never the hash).
 *
 * <p>ExtraDetails: {@code Shell}, {@code Home}, {@code Gecos} (when not empty), and from shadow (or
 * from passwd on systems without shadow passwords) {@code Locked}, {@code PasswordSet},
 * {@code EmptyPassword} (only when {@code true}: the account needs no password) and
 * {@code LastChange} (days since 1970-01-01). A group id without a group entry has an empty name
 * in GroupNames, so that ids and names stay aligned. Reading shadow needs root.
 */
public final class LocalUsersCollector implements Collector {
  private final CollectorContext ctx;
  private final List<String> problems = new ArrayList<>();

  public LocalUsersCollector(CollectorContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "local_users";
  }

  @Override
  public List<SecurityEvent> collect() throws CollectorUnavailableException {
    problems.clear();
    String passwdText = readRequired("/etc/passwd");
    var passwd = AccountFileParser.passwd("/etc/passwd", passwdText);
    problems.addAll(passwd.problems());
    String groupText = readOptional("/etc/group", "group names and supplementary groups are unknown");
    var groups = groupText == null ? List.<AccountFileParser.Group>of()
        : collectProblems(AccountFileParser.group("/etc/group", groupText));
    String shadowText = readOptional("/etc/shadow", "password states are unknown");
    Map<String, AccountFileParser.Shadow> shadow = new HashMap<>();
    if (shadowText != null) {
      collectProblems(AccountFileParser.shadow("/etc/shadow", shadowText)).forEach(s -> shadow.putIfAbsent(s.name(), s));
    }
    Map<Long, String> groupNames = new HashMap<>();
    groups.forEach(g -> groupNames.putIfAbsent(g.gid(), g.name()));
    List<LocalUsers.User> users = new ArrayList<>();
    for (var p : passwd.entries()) {
      List<Long> ids = new ArrayList<>();
      ids.add(p.gid());
      for (var g : groups) {
        if (g.members().contains(p.name()) && !ids.contains(g.gid())) {
          ids.add(g.gid());
        }
      }
      List<String> names = ids.stream().map(id -> groupNames.getOrDefault(id, "")).toList();
      users.add(new LocalUsers.User(join(ids), String.join(";", names), Long.toString(p.uid()), p.name(),
          details(p, shadow.get(p.name()))));
    }
    return List.of(new LocalUsers(ctx.header(), users));
  }

  /**
   * What the last {@link #collect()} skipped or could not read, one line each ({@code FILE:LINE:
   * why} for a malformed line); empty when all was well.
   */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  private static Map<String, String> details(AccountFileParser.Passwd p, AccountFileParser.Shadow s) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("Shell", p.shell());
    d.put("Home", p.home());
    if (!p.gecos().isEmpty()) {
      d.put("Gecos", p.gecos());
    }
    PasswordState state = s != null && !p.password().known() ? s.password() : p.password();
    if (state.known()) {
      d.put("Locked", Boolean.toString(state.locked()));
      d.put("PasswordSet", Boolean.toString(state.set()));
      if (state.empty()) {
        d.put("EmptyPassword", "true");
      }
    }
    if (s != null && s.lastChange() != null) {
      d.put("LastChange", Long.toString(s.lastChange()));
    }
    return d;
  }

  private <T> List<T> collectProblems(AccountFileParser.Parsed<T> parsed) {
    problems.addAll(parsed.problems());
    return parsed.entries();
  }

  private String readRequired(String file) throws CollectorUnavailableException {
    Path path = ctx.path(file);
    try {
      return new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new CollectorUnavailableException("no " + file + " under " + ctx.root() + ": local users cannot be listed");
    } catch (IOException e) {
      throw new CollectorUnavailableException("cannot read " + path + ": " + e, e);
    }
  }

  private String readOptional(String file, String consequence) {
    try {
      return new String(Files.readAllBytes(ctx.path(file)), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      problems.add("no " + file + " under " + ctx.root() + ": " + consequence);
    } catch (IOException e) {
      problems.add("cannot read " + ctx.path(file) + " (" + e + "): " + consequence);
    }
    return null;
  }

  private static String join(List<Long> ids) {
    StringBuilder b = new StringBuilder();
    for (Long id : ids) {
      b.append(b.isEmpty() ? "" : ";").append(id);
    }
    return b.toString();
  }
}
