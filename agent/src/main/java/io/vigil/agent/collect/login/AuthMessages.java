package io.vigil.agent.collect.login;

import io.vigil.model.event.Login;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the login meaning of one sshd or PAM log message (the text after {@code program[pid]: }).
 *
 * <p>sshd: {@code Accepted METHOD for USER from ADDR port P}, {@code Failed METHOD for [invalid
 * user ]USER from ADDR port P}, {@code Invalid user USER from ADDR port P}, {@code Connection
 * closed by|Disconnected from authenticating|invalid user USER ADDR port P [preauth]}; its
 * {@code Connection from ADDR port P on LADDR port LP} gives the local port of later lines of the
 * same pid. PAM, any program: {@code pam_X(SERVICE:auth): authentication failure; ... user=USER},
 * {@code pam_X(SERVICE:session): session opened|closed for user USER}. Session lines of
 * {@code cron} and {@code systemd-user} are not logins, and sshd's own session-opened line repeats
 * its {@code Accepted} line, so those are ignored. Not thread-safe.
 */
final class AuthMessages {
  /** What a message means. */
  sealed interface Meaning {}

  /**
   * A login attempt or logout.
   *
   * @param uid the user id when the message gives it, else null
   * @param address the remote address or host name as logged; null when local
   */
  record Attempt(String operation, Login.Result result, String user, String uid, String address, String port,
      Map<String, String> details) implements Meaning {}

  /** Nothing about logins. */
  record Ignored() implements Meaning {}

  /** Looks like a login message but does not parse. */
  record Unrecognised(String reason) implements Meaning {}

  static final String LOGIN = "Login";
  static final String LOGOUT = "Logout";
  static final String FAILED = "LoginFailed";
  private static final Ignored IGNORED = new Ignored();
  private static final Set<String> NOT_LOGINS = Set.of("cron", "systemd-user");
  private static final int MAX_PIDS = 1024;

  private static final Pattern ACCEPTED =
      Pattern.compile("Accepted (\\S+) for (.+?) from (\\S+) port (\\d+)(?: ssh2)?(?:: (.*))?");
  private static final Pattern FAILED_AUTH =
      Pattern.compile("Failed (\\S+) for (invalid user )?(.*?) from (\\S+) port (\\d+)(?: ssh2)?(?:: (.*))?");
  private static final Pattern INVALID_USER = Pattern.compile("Invalid user (.*?) from (\\S+) port (\\d+)");
  private static final Pattern PREAUTH = Pattern.compile(
      "(?:Connection closed by|Disconnected from) (authenticating|invalid) user (.*) (\\S+) port (\\d+) \\[preauth\\]");
  private static final Pattern CONNECTION = Pattern.compile("Connection from \\S+ port \\d+ on \\S+ port (\\d+).*");
  private static final Pattern PAM_AUTH = Pattern.compile("pam_[\\w-]+\\(([^:)]+):auth\\): authentication failure;(.*)");
  private static final Pattern PAM_SESSION = Pattern.compile(
      "pam_[\\w-]+\\(([^:)]+):session\\): session (opened|closed) for user (.+?)(?:\\(uid=(\\d+)\\))?(?: by (.*))?");
  private static final Pattern BY = Pattern.compile("(.*?)\\(uid=(\\d+)\\)");
  private static final Pattern KEY_VALUE = Pattern.compile("(\\w+)=(\\S*)");

  private final Map<Long, String> localPorts = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
      return size() > MAX_PIDS;
    }
  };

  /** The local port sshd logged for {@code pid}'s connection; null if unknown. */
  String localPort(long pid) {
    return localPorts.get(pid);
  }

  Meaning interpret(String program, long pid, String message) {
    if (message.startsWith("pam_")) {
      return pam(program, message);
    }
    if (program.startsWith("sshd")) {
      return sshd(pid, message);
    }
    return IGNORED;
  }

  private Meaning sshd(long pid, String message) {
    Matcher m;
    if ((m = CONNECTION.matcher(message)).matches()) {
      localPorts.put(pid, m.group(1));
      return IGNORED;
    }
    if ((m = ACCEPTED.matcher(message)).matches()) {
      Map<String, String> d = new LinkedHashMap<>();
      d.put("Method", m.group(1));
      if (m.group(5) != null) {
        d.put("Key", m.group(5));
      }
      return new Attempt(LOGIN, Login.Result.SUCCESS, m.group(2), null, m.group(3), m.group(4), d);
    }
    if ((m = FAILED_AUTH.matcher(message)).matches()) {
      Map<String, String> d = new LinkedHashMap<>();
      d.put("Method", m.group(1));
      d.put("Reason", "AuthenticationFailure");
      if (m.group(2) != null) {
        d.put("InvalidUser", "true");
      }
      if (m.group(6) != null) {
        d.put("Key", m.group(6));
      }
      return new Attempt(FAILED, Login.Result.FAIL, m.group(3), null, m.group(4), m.group(5), d);
    }
    if ((m = INVALID_USER.matcher(message)).matches()) {
      return new Attempt(FAILED, Login.Result.FAIL, m.group(1), null, m.group(2), m.group(3),
          Map.of("Reason", "InvalidUser", "InvalidUser", "true"));
    }
    if ((m = PREAUTH.matcher(message)).matches()) {
      Map<String, String> d = new LinkedHashMap<>();
      d.put("Reason", "ClosedBeforeAuthentication");
      if (m.group(1).equals("invalid")) {
        d.put("InvalidUser", "true");
      }
      return new Attempt(FAILED, Login.Result.FAIL, m.group(2), null, m.group(3), m.group(4), d);
    }
    for (String start : new String[] {"Accepted ", "Failed ", "Invalid user "}) {
      if (message.startsWith(start)) {
        return new Unrecognised("sshd '" + start.strip() + "' message without 'USER from ADDRESS port PORT'");
      }
    }
    return IGNORED;
  }

  private static Meaning pam(String program, String message) {
    Matcher m;
    if ((m = PAM_AUTH.matcher(message)).matches()) {
      Map<String, String> kv = new LinkedHashMap<>();
      Matcher pair = KEY_VALUE.matcher(m.group(2));
      while (pair.find()) {
        kv.put(pair.group(1), pair.group(2));
      }
      String user = kv.getOrDefault("user", "");
      if (user.isEmpty()) {
        return IGNORED; // an unknown user: sshd's own "Invalid user" line reports it
      }
      Map<String, String> d = new LinkedHashMap<>();
      d.put("PamService", m.group(1));
      d.put("Reason", "AuthenticationFailure");
      put(d, "Tty", kv.get("tty"));
      String by = kv.getOrDefault("ruser", "").isEmpty() ? kv.get("logname") : kv.get("ruser");
      put(d, "By", by);
      String rhost = kv.getOrDefault("rhost", "");
      return new Attempt(FAILED, Login.Result.FAIL, user, null, rhost.isEmpty() ? null : rhost, null, d);
    }
    if ((m = PAM_SESSION.matcher(message)).matches()) {
      String service = m.group(1);
      boolean opened = m.group(2).equals("opened");
      if (NOT_LOGINS.contains(service) || (opened && program.startsWith("sshd"))) {
        return IGNORED;
      }
      Map<String, String> d = new LinkedHashMap<>();
      d.put("PamService", service);
      if (m.group(5) != null) {
        Matcher by = BY.matcher(m.group(5).strip());
        String who = by.matches() ? (by.group(1).isEmpty() ? "uid " + by.group(2) : by.group(1)) : m.group(5).strip();
        put(d, "By", who);
      }
      return new Attempt(opened ? LOGIN : LOGOUT, Login.Result.SUCCESS, m.group(3), m.group(4), null, null, d);
    }
    if (message.contains("authentication failure") || message.contains("session opened")
        || message.contains("session closed")) {
      return new Unrecognised("PAM message in an unknown form");
    }
    return IGNORED;
  }

  private static void put(Map<String, String> d, String key, String value) {
    if (value != null && !value.isEmpty()) {
      d.put(key, value);
    }
  }
}
