package io.vigil.store;

/** A query was refused (not read-only) or failed; the message says why, in DuckDB's words where it has them. */
public final class QueryException extends Exception {
  private static final long serialVersionUID = 1L;

  public QueryException(String message) {
    super(message);
  }
}
