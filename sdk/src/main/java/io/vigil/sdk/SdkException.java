package io.vigil.sdk;

import java.io.IOException;

/** The agent refused the events; the message is the agent's reason, for example a JSON pointer and what was wrong there. */
public final class SdkException extends IOException {
  private static final long serialVersionUID = 1L;

  public SdkException(String reason) {
    super(reason);
  }
}
