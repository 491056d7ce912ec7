package io.vigil.model;


/**
 * A named set of devices that share custom alerts and settings. A device's group is its {@code
 * SecurityGroup} tag.
 *
 * @param name 1 to 64 letters, digits, '-', '_' or '.'
 * @param description free text, may be empty
 */
public record SecurityGroup(String name, String description) {
  /** The group of a device without a {@code SecurityGroup} tag. */
  public static final String DEFAULT = "default";

  private static final boolean[] NAME = Require.asciiSet("A-Za-z0-9._-");

  public SecurityGroup {
    requireValidName(name);
    description = description == null ? "" : description;
  }

  /**
   * Returns {@code name} if it is a valid group name.
   *
   * @throws IllegalArgumentException naming the value and the allowed form
   */
  public static String requireValidName(String name) {
    Require.present(name, "security group");
    if (!Require.consistsOf(name, NAME, 64)) {
      throw new IllegalArgumentException(
          "security group '" + name + "' must be 1-64 letters, digits, '.', '_' or '-'");
    }
    return name;
  }
}
