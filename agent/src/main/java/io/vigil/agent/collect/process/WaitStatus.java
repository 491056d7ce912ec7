package io.vigil.agent.collect.process;

/**
 * A process's exit code in the kernel's wait(2) format: bits 8-15 hold the exit code of a normal
 * exit, bits 0-6 the signal that killed it, bit 7 says a core was dumped.
 */
record WaitStatus(int raw) {

  /** True if a signal ended the process rather than exit(2). */
  boolean signaled() {
    return signal() != 0;
  }

  /** The terminating signal, 0 after a normal exit. */
  int signal() {
    return raw & 0x7f;
  }

  boolean coreDumped() {
    return (raw & 0x80) != 0;
  }

  /** The exit code of a normal exit, 0 when a signal ended the process. */
  int exitCode() {
    return signaled() ? 0 : (raw >>> 8) & 0xff;
  }

  /** The status a shell would report: the exit code, or 128 plus the signal number. */
  long exitStatus() {
    return signaled() ? 128 + signal() : exitCode();
  }
}
