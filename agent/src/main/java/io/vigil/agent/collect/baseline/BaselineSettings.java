package io.vigil.agent.collect.baseline;

import java.util.Set;

/**
 * Which baseline checks not to run. A disabled check is neither run nor reported.
 *
 * @param checksDisabled check ids, such as {@code VB-SSH-005}; remote-config key {@code Baseline_ChecksDisabled}
 * @param groupsDisabled check groups, such as {@code services}; remote-config key {@code Baseline_GroupsDisabled}
 */
public record BaselineSettings(Set<String> checksDisabled, Set<String> groupsDisabled) {
  public BaselineSettings {
    checksDisabled = checksDisabled == null ? Set.of() : Set.copyOf(checksDisabled);
    groupsDisabled = groupsDisabled == null ? Set.of() : Set.copyOf(groupsDisabled);
  }

  /** Every check enabled. */
  public static BaselineSettings defaults() {
    return new BaselineSettings(Set.of(), Set.of());
  }

  /** True if the check {@code id} of {@code group} is disabled by id or by group. */
  boolean disables(String id, String group) {
    return (id != null && checksDisabled.contains(id)) || (group != null && groupsDisabled.contains(group));
  }
}
