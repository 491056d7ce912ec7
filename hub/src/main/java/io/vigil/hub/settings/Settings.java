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
 */
public record Settings(
    IpMasking ipMasking, boolean twinDataCollection, int rawEventRetentionDays, boolean securityMonitoring, IpFilter ipFilter) {
  /** The most days of retention: 100 years. */
  public static final int MAX_RETENTION_DAYS = 36_500;

  /** Nothing masked, twins collected, raw events kept for ever, monitoring on, every address allowed. */
  public static final Settings DEFAULTS = new Settings(IpMasking.NONE, true, 0, true, IpFilter.ALLOW_ALL);

  public Settings {
    Require.present(ipMasking, "ipMasking");
    if (rawEventRetentionDays < 0 || rawEventRetentionDays > MAX_RETENTION_DAYS) {
      throw new IllegalArgumentException(
          "rawEventRetentionDays " + rawEventRetentionDays + " is not between 0 (keep for ever) and " + MAX_RETENTION_DAYS);
    }
    Require.present(ipFilter, "ipFilter");
  }

  /** These settings with {@code o}'s fields in place of the ones it sets. */
  public Settings with(SettingsOverride o) {
    return new Settings(
        o.ipMasking() != null ? o.ipMasking() : ipMasking,
        o.twinDataCollection() != null ? o.twinDataCollection() : twinDataCollection,
        o.rawEventRetentionDays() != null ? o.rawEventRetentionDays() : rawEventRetentionDays,
        o.securityMonitoring() != null ? o.securityMonitoring() : securityMonitoring,
        o.ipFilter() != null ? o.ipFilter() : ipFilter);
  }
}
