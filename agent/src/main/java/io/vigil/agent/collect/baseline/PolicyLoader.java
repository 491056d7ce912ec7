package io.vigil.agent.collect.baseline;

import io.vigil.agent.collect.JsonValues;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads a baseline policy: {@code {"policy": NAME, "version": 1, "description": TEXT, "checks": [...]}}.
 *
 * <p>Each check object is parsed on its own, so one broken entry costs only itself: a JSON syntax
 * error is reported with its line and column and loading resumes at the next check, which it finds
 * as the next {@code {"id":} (every check object starts with its id); an entry with a missing or bad
 * field is reported with its line, id and field. See {@link CheckEntry} for the fields of a check.
 */
final class PolicyLoader {
  private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final Pattern CHECK_START = Pattern.compile("\\{\\s*\"id\"\\s*:");
  private static final Pattern CHECK_ID = Pattern.compile("\\G\\{\\s*\"id\"\\s*:\\s*\"([^\"\\\\]{1,100})\"");
  private static final Pattern CHECKS = Pattern.compile("\"checks\"\\s*:\\s*\\[");

  private final String source;
  private final String text;
  private final int[] lineStarts;
  private final List<CheckSpec> checks = new ArrayList<>();
  private final List<Policy.Problem> problems = new ArrayList<>();
  private final Map<String, Integer> idLines = new HashMap<>();

  private PolicyLoader(String source, String text) {
    this.source = source;
    this.text = text;
    this.lineStarts = lineStarts(text);
  }

  /** The checks of policy {@code text}, named {@code source} in problems. Never throws for bad content. */
  static Policy load(String source, String text) {
    PolicyLoader loader = new PolicyLoader(source, text);
    int array = loader.findChecks();
    if (array >= 0) {
      int end = loader.elements(array);
      if (end >= 0) {
        loader.trailer(end);
      }
    }
    return new Policy(source, loader.checks, loader.problems);
  }

  /** Reads the top-level fields up to the checks array; returns the offset just inside it, or -1. */
  private int findChecks() {
    try (JsonParser p = JSON.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_OBJECT) {
        problem(null, null, where(0, p.currentTokenLocation()) + "expected a JSON object with a 'checks' array");
        return -1;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        int line = line((int) p.currentTokenLocation().getCharOffset());
        if (name.equals("checks")) {
          if (value != JsonToken.START_ARRAY) {
            problem(null, null, source + " line " + line + ": 'checks' must be an array, found " + JsonValues.describe(JsonValues.read(p)));
            return -1;
          }
          return (int) p.currentLocation().getCharOffset();
        }
        topField(name, JsonValues.read(p), line);
      }
      problem(null, null, source + ": the policy has no 'checks' array");
      return -1;
    } catch (JsonProcessingException e) {
      problem(null, null, where(0, e.getLocation()) + e.getOriginalMessage());
      Matcher m = CHECKS.matcher(text);
      return m.find() ? m.end() : -1;
    } catch (IOException e) {
      problem(null, null, source + ": " + e.getMessage());
      return -1;
    }
  }

  private void topField(String name, Object value, int line) {
    switch (name) {
      case "policy", "description" -> {
        if (!(value instanceof String)) {
          problem(null, null, source + " line " + line + ": '" + name + "' must be a string, found " + JsonValues.describe(value));
        }
      }
      case "version" -> {
        if (!Long.valueOf(1).equals(value)) {
          problem(null, null, source + " line " + line + ": 'version' is " + JsonValues.describe(value) + "; this agent reads version 1");
        }
      }
      default -> problem(null, null, source + " line " + line + ": unknown field '" + name + "' in the policy");
    }
  }

  /** Reads the check objects from {@code pos}; returns the offset after the closing ']', or -1. */
  private int elements(int pos) {
    boolean expectCheck = true;
    while (true) {
      pos = skipSpace(pos);
      if (pos >= text.length()) {
        problem(null, null, where(pos) + "the 'checks' array is not closed (truncated file?)");
        return -1;
      }
      char c = text.charAt(pos);
      if (c == ']') {
        return pos + 1;
      }
      if (!expectCheck) {
        if (c == ',') {
          pos++;
          expectCheck = true;
          continue;
        }
        problem(null, null, where(pos) + "expected ',' or ']' after a check, found '" + c + "'");
        pos = resync(pos);
        if (pos < 0) {
          return -1;
        }
      }
      Resume next = check(pos);
      if (next.offset() < 0) {
        return -1;
      }
      pos = next.offset();
      expectCheck = next.atCheck();
    }
  }

  /** Where to go on after a check: after its object, or (after a syntax error) at the next check's start. */
  private record Resume(int offset, boolean atCheck) {}

  /** Reads the check object at {@code pos}. */
  private Resume check(int pos) {
    // Parsed as the first element of an array, so that a stray scalar ("5,") reads as a value too.
    try (JsonParser p = JSON.createParser("[" + text.substring(pos))) {
      p.nextToken();
      p.nextToken();
      int line = line(pos);
      Object value = JsonValues.read(p);
      int end = pos + (int) p.currentLocation().getCharOffset() - 1;
      if (value instanceof Map<?, ?> map) {
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) map;
        new CheckEntry(source, line, fields, idLines).build(checks, problems);
      } else {
        problem(null, null, source + " line " + line + ": expected a check object, found " + JsonValues.describe(value));
      }
      return new Resume(end, false);
    } catch (JsonProcessingException e) {
      int at = pos + (int) Math.max(0, e.getLocation() == null ? 1 : e.getLocation().getCharOffset() - 1);
      Matcher id = CHECK_ID.matcher(text);
      String checkId = id.find(pos) && id.start() == pos ? id.group(1) : null;
      problem(checkId, null, where(at) + e.getOriginalMessage() + (checkId == null ? "" : " (check " + checkId + " is skipped)"));
      return new Resume(resync(at + 1), true);
    } catch (IOException e) {
      problem(null, null, source + ": " + e.getMessage());
      return new Resume(-1, false);
    }
  }

  /** The start of the next check object at or after {@code from}, or -1 when there is none. */
  private int resync(int from) {
    Matcher m = CHECK_START.matcher(text);
    return m.find(Math.min(from, text.length())) ? m.start() : -1;
  }

  /** Reads what follows the checks array: more top-level fields, then the closing brace. */
  private void trailer(int pos) {
    pos = skipSpace(pos);
    if (pos < text.length() && text.charAt(pos) == ',') {
      int base = pos;
      try (JsonParser p = JSON.createParser("{" + text.substring(pos + 1))) {
        p.nextToken();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          int line = line(base + (int) p.currentTokenLocation().getCharOffset());
          topField(name, JsonValues.read(p), line);
        }
        pos = base + (int) p.currentLocation().getCharOffset();
      } catch (JsonProcessingException e) {
        problem(null, null, where(base + (int) e.getLocation().getCharOffset()) + e.getOriginalMessage());
        return;
      } catch (IOException e) {
        problem(null, null, source + ": " + e.getMessage());
        return;
      }
    } else if (pos < text.length() && text.charAt(pos) == '}') {
      pos++;
    } else {
      problem(null, null, where(pos) + "expected '}' to close the policy");
      return;
    }
    pos = skipSpace(pos);
    if (pos < text.length()) {
      problem(null, null, where(pos) + "unexpected content after the policy object");
    }
  }

  private void problem(String id, String group, String message) {
    problems.add(new Policy.Problem(id, group, message));
  }

  private String where(int offset) {
    int line = line(offset);
    return source + " line " + line + ", column " + (offset - lineStarts[line - 1] + 1) + ": ";
  }

  private String where(int base, JsonLocation location) {
    return where(base + (int) Math.max(0, location == null ? 0 : location.getCharOffset()));
  }

  private int line(int offset) {
    int i = Arrays.binarySearch(lineStarts, offset);
    return i >= 0 ? i + 1 : -i - 1;
  }

  private int skipSpace(int pos) {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
    return pos;
  }

  private static int[] lineStarts(String text) {
    List<Integer> starts = new ArrayList<>(List.of(0));
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        starts.add(i + 1);
      }
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }
}
