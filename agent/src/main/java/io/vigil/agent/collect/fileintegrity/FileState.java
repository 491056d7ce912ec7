package io.vigil.agent.collect.fileintegrity;

import java.time.Instant;

/**
 * What one watched file looks like now.
 *
 * @param type {@code file}, {@code symlink}, {@code fifo}, {@code socket}, {@code char-device} or
 *     {@code block-device}; null when it could not even be examined
 * @param sha256 lower-case hex of the content of a regular file; null for other types and when the
 *     content could not be read ({@code unreadable} says why)
 * @param mode the permission bits as four octal digits, such as {@code 0644}; null if unknown
 * @param owner {@code user:group}, each a name from the root's passwd and group or else a number
 * @param ownerIds {@code uid:gid}: changes are judged on these, so that an edit of passwd does not
 *     make every file look re-owned
 * @param linkTarget the target of a symbolic link, as written; null for other types
 * @param unreadable why the content (or the file itself) could not be read; null when it could
 * @param signature size, times and inode: when they are unchanged the content is not read again
 */
record FileState(
    String type,
    String sha256,
    String mode,
    String owner,
    String ownerIds,
    Instant modified,
    long size,
    String linkTarget,
    String unreadable,
    Signature signature) {

  /** What the kernel changes whenever the content does (ctime cannot be set from user space). */
  record Signature(long size, Instant modified, Object changed, Object inode, Object device) {}

  boolean isFile() {
    return "file".equals(type);
  }
}
