package io.vigil.bench.footprint;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * Starts short-lived processes at a steady rate: {@code /bin/true vigil-burst-RUN-I} for I = 0 to
 * N-1, each with its own command line so that the agent's aggregation cannot merge them.
 *
 * <p>Each process is started with libc's {@code posix_spawn} and reaped with {@code waitpid} before
 * the next: one exec per marker and nothing else (no shell, no {@code jspawnhelper}, which
 * ProcessBuilder would exec first). Start I is due at {@code I / rate} seconds; a start that is
 * late (the machine was busy) goes at once, so the rate catches up. Needs
 * {@code --enable-native-access=ALL-UNNAMED} to run without a warning.
 */
final class ExecBurst {
  /**
   * What a burst did.
   *
   * @param pids the process ids started, in order
   * @param failed how many starts posix_spawn refused
   * @param maxLag how late the latest start was
   */
  record Result(int[] pids, int failed, Duration took, Duration maxLag) {
    int started() {
      return pids.length;
    }

    /** Starts per second achieved. */
    double rate() {
      return pids.length / (took.toNanos() / 1e9);
    }
  }

  private static final String TRUE = "/bin/true";

  private static final MethodHandle POSIX_SPAWN;
  private static final MethodHandle WAITPID;

  static {
    Linker linker = Linker.nativeLinker();
    var libc = linker.defaultLookup();
    POSIX_SPAWN = linker.downcallHandle(libc.find("posix_spawn").orElseThrow(),
        FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    WAITPID = linker.downcallHandle(libc.find("waitpid").orElseThrow(), FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  }

  private ExecBurst() {}

  /** The command line of marker {@code i} of run {@code run}, as /proc/PID/cmdline shows it (NULs as spaces). */
  static String marker(String run, int i) {
    return TRUE + " " + markerArgument(run, i);
  }

  /** The SQL LIKE pattern that matches every marker of {@code run}. */
  static String likePattern(String run) {
    return TRUE + " vigil-burst-" + run + "-%";
  }

  private static String markerArgument(String run, int i) {
    return "vigil-burst-" + run + "-" + i;
  }

  /**
   * Starts {@code count} markers of {@code run} at {@code perSecond}, each reaped before the next.
   *
   * @throws IllegalStateException if a process cannot be waited for
   */
  static Result run(String run, int count, int perSecond) throws Throwable {
    long period = 1_000_000_000L / perSecond;
    long start = System.nanoTime();
    long maxLag = 0;
    int failed = 0;
    int[] pids = new int[count];
    int started = 0;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment path = arena.allocateFrom(TRUE);
      MemorySegment pid = arena.allocate(JAVA_INT);
      MemorySegment status = arena.allocate(JAVA_INT);
      MemorySegment argv = arena.allocate(ADDRESS, 3);
      MemorySegment envp = arena.allocate(ADDRESS, 1);
      envp.setAtIndex(ADDRESS, 0, MemorySegment.NULL);
      argv.setAtIndex(ADDRESS, 0, path);
      argv.setAtIndex(ADDRESS, 2, MemorySegment.NULL);
      for (int i = 0; i < count; i++) {
        long due = start + i * period;
        long now = System.nanoTime();
        if (now < due) {
          LockSupport.parkNanos(due - now);
        } else {
          maxLag = Math.max(maxLag, now - due);
        }
        try (Arena one = Arena.ofConfined()) {
          argv.setAtIndex(ADDRESS, 1, one.allocateFrom(markerArgument(run, i)));
          int error = (int) POSIX_SPAWN.invokeExact(pid, path, MemorySegment.NULL, MemorySegment.NULL, argv, envp);
          if (error != 0) {
            failed++;
            continue;
          }
        }
        pids[started++] = pid.get(JAVA_INT, 0);
        reap(pids[started - 1], status);
      }
    }
    return new Result(Arrays.copyOf(pids, started), failed, Duration.ofNanos(System.nanoTime() - start), Duration.ofNanos(maxLag));
  }

  /** Waits for child {@code pid}, retrying a wait that a signal interrupted (EINTR). */
  private static void reap(int pid, MemorySegment status) throws Throwable {
    for (int attempt = 0; attempt < 100; attempt++) {
      if ((int) WAITPID.invokeExact(pid, status, 0) == pid) {
        return;
      }
    }
    throw new IllegalStateException("waitpid(" + pid + ") kept failing: the child /bin/true was not reaped");
  }
}
