package io.vigil.wire;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The schema's {@code date-time} format: RFC 3339, section 5.6.
 *
 * <p>Reading accepts {@code T}, {@code t} or a space between date and time, as the schema's own
 * validator (Ajv) did and as the published samples need, and {@code Z}, {@code z} or
 * {@code ±hh:mm} as the offset. A leap second ({@code :60}, only at 23:59 UTC) reads as second 59,
 * as {@link java.time.format.DateTimeFormatter#ISO_INSTANT} does. Writing always uses {@code T}.
 */
final class DateTimes {
  private DateTimes() {}

  /** The date-time {@code text} denotes, or empty when it is not an RFC 3339 date-time. */
  static Optional<OffsetDateTime> parse(String text) {
    int n = text.length();
    if (n < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(13) != ':' || text.charAt(16) != ':') {
      return Optional.empty();
    }
    char separator = text.charAt(10);
    if (separator != 'T' && separator != 't' && separator != ' ') {
      return Optional.empty();
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    int i = 19;
    int nanos = 0;
    if (text.charAt(i) == '.') {
      int start = ++i;
      while (i < n && isDigit(text.charAt(i))) {
        if (i - start < 9) {
          nanos = nanos * 10 + (text.charAt(i) - '0');
        }
        i++;
      }
      if (i == start) {
        return Optional.empty();
      }
      for (int d = Math.min(i - start, 9); d < 9; d++) {
        nanos *= 10;
      }
    }
    Optional<ZoneOffset> offset = offset(text, i);
    if (offset.isEmpty() || year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23
        || minute < 0 || minute > 59 || second < 0 || second > 60) {
      return Optional.empty();
    }
    if (day > java.time.Month.of(month).length(Year.isLeap(year))) {
      return Optional.empty();
    }
    LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, Math.min(second, 59), nanos);
    if (second == 60) {
      // RFC 3339 section 5.7: a leap second is only ever the last second of a UTC day.
      LocalDateTime utc = local.minusSeconds(offset.get().getTotalSeconds());
      if (utc.getHour() != 23 || utc.getMinute() != 59) {
        return Optional.empty();
      }
    }
    return Optional.of(OffsetDateTime.of(local, offset.get()));
  }

  /** {@code 2018-08-10T11:01:21.000+01:00}; the fraction is omitted when zero. */
  static String format(OffsetDateTime time) {
    int year = time.getYear();
    if (year < 0 || year > 9999) {
      throw new IllegalArgumentException(time + " is outside the years 0000-9999 that RFC 3339 can write");
    }
    int offsetSeconds = time.getOffset().getTotalSeconds();
    if (offsetSeconds % 60 != 0) {
      throw new IllegalArgumentException(time + " has an offset with seconds, which RFC 3339 cannot write");
    }
    StringBuilder out = new StringBuilder(29);
    pad(out, year, 4).append('-');
    pad(out, time.getMonthValue(), 2).append('-');
    pad(out, time.getDayOfMonth(), 2).append('T');
    pad(out, time.getHour(), 2).append(':');
    pad(out, time.getMinute(), 2).append(':');
    pad(out, time.getSecond(), 2);
    int nanos = time.getNano();
    if (nanos != 0) {
      out.append('.');
      if (nanos % 1_000_000 == 0) {
        pad(out, nanos / 1_000_000, 3);
      } else if (nanos % 1_000 == 0) {
        pad(out, nanos / 1_000, 6);
      } else {
        pad(out, nanos, 9);
      }
    }
    if (offsetSeconds == 0) {
      return out.append('Z').toString();
    }
    int minutes = Math.abs(offsetSeconds) / 60;
    out.append(offsetSeconds < 0 ? '-' : '+');
    pad(out, minutes / 60, 2).append(':');
    return pad(out, minutes % 60, 2).toString();
  }

  /** {@code 2018-08-10T10:01:21Z}. */
  static String format(Instant time) {
    return format(time.atOffset(ZoneOffset.UTC));
  }

  private static Optional<ZoneOffset> offset(String text, int i) {
    int n = text.length();
    if (i == n - 1 && (text.charAt(i) == 'Z' || text.charAt(i) == 'z')) {
      return Optional.of(ZoneOffset.UTC);
    }
    if (i != n - 6 || (text.charAt(i) != '+' && text.charAt(i) != '-') || text.charAt(i + 3) != ':') {
      return Optional.empty();
    }
    int hours = digits(text, i + 1, 2);
    int minutes = digits(text, i + 4, 2);
    if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) {
      return Optional.empty();
    }
    int sign = text.charAt(i) == '-' ? -1 : 1;
    try {
      return Optional.of(ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes));
    } catch (DateTimeException e) {
      // The grammar allows offsets up to 23:59; java.time stops at 18:00.
      return Optional.empty();
    }
  }

  /** The value of {@code count} ASCII digits at {@code start}, or -1 when any is not a digit. */
  private static int digits(String text, int start, int count) {
    int value = 0;
    for (int i = start; i < start + count; i++) {
      char c = text.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static StringBuilder pad(StringBuilder out, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      out.append('0');
    }
    return out.append(digits);
  }
}
