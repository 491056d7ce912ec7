package io.vigil.agent.collect.localusers;

/**
 * What the password field of {@code shadow} (or of {@code passwd}, on systems without shadow
 * passwords) says about an account, without the hash.
 *
 * @param known false when the passwd field only points to shadow ({@code x})
 * @param locked the field starts with {@code !} (locked by {@code passwd -l}) or {@code *} (no
 *     password login)
 * @param set a hash is present (possibly behind a lock)
 * @param empty the field is empty: the account logs in without a password
 */
record PasswordState(boolean known, boolean locked, boolean set, boolean empty) {
  static final PasswordState UNKNOWN = new PasswordState(false, false, false, false);

  /** The state a passwd password field gives; {@code x} defers to shadow. */
  static PasswordState ofPasswdField(String field) {
    return field.equals("x") ? UNKNOWN : ofHash(field);
  }

  /** The state of a shadow hash field. */
  static PasswordState ofHash(String field) {
    if (field.isEmpty()) {
      return new PasswordState(true, false, false, true);
    }
    if (field.startsWith("*")) {
      return new PasswordState(true, true, false, false);
    }
    String rest = field;
    while (rest.startsWith("!")) {
      rest = rest.substring(1);
    }
    boolean locked = rest.length() != field.length();
    return new PasswordState(true, locked, !rest.isEmpty() && !rest.startsWith("*"), false);
  }
}
