package io.vigil.hub.settings;

/**
 * Settings that replace some of another scope's: a security group's overrides of the global
 * settings. A null field is not overridden. Each field replaces the other scope's as a whole (an
 * {@code ipFilter} here replaces the global rules, it does not add to them).
 */
public record SettingsOverride(
    IpMasking ipMasking, Boolean twinDataCollection, Integer rawEventRetentionDays, Boolean securityMonitoring, IpFilter ipFilter,
    String workspace) {
  /** Overrides nothing. */
  public static final SettingsOverride NONE = new SettingsOverride(null, null, null, null, null, null);

  public SettingsOverride {
    if (rawEventRetentionDays != null && (rawEventRetentionDays < 0 || rawEventRetentionDays > Settings.MAX_RETENTION_DAYS)) {
      throw new IllegalArgumentException(
          "rawEventRetentionDays " + rawEventRetentionDays + " is not between 0 (keep for ever) and " + Settings.MAX_RETENTION_DAYS);
    }
    if (workspace != null) {
      Settings.requireWorkspaceName(workspace);
    }
  }

  public boolean isEmpty() {
    return equals(NONE);
  }
}
