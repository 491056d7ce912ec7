package io.vigil.detect.intel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads indicators from CSV: a header line {@code type,value,source,confidence,expires,tags}, then
 * one indicator per line.
 *
 * <ul>
 *   <li>{@code type}: {@code ip}, {@code domain}, {@code url}, {@code sha256} or {@code port}.
 *   <li>{@code value}: the indicator (see {@link IndicatorType}).
 *   <li>{@code source}: who says so; empty means the feed's name.
 *   <li>{@code confidence}: an integer from 0 to 100; empty means {@value Indicator#DEFAULT_CONFIDENCE}.
 *   <li>{@code expires}: an ISO-8601 instant ({@code 2027-01-31T00:00:00Z}) or date ({@code
 *       2027-01-31}, meaning its start in UTC); empty means never.
 *   <li>{@code tags}: separated by {@code ;}, may be empty.
 * </ul>
 *
 * <p>Trailing empty fields may be left out. Fields may be double-quoted, with {@code ""} for a
 * quote. Blank lines and lines starting with {@code #} are ignored.
 */
final class CsvIndicatorReader {
  static final String HEADER = "type,value,source,confidence,expires,tags";
  private static final List<String> COLUMNS = List.of(HEADER.split(","));

  private CsvIndicatorReader() {}

  static FeedResult read(String feed, Reader in) throws IOException {
    FeedLoad load = new FeedLoad(feed);
    BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in);
    boolean header = false;
    int number = 0;
    for (String line; (line = lines.readLine()) != null; ) {
      number++;
      if (number == 1 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      String location = feed + ":" + number;
      if (!header) {
        if (!isHeader(trimmed)) {
          load.problem(location, "the first line must be the header '" + HEADER + "', was '" + trimmed + "'");
          return load.result();
        }
        header = true;
        continue;
      }
      row(load, location, line);
    }
    if (!header) {
      load.problem(feed, "no header line '" + HEADER + "'");
    }
    return load.result();
  }

  private static boolean isHeader(String line) {
    List<String> names = new ArrayList<>();
    for (String name : line.split(",", -1)) {
      names.add(name.strip().toLowerCase(java.util.Locale.ROOT));
    }
    return names.equals(COLUMNS);
  }

  private static void row(FeedLoad load, String location, String line) {
    List<String> fields;
    try {
      fields = fields(line);
    } catch (IllegalArgumentException e) {
      load.problem(location, e.getMessage());
      return;
    }
    if (fields.size() > COLUMNS.size()) {
      load.problem(location, fields.size() + " fields, expected at most " + COLUMNS.size() + " (" + HEADER + ")");
      return;
    }
    if (fields.size() < 2 || fields.get(1).isEmpty()) {
      load.problem(location, "no value; a line needs at least type and value");
      return;
    }
    try {
      IndicatorType type = IndicatorType.fromFeedName(fields.get(0));
      String source = field(fields, 2);
      load.add(location, type, fields.get(1), source.isEmpty() ? load.feed() : source,
          confidence(field(fields, 3)), expires(field(fields, 4)), tags(field(fields, 5)));
    } catch (IllegalArgumentException e) {
      load.problem(location, e.getMessage());
    }
  }

  private static String field(List<String> fields, int index) {
    return index < fields.size() ? fields.get(index) : "";
  }

  static int confidence(String text) {
    if (text.isEmpty()) {
      return Indicator.DEFAULT_CONFIDENCE;
    }
    try {
      int confidence = Integer.parseInt(text);
      if (confidence >= 0 && confidence <= 100) {
        return confidence;
      }
    } catch (NumberFormatException e) {
      // reported below, with the accepted range
    }
    throw new IllegalArgumentException("confidence '" + text + "' is not an integer from 0 to 100");
  }

  static Instant expires(String text) {
    if (text.isEmpty()) {
      return Indicator.NEVER;
    }
    try {
      return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("expires '" + text
          + "' is not an ISO-8601 date (2027-01-31) or instant (2027-01-31T00:00:00Z)", e);
    }
  }

  private static List<String> tags(String text) {
    return text.isEmpty() ? List.of() : Arrays.stream(text.split(";")).map(String::strip).filter(t -> !t.isEmpty()).distinct().toList();
  }

  /** Splits one line into stripped fields; quoted fields keep their inner spaces. */
  static List<String> fields(String line) {
    List<String> fields = new ArrayList<>(6);
    StringBuilder field = new StringBuilder();
    int i = 0;
    while (true) {
      while (i < line.length() && line.charAt(i) == ' ') {
        i++;
      }
      if (i < line.length() && line.charAt(i) == '"') {
        int open = i++;
        while (true) {
          if (i >= line.length()) {
            throw new IllegalArgumentException("the quote opened at column " + (open + 1) + " is not closed");
          }
          char c = line.charAt(i++);
          if (c == '"') {
            if (i < line.length() && line.charAt(i) == '"') {
              field.append('"');
              i++;
            } else {
              break;
            }
          } else {
            field.append(c);
          }
        }
        while (i < line.length() && line.charAt(i) == ' ') {
          i++;
        }
        if (i < line.length() && line.charAt(i) != ',') {
          throw new IllegalArgumentException("unexpected '" + line.charAt(i) + "' after the quoted field at column " + (open + 1));
        }
        fields.add(field.toString());
      } else {
        int end = line.indexOf(',', i);
        fields.add(line.substring(i, end < 0 ? line.length() : end).strip());
        i = end < 0 ? line.length() : end;
      }
      field.setLength(0);
      if (i >= line.length()) {
        return fields;
      }
      i++; // the comma
    }
  }
}
