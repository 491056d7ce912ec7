package io.vigil.agent.collect.process;

import io.vigil.agent.collect.LibC;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Raises the calling thread's scheduling priority, so that the netlink reader reads a new
 * process's /proc entries before the process is gone: a short-lived process lives about a
 * millisecond, about what a woken thread waits for a busy CPU under the normal policy.
 *
 * <p>It asks for SCHED_FIFO at the lowest real-time priority (1); the reader blocks in recv() and
 * does a bounded amount of work per event, and the kernel's real-time throttling caps what it can
 * take. Without CAP_SYS_NICE it tries nice -10, then leaves the thread as it is. Measured in
 * bench/README.md: the share of short-lived processes captured with their command line.
 */
final class ReaderScheduling {
  private static final int SCHED_FIFO = 1;
  private static final int PRIO_PROCESS = 0;
  private static final int NICE = -10;

  private ReaderScheduling() {}

  /** Raises the calling thread's priority as far as allowed; returns what it got, for statistics. */
  static String raiseCurrentThread() {
    try (Arena call = Arena.ofConfined()) {
      MemorySegment state = call.allocate(LibC.CAPTURE);
      MemorySegment param = call.allocateFrom(JAVA_INT, 1); // struct sched_param { int sched_priority; }
      if ((int) LibC.SCHED_SETSCHEDULER.invokeExact(state, 0, SCHED_FIFO, param) == 0) {
        return "SCHED_FIFO priority 1";
      }
      String fifoRefused = "SCHED_FIFO refused: " + LibC.strerror(LibC.errno(state));
      if ((int) LibC.SETPRIORITY.invokeExact(state, PRIO_PROCESS, 0, NICE) == 0) {
        return "nice " + NICE + " (" + fifoRefused + ")";
      }
      return "normal (" + fifoRefused + "; nice " + NICE + " refused: " + LibC.strerror(LibC.errno(state)) + ")";
    } catch (RuntimeException | LinkageError e) {
      return "normal (cannot call sched_setscheduler: " + e + ")";
    } catch (Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("sched_setscheduler failed: " + e, e);
    }
  }
}
