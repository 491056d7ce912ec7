package io.vigil.agent.transport;

/**
 * Sending to the hub failed.
 *
 * <p>{@link #retryable()} is false when sending the same thing again cannot succeed (the hub
 * refused the credentials or the message); the message then says what the hub said.
 */
public final class TransportException extends Exception {
  private static final long serialVersionUID = 1L;
  private final boolean retryable;

  public TransportException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
