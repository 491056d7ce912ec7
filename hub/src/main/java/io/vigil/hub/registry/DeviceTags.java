package io.vigil.hub.registry;

import io.vigil.model.SecurityGroup;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The rules for a device's tags: free key/value pairs, among them {@code SecurityGroup}, which is
 * the device's security group (a device without it is in group {@value SecurityGroup#DEFAULT}).
 */
public final class DeviceTags {
  /** The tag that holds a device's security group. */
  public static final String SECURITY_GROUP = "SecurityGroup";

  /** The most tags one device may carry, its {@code SecurityGroup} included. */
  public static final int MAX_TAGS = 32;

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9 ._:/@+=,()#-]{1,256}");

  private DeviceTags() {}

  /**
   * Checks one tag.
   *
   * @param value null is not a valid value (use a removal instead)
   * @throws IllegalArgumentException naming the tag and the allowed form
   */
  public static void check(String key, String value) {
    if (key == null || !KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("tag key '" + key + "' must be 1-64 letters, digits, '.', '_' or '-'");
    }
    if (value == null || !VALUE.matcher(value).matches()) {
      throw new IllegalArgumentException("tag '" + key + "': value " + (value == null ? "null" : "'" + value + "'")
          + " must be 1-256 letters, digits, spaces or . _ : / @ + = , ( ) # -");
    }
    if (key.equals(SECURITY_GROUP)) {
      try {
        SecurityGroup.requireValidName(value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("tag '" + SECURITY_GROUP + "': " + e.getMessage(), e);
      }
    }
  }

  /**
   * The tags of a device in {@code group} (null: the default group) created with {@code tags}
   * (null: none): sorted by key, {@code SecurityGroup} set to the group.
   *
   * @throws IllegalArgumentException if the group or a tag is invalid, or {@code tags} names another group than {@code group}
   */
  public static Map<String, String> forNewDevice(String group, Map<String, String> tags) {
    if (group != null) {
      SecurityGroup.requireValidName(group);
    }
    Map<String, String> given = tags == null ? Map.of() : tags;
    String tagged = given.get(SECURITY_GROUP);
    if (group != null && tagged != null && !group.equals(tagged)) {
      throw new IllegalArgumentException(
          "tag '" + SECURITY_GROUP + "' is '" + tagged + "' but the security group is '" + group + "': give one or make them equal");
    }
    Map<String, String> next = new TreeMap<>();
    given.forEach((k, v) -> {
      check(k, v);
      next.put(k, v);
    });
    String resolved = group != null ? group : tagged != null ? tagged : SecurityGroup.DEFAULT;
    check(SECURITY_GROUP, resolved);
    next.put(SECURITY_GROUP, resolved);
    return bounded(next);
  }

  /**
   * {@code current} with {@code changes} applied: a null value removes its key. Removing {@code
   * SecurityGroup} puts the device back in the default group.
   *
   * @throws IllegalArgumentException if a changed tag is invalid, or the device would carry too many
   */
  static Map<String, String> changed(Map<String, String> current, Map<String, String> changes) {
    Map<String, String> next = new TreeMap<>(current);
    changes.forEach((k, v) -> {
      if (v == null) {
        next.remove(k);
      } else {
        check(k, v);
        next.put(k, v);
      }
    });
    next.putIfAbsent(SECURITY_GROUP, SecurityGroup.DEFAULT);
    return bounded(next);
  }

  private static Map<String, String> bounded(Map<String, String> tags) {
    if (tags.size() > MAX_TAGS) {
      throw new IllegalArgumentException("a device carries at most " + MAX_TAGS + " tags (SecurityGroup included), these are "
          + tags.size());
    }
    return new LinkedHashMap<>(tags);
  }
}
