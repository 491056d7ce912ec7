package io.vigil.agent.collect.login;

import io.vigil.agent.collect.localusers.AccountNames;
import io.vigil.model.event.Login;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns auth log lines (auth.log, secure, sshd's own {@code -E} log) and journal entries into
 * login attempts.
 *
 * <p>A line without a syslog prefix is still read when it is a bare sshd message (as sshd writes
 * with {@code -E}); it then has no time and pid 0. Lines that are not about logins are ignored;
 * lines that cannot be parsed, or look like login messages but do not parse, are skipped and
 * counted. ExtraDetails: {@code Source}, {@code Time} (the line's own time), {@code Host} (a remote
 * host logged by name: RemoteAddress takes only IP literals) and what {@link AuthMessages} adds
 * ({@code Method}, {@code Key}, {@code Reason}, {@code InvalidUser}, {@code PamService}, {@code By},
 * {@code Tty}). Not thread-safe.
 */
final class AuthLogParser {
  /**
   * What a chunk gave.
   *
   * @param consumed bytes handled: up to the last complete line
   * @param firstSkip why the first skipped line was skipped, with its byte offset; null if none
   */
  record Result(List<Login.Attempt> attempts, int consumed, int skipped, String firstSkip) {}

  private final AuthMessages messages = new AuthMessages();
  private final AccountNames names;

  AuthLogParser(AccountNames names) {
    this.names = names;
  }

  /**
   * Parses the complete lines of {@code bytes}, which start at byte {@code offset} of
   * {@code file}. A trailing partial line is left for later, unless it is the whole chunk and
   * {@code full} says the chunk has its maximum size: that line is too long and is skipped.
   *
   * @param source the {@code Source} ExtraDetail: {@code auth.log} ...
   */
  Result parse(String file, long offset, byte[] bytes, boolean full, String source, ZoneId zone, Instant now) {
    List<Login.Attempt> attempts = new ArrayList<>();
    int skipped = 0;
    String firstSkip = null;
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      boolean end = i == bytes.length;
      if (end && (start == bytes.length || !full || start > 0)) {
        break; // the partial last line is read again, complete, next time
      }
      if (!end && bytes[i] != '\n') {
        continue;
      }
      String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      String reason = end ? "a line longer than " + FileTail.MAX_CHUNK + " bytes" : line(line, source, zone, now, attempts);
      if (reason != null) {
        skipped++;
        if (firstSkip == null) {
          firstSkip = file + " byte offset " + (offset + start) + ": " + reason;
        }
      }
      start = i + 1;
    }
    return new Result(attempts, Math.min(start, bytes.length), skipped, firstSkip);
  }

  /** Reads one line into {@code out}; returns why it was skipped, or null. */
  private String line(String line, String source, ZoneId zone, Instant now, List<Login.Attempt> out) {
    if (line.isBlank()) {
      return null;
    }
    SyslogLine parsed;
    try {
      parsed = SyslogLine.parse(line, zone, now);
    } catch (IllegalArgumentException e) {
      if (messages.interpret("sshd", 0, line) instanceof AuthMessages.Attempt bare) {
        out.add(attempt(bare, "sshd", 0, null, source));
        return null;
      }
      return e.getMessage() + ": '" + cut(line) + "'";
    }
    return entry(parsed.program(), parsed.pid(), parsed.time(), parsed.message(), source, out);
  }

  /**
   * Reads one message (from a log line or a journal entry) into {@code out}; returns why it was
   * skipped, or null.
   *
   * @param time null when unknown
   */
  String entry(String program, long pid, Instant time, String message, String source, List<Login.Attempt> out) {
    return switch (messages.interpret(program, pid, message)) {
      case AuthMessages.Attempt a -> {
        out.add(attempt(a, program, pid, time, source));
        yield null;
      }
      case AuthMessages.Ignored i -> null;
      case AuthMessages.Unrecognised u -> u.reason() + ": '" + cut(message) + "'";
    };
  }

  private Login.Attempt attempt(AuthMessages.Attempt a, String program, long pid, Instant time, String source) {
    Map<String, String> d = new LinkedHashMap<>(a.details());
    String remote = IpLiteral.is(a.address()) ? a.address() : null;
    if (a.address() != null && remote == null) {
      d.put("Host", a.address());
    }
    d.put("Source", source);
    if (time != null) {
      d.put("Time", time.toString());
    }
    String uid = a.uid() != null ? a.uid() : names.uid(a.user()).map(String::valueOf).orElse(null);
    String localPort = pid > 0 && a.port() != null ? messages.localPort(pid) : null;
    return new Login.Attempt(pid, uid, a.user(), a.operation(), program, remote, a.port(), localPort, a.result(), d);
  }

  private static String cut(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
