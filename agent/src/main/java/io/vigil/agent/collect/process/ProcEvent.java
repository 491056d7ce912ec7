package io.vigil.agent.collect.process;

/**
 * One event from the kernel's process connector ({@code struct proc_event} in linux/cn_proc.h),
 * reduced to what the process collector uses.
 *
 * <p>Pids are the kernel's: {@code pid} is the thread id, {@code tgid} the process id.
 */
sealed interface ProcEvent {

  /** A thread replaced its program with {@code execve}. */
  record Exec(int pid, int tgid, long timestampNs) implements ProcEvent {}

  /** A thread or process was created; a new process has {@code childPid == childTgid}. */
  record Fork(int parentPid, int parentTgid, int childPid, int childTgid, long timestampNs) implements ProcEvent {}

  /**
   * A thread exited; the process is gone when {@code pid == tgid}.
   *
   * @param waitStatus the task's exit code in wait(2) format: exit code or terminating signal
   * @param parentTgid the parent process, or -1 on kernels whose event does not carry it
   */
  record Exit(int pid, int tgid, int waitStatus, int parentTgid, long timestampNs) implements ProcEvent {}

  /** The kernel's answer to a subscription request: {@code ack} is the request's ack plus one. */
  record Ack(int seq, int ack, int error) implements ProcEvent {}

  /** Any other event (uid, gid, sid, ptrace, comm, coredump changes), not used here. */
  record Other(int what) implements ProcEvent {}
}
