package io.vigil.agent.collect.process;

/** A datagram from the process connector does not have the layout of linux/connector.h and cn_proc.h. */
final class ProcEventFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  ProcEventFormatException(String message) {
    super(message);
  }
}
