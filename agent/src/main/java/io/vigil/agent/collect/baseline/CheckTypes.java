package io.vigil.agent.collect.baseline;

import java.util.List;

/**
 * The check types a policy entry can instantiate, by name, each a {@link Probe} bound to the entry's
 * {@code params}. The type's class documents its parameters.
 */
final class CheckTypes {
  static final List<String> NAMES = List.of("file_exists", "file_absent", "file_permissions", "file_contains", "file_lacks",
      "config_value", "sysctl", "mount_option", "separate_partition", "service_disabled", "service_enabled",
      "package_absent", "package_installed", "module_disabled", "world_writable", "setid_files", "account_rule",
      "persistent_logging", "firewall_default_deny");

  private CheckTypes() {}

  /**
   * The probe of {@code type} with {@code params}.
   *
   * @throws PolicyException naming an unknown type, or the parameter that is missing, unknown or wrong
   */
  static Probe create(String type, Params params) throws PolicyException {
    Probe probe = switch (type) {
      case "file_exists" -> FilePresence.from(params, true);
      case "file_absent" -> FilePresence.from(params, false);
      case "file_permissions" -> FilePermissions.from(params);
      case "file_contains" -> FileContent.from(params, true);
      case "file_lacks" -> FileContent.from(params, false);
      case "config_value" -> ConfigValue.from(params);
      case "sysctl" -> SysctlValue.from(params);
      case "mount_option" -> MountProbe.option(params);
      case "separate_partition" -> MountProbe.separate(params);
      case "service_disabled" -> ServiceProbe.disabled(params);
      case "service_enabled" -> ServiceProbe.enabled(params);
      case "package_absent" -> PackageProbe.from(params, false);
      case "package_installed" -> PackageProbe.from(params, true);
      case "module_disabled" -> ModuleProbe.from(params);
      case "world_writable" -> TreeProbe.worldWritable(params);
      case "setid_files" -> TreeProbe.setid(params);
      case "account_rule" -> AccountProbe.from(params);
      case "persistent_logging" -> LoggingProbe.from(params);
      case "firewall_default_deny" -> FirewallProbe.from(params);
      default -> throw new PolicyException("unknown type '" + type + "'; known types: " + String.join(", ", NAMES));
    };
    params.done(type);
    return probe;
  }
}
