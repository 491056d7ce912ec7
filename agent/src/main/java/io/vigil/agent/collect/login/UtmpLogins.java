package io.vigil.agent.collect.login;

import io.vigil.agent.collect.localusers.AccountNames;
import io.vigil.model.event.Login;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * Turns utmp records into logins and logouts, remembering which user holds which terminal so that
 * a logout record (which glibc writes without the user name) can be named.
 *
 * <p>wtmp: {@code USER_PROCESS} is a login, {@code DEAD_PROCESS} a logout (matched to its login by
 * {@code ut_line}, or {@code ut_id} when the line is empty; a logout of a terminal nobody is known
 * to hold, such as a getty respawn, is no logout). btmp: every record with a user is a failed
 * login. utmp is the table of current sessions, rewritten in place: it names the sessions that
 * were open before the agent started and, where there is no wtmp, its changes are the logins and
 * logouts. ExtraDetails: {@code Tty}, {@code Host} (a remote host that is not an IP literal),
 * {@code Source} and {@code Time}. Not thread-safe.
 */
final class UtmpLogins {
  private static final int MAX_SESSIONS = 4096;

  private record Session(String user, String executable) {}

  private final AccountNames names;
  private final LongFunction<String> executables;
  private final Map<String, Session> sessions = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
      return size() > MAX_SESSIONS;
    }
  };

  /**
   * @param executables the executable of a running pid, or null when unknown (always null for a
   *     root that is not the running system)
   */
  UtmpLogins(AccountNames names, LongFunction<String> executables) {
    this.names = names;
    this.executables = executables;
  }

  /** Learns the sessions open in utmp's current table. */
  void learn(List<UtmpRecord> utmp) {
    for (UtmpRecord r : utmp) {
      if (r.type() == UtmpRecord.USER_PROCESS && !r.user().isEmpty()) {
        sessions.put(key(r), new Session(r.user(), executable(r)));
      }
    }
  }

  /** The logins and logouts among records appended to wtmp. */
  List<Login.Attempt> wtmp(List<UtmpRecord> records) {
    List<Login.Attempt> out = new ArrayList<>();
    for (UtmpRecord r : records) {
      if (r.type() == UtmpRecord.USER_PROCESS && !r.user().isEmpty()) {
        String exe = executable(r);
        sessions.put(key(r), new Session(r.user(), exe));
        out.add(attempt(r, r.user(), AuthMessages.LOGIN, Login.Result.SUCCESS, exe, "wtmp"));
      } else if (r.type() == UtmpRecord.DEAD_PROCESS) {
        Session s = sessions.remove(key(r));
        if (s != null) {
          out.add(attempt(r, r.user().isEmpty() ? s.user() : r.user(), AuthMessages.LOGOUT, Login.Result.SUCCESS,
              s.executable(), "wtmp"));
        }
      }
    }
    return out;
  }

  /** The failed logins among records appended to btmp. */
  List<Login.Attempt> btmp(List<UtmpRecord> records) {
    List<Login.Attempt> out = new ArrayList<>();
    for (UtmpRecord r : records) {
      if (!r.user().isEmpty()) {
        out.add(attempt(r, r.user(), AuthMessages.FAILED, Login.Result.FAIL, executable(r), "btmp"));
      }
    }
    return out;
  }

  /** The logins and logouts between two states of utmp's table, for systems without wtmp. */
  List<Login.Attempt> utmpChanges(List<UtmpRecord> before, List<UtmpRecord> now) {
    Map<String, UtmpRecord> old = slots(before);
    Map<String, UtmpRecord> current = slots(now);
    List<Login.Attempt> out = new ArrayList<>();
    old.forEach((slot, was) -> {
      UtmpRecord is = current.get(slot);
      if (was.type() == UtmpRecord.USER_PROCESS && !sameSession(was, is)) {
        Session s = sessions.remove(slot);
        UtmpRecord at = is != null && is.type() == UtmpRecord.DEAD_PROCESS ? is : was;
        out.add(attempt(at, was.user(), AuthMessages.LOGOUT, Login.Result.SUCCESS,
            s != null ? s.executable() : executable(was), "utmp"));
      }
    });
    current.forEach((slot, is) -> {
      if (is.type() == UtmpRecord.USER_PROCESS && !is.user().isEmpty() && !sameSession(old.get(slot), is)) {
        String exe = executable(is);
        sessions.put(slot, new Session(is.user(), exe));
        out.add(attempt(is, is.user(), AuthMessages.LOGIN, Login.Result.SUCCESS, exe, "utmp"));
      }
    });
    return out;
  }

  private static boolean sameSession(UtmpRecord a, UtmpRecord b) {
    return a != null && b != null && a.type() == b.type() && a.pid() == b.pid() && a.user().equals(b.user())
        && Objects.equals(a.time(), b.time());
  }

  private static Map<String, UtmpRecord> slots(List<UtmpRecord> records) {
    Map<String, UtmpRecord> slots = new LinkedHashMap<>();
    records.forEach(r -> slots.put(key(r), r));
    return slots;
  }

  private static String key(UtmpRecord r) {
    return r.line().isEmpty() ? "id:" + r.id() : r.line();
  }

  /** The running process's executable; else {@code sshd} for sshd's {@code ssh:...} lines; else {@code unknown}. */
  private String executable(UtmpRecord r) {
    String exe = r.pid() > 0 ? executables.apply(r.pid()) : null;
    if (exe != null) {
      return exe;
    }
    return r.line().startsWith("ssh") ? "sshd" : "unknown";
  }

  private Login.Attempt attempt(UtmpRecord r, String user, String operation, Login.Result result, String exe,
      String source) {
    Map<String, String> d = new LinkedHashMap<>();
    if (!r.line().isEmpty()) {
      d.put("Tty", r.line());
    }
    String remote = r.address();
    if (remote == null && IpLiteral.is(r.host())) {
      remote = r.host();
    } else if (!r.host().isEmpty() && !r.host().equals(remote)) {
      d.put("Host", r.host());
    }
    d.put("Source", source);
    if (!r.time().equals(Instant.EPOCH)) {
      d.put("Time", r.time().toString());
    }
    String uid = names.uid(user).map(String::valueOf).orElse(null);
    return new Login.Attempt(r.pid(), uid, user, operation, exe, remote, null, null, result, d);
  }
}
