package io.vigil.agent.collect.process;

/** A netlink socket call failed; the message names the call and the C library's text for the errno. */
final class NetlinkException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int errno;

  NetlinkException(String call, int errno, String text) {
    super(call + ": " + text + " (errno " + errno + ")");
    this.errno = errno;
  }

  NetlinkException(String message, Throwable cause) {
    super(message, cause);
    this.errno = 0;
  }

  /** The errno of the failed call, 0 if the failure was not a system call's. */
  int errno() {
    return errno;
  }
}
