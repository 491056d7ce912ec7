package io.vigil.agent.collect.login;

import java.time.Instant;

/**
 * One glibc {@code struct utmp} record, as written to utmp, wtmp and btmp.
 *
 * @param type {@code ut_type}: {@link #USER_PROCESS} for a login, {@link #DEAD_PROCESS} for a
 *     logout ...
 * @param line {@code ut_line}, the terminal without {@code /dev/}; empty when unset
 * @param id {@code ut_id}, the terminal's short name (the slot key with the line)
 * @param user {@code ut_user}; empty when unset
 * @param host {@code ut_host}: the remote host name or address, an X display; empty when unset
 * @param address {@code ut_addr_v6} as an IP literal; null when all zero
 */
record UtmpRecord(int type, long pid, String line, String id, String user, String host, long session, Instant time,
    String address) {
  static final int EMPTY = 0;
  static final int LOGIN_PROCESS = 6;
  static final int USER_PROCESS = 7;
  static final int DEAD_PROCESS = 8;
  /** The highest defined type, {@code ACCOUNTING}. */
  static final int MAX_TYPE = 9;
}
