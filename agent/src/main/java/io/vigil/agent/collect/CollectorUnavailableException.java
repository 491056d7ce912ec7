package io.vigil.agent.collect;

/**
 * A collector's source cannot be read: a missing file or tool, a permission, data that exists
 * only on a running system when reading a mounted image. The message says which and why, for
 * example {@code "no /proc/net/tcp under /mnt/image (network data exists only on a running system)"}.
 */
public final class CollectorUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  public CollectorUnavailableException(String reason) {
    super(reason);
  }

  public CollectorUnavailableException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
