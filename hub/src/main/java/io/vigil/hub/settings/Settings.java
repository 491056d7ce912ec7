package io.vigil.hub.settings;

import io.vigil.model.Require;

/**
 * The data-collection settings in force for a scope: the global ones, or a security group's after
 * its overrides.
 *
 * @param ipMasking how IP addresses are stored in the workspace
 * @param twinDataCollection whether twin operations (reads, reported and desired updates) are kept in the workspace
 * @param rawEventRetentionDays raw events older than this many days are deleted; 0 keeps them for ever
 * @param securityMonitoring when false, nothing the group's devices send is analysed or stored; it is only counted
 * @param ipFilter which source addresses may connect
 * @param workspace the workspace the data is written to (residency): {@code default} is {@code DATA/workspace.duckdb},
 *     any other name {@code DATA/workspaces/NAME/workspace.duckdb}
 */
public record Settings(
    IpMasking ipMasking, boolean twinDataCollection, int rawEventRetentionDays, boolean securityMonitoring, IpFilter ipFilter,
    String workspace) {
  /** The workspace of a scope that names none. */
  public static final String DEFAULT_WORKSPACE = "default";

  // Before DEFAULTS, which its constructor checks against it.
  private static final java.util.regex.Pattern WORKSPACE = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

  /** The most days of retention: 100 years. */
  public static final int MAX_RETENTION_DAYS = 36_500;

  /** Nothing masked, twins collected, raw events kept for ever, monitoring on, every address allowed. */
  public static final Settings DEFAULTS = new Settings(IpMasking.NONE, true, 0, true, IpFilter.ALLOW_ALL, DEFAULT_WORKSPACE);

  public Settings {
    Require.present(ipMasking, "ipMasking");
    if (rawEventRetentionDays < 0 || rawEventRetentionDays > MAX_RETENTION_DAYS) {
      throw new IllegalArgumentException(
          "rawEventRetentionDays " + rawEventRetentionDays + " is not between 0 (keep for ever) and " + MAX_RETENTION_DAYS);
    }
    Require.present(ipFilter, "ipFilter");
    requireWorkspaceName(workspace);
  }

  /**
   * Returns {@code name} if it can name a workspace: 1 to 64 letters, digits, '_' or '-', starting
   * with a letter or digit (so it is always one directory below {@code DATA/workspaces}).
   *
   * @throws IllegalArgumentException naming the value and the allowed form
   */
  public static String requireWorkspaceName(String name) {
    Require.present(name, "workspace");
    if (!WORKSPACE.matcher(name).matches()) {
      throw new IllegalArgumentException("workspace '" + name + "' must be 1-64 letters, digits, '_' or '-', starting with a letter or digit");
    }
    return name;
  }

  /** These settings with {@code o}'s fields in place of the ones it sets. */
  public Settings with(SettingsOverride o) {
    return new Settings(
        o.ipMasking() != null ? o.ipMasking() : ipMasking,
        o.twinDataCollection() != null ? o.twinDataCollection() : twinDataCollection,
        o.rawEventRetentionDays() != null ? o.rawEventRetentionDays() : rawEventRetentionDays,
        o.securityMonitoring() != null ? o.securityMonitoring() : securityMonitoring,
        o.ipFilter() != null ? o.ipFilter() : ipFilter,
        o.workspace() != null ? o.workspace() : workspace);
  }
}
