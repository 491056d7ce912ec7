package io.vigil.agent.collect.login;

import io.vigil.agent.collect.CommandRunner;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the auth and authpriv messages of the running system's journal through
 * {@code journalctl -o json}, from where the previous read ended (by cursor).
 *
 * <p>The first read after {@link #baseline(Instant)} takes the entries since the baseline time;
 * later reads continue after the cursor of the last entry seen. Not thread-safe.
 */
final class JournalReader {
  static final List<String> COMMAND =
      List.of("journalctl", "--no-pager", "--quiet", "-o", "json", "SYSLOG_FACILITY=4", "SYSLOG_FACILITY=10");
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final JsonFactory JSON = new JsonFactory();

  /**
   * One journal entry.
   *
   * @param pid 0 when the entry names none
   * @param time null when the entry has no realtime stamp
   */
  record Entry(String program, long pid, Instant time, String message) {}

  /** What a read gave; {@code firstSkip} is null when nothing was skipped. */
  record Result(List<Entry> entries, int skipped, String firstSkip, String lastCursor) {}

  private final CommandRunner runner;
  private Instant since;
  private String cursor;

  JournalReader(CommandRunner runner) {
    this.runner = runner;
  }

  /** Starts reading at {@code now}: older entries are history, not news. */
  void baseline(Instant now) {
    since = now;
    cursor = null;
  }

  /** The entries written since the previous read. */
  Result read() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(COMMAND);
    command.add(cursor != null ? "--after-cursor=" + cursor : "--since=@" + since.getEpochSecond());
    Result result = parse(runner.run(command, TIMEOUT));
    if (result.lastCursor() != null) {
      cursor = result.lastCursor();
    }
    return result;
  }

  /** Parses {@code journalctl -o json} output: one JSON object per line. */
  static Result parse(String output) {
    List<Entry> entries = new ArrayList<>();
    int skipped = 0;
    String firstSkip = null;
    String last = null;
    String[] lines = output.split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      try {
        Map<String, String> f = fields(lines[i]);
        if (f.get("__CURSOR") != null) {
          last = f.get("__CURSOR");
        }
        String message = f.get("MESSAGE");
        String program = f.getOrDefault("SYSLOG_IDENTIFIER", f.get("_COMM"));
        if (message == null || program == null) {
          throw new IllegalArgumentException("no MESSAGE or no SYSLOG_IDENTIFIER/_COMM");
        }
        String pid = f.getOrDefault("_PID", f.getOrDefault("SYSLOG_PID", "0"));
        String micros = f.get("__REALTIME_TIMESTAMP");
        Instant time = micros == null ? null : Instant.EPOCH.plus(Duration.ofNanos(Long.parseLong(micros) * 1000));
        entries.add(new Entry(program, Long.parseLong(pid), time, message));
      } catch (IOException | IllegalArgumentException e) {
        skipped++;
        if (firstSkip == null) {
          firstSkip = "journalctl output line " + (i + 1) + ": " + e.getMessage();
        }
      }
    }
    return new Result(entries, skipped, firstSkip, last);
  }

  /** The string fields of one entry; a field logged as bytes (a JSON array of numbers) is decoded as UTF-8. */
  private static Map<String, String> fields(String line) throws IOException {
    Map<String, String> fields = new HashMap<>();
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (value == JsonToken.VALUE_STRING) {
          fields.put(name, p.getText());
        } else if (value == JsonToken.START_ARRAY) {
          // Bytes that are not valid UTF-8 come as [n, n, ...]; a repeated field as [v, v, ...]: take the first.
          ByteArrayOutputStream bytes = new ByteArrayOutputStream();
          JsonToken t;
          while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            if (t == JsonToken.VALUE_NUMBER_INT) {
              bytes.write(p.getIntValue());
            } else if (t == JsonToken.VALUE_STRING) {
              fields.putIfAbsent(name, p.getText());
            } else {
              p.skipChildren();
            }
          }
          if (bytes.size() > 0) {
            fields.putIfAbsent(name, bytes.toString(StandardCharsets.UTF_8));
          }
        } else {
          p.skipChildren();
        }
      }
    }
    return fields;
  }
}
