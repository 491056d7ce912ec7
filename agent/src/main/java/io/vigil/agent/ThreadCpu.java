package io.vigil.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The calling thread's CPU time, from {@code /proc/thread-self/schedstat} (its first field, in
 * nanoseconds). Read without java.management, which would cost the agent hundreds of classes.
 */
final class ThreadCpu {
  private static final Path SCHEDSTAT = Path.of("/proc/thread-self/schedstat");

  private ThreadCpu() {}

  /** Nanoseconds of CPU this thread has used, or -1 where the kernel does not say. */
  static long nanos() {
    try {
      String s = Files.readString(SCHEDSTAT);
      int space = s.indexOf(' ');
      return Long.parseLong(space < 0 ? s.trim() : s.substring(0, space));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
