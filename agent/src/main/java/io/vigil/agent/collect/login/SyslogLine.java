package io.vigil.agent.collect.login;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One syslog file line split into its parts: {@code Nov 22 10:01:02 host sshd[1234]: message}
 * (the traditional format, in the device's time zone, without a year) or
 * {@code 2026-11-22T10:01:02.123456+00:00 host sshd[1234]: message} (RFC 3339, rsyslog's
 * high-precision format).
 *
 * @param pid 0 when the line names none
 */
record SyslogLine(Instant time, String host, String program, long pid, String message) {
  private static final Pattern TRADITIONAL =
      Pattern.compile("([A-Z][a-z]{2}) ([ \\d]?\\d) (\\d{2}):(\\d{2}):(\\d{2}) (\\S+) (.*)");
  private static final Pattern RFC3339 = Pattern.compile("(\\d{4}-\\d{2}-\\d{2}T\\S+) (\\S+) (.*)");
  private static final Pattern TAG = Pattern.compile("([^\\s\\[:]+)(?:\\[(\\d{1,10})\\])?:(?: (.*))?");
  private static final List<String> MONTHS =
      List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");

  /**
   * Parses {@code line}. A traditional timestamp gets the year that puts it at most a day after
   * {@code now}.
   *
   * @throws IllegalArgumentException saying what is wrong with the line
   */
  static SyslogLine parse(String line, ZoneId zone, Instant now) {
    Instant time;
    String host;
    String rest;
    Matcher m = TRADITIONAL.matcher(line);
    if (m.matches()) {
      int month = MONTHS.indexOf(m.group(1)) + 1;
      if (month == 0) {
        throw new IllegalArgumentException("unknown month '" + m.group(1) + "'");
      }
      int day = Integer.parseInt(m.group(2).strip());
      try {
        int year = now.atZone(zone).getYear();
        LocalDateTime local = LocalDateTime.of(year, month, day, Integer.parseInt(m.group(3)),
            Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)));
        time = local.atZone(zone).toInstant();
        if (time.isAfter(now.plus(Duration.ofDays(1)))) {
          time = local.minusYears(1).atZone(zone).toInstant(); // December's lines read in January
        }
      } catch (DateTimeException e) {
        throw new IllegalArgumentException("invalid time '" + line.substring(0, 15) + "': " + e.getMessage());
      }
      host = m.group(6);
      rest = m.group(7);
    } else if ((m = RFC3339.matcher(line)).matches()) {
      try {
        time = OffsetDateTime.parse(m.group(1)).toInstant();
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("invalid RFC 3339 time '" + m.group(1) + "'");
      }
      host = m.group(2);
      rest = m.group(3);
    } else {
      throw new IllegalArgumentException("no syslog prefix (TIME HOST PROGRAM[PID]: MESSAGE)");
    }
    Matcher tag = TAG.matcher(rest);
    if (!tag.matches()) {
      throw new IllegalArgumentException("no 'PROGRAM[PID]:' after the host");
    }
    long pid = tag.group(2) == null ? 0 : Long.parseLong(tag.group(2));
    return new SyslogLine(time, host, tag.group(1), pid, tag.group(3) == null ? "" : tag.group(3));
  }
}
