package io.vigil.agent.collect.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's command line from its /proc/PID/cmdline file. */
public final class CommandLines {
  private CommandLines() {}

  /**
   * The command line with its NUL separators as spaces; null if the file is unreadable or empty (a
   * zombie, a kernel thread, a process already gone).
   */
  public static String read(Path cmdlineFile) {
    byte[] raw;
    try {
      raw = Files.readAllBytes(cmdlineFile);
    } catch (IOException e) {
      return null;
    }
    int end = raw.length;
    while (end > 0 && raw[end - 1] == 0) {
      end--;
    }
    for (int i = 0; i < end; i++) {
      if (raw[i] == 0) {
        raw[i] = ' ';
      }
    }
    return end == 0 ? null : new String(raw, 0, end, StandardCharsets.UTF_8);
  }
}
